#!/usr/bin/env bash
# Throughput and latency of Cashman's hot paths under wrk, against the tutorial's own stack (the Flask peer in
# bench/peer/flask, run by gunicorn with 2 workers), the framework's floor (/health/live) and PostgreSQL alone
# (pgbench on the list page's own SQL), all on one throwaway PostgreSQL, alternating A B A B in each round.
# The API is published (Release) and runs as a process with Production settings, telemetry and request logging on;
# only the per-user rate limit is lifted to its maximum (a benchmark is one user asking far beyond 600 a minute).
# Needs: wrk, pgbench, and for the peer the Debian packages gunicorn python3-flask python3-flask-sqlalchemy
# python3-psycopg2 python3-marshmallow (installed with apt-get when missing and run as root).
# Usage: bench/load.sh [seconds per run, default 15] [rounds, default 2] [rows per kind, default 10000]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
seconds=${1:-15}
rounds=${2:-2}
rows=${3:-10000}
users=16
threads=2
connections=16

need=()
command -v wrk >/dev/null || need+=(wrk)
command -v pgbench >/dev/null || need+=(postgresql-contrib)
[[ -x /usr/bin/gunicorn ]] || need+=(gunicorn)
/usr/bin/python3 -c 'import flask, flask_sqlalchemy, psycopg2, marshmallow' 2>/dev/null \
  || need+=(python3-flask python3-flask-sqlalchemy python3-psycopg2 python3-marshmallow)
