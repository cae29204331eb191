#!/usr/bin/env bash
# Back up and restore OrderFlow's PostgreSQL databases (one per service), R-8.3.
#
#   deploy/backup.sh backup [DIR]                     pg_dump -Fc every service database
#   deploy/backup.sh restore DIR DATABASE [TARGET]    pg_restore DATABASE's dump into TARGET
#                                                     (default: DATABASE itself, replaced)
#   deploy/backup.sh backup-embedded DATA [DIR]       the embedded mode's SQLite files, copied
#                                                     with SQLite's online backup (safe while
#                                                     `orderflow up` runs)
#   deploy/backup.sh restore-embedded DIR DATA        put them back (stop `orderflow up` first)
#
# A backup is a directory <DIR>/<UTC timestamp>/ with one custom-format dump per database
# and a SHA256SUMS file; restore verifies the checksum first. Connection: ORDERFLOW_PG_HOST
# (127.0.0.1), ORDERFLOW_PG_PORT (55432), ORDERFLOW_PG_USER/PASSWORD (orderflow), and
# ORDERFLOW_BACKUP_DATABASES (the seven services) to choose which databases to dump.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PGHOST="${ORDERFLOW_PG_HOST:-127.0.0.1}"
export PGPORT="${ORDERFLOW_PG_PORT:-55432}"
export PGUSER="${ORDERFLOW_PG_USER:-orderflow}"
export PGPASSWORD="${ORDERFLOW_PG_PASSWORD:-orderflow}"
read -r -a DATABASES <<<"${ORDERFLOW_BACKUP_DATABASES:-intake review production procurement logistics aftersales reporting}"

log() { printf 'backup: %s\n' "$*" >&2; }
die() {
    log "error: $*"
    exit 1
}

backup() {
    local root="${1:-${ORDERFLOW_VAR:-$REPO/var}/backups}" dir db
    dir="$root/$(date -u +%Y%m%dT%H%M%SZ)"
    mkdir -p "$dir"
    for db in "${DATABASES[@]}"; do
        pg_dump --format=custom --no-owner --file="$dir/$db.dump" "$db"
        log "$db -> $dir/$db.dump"
    done
    (cd "$dir" && sha256sum -- *.dump >SHA256SUMS)
    printf '%s\n' "$dir"
}

restore() {
    local dir="${1:?backup directory}" db="${2:?database}" target="${3:-$2}"
    [[ -f "$dir/$db.dump" ]] || die "no dump of $db in $dir"
    (cd "$dir" && grep " $db.dump\$" SHA256SUMS | sha256sum --check --quiet) ||
        die "$dir/$db.dump does not match its checksum"
    # Replace the target: nothing half-restored stays behind if pg_restore fails.
    psql --quiet --dbname=postgres --set=ON_ERROR_STOP=1 \
        --command="DROP DATABASE IF EXISTS \"$target\" WITH (FORCE)" \
        --command="CREATE DATABASE \"$target\""
    pg_restore --exit-on-error --no-owner --single-transaction --dbname="$target" "$dir/$db.dump"
    log "$db restored into $target"
}

# SQLite's backup API gives a consistent copy even while the service writes (WAL).
SQLITE_COPY='import sqlite3, sys
src, dst = sqlite3.connect(sys.argv[1]), sqlite3.connect(sys.argv[2])
with dst:
    src.backup(dst)
dst.close(); src.close()'

backup_embedded() {
    local data="${1:?data directory of orderflow up}" root dir file
    root="${2:-${ORDERFLOW_VAR:-$REPO/var}/backups}"
    dir="$root/embedded-$(date -u +%Y%m%dT%H%M%SZ)"
    mkdir -p "$dir"
    shopt -s nullglob
    local files=("$data"/*.sqlite3)
    ((${#files[@]})) || die "no *.sqlite3 files in $data"
    for file in "${files[@]}"; do
        python3 -c "$SQLITE_COPY" "$file" "$dir/$(basename "$file")"
        log "$(basename "$file") -> $dir"
    done
    (cd "$dir" && sha256sum -- *.sqlite3 >SHA256SUMS)
    printf '%s\n' "$dir"
}

restore_embedded() {
    local dir="${1:?backup directory}" data="${2:?data directory}" file name
    (cd "$dir" && sha256sum --check --quiet SHA256SUMS) || die "$dir does not match its checksums"
    mkdir -p "$data"
    for file in "$dir"/*.sqlite3; do
        name="$(basename "$file")"
        rm -f "$data/$name-wal" "$data/$name-shm" # a stale log must not replay over the copy
        cp "$file" "$data/$name.restoring" && mv "$data/$name.restoring" "$data/$name"
        log "$name restored into $data"
    done
}

case "${1:-}" in
backup) backup "${2:-}" ;;
restore) restore "${2:-}" "${3:-}" "${4:-}" ;;
backup-embedded) backup_embedded "${2:-}" "${3:-}" ;;
restore-embedded) restore_embedded "${2:-}" "${3:-}" ;;
*) die "usage: $0 backup [DIR] | restore DIR DATABASE [TARGET] | backup-embedded DATA [DIR] | restore-embedded DIR DATA" ;;
esac
