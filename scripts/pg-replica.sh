#!/usr/bin/env bash
# A real streaming replica of the local PostgreSQL, for the replica tests (docs/replica.md):
#   scripts/pg-replica.sh start    base backup of the primary (pg_basebackup -R), started as a
#                                  hot standby; waits until it streams and is in recovery
#   scripts/pg-replica.sh stop     stops it and removes its data folder
#   scripts/pg-replica.sh status   whether it runs, streams, and how far behind it is
# Settings (environment): PG_PRIMARY_HOST (127.0.0.1), PG_PRIMARY_PORT (5432), PG_USER
# (postgres), PG_REPLICA_PORT (5433), PG_REPLICA_ROOT (/tmp/motcua-pg-replica).
# Run as root, the server's programs run as the `postgres` account; otherwise as the caller.
set -euo pipefail

PRIMARY_HOST="${PG_PRIMARY_HOST:-127.0.0.1}"
PRIMARY_PORT="${PG_PRIMARY_PORT:-5432}"
PG_USER="${PG_USER:-postgres}"
REPLICA_PORT="${PG_REPLICA_PORT:-5433}"
ROOT="${PG_REPLICA_ROOT:-/tmp/motcua-pg-replica}"
# The folder is removed at stop and before each start: never a system one by mistake.
case "$ROOT" in
  / | /tmp | /var | /home | /root | "$HOME") echo "pg-replica: PG_REPLICA_ROOT=$ROOT is not a folder of its own" >&2 && exit 1 ;;
esac
DATA="$ROOT/data"
LOG="$ROOT/server.log"
# How long start waits for the standby to accept connections and stream.
WAIT_SECONDS=60

die() {
  echo "pg-replica: $*" >&2
  exit 1
}

# The newest PostgreSQL's programs (Debian keeps them under /usr/lib/postgresql/<major>/bin).
PGBIN="$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1)"
[ -n "$PGBIN" ] || PGBIN="$(dirname "$(command -v pg_ctl || echo /nonexistent/pg_ctl)")"
[ -x "$PGBIN/pg_ctl" ] || die "PostgreSQL's server programs (pg_ctl, pg_basebackup) are not installed"

# The server refuses to run as root: as root, its programs run as the postgres account.
as_server() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

primary_sql() { psql -X -q -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U "$PG_USER" -d postgres -Atc "$1"; }
replica_sql() { psql -X -q -h 127.0.0.1 -p "$REPLICA_PORT" -U "$PG_USER" -d postgres -Atc "$1"; }

