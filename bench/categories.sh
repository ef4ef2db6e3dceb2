#!/usr/bin/env bash
# Renaming and merging a category used by N transactions (default 100,000) while four writers of the same user keep
# writing: the time each takes and the writers' latency against a baseline of the same run. Starts a throwaway
# PostgreSQL unless CASHMAN_BENCH_CONNECTION_STRING is set. Usage: bench/categories.sh [rows]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib-postgres.sh
source "$root/scripts/lib-postgres.sh"
trap pg_stop_throwaway EXIT
[[ -n "${CASHMAN_BENCH_CONNECTION_STRING:-}" ]] || pg_start_throwaway CASHMAN_BENCH_CONNECTION_STRING
dotnet run -c Release --project "$root/bench/Cashman.Bench/Cashman.Bench.csproj" -- categories "$@"
