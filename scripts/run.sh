#!/usr/bin/env bash
# Runs the Cashman API on http://localhost:5000 in Development, and prints (on a desktop, opens) the web client's
# dashboard, http://localhost:5000/app.
# Without ConnectionStrings__Cashman it starts a PostgreSQL cluster kept in .data/postgres
# (created on first run, kept between runs) and stops it again on Ctrl-C.
# With arguments it runs that operator command against the same database instead, and exits, also while another
# ./scripts/run.sh serves: ./scripts/run.sh users add EMAIL | users reset-password EMAIL | migrate
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib-postgres.sh
source "$root/scripts/lib-postgres.sh"

export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development}
urls=${CASHMAN_URLS:-http://localhost:5000}

pg_data=""
cleanup() {
  if [[ -n "$pg_data" ]]; then
    pg_log "stopping the local PostgreSQL"
    pg_stop "$pg_data"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [[ -z "${ConnectionStrings__Cashman:-}" ]]; then
  pg_data="$root/.data/postgres"
  if [[ ! -f "$pg_data/PG_VERSION" ]]; then
    pg_log "creating a local PostgreSQL cluster in .data/postgres"
    pg_init "$pg_data"
  fi
  if pg_as_owner "$(pg_bin_dir)/pg_ctl" -D "$pg_data" status >/dev/null 2>&1; then
    # Already running (another ./scripts/run.sh serves from it): use it, and leave it running.
    port=$(sed -n 4p "$pg_data/postmaster.pid")
    pg_data=""
    pg_log "using the local PostgreSQL already running on 127.0.0.1:$port"
  else
    port=${CASHMAN_PG_PORT:-55432}
    if ! python3 -c "import socket,sys; s=socket.socket(); sys.exit(s.connect_ex(('127.0.0.1', $port)) != 0)"; then
      :
    else
      pg_log "port $port is busy; picking another"
      port=$(pg_free_port)
    fi
    pg_start "$pg_data" "$port" "$root/.data/postgres.log"
    pg_log "local PostgreSQL is up on 127.0.0.1:$port (log: .data/postgres.log)"
  fi
  "$(pg_bin_dir)/psql" -h 127.0.0.1 -p "$port" -U cashman -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = 'cashman'" | grep -q 1 \
    || "$(pg_bin_dir)/createdb" -h 127.0.0.1 -p "$port" -U cashman cashman
  export ConnectionStrings__Cashman="Host=127.0.0.1;Port=$port;Database=cashman;Username=cashman"
fi

if (( $# > 0 )); then
  # An operator command: built apart, so that a serving API's files are left alone.
  dotnet build "$root/Cashman.Api/Cashman.Api.csproj" -c Release -nologo -v quiet -o "$root/.data/cli" >/dev/null
  cd "$root/.data/cli"
  status=0
  dotnet Cashman.Api.dll "$@" || status=$?
  exit "$status"
fi

pg_log "building the API"
dotnet build "$root/Cashman.Api/Cashman.Api.csproj" -c Release -nologo -v quiet -o "$root/.data/api"
cd "$root/.data/api"
pg_log "applying migrations"
dotnet Cashman.Api.dll migrate
pg_log "serving $urls (Swagger UI: $urls/swagger); Ctrl-C stops it"
if [[ "${Ui__Enabled:-true}" != false ]]; then
  pg_log "open the dashboard: $urls/app"
fi
if [[ "${ASPNETCORE_ENVIRONMENT:-Development}" == Development && "${Seed__DemoData:-true}" != false ]]; then
  pg_log "demo sign-in: demo@cashman.local / cashman-demo (at $urls/app, or POST $urls/auth/login); the README's 'Try it' goes on from there"
fi
dotnet Cashman.Api.dll --urls "$urls" &
api_pid=$!
# On a desktop, open the dashboard once the API answers (CASHMAN_OPEN_BROWSER=0 keeps the browser closed).
opener=""
if [[ "$(uname)" == Darwin ]]; then
  opener=open
elif [[ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]] && command -v xdg-open >/dev/null; then
  opener=xdg-open
fi
if [[ -n "$opener" && "${CASHMAN_OPEN_BROWSER:-1}" != 0 && "${Ui__Enabled:-true}" != false ]]; then
  (
    for _ in $(seq 1 120); do
      python3 -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1], timeout=1)" "$urls/health/live" 2>/dev/null && break
      sleep 0.5
    done
    "$opener" "$urls/app" >/dev/null 2>&1 || true
  ) &
fi
trap 'kill -TERM $api_pid 2>/dev/null || true' INT TERM
while kill -0 "$api_pid" 2>/dev/null; do wait "$api_pid" || true; done
