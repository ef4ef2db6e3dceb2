#!/usr/bin/env bash
# GET /transactions/export?format=csv of N rows (default 1,000,000) from the built API running as a process
# (Production settings) against COPY (SELECT ...) TO STDOUT of the same rows, in rounds (the first after start-up),
# with the API's resident memory before and at its peak while it streams. Starts a throwaway PostgreSQL.
# Usage: bench/export.sh [rows] [rounds, default 3]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rows=${1:-1000000}
rounds=${2:-3}
dotnet build "$root/Cashman.Api/Cashman.Api.csproj" -c Release -nologo -v quiet >/dev/null
source "$root/scripts/lib-postgres.sh"
api=""
trap '[[ -n "$api" ]] && kill "$api" 2>/dev/null; pg_stop_throwaway' EXIT
pg_start_throwaway CS
db="${CS/Database=postgres/Database=export}"
port=$(pg_free_port)
export ConnectionStrings__Cashman="$db" Jwt__SigningKey="benchmark-signing-key-0123456789abcdefghijkl" ASPNETCORE_ENVIRONMENT=Production \
  ASPNETCORE_URLS="http://127.0.0.1:$port" RateLimiting__AuthPerMinute=1000 Logging__LogLevel__Default=Warning
dotnet "$root/Cashman.Api/bin/Release/net10.0/Cashman.Api.dll" migrate >/dev/null
dotnet "$root/Cashman.Api/bin/Release/net10.0/Cashman.Api.dll" >/dev/null 2>&1 &
api=$!
until curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null; do sleep 0.3; done
base="http://127.0.0.1:$port"
curl -sf -X POST "$base/auth/register" -H 'Content-Type: application/json' -d '{"email":"e@example.com","password":"bench-password"}' >/dev/null
token=$(curl -sf -X POST "$base/auth/login" -H 'Content-Type: application/json' -d '{"email":"e@example.com","password":"bench-password"}' | python3 -c 'import json,sys;print(json.load(sys.stdin)["accessToken"])')
user=$(curl -sf "$base/auth/me" -H "Authorization: Bearer $token" | python3 -c 'import json,sys;print(json.load(sys.stdin)["id"])')
port_pg=$(echo "$CS" | sed 's/.*Port=\([0-9]*\).*/\1/')
P="psql -X -q -h 127.0.0.1 -p $port_pg -U cashman -d export"
$P -c "ALTER TABLE transactions DISABLE TRIGGER trg_transactions_track_changes; INSERT INTO transactions (id,user_id,type,description,amount,category,occurred_on,created_at,updated_at,change_seq) SELECT gen_random_uuid(), '$user', CASE WHEN g%2=0 THEN 'income' ELSE 'expense' END, 'Row number '||g, CASE WHEN g%2=0 THEN 1 ELSE -1 END*(1+(g%100000)/100.0), 'cat'||(g%10), DATE '2016-01-01'+(g%4000)::int, TIMESTAMPTZ '2016-01-01'+g*INTERVAL '1 second', TIMESTAMPTZ '2016-01-01'+g*INTERVAL '1 second', g FROM generate_series(1,$rows) g; ALTER TABLE transactions ENABLE TRIGGER trg_transactions_track_changes;"
$P -c "ANALYZE transactions"
out=$(mktemp)
echo "| round | export | COPY TO STDOUT | export speed / COPY | API RSS before | peak | growth |"
echo "|---|---|---|---|---|---|---|"
for round in $(seq 1 "$rounds"); do
  s=$(date +%s.%N); $P -c "COPY (SELECT id,type,occurred_on,description,amount,category,external_id,created_at,updated_at FROM transactions WHERE user_id='$user' ORDER BY occurred_on,created_at,id) TO STDOUT (FORMAT csv, HEADER)" > /dev/null; e=$(date +%s.%N)
  copy=$(python3 -c "print(round(($e-$s)*1000))")
  curl -sf "$base/transactions" -H "Authorization: Bearer $token" >/dev/null
  rss0=$(ps -o rss= -p $api); peak=$rss0
  s=$(date +%s.%N); curl -sf "$base/transactions/export?format=csv" -H "Authorization: Bearer $token" -o "$out" &
  c=$!
  while kill -0 $c 2>/dev/null; do r=$(ps -o rss= -p $api); (( r > peak )) && peak=$r; sleep 0.05; done; e=$(date +%s.%N)
  export_ms=$(python3 -c "print(round(($e-$s)*1000))")
  echo "| $round | ${export_ms} ms ($(( $(wc -c <"$out") / 1048576 )) MiB) | ${copy} ms | $(python3 -c "print(round($copy/$export_ms*100))") % | $((rss0/1024)) MB | $((peak/1024)) MB | $(((peak-rss0)/1024)) MB |"
done
rm -f "$out"
