#!/usr/bin/env bash
# Soak test: the API as a real process on a throwaway PostgreSQL cluster, many clients doing mixed reads and
# writes for several minutes, and PostgreSQL stopped and started again half way through (down for 5 s).
# Reports requests, statuses, recovery time and whether every acknowledged write is stored exactly once.
# Usage: bench/soak.sh [seconds, default 240] [clients, default 16]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib-postgres.sh
source "$root/scripts/lib-postgres.sh"
seconds=${1:-240}
clients=${2:-16}
api_pid=""
cleanup() {
  [[ -n "$api_pid" ]] && kill "$api_pid" 2>/dev/null && wait "$api_pid" 2>/dev/null
  pg_stop_throwaway
}
trap cleanup EXIT

pg_start_throwaway CASHMAN_SOAK_SERVER
port=$(sed 's/.*Port=\([0-9]*\).*/\1/' <<<"$CASHMAN_SOAK_SERVER")
database="Host=127.0.0.1;Port=$port;Database=cashman_soak;Username=cashman"
data="$PG_THROWAWAY_DIR/data"

dotnet publish "$root/Cashman.Api/Cashman.Api.csproj" -c Release -o "$PG_THROWAWAY_DIR/api" --nologo -v quiet
dotnet build "$root/bench/Cashman.Bench/Cashman.Bench.csproj" -c Release --nologo -v quiet
export ASPNETCORE_ENVIRONMENT=Production ConnectionStrings__Cashman="$database"
export Jwt__SigningKey="soak-benchmark-signing-key-$(date +%s%N)" RateLimiting__AuthPerMinute=1000
# Run from the publish folder, as the image does: the settings files are read from the working directory.
cd "$PG_THROWAWAY_DIR/api"
dotnet Cashman.Api.dll migrate >/dev/null

api_port=$(pg_free_port)
ASPNETCORE_URLS="http://127.0.0.1:$api_port" dotnet Cashman.Api.dll >"$PG_THROWAWAY_DIR/api.log" 2>&1 &
api_pid=$!
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$api_port/health/ready" >/dev/null 2>&1 && break
  sleep 0.2
done

restart="source '$root/scripts/lib-postgres.sh' && pg_stop '$data' && sleep 5 && pg_start '$data' $port '$PG_THROWAWAY_DIR/postgres.log'"
status=0
dotnet run -c Release --no-build --project "$root/bench/Cashman.Bench/Cashman.Bench.csproj" -- \
  soak "http://127.0.0.1:$api_port" "$database" "$seconds" "$clients" "$restart" || status=$?
printf '[soak] API log: %s lines, %s request lines, %s warnings, %s errors\n' \
  "$(wc -l <"$PG_THROWAWAY_DIR/api.log")" "$(grep -c 'RequestLoggingMiddleware' "$PG_THROWAWAY_DIR/api.log" || true)" \
  "$(grep -c '"LogLevel":"Warning"' "$PG_THROWAWAY_DIR/api.log" || true)" "$(grep -c '"LogLevel":"Error"' "$PG_THROWAWAY_DIR/api.log" || true)"
cp "$PG_THROWAWAY_DIR/api.log" "${TMPDIR:-/tmp}/cashman-soak-api.log"
echo "[soak] API log kept in ${TMPDIR:-/tmp}/cashman-soak-api.log"
exit $status
