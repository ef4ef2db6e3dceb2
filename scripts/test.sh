#!/usr/bin/env bash
# Runs the whole test suite against a real PostgreSQL, then the live checks (scripts/live-checks.sh): the Postman
# collection with newman, Spectral on the served OpenAPI document, and a generated client driven through a scenario.
#  - CASHMAN_TEST_CONNECTION_STRING set: the tests use that server (they create and drop their own database).
#  - otherwise, a Docker engine answers: Testcontainers starts PostgreSQL for the NUnit run.
#  - otherwise: a throwaway local cluster is started here (apt-get installs the server if missing) and removed after.
# The browser tests need Debian's Chromium at /usr/bin/chromium (or CASHMAN_CHROMIUM): installed here with apt-get when
# missing and possible.
# Prints 'N passed, N failed, N skipped' and the line coverage; fails below 95 % or on any failure.
#
# ./scripts/test.sh --citus runs the same suite on Citus: a throwaway coordinator and two workers started from the
# Citus extension installed on this machine (or the cluster named by CASHMAN_TEST_CONNECTION_STRING, the coordinator,
# and CASHMAN_TEST_CITUS_WORKERS, host:port,host:port). Every database the tests create is distributed by 'migrate',
# and the API's connections run with citus.multi_task_query_log_level = error, so a request that touches two shards
# fails its test. The live checks are skipped in this mode (they run on plain PostgreSQL).
set -euo pipefail
citus=0
for argument in "$@"; do
  case "$argument" in
    --citus) citus=1 ;;
    *) echo "usage: $0 [--citus]" >&2; exit 2 ;;
  esac
done
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=scripts/lib-postgres.sh
source "$root/scripts/lib-postgres.sh"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
coverage_threshold=${CASHMAN_COVERAGE_THRESHOLD:-95}
results="$root/TestResults"

container=""
cleanup() {
  pg_stop_throwaway
  [[ -n "$container" ]] && docker rm -f "$container" >/dev/null 2>&1
  return 0
}
trap cleanup EXIT

# For the newman run when the NUnit run used Testcontainers and no local server binaries exist.
start_docker_postgres() {
  container=$(docker run -d --rm -e POSTGRES_USER=cashman -e POSTGRES_PASSWORD=cashman -p 127.0.0.1::5432 postgres:17-alpine)
  local port
  port=$(docker port "$container" 5432/tcp | head -n 1 | sed 's/.*://')
  for _ in $(seq 1 120); do
    docker exec "$container" pg_isready -h 127.0.0.1 -U cashman >/dev/null 2>&1 && break
    sleep 0.5
  done
  export CASHMAN_TEST_CONNECTION_STRING="Host=127.0.0.1;Port=$port;Database=postgres;Username=cashman;Password=cashman"
  pg_log "PostgreSQL container for newman on 127.0.0.1:$port"
}

if [[ $citus == 1 ]]; then
  if [[ -z "${CASHMAN_TEST_CONNECTION_STRING:-}" || -z "${CASHMAN_TEST_CITUS_WORKERS:-}" ]]; then
    unset CASHMAN_TEST_CONNECTION_STRING
    pg_start_citus_throwaway CASHMAN_TEST_CONNECTION_STRING || {
      pg_log "--citus needs the Citus extension installed for this PostgreSQL server; none was found. Nothing ran."
      exit 1
    }
  fi
  export CASHMAN_SKIP_NEWMAN=1
elif [[ -z "${CASHMAN_TEST_CONNECTION_STRING:-}" ]]; then
  if docker info >/dev/null 2>&1; then
    pg_log "Docker engine found: Testcontainers will start PostgreSQL for the tests"
  else
    pg_log "no Docker engine: starting a throwaway local PostgreSQL cluster"
    pg_start_throwaway CASHMAN_TEST_CONNECTION_STRING
  fi
fi

# The browser tests drive Debian's Chromium (no browser is downloaded): install it when it is missing and we can.
if [[ -z "${CASHMAN_CHROMIUM:-}" && ! -x /usr/bin/chromium ]]; then
  if command -v apt-get >/dev/null && [[ "$(id -u)" == 0 ]]; then
    pg_log "Chromium not found; installing Debian's chromium for the browser tests"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    pg_log "no Chromium at /usr/bin/chromium (install 'chromium' or set CASHMAN_CHROMIUM): the browser tests will be skipped${CI:+, and fail in CI}"
  fi
fi

rm -rf "$results"
dotnet tool restore >/dev/null
dotnet build Cashman.sln -c Release -nologo -v quiet -warnaserror
set +e
dotnet test Cashman.sln -c Release --no-build -nologo \
  --settings coverage.runsettings --collect "XPlat Code Coverage" \
  --logger "trx;LogFileName=tests.trx" --logger "console;verbosity=minimal" \
  --results-directory "$results"
test_status=$?
set -e
summary_status=0
python3 scripts/test-summary.py "$results" "$coverage_threshold" >"$results/summary.txt" || summary_status=$?
cat "$results/summary.txt"

live_status=0
if [[ "${CASHMAN_SKIP_NEWMAN:-}" != "1" ]]; then
  if [[ -z "${CASHMAN_TEST_CONNECTION_STRING:-}" ]]; then
    # Docker mode: the NUnit run's container is gone; newman gets a local cluster, or a container of its own.
    if pg_bin_dir >/dev/null 2>&1; then
      pg_start_throwaway CASHMAN_TEST_CONNECTION_STRING
    elif docker info >/dev/null 2>&1; then
      start_docker_postgres
    fi
  fi
  if [[ -n "${CASHMAN_TEST_CONNECTION_STRING:-}" ]]; then
    "$root/scripts/live-checks.sh" || live_status=$?
  else
    pg_log "live checks: no PostgreSQL to run the API on (set CASHMAN_TEST_CONNECTION_STRING); they did not run"
    live_status=1
  fi
fi

echo
if [[ $citus == 1 ]]; then
  echo
  echo "== Summary on Citus ($(pg_citus_version "$CASHMAN_TEST_CONNECTION_STRING"); workers ${CASHMAN_TEST_CITUS_WORKERS})"
  cat "$results/summary.txt"
  [[ $test_status -eq 0 && $summary_status -eq 0 ]] || exit 1
  exit 0
fi

echo "== Summary (NUnit; the live checks (newman, Spectral, generated client) ran ${CASHMAN_SKIP_NEWMAN:+not }after it: exit $live_status)"
cat "$results/summary.txt"
if [[ $test_status -ne 0 || $summary_status -ne 0 || $live_status -ne 0 ]]; then
  pg_log "FAILED (dotnet test: $test_status, summary/coverage: $summary_status, live checks: $live_status)"
  exit 1
fi
