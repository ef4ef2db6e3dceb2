#!/usr/bin/env bash
# Webhooks under write load: U users (default 1,000) write expenses for S seconds (default 60) with webhooks off, then
# with W webhooks (default 100) delivering to a receiver on loopback, then off again. Reports write throughput against
# the phases with webhooks off (same run), the delay from a write to its delivery (p50, p99), deliveries per second,
# and what the receiver is missing at the end (exit 1 unless nothing). Starts a throwaway PostgreSQL unless
# CASHMAN_BENCH_CONNECTION_STRING is set. Usage: bench/webhooks.sh [users] [webhooks] [seconds]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib-postgres.sh
source "$root/scripts/lib-postgres.sh"
trap pg_stop_throwaway EXIT
[[ -n "${CASHMAN_BENCH_CONNECTION_STRING:-}" ]] || pg_start_throwaway CASHMAN_BENCH_CONNECTION_STRING
dotnet run -c Release --project "$root/bench/Cashman.Bench/Cashman.Bench.csproj" -- webhooks "$@"
