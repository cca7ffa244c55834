#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on loopback for the tests: `scripts/pg.sh start` prints the URL,
# `scripts/pg.sh stop` removes it. Installs Debian's postgresql package when missing (needs root).
set -euo pipefail
PORT=${MARSAD_PG_PORT:-54329}
DIR=${MARSAD_PG_DIR:-/tmp/marsad-pg}
cmd=${1:-start}

pg_bin() {
  local b
  b=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  echo "$b"
}

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
  start)
    if [ -z "$(pg_bin)" ]; then
      if [ "$(id -u)" != 0 ]; then echo "postgresql is not installed and we are not root" >&2; exit 1; fi
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >/dev/null
    fi
    BIN=$(pg_bin)
    rm -rf "$DIR" && mkdir -p "$DIR"
    [ "$(id -u)" = 0 ] && chown postgres "$DIR"
    as_pg "$BIN/initdb" -D "$DIR/data" -A trust -U marsad -E UTF8 --locale=C.UTF-8 >/dev/null
    as_pg "$BIN/pg_ctl" -D "$DIR/data" -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off" \
      -l "$DIR/log" -w start >/dev/null
    as_pg "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U marsad marsad
    echo "postgresql+psycopg://marsad@127.0.0.1:$PORT/marsad"
    ;;
  stop)
    BIN=$(pg_bin)
    [ -d "$DIR/data" ] && as_pg "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null || true
    rm -rf "$DIR"
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
