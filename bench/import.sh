#!/usr/bin/env bash
# POST /imports of a 10 MiB bank file (default) to the built API running as a process (Production settings): the time it
# takes, the API's resident memory before it and at its peak (VmHWM), and how long single POST /expenses of the same user, sent one after
# another while the import runs, wait (their worst and median). Baselines in the same run: PostgreSQL's own COPY of the
# same rows, and the same POSTs with no import running. Starts a throwaway PostgreSQL.
# Usage: bench/import.sh [MiB, default 10] [api folder, default the build] [long|short descriptions, default long]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mib=${1:-10}
bin=${2:-}
layout=${3:-long}
if [[ -z "$bin" ]]; then
  dotnet build "$root/Cashman.Api/Cashman.Api.csproj" -c Release -nologo -v quiet >/dev/null
  bin="$root/Cashman.Api/bin/Release/net10.0"
fi
source "$root/scripts/lib-postgres.sh"
api=""
work=$(mktemp -d)
trap '[[ -n "$api" ]] && kill "$api" 2>/dev/null; rm -rf "$work"; pg_stop_throwaway' EXIT
pg_start_throwaway CS
port=$(pg_free_port)
export ConnectionStrings__Cashman="${CS/Database=postgres/Database=import}" Jwt__SigningKey="benchmark-signing-key-0123456789abcdefghijkl" \
  ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$port" RateLimiting__AuthPerMinute=1000 \
  RateLimiting__PerUserPerMinute=100000 Logging__LogLevel__Default=Warning Metrics__Port=0
dotnet "$bin/Cashman.Api.dll" migrate >/dev/null
dotnet "$bin/Cashman.Api.dll" >/dev/null 2>&1 &
api=$!
base="http://127.0.0.1:$port"
until curl -sf "$base/health/ready" >/dev/null; do sleep 0.3; done
curl -sf -X POST "$base/auth/register" -H 'Content-Type: application/json' -d '{"email":"i@example.com","password":"bench-password"}' >/dev/null
token=$(curl -sf -X POST "$base/auth/login" -H 'Content-Type: application/json' -d '{"email":"i@example.com","password":"bench-password"}' | python3 -c 'import json,sys;print(json.load(sys.stdin)["accessToken"])')

# A bank statement in a German layout, as bank files come: dd.MM.yyyy, comma decimals, grouping, a reference column.
python3 - "$work/statement.csv" "$mib" "$layout" <<'PY'
import sys
path, mib, layout = sys.argv[1], int(sys.argv[2]), sys.argv[3]
limit = mib * 1024 * 1024 - 200
with open(path, "w", encoding="utf-8", newline="") as f:
    f.write("Buchungstag;Verwendungszweck;Betrag;Referenz\n")
    size, i = 0, 0
    while True:
        text = f"Kartenzahlung {i}" if layout == "long" else "Kaffee"
        line = f"{1 + i % 28:02d}.{1 + i % 12:02d}.2025;{text};-{1 + i % 997},{i % 100:02d};R{i}\n"
        if size + len(line) > limit:
            break
        f.write(line); size += len(line); i += 1
print(f"{i} rows, {size / 1048576:.1f} MiB", file=sys.stderr)
PY

post_expense() { curl -s -o /dev/null -w '%{time_total}\n' -X POST "$base/expenses" -H "Authorization: Bearer $token" \
  -H 'Content-Type: application/json' -d '{"description":"coffee","amount":3}'; }
for _ in $(seq 1 20); do post_expense >/dev/null; done
quiet=$(for _ in $(seq 1 20); do post_expense; done | sort -n | python3 -c 'import sys; v=[float(x)*1000 for x in sys.stdin]; print(f"{v[len(v)//2]:.1f} / {v[-1]:.1f}")')

rss_before=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$api/status")
query='dateColumn=Buchungstag&descriptionColumn=Verwendungszweck&amountColumn=Betrag&externalIdColumn=Referenz&dateFormat=dd.MM.yyyy&decimalSeparator=,&delimiter=;'
start=$(date +%s.%N)
curl -s -o "$work/answer.json" -w '%{http_code}\n' -X POST "$base/imports?$query" -H "Authorization: Bearer $token" \
  -H 'Content-Type: text/csv; charset=utf-8' --data-binary "@$work/statement.csv" >"$work/status" &
import=$!
: >"$work/during"
while kill -0 $import 2>/dev/null; do post_expense >>"$work/during"; done
end=$(date +%s.%N)
peak=$(awk '/VmHWM/ {print int($2/1024)}' "/proc/$api/status")
during=$(sort -n "$work/during" | python3 -c 'import sys; v=[float(x)*1000 for x in sys.stdin] or [0]; print(f"{v[len(v)//2]:.1f} / {v[-1]:.1f} ({len(v)} sent)")')
# Baseline in the same run: PostgreSQL's own COPY FROM STDIN of the same rows (already numbered, as the import sends
# them) for another user: the floor of the final write, with the same indexes, constraints and trigger.
curl -sf -X POST "$base/auth/register" -H 'Content-Type: application/json' -d '{"email":"copy@example.com","password":"bench-password"}' >/dev/null
db_port=$(sed 's/.*Port=\([0-9]*\).*/\1/' <<<"$CS")
copy_user=$(psql -X -h 127.0.0.1 -p "$db_port" -U cashman -d import -Atc "SELECT id FROM users WHERE normalized_email = 'COPY@EXAMPLE.COM'")
copy_account=$(psql -X -h 127.0.0.1 -p "$db_port" -U cashman -d import -Atc "SELECT default_account_id || ',' || a.currency FROM user_settings s JOIN accounts a ON a.user_id = s.user_id AND a.id = s.default_account_id WHERE s.user_id = '$copy_user'")
python3 - "$work/statement.csv" "$copy_user" "$copy_account" >"$work/copy.csv" <<'PY'
import sys, uuid
with open(sys.argv[1], encoding="utf-8") as f:
    next(f)
    for seq, line in enumerate(f, 1):
        day, text, amount, ref = line.rstrip("\n").split(";")
        d, m, y = day.split(".")
        print(f"{uuid.uuid4()},{sys.argv[2]},expense,{text},{amount.replace('.', '').replace(',', '.')},,{y}-{m}-{d},{ref},now,now,{uuid.uuid4()},{seq},{sys.argv[3]}")
PY
copy_start=$(date +%s.%N)
psql -X -q -h 127.0.0.1 -p "$db_port" -U cashman -d import -c "\copy transactions (id, user_id, type, description, amount, category, occurred_on, external_id, created_at, updated_at, version, change_seq, account_id, currency) FROM '$work/copy.csv' (FORMAT csv)"
copy_end=$(date +%s.%N)
created=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("created"))' "$work/answer.json" 2>/dev/null || echo "?")
echo "| measure | figure |"
echo "|---|---|"
echo "| ${mib} MiB import: answer $(cat "$work/status"), rows created | $created |"
echo "| time to import | $(python3 -c "print(f'{($end-$start):.1f} s')") |"
echo "| baseline: COPY FROM STDIN of the same rows (psql), and the import's time as a multiple of it | $(python3 -c "c=$copy_end-$copy_start; i=$end-$start; print(f'{c:.1f} s, {i/c:.2f}x')") |"
echo "| the API's resident memory: before the import / peak (VmHWM) / growth | ${rss_before} / ${peak} / $((peak - rss_before)) MB |"
echo "| single POST /expenses of the same user, median / worst: while it imports | ${during} ms |"
echo "| the same with nothing else running (baseline) | ${quiet} ms |"
