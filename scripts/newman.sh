#!/usr/bin/env bash
# Runs the Postman collection with newman against a live API started here on a fresh database
# of the PostgreSQL server named by CASHMAN_TEST_CONNECTION_STRING (test.sh sets it).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib-postgres.sh
source "$root/scripts/lib-postgres.sh"
: "${CASHMAN_TEST_CONNECTION_STRING:?set CASHMAN_TEST_CONNECTION_STRING to a PostgreSQL server}"

work=$(mktemp -d -t cashman-newman-XXXXXX)
api_pid=""
cleanup() {
  if [[ -n "$api_pid" ]]; then kill -TERM "$api_pid" 2>/dev/null || true; wait "$api_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

database="cashman_newman_$(date +%s)_$$"
server=$(printf '%s' "$CASHMAN_TEST_CONNECTION_STRING" | sed -E 's/(^|;)[Dd]atabase=[^;]*//')
export ConnectionStrings__Cashman="${server%;};Database=$database"
export ASPNETCORE_ENVIRONMENT=Testing Swagger__Enabled=true
Jwt__SigningKey="newman-$(python3 -c 'import secrets; print(secrets.token_urlsafe(48))')"
export Jwt__SigningKey

pg_log "newman: publishing the API"
dotnet publish "$root/Cashman.Api/Cashman.Api.csproj" -c Release -nologo -v quiet -o "$work/api"
(cd "$root/postman" && npm ci --no-audit --no-fund --loglevel=error)

cd "$work/api"
dotnet Cashman.Api.dll migrate >"$work/migrate.log" 2>&1 || { cat "$work/migrate.log"; exit 1; }
port=$(pg_free_port)
dotnet Cashman.Api.dll --urls "http://127.0.0.1:$port" >"$work/api.log" 2>&1 &
api_pid=$!
for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null || { cat "$work/api.log"; exit 1; }

pg_log "newman: running the collection against http://127.0.0.1:$port"
"$root/postman/node_modules/.bin/newman" run "$root/postman/Cashman.postman_collection.json" \
  -e "$root/postman/Cashman.postman_environment.json" \
  --env-var "baseUrl=http://127.0.0.1:$port" --color off --reporters cli
