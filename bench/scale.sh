#!/usr/bin/env bash
# Latency of lists, filtered lists and balances at growing history sizes, with the growth ratio and the
# query plans. Loads the rows set-based (not through HTTP). Starts a throwaway PostgreSQL unless
# CASHMAN_BENCH_CONNECTION_STRING is set. Usage: bench/scale.sh [sizes, default 10000,1000000] [samples, default 200]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib-postgres.sh
source "$root/scripts/lib-postgres.sh"
tmp=""
cleanup() { [[ -n "$tmp" ]] && { pg_stop "$tmp/data"; rm -rf "$tmp"; }; return 0; }
trap cleanup EXIT
if [[ -z "${CASHMAN_BENCH_CONNECTION_STRING:-}" ]]; then
  tmp=$(mktemp -d -t cashman-scale-XXXXXX)
  chmod 755 "$tmp"
  pg_init "$tmp/data"
  port=$(pg_free_port)
  pg_start "$tmp/data" "$port" "$tmp/postgres.log"
  export CASHMAN_BENCH_CONNECTION_STRING="Host=127.0.0.1;Port=$port;Database=postgres;Username=cashman"
fi
dotnet run -c Release --project "$root/bench/Cashman.Bench/Cashman.Bench.csproj" -- scale "$@"