running() { [ -f "$DATA/PG_VERSION" ] && as_server "$PGBIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; }

# pg_hba.conf's "all" does not cover replication connections: they need a line of their own.
ensure_replication_allowed() {
  local hba
  hba="$(primary_sql 'SHOW hba_file')"
  if grep -Eq '^[[:space:]]*host[[:space:]]+replication[[:space:]]+[^[:space:]]+[[:space:]]+127\.0\.0\.1/32' "$hba" 2>/dev/null; then
    return
  fi
  [ -w "$hba" ] || die "$hba has no replication line for 127.0.0.1 and cannot be changed here: add 'host replication all 127.0.0.1/32 trust' and reload PostgreSQL"
  echo "pg-replica: allowing replication connections from 127.0.0.1 in $hba"
  printf '\n# Added by scripts/pg-replica.sh: a local streaming replica for the tests.\nhost replication all 127.0.0.1/32 trust\n' >>"$hba"
  primary_sql 'SELECT pg_reload_conf()' >/dev/null
}

check_primary() {
  "$PGBIN/pg_isready" -q -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" ||
    die "the primary PostgreSQL is not reachable at $PRIMARY_HOST:$PRIMARY_PORT"
  local level senders
  level="$(primary_sql 'SHOW wal_level')"
  senders="$(primary_sql 'SHOW max_wal_senders')"
  [ "$level" != minimal ] || die "the primary's wal_level is minimal: streaming needs replica"
  [ "$senders" -gt 0 ] || die "the primary's max_wal_senders is 0: streaming needs at least 1"
}

# Debian keeps the configuration outside the data folder, so the copy has none: the standby's
# own, with what a hot standby must have at least as large as its primary.
write_config() {
  local name
  {
    echo "port = $REPLICA_PORT"
    echo "listen_addresses = '127.0.0.1'"
    echo "unix_socket_directories = '$ROOT'"
    echo "hot_standby = on"
    echo "shared_buffers = 32MB"
    echo "logging_collector = off"
    for name in max_connections max_worker_processes max_wal_senders max_locks_per_transaction max_prepared_transactions; do
      echo "$name = $(primary_sql "SHOW $name")"
    done
  } >"$DATA/postgresql.conf"
  printf 'local all all trust\nhost all all 127.0.0.1/32 trust\n' >"$DATA/pg_hba.conf"
  : >"$DATA/pg_ident.conf"
}

wait_until_streaming() {
  local deadline=$((SECONDS + WAIT_SECONDS))
  until [ "$(replica_sql 'SELECT pg_is_in_recovery()' 2>/dev/null)" = t ] &&
    [ "$(replica_sql 'SELECT status FROM pg_stat_wal_receiver' 2>/dev/null)" = streaming ]; do
    [ "$SECONDS" -lt "$deadline" ] || die "the standby did not stream within ${WAIT_SECONDS}s (log: $LOG)"
    sleep 0.5
  done
}

start() {
  if running; then
    # A test stopped halfway may have left replay paused: a started replica replays.
    case "$(replica_sql 'SELECT pg_get_wal_replay_pause_state()' 2>/dev/null || true)" in
      paused | 'pause requested')
        replica_sql 'SELECT pg_wal_replay_resume()' >/dev/null
        echo "pg-replica: replay was paused; resumed"
        ;;
    esac
    echo "pg-replica: already running on 127.0.0.1:$REPLICA_PORT ($DATA)"
    return
  fi
  check_primary
  ensure_replication_allowed
  # What a stopped replica left is stale: the primary may no longer keep the WAL it needs.
  rm -rf "$ROOT"
  mkdir -p "$ROOT"
  [ "$(id -u)" -ne 0 ] || chown postgres: "$ROOT"
  echo "pg-replica: base backup of $PRIMARY_HOST:$PRIMARY_PORT into $DATA"
  as_server "$PGBIN/pg_basebackup" -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U "$PG_USER" \
    -D "$DATA" -R -X stream -c fast
  write_config
  [ "$(id -u)" -ne 0 ] || chown postgres: "$DATA/postgresql.conf" "$DATA/pg_hba.conf" "$DATA/pg_ident.conf"
  as_server "$PGBIN/pg_ctl" -D "$DATA" -l "$LOG" -o "-p $REPLICA_PORT" -w -t "$WAIT_SECONDS" start >/dev/null ||
    die "the standby did not start (log: $LOG)"
  wait_until_streaming
  echo "pg-replica: streaming replica of $PRIMARY_HOST:$PRIMARY_PORT on 127.0.0.1:$REPLICA_PORT"
}

stop() {
  if running; then
    as_server "$PGBIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null
    echo "pg-replica: stopped"
  else
    echo "pg-replica: not running"
  fi
  rm -rf "$ROOT"
}

status() {
  if ! running; then
    echo "pg-replica: not running"
    exit 3
  fi
  echo "pg-replica: running on 127.0.0.1:$REPLICA_PORT ($DATA)"
  replica_sql "SELECT 'in recovery: ' || pg_is_in_recovery(),
    'receiver: ' || coalesce((SELECT status FROM pg_stat_wal_receiver), 'none'),
    'replay: ' || pg_get_wal_replay_pause_state(),
    'replayed up to: ' || coalesce(pg_last_wal_replay_lsn()::text, '-'),
    'last replayed commit: ' || coalesce(pg_last_xact_replay_timestamp()::text, '-')" |
    tr '|' '\n' | sed 's/^/  /'
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *)
    echo "Usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