if ((${#need[@]})); then
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >&2
  else
    echo "bench/load.sh needs: ${need[*]} (Debian packages)" >&2
    exit 1
  fi
fi

work=$(mktemp -d -t cashman-load-XXXXXX)
api="" peer=""
source "$root/scripts/lib-postgres.sh"
cleanup() {
  [[ -n "$api" ]] && kill "$api" 2>/dev/null
  [[ -n "$peer" ]] && kill "$peer" 2>/dev/null
  wait 2>/dev/null
  pg_stop_throwaway
  rm -rf "$work"
}
trap cleanup EXIT

dotnet publish "$root/Cashman.Api/Cashman.Api.csproj" -c Release -nologo -v quiet -o "$work/api" >/dev/null
pg_start_throwaway CS
pg_port=$(sed 's/.*Port=\([0-9]*\).*/\1/' <<<"$CS")
psql -X -q -h 127.0.0.1 -p "$pg_port" -U cashman -d postgres -c "CREATE DATABASE load" -c "CREATE DATABASE peer"

port=$(pg_free_port)
base="http://127.0.0.1:$port"
export ConnectionStrings__Cashman="${CS/Database=postgres/Database=load}" ASPNETCORE_ENVIRONMENT=Production \
  Jwt__SigningKey="benchmark-signing-key-0123456789abcdefghijkl" Jwt__AccessTokenMinutes=600 \
  ASPNETCORE_URLS="$base" PublicBaseUrl="$base" RateLimiting__AuthPerMinute=1000 RateLimiting__PerUserPerMinute=1000000 \
  Metrics__Port="$(pg_free_port)"
# From its own folder, as the image runs it: that is where appsettings*.json (log levels, limits) are read from.
(cd "$work/api" && dotnet Cashman.Api.dll migrate >/dev/null)
(cd "$work/api" && exec dotnet Cashman.Api.dll >"$work/api.log" 2>&1) &
api=$!

peer_port=$(pg_free_port)
peer_base="http://127.0.0.1:$peer_port"
export CASHMAN_PEER_DB="postgresql://cashman@127.0.0.1:$pg_port/peer"
cp "$root/bench/peer/flask/cashman_peer.py" "$work/"
(cd "$work" && /usr/bin/python3 cashman_peer.py)
(cd "$work" && exec /usr/bin/gunicorn -w 2 -b "127.0.0.1:$peer_port" --log-level warning cashman_peer:app) &
peer=$!
until curl -sf "$base/health/ready" >/dev/null && curl -s -o /dev/null "$peer_base/incomes"; do
  kill -0 "$api" 2>/dev/null || { cat "$work/api.log" >&2; exit 1; }
  sleep 0.3
done

echo "seeding: one user with $rows incomes and $rows expenses in each stack, $users users in Cashman" >&2
eval "$(/usr/bin/python3 "$root/bench/load/seed.py" "$base" "$peer_base" "$rows" "$users")"
psql -X -q -h 127.0.0.1 -p "$pg_port" -U cashman -d load -c "VACUUM ANALYZE"
psql -X -q -h 127.0.0.1 -p "$pg_port" -U cashman -d peer -c "VACUUM ANALYZE"
all_tokens=""
for u in $(seq 1 "$users"); do v="TOKEN_$u"; all_tokens+="${!v} "; done
owner=$(psql -X -At -h 127.0.0.1 -p "$pg_port" -U cashman -d load -c "SELECT user_id FROM transactions WHERE id = '$INCOME_ID'")

# pgbench replays the SQL of one list page (the logout check, the running totals and the page) on one connection each.
session=$(psql -X -At -h 127.0.0.1 -p "$pg_port" -U cashman -d load -c "SELECT id FROM sessions WHERE user_id = '$owner' LIMIT 1")
sed -e "s/:owner/'$owner'/g" -e "s/:session/'$session'/g" "$root/bench/load/list-page.sql" >"$work/list-page.sql"

results="$work/results.jsonl"
# run NAME STACK METHOD URL [TOKENS] [BODY]
run() {
  local name=$1 stack=$2 method=$3 url=$4 tokens=${5:-} body=${6:-} out
  out=$(METHOD=$method TOKENS=$tokens BODY=$body THREADS=$threads \
    wrk -t"$threads" -c"$connections" -d"${seconds}s" -s "$root/bench/load/wrk.lua" "$url" | tail -n 1)
  local rss=0
  [[ $stack == cashman ]] && rss=$(ps -o rss= -p "$api")
  echo "{\"name\":\"$name\",\"stack\":\"$stack\",\"rss\":$rss,\"result\":$out}" >>"$results"
  echo "  $name / $stack: $out" >&2
}
pgbench_run() {
  local tps
  tps=$(pgbench -n -h 127.0.0.1 -p "$pg_port" -U cashman -c "$connections" -j "$threads" -T "$seconds" -M prepared \
    -f "$work/list-page.sql" load 2>/dev/null | sed -n 's/^tps = \([0-9.]*\).*/\1/p')
  echo "{\"name\":\"list\",\"stack\":\"pgbench\",\"rss\":0,\"result\":{\"rps\":$tps}}" >>"$results"
  echo "  list / pgbench: $tps tps" >&2
}

list="/incomes?page=3&pageSize=20"
post_body='{"description":"Coffee","amount":3.50,"category":"food"}'
warm=$seconds; seconds=3
run warmup cashman GET "$base$list" "$TOKEN_1"; run warmup peer GET "$peer_base$list"
run warmup cashman POST "$base/expenses" "$all_tokens" "$post_body"; run warmup peer POST "$peer_base/expenses" "" "$post_body"
: >"$results"; seconds=$warm
for round in $(seq 1 "$rounds"); do
  echo "round $round" >&2
  run list cashman GET "$base$list" "$TOKEN_1"
  run list peer GET "$peer_base$list"
  pgbench_run
  run post-1 cashman POST "$base/expenses" "$TOKEN_1" "$post_body"
  run post-1 peer POST "$peer_base/expenses" "" "$post_body"
  run post-16 cashman POST "$base/expenses" "$all_tokens" "$post_body"
  run get-id cashman GET "$base/incomes/$INCOME_ID" "$TOKEN_1"
  run balance cashman GET "$base/balance" "$TOKEN_1"
  run live cashman GET "$base/health/live"
done
/usr/bin/python3 "$root/bench/load/report.py" "$results" "$connections" "$threads" "$seconds" "$rows"
