#!/usr/bin/env bash
# A private PostgreSQL server for the tests: a fresh cluster in a temporary folder,
# reachable only through a unix socket there, stopped by `postgres_stop` (test.sh traps
# EXIT, so a failing run stops it too). Sourced by scripts/test.sh after setup.sh.
# Trust auth is safe only because the folder (mktemp -d) and the socket are 0700: no
# other local user can reach it (root can).
#
# Exports SECONDLOOK_TEST_PG, a libpq key/value connection string ("host=DIR port=N
# user=postgres dbname=postgres"); the tests that need PostgreSQL read it and fail,
# naming this script, when it is not set.

postgres_bin() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

# initdb and the server refuse to run as root: as root, run them as `postgres`.
postgres_as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

postgres_start() {
  local bin
  bin="$(postgres_bin)" || { echo "PostgreSQL's initdb was not found under /usr/lib/postgresql" >&2; return 1; }
  POSTGRES_DIR="$(mktemp -d -t secondlook-pg.XXXXXX)"
  [ "$(id -u)" = 0 ] && chown postgres: "$POSTGRES_DIR"
  local port=54329
  postgres_as_owner "$bin/initdb" -D "$POSTGRES_DIR/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$POSTGRES_DIR/initdb.log" 2>&1 ||
    { cat "$POSTGRES_DIR/initdb.log" >&2; return 1; }
  postgres_as_owner "$bin/pg_ctl" -D "$POSTGRES_DIR/data" -l "$POSTGRES_DIR/server.log" -w \
    -o "-k $POSTGRES_DIR -p $port -c listen_addresses='' -c unix_socket_permissions=0700 -c fsync=off" start >/dev/null ||
    { cat "$POSTGRES_DIR/server.log" >&2; return 1; }
  export SECONDLOOK_TEST_PG="host=$POSTGRES_DIR port=$port user=postgres dbname=postgres"
  export POSTGRES_BIN="$bin"
}

postgres_stop() {
  [ -n "${POSTGRES_DIR:-}" ] || return 0
  postgres_as_owner "$POSTGRES_BIN/pg_ctl" -D "$POSTGRES_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$POSTGRES_DIR"
  POSTGRES_DIR=""
}
