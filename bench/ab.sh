#!/usr/bin/env bash
# Two builds of the API side by side on one throwaway PostgreSQL, each with a database of its own, measured in turns
# (A B A B ...) on the write hot path and the list page, so that a change's cost is a ratio measured in the same run
# rather than a difference between runs on a machine whose speed drifts. Also reports each build's CPU per request, and
# PostgreSQL's, from /proc.
# Usage: bench/ab.sh REV_A REV_B [seconds per run, default 10] [rounds, default 3]
#   e.g. bench/ab.sh 61ae77e HEAD
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rev_a=${1:?usage: bench/ab.sh REV_A REV_B [seconds] [rounds]}
rev_b=${2:?usage: bench/ab.sh REV_A REV_B [seconds] [rounds]}
seconds=${3:-10}
rounds=${4:-3}
users=16
command -v wrk >/dev/null || { echo "bench/ab.sh needs wrk (Debian package)" >&2; exit 1; }

work=$(mktemp -d -t cashman-ab-XXXXXX)
pids=()
source "$root/scripts/lib-postgres.sh"
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  pg_stop_throwaway
  for side in a b; do git -C "$root" worktree remove --force "$work/src-$side" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

pg_start_throwaway CS
pg_port=$(sed 's/.*Port=\([0-9]*\).*/\1/' <<<"$CS")
declare -A base api tokens
for side in a b; do
  rev=$([[ $side == a ]] && echo "$rev_a" || echo "$rev_b")
  git -C "$root" worktree add --detach --force "$work/src-$side" "$rev" >/dev/null 2>&1
  dotnet publish "$work/src-$side/Cashman.Api/Cashman.Api.csproj" -c Release -nologo -v quiet -o "$work/api-$side" >/dev/null
  psql -X -q -h 127.0.0.1 -p "$pg_port" -U cashman -d postgres -c "CREATE DATABASE ab_$side"
  port=$(pg_free_port)
  base[$side]="http://127.0.0.1:$port"
  (
    export ConnectionStrings__Cashman="${CS/Database=postgres/Database=ab_$side}" ASPNETCORE_ENVIRONMENT=Production \
      Jwt__SigningKey="benchmark-signing-key-0123456789abcdefghijkl" Jwt__AccessTokenMinutes=600 \
      ASPNETCORE_URLS="${base[$side]}" PublicBaseUrl="${base[$side]}" RateLimiting__AuthPerMinute=1000 \
      RateLimiting__PerUserPerMinute=1000000 Metrics__Port="$(pg_free_port)"
    cd "$work/api-$side"
    dotnet Cashman.Api.dll migrate >/dev/null
    exec dotnet Cashman.Api.dll >"$work/api-$side.log" 2>&1
  ) &
  api[$side]=$!
  pids+=("${api[$side]}")
done
for side in a b; do
  until curl -sf "${base[$side]}/health/ready" >/dev/null; do
    kill -0 "${api[$side]}" 2>/dev/null || { cat "$work/api-$side.log" >&2; exit 1; }
    sleep 0.3
  done
  tokens[$side]=""
  for u in $(seq 1 "$users"); do
    creds="{\"email\":\"ab$u@example.com\",\"password\":\"ab-password-1\"}"
    curl -sf -H 'Content-Type: application/json' -d "$creds" "${base[$side]}/auth/register" >/dev/null
    tokens[$side]+="$(curl -sf -H 'Content-Type: application/json' -d "$creds" "${base[$side]}/auth/login" \
      | python3 -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])') "
  done
done

ticks() { # CPU clock ticks of the given processes (PostgreSQL: the postmaster's reaped children and the live ones)
  local t=0 p
  for p in "$@"; do [[ -r /proc/$p/stat ]] && t=$((t + $(awk '{print $14+$15+$16+$17}' "/proc/$p/stat"))); done
  echo "$t"
}
pg_pids() { pgrep -f "postgres" | tr '\n' ' '; }
hz=$(getconf CLK_TCK)
results="$work/results.tsv"
body='{"description":"Coffee","amount":3.50,"category":"food"}'
# run NAME SIDE METHOD PATH TOKENS [BODY]
run() {
  local name=$1 side=$2 method=$3 path=$4 toks=$5 body=${6:-} a0 p0 out
  a0=$(ticks "${api[$side]}"); p0=$(ticks $(pg_pids))
  out=$(METHOD=$method TOKENS=$toks BODY=$body THREADS=2 \
    wrk -t2 -c16 -d"${seconds}s" -s "$root/bench/load/wrk.lua" "${base[$side]}$path" | tail -n 1)
  printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$side" "$((  $(ticks "${api[$side]}") - a0 ))" "$(( $(ticks $(pg_pids)) - p0 ))" "$out" >>"$results"
}
first() { awk '{print $1}' <<<"${tokens[$1]}"; }
echo "warming both builds" >&2
seconds_run=$seconds; seconds=5
for side in a b; do
  run warm "$side" POST /expenses "${tokens[$side]}" "$body"
  run warm "$side" GET "/incomes?page=1&pageSize=20" "$(first "$side")"
done
: >"$results"; seconds=$seconds_run
for round in $(seq 1 "$rounds"); do
  echo "round $round" >&2
  for side in a b; do run post-16 "$side" POST /expenses "${tokens[$side]}" "$body"; done
  for side in b a; do run post-1 "$side" POST /expenses "$(first "$side")" "$body"; done
  for side in a b; do run list "$side" GET "/incomes?page=1&pageSize=20" "$(first "$side")"; done
done

python3 - "$results" "$rev_a" "$rev_b" "$hz" <<'PY'
import json, sys
from collections import defaultdict
path, rev_a, rev_b, hz = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
rows = defaultdict(lambda: {"a": [], "b": []})
for line in open(path):
    name, side, api_ticks, pg_ticks, out = line.rstrip("\n").split("\t", 4)
    r = json.loads(out)
    n = max(r["requests"], 1)
    rows[name][side].append((r["rps"], int(api_ticks) / hz / n * 1e6, int(pg_ticks) / hz / n * 1e6, r["failed"] + r["errors"]))
print(f"A = {rev_a}, B = {rev_b}; runs in turns, ratios B/A of the runs next to each other")
print()
print("| request | A req/s | B req/s | B/A per round | A CPU µs/req (API + PostgreSQL) | B CPU µs/req (API + PostgreSQL) | failed |")
print("|---|---|---|---|---|---|---|")
labels = {"post-16": "POST /expenses, 16 users", "post-1": "POST /expenses, one user on 16 connections", "list": "GET /incomes?page=1&pageSize=20"}
for name, sides in rows.items():
    a, b = sides["a"], sides["b"]
    span = lambda xs, i: f"{min(x[i] for x in xs):,.0f}–{max(x[i] for x in xs):,.0f}"
    ratios = ", ".join(f"{y[0] / x[0]:.2f}" for x, y in zip(a, b))
    cpu = lambda xs: f"{sum(x[1] for x in xs) / len(xs):,.0f} + {sum(x[2] for x in xs) / len(xs):,.0f}"
    print(f"| {labels.get(name, name)} | {span(a, 0)} | {span(b, 0)} | {ratios} | {cpu(a)} | {cpu(b)} | {sum(x[3] for x in a + b)} |")
PY
