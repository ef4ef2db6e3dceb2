#!/usr/bin/env bash
# Recurring transactions after downtime: U users (default 10,000) with 3 self-posting rules each (daily, weekly,
# monthly), the posting service stopped for D days (default 30). Reports what a pass with nothing due costs, the time
# and CPU (API process and PostgreSQL) to post every missed day once the service is back, and the latency of another
# user's requests meanwhile against a baseline measured in the same run. Starts a throwaway PostgreSQL unless
# CASHMAN_BENCH_CONNECTION_STRING is set. Usage: bench/recurring.sh [users] [days]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib-postgres.sh
source "$root/scripts/lib-postgres.sh"
trap pg_stop_throwaway EXIT
[[ -n "${CASHMAN_BENCH_CONNECTION_STRING:-}" ]] || pg_start_throwaway CASHMAN_BENCH_CONNECTION_STRING
dotnet run -c Release --project "$root/bench/Cashman.Bench/Cashman.Bench.csproj" -- recurring "$@"
