# shellcheck shell=bash
# Helpers to run a private PostgreSQL cluster from the server binaries on this machine.
# Sourced by run.sh and test.sh. PostgreSQL refuses to run as root, so as root the
# cluster runs as the 'postgres' user; otherwise as the current user.

pg_log() { printf '[cashman] %s\n' "$*" >&2; }

# Prints the bin directory of the newest installed PostgreSQL server, installing it with apt-get if needed.
pg_bin_dir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [[ -z "$dir" || ! -x "$dir/initdb" ]]; then
    if command -v apt-get >/dev/null && [[ "$(id -u)" == 0 ]]; then
      pg_log "PostgreSQL server binaries not found; installing them with apt-get"
      DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
      dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    fi
  fi
  if [[ -z "$dir" || ! -x "$dir/initdb" ]]; then
    pg_log "No PostgreSQL server found. Install PostgreSQL (e.g. 'sudo apt-get install postgresql') or set ConnectionStrings__Cashman."
    return 1
  fi
  printf '%s\n' "$dir"
}

# Runs a command as the cluster owner.
pg_as_owner() {
  if [[ "$(id -u)" == 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

pg_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# pg_init DATA_DIR: creates a cluster with a 'cashman' superuser, trusted on loopback only.
pg_init() {
  local data=$1 bin
  bin=$(pg_bin_dir) || return 1
  mkdir -p "$data"
  if [[ "$(id -u)" == 0 ]]; then
    chown postgres: "$data"
    chmod 700 "$data"
    if ! runuser -u postgres -- test -w "$data"; then
      pg_log "The postgres user cannot reach $data (a parent folder is private); set ConnectionStrings__Cashman instead."
      return 1
    fi
  fi
  pg_as_owner "$bin/initdb" -D "$data" -U cashman --auth=trust --encoding=UTF8 --no-locale >/dev/null
}

# pg_start DATA_DIR PORT LOGFILE: starts the cluster on 127.0.0.1:PORT (TCP only) and waits for it.
pg_start() {
  local data=$1 port=$2 log=$3 bin
  bin=$(pg_bin_dir) || return 1
  touch "$log"
  [[ "$(id -u)" == 0 ]] && chown postgres: "$log"
  pg_as_owner "$bin/pg_ctl" -D "$data" -l "$log" -w -t 60 \
    -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=''" start >/dev/null
}

pg_stop() {
  local data=$1 bin
  bin=$(pg_bin_dir) || return 1
  pg_as_owner "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
}

# pg_start_throwaway VAR: starts a throwaway cluster in a temp folder (PG_THROWAWAY_DIR) and exports VAR as a
# connection string to it. The caller stops it with pg_stop_throwaway (from its own EXIT trap).
PG_THROWAWAY_DIR=""
pg_start_throwaway() {
  local var=$1 port
  PG_THROWAWAY_DIR=$(mktemp -d -t cashman-pg-XXXXXX)
  chmod 755 "$PG_THROWAWAY_DIR"
  pg_init "$PG_THROWAWAY_DIR/data"
  port=$(pg_free_port)
  pg_start "$PG_THROWAWAY_DIR/data" "$port" "$PG_THROWAWAY_DIR/postgres.log"
  export "$var=Host=127.0.0.1;Port=$port;Database=postgres;Username=cashman"
  pg_log "throwaway PostgreSQL cluster on 127.0.0.1:$port"
}

pg_stop_throwaway() {
  local data
  if [[ -n "$PG_THROWAWAY_DIR" ]]; then
    # Every cluster under the folder: the plain one ('data'), or Citus's coordinator and workers.
    for data in "$PG_THROWAWAY_DIR"/*/; do
      [[ -f "$data/PG_VERSION" ]] && pg_stop "${data%/}"
    done
    rm -rf "$PG_THROWAWAY_DIR"
    PG_THROWAWAY_DIR=""
  fi
  return 0
}

# Whether the Citus extension is installed for the newest PostgreSQL server here (this project never builds it).
pg_has_citus() {
  local bin
  bin=$(pg_bin_dir) || return 1
  [[ -f "/usr/share/postgresql/$(basename "$(dirname "$bin")")/extension/citus.control" ]]
}

# pg_start_citus_throwaway VAR: a throwaway Citus cluster (a coordinator and two workers, each its own PostgreSQL with
# Citus preloaded) in a temp folder; exports VAR as a connection string to the coordinator and CASHMAN_TEST_CITUS_WORKERS
# as the workers' host:port list. Stopped with pg_stop_throwaway.
pg_start_citus_throwaway() {
  local var=$1 node port workers="" coordinator_port=""
  if ! pg_has_citus; then
    pg_log "Citus is not installed for $(pg_bin_dir): install the Citus extension for this PostgreSQL first (this project does not build it)."
    return 1
  fi
  PG_THROWAWAY_DIR=$(mktemp -d -t cashman-citus-XXXXXX)
  chmod 755 "$PG_THROWAWAY_DIR"
  for node in coordinator worker1 worker2; do
    pg_init "$PG_THROWAWAY_DIR/$node"
    {
      echo "shared_preload_libraries = 'citus'"
      echo "max_connections = 300"
      echo "max_prepared_transactions = 200"
      echo "fsync = off"
    } >>"$PG_THROWAWAY_DIR/$node/postgresql.conf"
    port=$(pg_free_port)
    pg_start "$PG_THROWAWAY_DIR/$node" "$port" "$PG_THROWAWAY_DIR/$node.log"
    if [[ $node == coordinator ]]; then coordinator_port=$port; else workers="${workers:+$workers,}127.0.0.1:$port"; fi
  done
  export "$var=Host=127.0.0.1;Port=$coordinator_port;Database=postgres;Username=cashman"
  export CASHMAN_TEST_CITUS_WORKERS=$workers
  pg_log "throwaway Citus cluster: coordinator on 127.0.0.1:$coordinator_port, workers on $workers"
}

# pg_citus_version CONNECTION_STRING: the Citus version of the coordinator a Host=..;Port=..;Username=.. string names
# (citus_version() on a throwaway cluster of ours, the installed extension version otherwise).
pg_citus_version() {
  local host port user
  host=$(sed -n 's/.*Host=\([^;]*\).*/\1/p' <<<"$1")
  port=$(sed -n 's/.*Port=\([^;]*\).*/\1/p' <<<"$1")
  user=$(sed -n 's/.*Username=\([^;]*\).*/\1/p' <<<"$1")
  local sql="SELECT 'Citus ' || default_version FROM pg_available_extensions WHERE name = 'citus'"
  [[ -n "$PG_THROWAWAY_DIR" ]] && sql="CREATE EXTENSION IF NOT EXISTS citus; SELECT citus_version()"
  psql -h "$host" -p "$port" -U "$user" -d postgres -Atc "$sql" 2>/dev/null | tail -n 1 || echo "Citus version unknown"
}
