#!/usr/bin/env bash
# POST /imports of a 10 MiB statement in each format (default), to the built API running as a process (Production
# settings): the German bank layout of bench/import.sh as signed UTF-8 CSV (the baseline of issue 18), a debit/credit
# CSV in ISO-8859-1 read through a profile, OFX 1.x (SGML) and CAMT.053. For each: the time of a dry run (read, decode,
# parse, check and look up every row, write nothing) and of the import, rows per second, and the API's peak resident
# memory growth during it (VmHWM of a fresh process less its memory before), each also as a ratio to the CSV baseline of the same round. Rounds alternate
# the order of the formats; the table gives medians. Starts a throwaway PostgreSQL.
# Usage: bench/statements.sh [MiB, default 10] [rounds, default 3] [api folder, default the build]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mib=${1:-10}
rounds=${2:-3}
bin=${3:-}
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
export ConnectionStrings__Cashman="${CS/Database=postgres/Database=statements}" Jwt__SigningKey="benchmark-signing-key-0123456789abcdefghijkl" \
  ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$port" RateLimiting__AuthPerMinute=1000 \
  RateLimiting__PerUserPerMinute=100000 Logging__LogLevel__Default=Warning Metrics__Port=0
dotnet "$bin/Cashman.Api.dll" migrate >/dev/null
base="http://127.0.0.1:$port"

# The four files, each just under the limit, rows numbered so every row is new.
python3 - "$work" "$mib" <<'PY'
import sys
work, mib = sys.argv[1], int(sys.argv[2])
def fill(name, encoding, head, row, tail=""):
    fill_up(name, encoding, head, row, tail, mib * 1024 * 1024 - 400)
    fill_up("small-" + name, encoding, head, row, tail, 64 * 1024)
def fill_up(name, encoding, head, row, tail, limit):
    size, i = len(head.encode(encoding)) + len(tail.encode(encoding)), 0
    with open(f"{work}/{name}", "wb") as f:
        f.write(head.encode(encoding))
        while True:
            data = row(i).encode(encoding)
            if size + len(data) > limit:
                break
            f.write(data); size += len(data); i += 1
        f.write(tail.encode(encoding))
    if not name.startswith("small-"):
        print(f"{name}: {i} rows, {size / 1048576:.2f} MiB", file=sys.stderr)
    with open(f"{work}/{name}.rows", "w") as f:
        f.write(str(i))
day = lambda i: (1 + i % 28, 1 + i % 12)
fill("signed.csv", "utf-8", "Buchungstag;Verwendungszweck;Betrag;Referenz\n",
     lambda i: f"{day(i)[0]:02d}.{day(i)[1]:02d}.2025;Kartenzahlung {i};-{1 + i % 997},{i % 100:02d};R{i}\n")
fill("debit-credit.csv", "iso-8859-1", "Buchungstag;Verwendungszweck;Soll;Haben;Referenz\n",
     lambda i: f"{day(i)[0]:02d}.{day(i)[1]:02d}.2025;Bäckerei Müller {i};{'' if i % 5 == 0 else f'{1 + i % 997},{i % 100:02d}'};{f'{1 + i % 997},{i % 100:02d}' if i % 5 == 0 else ''};R{i}\n")
fill("statement.ofx", "cp1252",
     "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\nCHARSET:1252\nCOMPRESSION:NONE\nOLDFILEUID:NONE\nNEWFILEUID:NONE\n\n"
     "<OFX>\n<BANKMSGSRSV1>\n<STMTTRNRS>\n<TRNUID>1\n<STATUS>\n<CODE>0\n<SEVERITY>INFO\n</STATUS>\n<STMTRS>\n<CURDEF>EUR\n"
     "<BANKACCTFROM>\n<BANKID>37040044\n<ACCTID>DE89370400440532013000\n<ACCTTYPE>CHECKING\n</BANKACCTFROM>\n<BANKTRANLIST>\n<DTSTART>20250101\n<DTEND>20251231\n",
     lambda i: f"<STMTTRN>\n<TRNTYPE>DEBIT\n<DTPOSTED>2025{day(i)[1]:02d}{day(i)[0]:02d}\n<TRNAMT>-{1 + i % 997}.{i % 100:02d}\n<FITID>F{i}\n<NAME>Kartenzahlung {i}\n</STMTTRN>\n",
     "</BANKTRANLIST>\n</STMTRS>\n</STMTTRNRS>\n</BANKMSGSRSV1>\n</OFX>\n")
fill("statement.xml", "utf-8",
     '<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">\n<BkToCstmrStmt>\n'
     "<GrpHdr><MsgId>M</MsgId><CreDtTm>2025-12-31T10:00:00</CreDtTm></GrpHdr>\n<Stmt>\n<Id>S</Id>\n"
     "<Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>\n",
     lambda i: f'<Ntry><Amt Ccy="EUR">{1 + i % 997}.{i % 100:02d}</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts>'
               f"<BookgDt><Dt>2025-{day(i)[1]:02d}-{day(i)[0]:02d}</Dt></BookgDt><AcctSvcrRef>A{i}</AcctSvcrRef>"
               f"<NtryDtls><TxDtls><RltdPties><Cdtr><Nm>Kartenzahlung</Nm></Cdtr></RltdPties><RmtInf><Ustrd>Beleg {i}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>\n",
     "</Stmt>\n</BkToCstmrStmt>\n</Document>\n")
PY

declare -A type=(
  [signed.csv]="text/csv; charset=utf-8"
  [debit-credit.csv]="text/csv; charset=iso-8859-1"
  [statement.ofx]="application/x-ofx"
  [statement.xml]="application/xml")
