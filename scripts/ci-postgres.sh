#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server for tests and CI, with no systemd.
#
#   scripts/ci-postgres.sh start [PORT]   (PORT defaults to 54329)
#     Reuses a server already answering on 127.0.0.1:PORT, else installs Debian's postgresql if it
#     is missing (root only), initdb's a fresh folder under /tmp as user postgres (trust auth, C
#     locale like PGlite) and starts it. Makes sure database harbour_test exists. Prints, on stdout
#     only, KEY=VALUE lines: DATABASE_URL, HARBOUR_PG_DIR (empty when reused), HARBOUR_PG_STARTED=0|1.
#     Exit code 3: no PostgreSQL here and no way to install it (not root, or no apt-get).
#
#   scripts/ci-postgres.sh stop DIR
#     Stops the server whose folder `start` printed as HARBOUR_PG_DIR, and removes the folder.
#
# Data is disposable: fsync is off. Never point this at anything but a test server.
set -euo pipefail

log() { echo "ci-postgres: $*" >&2; }

pg_bin() {
  if [ -n "${PGBIN:-}" ]; then echo "$PGBIN"; return; fi
  if [ -x /usr/lib/postgresql/15/bin/initdb ]; then echo /usr/lib/postgresql/15/bin; return; fi
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  echo "$found"
}

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

ensure_installed() {
  if [ -n "$(pg_bin)" ] && [ -x "$(pg_bin)/initdb" ]; then return 0; fi
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    log "PostgreSQL is not installed and cannot be installed here (needs root and apt-get)."
    log "Install it with: sudo apt-get install postgresql   or set DATABASE_URL."
    exit 3
  fi
  log "installing Debian postgresql"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql >&2; then
    apt-get update -q >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql >&2
  fi
}

start() {
  local port=$1 bin dir
  ensure_installed
  bin=$(pg_bin)
  exec 9>"/tmp/harbour-pg-$port.lock"
  flock 9
  if "$bin/pg_isready" -q -h 127.0.0.1 -p "$port"; then
    log "reusing the server on 127.0.0.1:$port"
    dir=""
  else
    dir=$(mktemp -d /tmp/harbour-pg.XXXXXX)
    [ "$(id -u)" = 0 ] && chown postgres: "$dir"
    as_postgres "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --no-locale -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    # The socket goes in our own folder: /var/run/postgresql may not exist without the service.
    # 9>&-: the server must not inherit the lock, or it would hold it for as long as it runs.
    if ! as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >&2 9>&-; then
      cat "$dir/server.log" >&2
      exit 1
    fi
    log "started PostgreSQL on 127.0.0.1:$port (folder $dir)"
  fi
  local psql=("$bin/psql" -X -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1)
  if [ -z "$("${psql[@]}" -tAc "SELECT 1 FROM pg_database WHERE datname = 'harbour_test'")" ]; then
    "${psql[@]}" -c 'CREATE DATABASE harbour_test' >&2
  fi
  echo "DATABASE_URL=postgres://postgres@127.0.0.1:$port/harbour_test"
  echo "HARBOUR_PG_DIR=$dir"
  if [ -n "$dir" ]; then echo "HARBOUR_PG_STARTED=1"; else echo "HARBOUR_PG_STARTED=0"; fi
}

stop() {
  local dir=$1
  case "$dir" in /tmp/harbour-pg.*) ;; *) log "refusing to stop a folder not made by start: $dir"; exit 2 ;; esac
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_postgres "$(pg_bin)/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >&2 || true
  fi
  rm -rf "$dir"
}

case "${1:-start}" in
  start) start "${2:-54329}" ;;
  stop) stop "${2:?usage: ci-postgres.sh stop DIR}" ;;
  *) log "usage: ci-postgres.sh start [PORT] | stop DIR"; exit 2 ;;
esac
