#!/usr/bin/env bash
# A PostgreSQL 15 primary and a streaming hot standby on loopback, from Debian's postgresql package, for the replica
# tests and a local several-machine setup (docs/deploy.md). Trust authentication on 127.0.0.1 only: never for a
# real host, where docs/deploy.md's pg_hba lines apply.
#   scripts/pg_pair.sh start DIR PRIMARY_PORT STANDBY_PORT   # database "renda", role "renda" (superuser)
#   scripts/pg_pair.sh stop-standby DIR                      # the standby only (a fault test)
#   scripts/pg_pair.sh stop DIR                              # both
set -euo pipefail
BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "${1:-}" in
start)
  dir=$2 primary=$3 standby=$4
  mkdir -p "$dir"
  if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
  as_pg "$BIN/initdb" -D "$dir/primary" -U renda --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
  cat >>"$dir/primary/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $primary
unix_socket_directories = '$dir'
wal_level = replica
max_wal_senders = 4
hot_standby = on
jit = off  # behind pgbouncer the connection option is dropped: the server setting (figures: JIT costs more than it saves)
fsync = off
CONF
  as_pg "$BIN/pg_ctl" -D "$dir/primary" -l "$dir/primary.log" -w start >/dev/null
  as_pg "$BIN/createdb" -h 127.0.0.1 -p "$primary" -U renda renda
  as_pg "$BIN/pg_basebackup" -h 127.0.0.1 -p "$primary" -U renda -D "$dir/standby" -R -X stream --checkpoint=fast --no-sync
  sed -i "s/^port = .*/port = $standby/" "$dir/standby/postgresql.conf"
  as_pg "$BIN/pg_ctl" -D "$dir/standby" -l "$dir/standby.log" -w start >/dev/null
  ;;
stop-standby)
  as_pg "$BIN/pg_ctl" -D "$2/standby" -m fast -w stop >/dev/null
  ;;
stop)
  for node in standby primary; do
    if [ -f "$2/$node/postmaster.pid" ]; then as_pg "$BIN/pg_ctl" -D "$2/$node" -m fast -w stop >/dev/null || true; fi
  done
  ;;
*)
  echo "usage: $0 start DIR PRIMARY_PORT STANDBY_PORT | stop-standby DIR | stop DIR" >&2
  exit 2
  ;;
esac