declare -A query=(
  [signed.csv]="dateColumn=Buchungstag&descriptionColumn=Verwendungszweck&amountColumn=Betrag&externalIdColumn=Referenz&dateFormat=dd.MM.yyyy&decimalSeparator=,&delimiter=;"
  [debit-credit.csv]="profile=soll-haben"
  [statement.ofx]=""
  [statement.xml]="")

# One import of $1 ($2: dry or import) by a fresh API process, as a new user whose EUR account has the statements' number,
# after a 64 KiB file of the same format has warmed the code. Prints "seconds peak-MB created"; the peak is the
# process's VmHWM less its resident memory before the measured import.
run() {
  local file=$1 dry=$2 email token account before peak status q start end
  dotnet "$bin/Cashman.Api.dll" >/dev/null 2>&1 &
  api=$!
  until curl -sf "$base/health/ready" >/dev/null; do sleep 0.2; done
  email="s$(date +%s%N)@example.com"
  curl -sf -X POST "$base/auth/register" -H 'Content-Type: application/json' -d "{\"email\":\"$email\",\"password\":\"bench-password\",\"baseCurrency\":\"EUR\"}" >/dev/null
  token=$(curl -sf -X POST "$base/auth/login" -H 'Content-Type: application/json' -d "{\"email\":\"$email\",\"password\":\"bench-password\"}" | python3 -c 'import json,sys;print(json.load(sys.stdin)["accessToken"])')
  account=$(curl -sf -X POST "$base/accounts" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d '{"name":"Giro","currency":"EUR","number":"DE89370400440532013000"}' | python3 -c 'import json,sys;print(json.load(sys.stdin)["id"])')
  curl -sf -X PUT "$base/imports/profiles/soll-haben" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d '{"dateColumn":"Buchungstag","descriptionColumn":"Verwendungszweck","debitColumn":"Soll","creditColumn":"Haben","externalIdColumn":"Referenz","dateFormat":"dd.MM.yyyy","decimalSeparator":",","delimiter":";"}' >/dev/null
  q="${query[$file]}"; [[ "$file" == *.csv ]] && q="$q&accountId=$account"
  curl -sf -o /dev/null -X POST "$base/imports?${q#&}&dryRun=true" -H "Authorization: Bearer $token" -H "Content-Type: ${type[$file]}" --data-binary "@$work/small-$file"
  [[ "$dry" == dry ]] && q="$q&dryRun=true"
  before=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$api/status")
  start=$(date +%s.%N)
  status=$(curl -s -o "$work/answer.json" -w '%{http_code}' -X POST "$base/imports?${q#&}" -H "Authorization: Bearer $token" \
    -H "Content-Type: ${type[$file]}" --data-binary "@$work/$file")
  end=$(date +%s.%N)
  peak=$(awk '/VmHWM/ {print int($2/1024)}' "/proc/$api/status")
  kill "$api"; wait "$api" 2>/dev/null || true; api=""
  [[ "$status" == 200 ]] || { echo "import of $file answered $status: $(head -c 400 "$work/answer.json")" >&2; exit 1; }
  echo "$(python3 -c "print(f'{$end-$start:.3f}')") $((peak - before)) $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["created"])' "$work/answer.json")"
}

files=(signed.csv debit-credit.csv statement.ofx statement.xml)
: >"$work/results"
for r in $(seq 1 "$rounds"); do
  order=("${files[@]}"); (( r % 2 == 0 )) && order=(statement.xml statement.ofx debit-credit.csv signed.csv)
  for f in "${order[@]}"; do
    for mode in dry import; do echo "$r $f $mode $(run "$f" "$mode")" >>"$work/results"; done
  done
done

cp "$work/results" "${STATEMENTS_RAW:-/dev/null}"
for f in "${files[@]}"; do echo "$f $(cat "$work/$f.rows")"; done >"$work/rows"
python3 - "$work/results" "$work/rows" <<'PY'
import sys, statistics
rows = dict(line.split() for line in open(sys.argv[2]))
res = {}
for line in open(sys.argv[1]):
    r, f, mode, secs, peak, created = line.split()
    res.setdefault((f, mode), {})[int(r)] = (float(secs), int(peak), int(created))
names = {"signed.csv": "signed CSV, UTF-8 (baseline)", "debit-credit.csv": "debit/credit CSV, ISO-8859-1, by a profile",
         "statement.ofx": "OFX 1.x (SGML)", "statement.xml": "CAMT.053"}
base = res[("signed.csv", "import")]
print("| file | rows | dry run | import | rows/s (import) | import time / baseline | rows/s / baseline | memory growth (import) | memory / baseline |")
print("|---|---|---|---|---|---|---|---|---|")
for f in names:
    imp, dry = res[(f, "import")], res[(f, "dry")]
    assert all(v[2] == int(rows[f]) for v in imp.values()), f"{f}: not every row was created"
    med = lambda values: statistics.median(list(values))
    print(f"| {names[f]} | {int(rows[f]):,} | {med(v[0] for v in dry.values()):.2f} s | {med(v[0] for v in imp.values()):.2f} s"
          f" | {med(v[2] / v[0] for v in imp.values()):,.0f} | {med(imp[r][0] / base[r][0] for r in imp):.2f}"
          f" | {med((imp[r][2] / imp[r][0]) / (base[r][2] / base[r][0]) for r in imp):.2f}"
          f" | {med(v[1] for v in imp.values()):.0f} MB | {med(imp[r][1] / max(base[r][1], 1) for r in imp):.2f} |")
PY
