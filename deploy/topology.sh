#!/usr/bin/env bash
# The distributed topology on one machine, without Docker: the same shape as
# docker-compose.yml. PostgreSQL (one database per service) and Kafka from the deploy/
# scripts, each service as its own `orderflow serve` process on its own port, and nginx in
# front giving one base URL with the embedded mode's path prefixes (/intake, /review, …).
#
#   deploy/topology.sh start    start everything (idempotent), wait until all are ready
#   deploy/topology.sh stop     stop the services and the proxy (and, with --all, PG + Kafka)
#   deploy/topology.sh status   exit 0 when every service answers ready through the proxy
#   deploy/topology.sh env      print the base URL for the e2e suite
#
# Environment: ORDERFLOW_PROXY_PORT (8080), ORDERFLOW_SERVICE_PORT_BASE (8100: intake is
# 8101 … reporting 8107), ORDERFLOW_REPLICAS ("production=2 procurement=2": more instances
# of a service, ports +10, +20 …, one Kafka consumer group, nginx balancing them),
# ORDERFLOW_VAR (<repo>/var), plus the deploy/ scripts' variables.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VAR_DIR="${ORDERFLOW_VAR:-$REPO/var}/topology"
PROXY_PORT="${ORDERFLOW_PROXY_PORT:-8080}"
PORT_BASE="${ORDERFLOW_SERVICE_PORT_BASE:-8100}"
PG_PORT="${ORDERFLOW_PG_PORT:-55432}"
KAFKA_PORT="${ORDERFLOW_KAFKA_PORT:-9092}"
SERVICES=(intake review production procurement logistics aftersales reporting)
ORDERFLOW="$REPO/.venv/bin/orderflow"
BASE_URL="http://127.0.0.1:$PROXY_PORT"

log() { printf 'topology: %s\n' "$*" >&2; }
die() {
    log "error: $*"
    exit 1
}

port_of() { # the service's own port, by its place in SERVICES
    local i
    for i in "${!SERVICES[@]}"; do
        [[ "${SERVICES[$i]}" == "$1" ]] && printf '%s' "$((PORT_BASE + i + 1))" && return
    done
    die "unknown service $1"
}

peer_urls() { # every service reaches the others through the proxy, as a client would
    local svc json="{"
    for svc in "${SERVICES[@]}"; do json+="\"$svc\": \"$BASE_URL/$svc\","; done
    printf '%s}' "${json%,}"
}

service_env() { # the environment of one service process
    local svc="$1" upper
    upper="$(tr '[:lower:]' '[:upper:]' <<<"$svc")"
    printf '%s\n' \
        "ORDERFLOW_${upper}_DATABASE_URL=postgresql+asyncpg://orderflow:orderflow@127.0.0.1:$PG_PORT/$svc" \
        "ORDERFLOW_KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$KAFKA_PORT" \
        "ORDERFLOW_BUS=kafka" \
        "ORDERFLOW_PEER_URLS=$(peer_urls)"
    # Delivery notices go to the SMTP relay on ORDERFLOW_SMTP_HOST:ORDERFLOW_SMTP_PORT (the e2e
    # suite listens on 127.0.0.1:8025); inbound Shopify webhooks are signed with a dev secret
    # unless ORDERFLOW_SHOPIFY_WEBHOOK_SECRET names the real one.
    case "$svc" in
    logistics)
        printf '%s\n' \
            "ORDERFLOW_LOGISTICS_SMTP_HOST=${ORDERFLOW_SMTP_HOST:-127.0.0.1}" \
            "ORDERFLOW_LOGISTICS_SMTP_PORT=${ORDERFLOW_SMTP_PORT:-8025}" \
            "ORDERFLOW_LOGISTICS_NOTICE_RETRY_BASE_SECONDS=${ORDERFLOW_NOTICE_RETRY_BASE_SECONDS:-1}"
        ;;
    intake)
        printf '%s\n' \
            "ORDERFLOW_INTAKE_SHOPIFY_WEBHOOK_SECRET=${ORDERFLOW_SHOPIFY_WEBHOOK_SECRET:-e2e-shopify-secret}"
        ;;
    esac
}

