#!/usr/bin/env bash
# Back up and restore OrderFlow's PostgreSQL databases (one per service), R-8.3.
#
#   deploy/backup.sh backup [DIR]                     pg_dump -Fc every service database
#   deploy/backup.sh restore DIR DATABASE [TARGET]    pg_restore DATABASE's dump into TARGET
#                                                     (default: DATABASE itself, replaced)
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

case "${1:-}" in
backup) backup "${2:-}" ;;
restore) restore "${2:-}" "${3:-}" "${4:-}" ;;
*) die "usage: $0 backup [DIR] | restore DIR DATABASE [TARGET]" ;;
esac
