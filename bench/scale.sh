#!/usr/bin/env bash
# Latency of lists, filtered lists and balances at growing history sizes, with the growth ratio and the
# query plans. Loads the rows set-based (not through HTTP). Starts a throwaway PostgreSQL unless
# CASHMAN_BENCH_CONNECTION_STRING is set. Usage: bench/scale.sh [sizes, default 10000,1000000] [samples, default 200]
# [only the requests whose name contains this text]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib-postgres.sh
source "$root/scripts/lib-postgres.sh"
trap pg_stop_throwaway EXIT
[[ -n "${CASHMAN_BENCH_CONNECTION_STRING:-}" ]] || pg_start_throwaway CASHMAN_BENCH_CONNECTION_STRING
dotnet run -c Release --project "$root/bench/Cashman.Bench/Cashman.Bench.csproj" -- scale "$@"
