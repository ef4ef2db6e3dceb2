#!/usr/bin/env bash
# Data in and out against their baselines, each pair in one run: batch vs single POSTs, feed page vs list page,
# POST /imports vs COPY FROM STDIN (in process), then bench/export.sh (CSV export vs COPY TO STDOUT, with the API's
# memory, on the API as a process), then bench/import.sh (a 10 MiB bank file against PostgreSQL's COPY of the same rows,
# with the API's memory and the wait of other writes of the same user). Starts throwaway PostgreSQL clusters unless
# CASHMAN_BENCH_CONNECTION_STRING is set.
# Usage: bench/data.sh [import rows, default 100000] [export rows, default 1000000] [bank file MiB, default 10]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib-postgres.sh
source "$root/scripts/lib-postgres.sh"
trap pg_stop_throwaway EXIT
[[ -n "${CASHMAN_BENCH_CONNECTION_STRING:-}" ]] || pg_start_throwaway CASHMAN_BENCH_CONNECTION_STRING
dotnet run -c Release --project "$root/bench/Cashman.Bench/Cashman.Bench.csproj" -- data "${1:-100000}"
echo
"$root/bench/export.sh" "${2:-1000000}"
echo
"$root/bench/import.sh" "${3:-10}"
