#!/usr/bin/env bash
# A real PostgreSQL for local runs and CI, without Docker: Debian's server binaries, a
# private cluster under var/, TCP on 127.0.0.1 only.
#
#   deploy/postgres.sh start    install (if missing), initdb (once), start, create role and databases
#   deploy/postgres.sh stop     pg_ctl stop -m fast
#   deploy/postgres.sh status   exit 0 when running
#   deploy/postgres.sh install  only make sure the server binaries are installed
#
# Role orderflow / password orderflow (CREATEDB), one database per service owned by it.
# Environment: ORDERFLOW_PG_PORT (55432), ORDERFLOW_VAR (<repo>/var).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HOST="127.0.0.1" # loopback only
PORT="${ORDERFLOW_PG_PORT:-55432}"
VAR_ROOT="${ORDERFLOW_VAR:-$REPO/var}"
ROLE="orderflow"
PASSWORD="orderflow"
DATABASES_SQL="$REPO/deploy/postgres-init/10-databases.sql"
OS_USER="postgres" # the server refuses to run as root; as root we run it as this user

log() { printf 'postgres: %s\n' "$*" >&2; }
die() {
    log "error: $*"
    exit 1
}

is_root() { [[ "$(id -u)" == 0 ]]; }

# Run a command as the server's OS user (root) or as ourselves (anyone else). From / so
# that a cwd the postgres user may not enter causes no warnings.
as_pg() {
    if is_root; then
        (cd / && runuser -u "$OS_USER" -- "$@")
    else
        "$@"
    fi
}

# --- binaries -------------------------------------------------------------------------

# The directory with initdb, pg_ctl and postgres: wherever pg_ctl on PATH really lives,
# else the newest /usr/lib/postgresql/*/bin (Debian does not put the server on PATH).
find_pg_bin() {
    local dir
    if command -v pg_ctl >/dev/null; then
        dir="$(dirname "$(readlink -f "$(command -v pg_ctl)")")"
        if [[ -x "$dir/initdb" && -x "$dir/postgres" ]]; then
            printf '%s' "$dir"
            return 0
        fi
    fi
    while read -r dir; do
        if [[ -x "$dir/pg_ctl" && -x "$dir/initdb" && -x "$dir/postgres" ]]; then
            printf '%s' "$dir"
            return 0
        fi
    done < <(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V -r)
    return 1
}

install_postgres() {
    is_root || die "PostgreSQL server not found; install Debian's postgresql package (needs root)"
    log "installing PostgreSQL with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # Keep the package from creating and starting its own cluster on port 5432: we run a
    # private one. The switch lives in postgresql-common, so that goes in first.
    apt-get install -y -qq --no-install-recommends postgresql-common >/dev/null
    sed -i -E 's/^#?[[:space:]]*create_main_cluster[[:space:]]*=.*/create_main_cluster = false/' \
        /etc/postgresql-common/createcluster.conf
    apt-get install -y -qq --no-install-recommends postgresql >/dev/null
}

PG_BIN=""
resolve_pg_bin() {
    PG_BIN="$(find_pg_bin)" || {
        install_postgres
        PG_BIN="$(find_pg_bin)" || die "PostgreSQL server binaries not found even after installing"
    }
}

# --- directories ----------------------------------------------------------------------

PG_DIR="" DATA_DIR="" SOCKET_DIR="" LOG_FILE=""

# The cluster lives in $VAR_ROOT/postgres. As root the server runs as the postgres user,
# which must be able to reach that directory: a checkout under /root (mode 700) is out of
# its reach, so then the cluster goes to /var/tmp, under a name derived from the path.
resolve_dirs() {
    PG_DIR="$VAR_ROOT/postgres"
    if is_root; then
        id "$OS_USER" >/dev/null 2>&1 ||
            useradd --system --user-group --home-dir /var/lib/postgresql --shell /bin/bash "$OS_USER"
        mkdir -p "$PG_DIR"
        chown "$OS_USER:" "$PG_DIR"
        chmod 700 "$PG_DIR"
        if ! as_pg test -w "$PG_DIR/." 2>/dev/null; then
            local alt
            alt="/var/tmp/orderflow-$(printf '%s' "$PG_DIR" | sha256sum | cut -c1-12)/postgres"
            log "note: user $OS_USER cannot reach $PG_DIR; using $alt"
            mkdir -p "$alt"
            chmod 755 "$(dirname "$alt")"
            chown "$OS_USER:" "$alt"
            chmod 700 "$alt"
            PG_DIR="$alt"
        fi
    else
        mkdir -p "$PG_DIR"
        chmod 700 "$PG_DIR"
    fi
    DATA_DIR="$PG_DIR/data"
    SOCKET_DIR="$PG_DIR/run"
    LOG_FILE="$PG_DIR/postgres.log"
}

