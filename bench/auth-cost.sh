#!/usr/bin/env bash
# Measures the per-request cost of authentication (bearer JWT with and without the logout check, API key)
# as ratios to an unauthenticated request, in one run. Starts a throwaway PostgreSQL unless
# CASHMAN_BENCH_CONNECTION_STRING is set. Usage: bench/auth-cost.sh [requests-per-round] [rounds]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib-postgres.sh
source "$root/scripts/lib-postgres.sh"
trap pg_stop_throwaway EXIT
[[ -n "${CASHMAN_BENCH_CONNECTION_STRING:-}" ]] || pg_start_throwaway CASHMAN_BENCH_CONNECTION_STRING
dotnet run -c Release --project "$root/bench/Cashman.Bench/Cashman.Bench.csproj" -- "$@"