replicas_of() { # how many instances of the service ORDERFLOW_REPLICAS asks for (1 by default)
    local pair
    for pair in ${ORDERFLOW_REPLICAS:-}; do
        [[ "${pair%%=*}" == "$1" ]] && printf '%s' "${pair#*=}" && return
    done
    printf '1'
}

instance_port() { printf '%s' "$(($(port_of "$1") + 10 * $2))"; }

instance_name() { # intake, and for a second instance intake-2
    if (($2 == 0)); then printf '%s' "$1"; else printf '%s-%s' "$1" "$(($2 + 1))"; fi
}

# kill -0 also succeeds on a zombie: a SIGKILLed service that nobody reaped (its parent,
# this script, is gone; a container's init may not reap) is not running.
alive() {
    kill -0 "$1" 2>/dev/null || return 1
    [[ "$(sed -E 's/^.*\) ([A-Za-z]).*$/\1/' "/proc/$1/stat" 2>/dev/null)" != Z ]]
}

running() { [[ -f "$VAR_DIR/$1.pid" ]] && alive "$(cat "$VAR_DIR/$1.pid")"; }

start_service() {
    local svc="$1" i
    for ((i = 0; i < $(replicas_of "$svc"); i++)); do start_instance "$svc" "$i"; done
}

start_instance() {
    local svc="$1" i="$2" name port
    name="$(instance_name "$svc" "$i")"
    port="$(instance_port "$svc" "$i")"
    if running "$name"; then
        return
    fi
    mapfile -t envs < <(service_env "$svc")
    # Migrations first (the init step of a deployment; advisory-locked, so replicas wait),
    # then the server. --root-path: nginx strips /<svc>; the docs links keep it.
    (
        env "${envs[@]}" "$ORDERFLOW" migrate "$svc" || exit 1
        exec env "${envs[@]}" "$ORDERFLOW" serve "$svc" --port "$port" --root-path "/$svc"
    ) >>"$VAR_DIR/$name.log" 2>&1 &
    echo $! >"$VAR_DIR/$name.pid"
    log "$name on 127.0.0.1:$port (pid $!)"
}

write_nginx_conf() {
    local svc i
    {
        printf 'worker_processes 1;\npid %s/nginx.pid;\nerror_log %s/nginx-error.log warn;\n' \
            "$VAR_DIR" "$VAR_DIR"
        printf 'events { worker_connections 1024; }\nhttp {\n'
        # The services' own body limit (max_body_bytes, 1 MiB): refused here already, so an
        # oversized upload never streams to a service that would answer before reading it.
        printf '  access_log %s/nginx-access.log;\n  client_max_body_size 1m;\n' "$VAR_DIR"
        printf '  client_body_temp_path %s/tmp; proxy_temp_path %s/tmp;\n' "$VAR_DIR" "$VAR_DIR"
        for svc in "${SERVICES[@]}"; do
            printf '  upstream %s {\n' "$svc"
            for ((i = 0; i < $(replicas_of "$svc"); i++)); do
                printf '    server 127.0.0.1:%s;\n' "$(instance_port "$svc" "$i")"
            done
            printf '  }\n'
        done
        printf '  server {\n    listen 127.0.0.1:%s;\n' "$PROXY_PORT"
        for svc in "${SERVICES[@]}"; do
            printf '    location /%s/ {\n      proxy_pass http://%s/;\n' "$svc" "$svc"
            printf '      proxy_set_header Host $host;\n'
            printf '      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n'
            printf '      proxy_set_header X-Forwarded-Prefix /%s;\n    }\n' "$svc"
        done
        # Anything else is not an OrderFlow path: a problem body like the services' own.
        cat <<'CONF'
    error_page 413 = @too_large;
    location @too_large {
      default_type application/problem+json;
      return 413 '{"type":"https://orderflow.dev/problems/body-too-large","title":"Request body too large","status":413,"detail":"the request body is larger than 1048576 bytes","max_body_bytes":1048576}';
    }
    location / {
      default_type application/problem+json;
      return 404 '{"type":"about:blank","title":"Not Found","status":404,"detail":"no OrderFlow service at this path"}';
    }
  }
}
CONF
    } >"$VAR_DIR/nginx.conf"
}