# A value for postgresql.conf: single-quoted, quotes doubled.
conf_quote() { printf "'%s'" "${1//\'/\'\'}"; }

init_cluster() {
    as_pg mkdir -p "$SOCKET_DIR"
    as_pg chmod 700 "$SOCKET_DIR"
    if [[ ! -f "$DATA_DIR/PG_VERSION" ]]; then
        log "initdb $DATA_DIR"
        # Unix socket: trust (the socket directory is mode 700, so only this OS user gets
        # in); TCP: passwords (scram-sha-256), which is what the services and tests use.
        as_pg "$PG_BIN/initdb" -D "$DATA_DIR" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
            --encoding=UTF8 --locale=C >"$PG_DIR/initdb.log" 2>&1 ||
            {
                cat "$PG_DIR/initdb.log" >&2
                die "initdb failed"
            }
        echo "include_if_exists = 'orderflow.conf'" | as_pg tee -a "$DATA_DIR/postgresql.conf" >/dev/null
    fi
    # Rewritten on every start so that a changed port or path takes effect.
    as_pg tee "$DATA_DIR/orderflow.conf" >/dev/null <<EOF
# Written by deploy/postgres.sh on every start; edit the script, not this file.
listen_addresses = '$HOST'
port = $PORT
unix_socket_directories = $(conf_quote "$SOCKET_DIR")
unix_socket_permissions = 0700
max_connections = 200
# A throw-away database for development and tests: durability traded for speed.
# Never point this at data that matters.
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
}

running() { [[ -f "$DATA_DIR/PG_VERSION" ]] && as_pg "$PG_BIN/pg_ctl" status -D "$DATA_DIR" >/dev/null 2>&1; }

port_open() { (exec 3<>"/dev/tcp/$HOST/$PORT") 2>/dev/null; }

# psql as the superuser over the private socket; the SQL comes on stdin.
psql_admin() {
    as_pg "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$SOCKET_DIR" -p "$PORT" -U postgres -d postgres
}

# Role and databases, idempotently. SQL goes in on stdin: the repo may be out of the
# postgres user's reach.
bootstrap() {
    psql_admin <<EOF
SELECT 'CREATE ROLE $ROLE' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$ROLE') \gexec
ALTER ROLE $ROLE WITH LOGIN CREATEDB PASSWORD '$PASSWORD';
EOF
    psql_admin <"$DATABASES_SQL"
}

wait_ready() {
    local deadline=$((SECONDS + 60))
    until "$PG_BIN/pg_isready" -q -h "$HOST" -p "$PORT" -d postgres; do
        ((SECONDS < deadline)) || die "pg_isready: no answer on $HOST:$PORT after 60s (log: $LOG_FILE)"
        sleep 0.2
    done
}

cmd_start() {
    local started=$SECONDS
    resolve_pg_bin
    resolve_dirs
    if running; then
        log "already running ($DATA_DIR)"
    else
        port_open && die "port $PORT is already in use by another process"
        init_cluster
        log "starting $("$PG_BIN/postgres" --version) on $HOST:$PORT"
        as_pg "$PG_BIN/pg_ctl" start -D "$DATA_DIR" -l "$LOG_FILE" -w -t 60 -s ||
            {
                tail -n 30 "$LOG_FILE" >&2 || true
                die "pg_ctl start failed (log: $LOG_FILE)"
            }
    fi
    wait_ready
    bootstrap
    log "ready on $HOST:$PORT in $((SECONDS - started))s (data: $DATA_DIR)"
}

cmd_stop() {
    resolve_pg_bin
    resolve_dirs
    if running; then
        as_pg "$PG_BIN/pg_ctl" stop -D "$DATA_DIR" -m fast -w -t 60 -s
        log "stopped"
    else
        log "not running"
    fi
}

cmd_status() {
    resolve_pg_bin
    resolve_dirs
    if running; then
        echo "postgres running on $HOST:$PORT (data: $DATA_DIR)"
        "$PG_BIN/pg_isready" -h "$HOST" -p "$PORT" -d postgres
    else
        echo "postgres not running"
        return 3
    fi
}

case "${1:-}" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    install)
        resolve_pg_bin
        log "server binaries in $PG_BIN"
        ;;
    *)
        echo "usage: $0 start|stop|status|install" >&2
        exit 2
        ;;
esac
