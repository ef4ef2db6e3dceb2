#!/usr/bin/env bash
# The web client at scale: every page's median at N transactions of the signed-in user (default 1,000,000) against the
# JSON API requests that carry the same data, in the same run, and the dashboard's weight. Loads the rows set-based.
# Starts a throwaway PostgreSQL unless CASHMAN_BENCH_CONNECTION_STRING is set. Usage: bench/web.sh [rows] [samples]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib-postgres.sh
source "$root/scripts/lib-postgres.sh"
trap pg_stop_throwaway EXIT
[[ -n "${CASHMAN_BENCH_CONNECTION_STRING:-}" ]] || pg_start_throwaway CASHMAN_BENCH_CONNECTION_STRING
dotnet run -c Release --project "$root/bench/Cashman.Bench/Cashman.Bench.csproj" -- web "$@"