start_proxy() {
    command -v nginx >/dev/null || die "nginx is not installed (apt-get install nginx-light)"
    mkdir -p "$VAR_DIR/tmp"
    write_nginx_conf
    if [[ -f "$VAR_DIR/nginx.pid" ]] && kill -0 "$(cat "$VAR_DIR/nginx.pid")" 2>/dev/null; then
        nginx -c "$VAR_DIR/nginx.conf" -s reload
    else
        nginx -c "$VAR_DIR/nginx.conf"
    fi
    log "proxy on $BASE_URL"
}

all_ready() {
    local svc i
    for svc in "${SERVICES[@]}"; do
        curl -fsS -o /dev/null "$BASE_URL/$svc/readyz" 2>/dev/null || return 1
        for ((i = 0; i < $(replicas_of "$svc"); i++)); do # every instance, not only one
            curl -fsS -o /dev/null "http://127.0.0.1:$(instance_port "$svc" "$i")/readyz" \
                2>/dev/null || return 1
        done
    done
}

wait_ready() {
    # Seven Python processes start at once on two cores: allow for a busy machine.
    local limit="${ORDERFLOW_TOPOLOGY_TIMEOUT:-300}" deadline svc pid_file name
    deadline=$((SECONDS + limit))
    until all_ready; do
        for pid_file in "$VAR_DIR"/*.pid; do
            name="$(basename "$pid_file" .pid)"
            [[ "$name" == nginx ]] && continue
            running "$name" || { tail -n 20 "$VAR_DIR/$name.log" >&2; die "$name exited"; }
        done
        if ((SECONDS >= deadline)); then
            for svc in "${SERVICES[@]}"; do
                curl -fsS -o /dev/null "$BASE_URL/$svc/readyz" 2>/dev/null ||
                    { log "$svc not ready; its log ends:"; tail -n 5 "$VAR_DIR/$svc.log" >&2; }
            done
            die "not ready within ${limit}s (logs in $VAR_DIR)"
        fi
        sleep 0.5
    done
    log "all seven services ready behind $BASE_URL"
}

start() {
    [[ -x "$ORDERFLOW" ]] || die "run 'uv sync' first ($ORDERFLOW missing)"
    mkdir -p "$VAR_DIR"
    "$REPO/deploy/postgres.sh" start
    "$REPO/deploy/kafka.sh" start
    "$REPO/deploy/kafka.sh" topics
    local svc
    for svc in "${SERVICES[@]}"; do start_service "$svc"; done
    start_proxy
    wait_ready
}

stop_pid() {
    local file="$1" pid
    [[ -f "$file" ]] || return 0
    pid="$(cat "$file")"
    if alive "$pid"; then
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 1 100); do alive "$pid" || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$file"
}

stop() {
    local svc
    if [[ -f "$VAR_DIR/nginx.pid" ]]; then
        nginx -c "$VAR_DIR/nginx.conf" -s quit 2>/dev/null || stop_pid "$VAR_DIR/nginx.pid"
    fi
    local pid_file
    for pid_file in "$VAR_DIR"/*.pid; do
        [[ "$pid_file" == */nginx.pid || ! -f "$pid_file" ]] && continue
        stop_pid "$pid_file"
    done
    if [[ "${1:-}" == "--all" ]]; then
        "$REPO/deploy/kafka.sh" stop
        "$REPO/deploy/postgres.sh" stop
    fi
    log "stopped"
}

case "${1:-}" in
start) start ;;
stop) stop "${2:-}" ;;
status) all_ready ;;
env) printf 'export ORDERFLOW_TEST_BASE_URL=%s\n' "$BASE_URL" ;;
*) die "usage: $0 start|stop [--all]|status|env" ;;
esac
