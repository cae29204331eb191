#!/usr/bin/env bash
# A real Apache Kafka broker for local runs and CI, without Docker: one node in KRaft
# combined mode (broker + controller), bound to 127.0.0.1 only.
#
#   deploy/kafka.sh start     fetch the jars (once, cached), format storage (once), start, wait until ready
#   deploy/kafka.sh stop      SIGTERM, wait, SIGKILL as a last resort
#   deploy/kafka.sh status    exit 0 when running
#   deploy/kafka.sh topics    create the application topics (idempotent)
#   deploy/kafka.sh list      list the topics
#   deploy/kafka.sh run CLASS [ARGS...]   run any class from the Kafka jars, e.g.
#       deploy/kafka.sh run org.apache.kafka.tools.ConsoleProducer --bootstrap-server 127.0.0.1:9092 --topic t
#
# Environment: ORDERFLOW_KAFKA_PORT (9092), ORDERFLOW_KAFKA_CONTROLLER_PORT (9093),
# ORDERFLOW_VAR (<repo>/var: data, logs, config), ORDERFLOW_CACHE (<repo>/.cache: jars).
set -euo pipefail

# The pinned broker version. The jars come from Maven Central (the broker's POM pulls in
# everything else). KAFKA_LOG4J_VERSION must match the log4j-core that this Kafka version
# depends on: it adds the slf4j -> log4j2 binding that the broker POM leaves out, without
# which the broker would not log at all.
KAFKA_VERSION="4.4.0"
KAFKA_LOG4J_VERSION="2.25.5"

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HOST="127.0.0.1" # loopback only, never anything else
PORT="${ORDERFLOW_KAFKA_PORT:-9092}"
CONTROLLER_PORT="${ORDERFLOW_KAFKA_CONTROLLER_PORT:-9093}"
BOOTSTRAP="$HOST:$PORT"
READY_TIMEOUT=90 # seconds

CACHE_DIR="${ORDERFLOW_CACHE:-$REPO/.cache}/kafka-$KAFKA_VERSION"
LIBS="$CACHE_DIR/libs"
VAR_DIR="${ORDERFLOW_VAR:-$REPO/var}/kafka"
DATA_DIR="$VAR_DIR/data"
LOG_DIR="$VAR_DIR/logs"
CONF_DIR="$VAR_DIR/config"
SERVER_PROPERTIES="$CONF_DIR/server.properties"
PID_FILE="$VAR_DIR/kafka.pid"
HELPER_SRC="$REPO/deploy/kafka/AdminHelper.java"

SERVICES=(intake review production procurement logistics aftersales reporting)
TOPIC_PARTITIONS=3

log() { printf 'kafka: %s\n' "$*" >&2; }
die() {
    log "error: $*"
    exit 1
}

require_java() {
    command -v java >/dev/null || die "java not found (Kafka $KAFKA_VERSION needs Java 17+)"
    local major
    major="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
    [[ "${major%%.*}" -ge 17 ]] 2>/dev/null || die "Kafka $KAFKA_VERSION needs Java 17+, found java ${major:-?}"
}

# --- jars -----------------------------------------------------------------------------

# Download the broker's jars once with a throw-away POM. The copy goes to a temporary
# directory that is renamed into place only when complete, so an interrupted download is
# never mistaken for a cached one.
fetch_jars() {
    [[ -d "$LIBS" ]] && return 0
    command -v mvn >/dev/null || die "mvn not found: needed once to fetch the Kafka jars"
    log "fetching Kafka $KAFKA_VERSION jars from Maven Central into $LIBS"
    mkdir -p "$CACHE_DIR"
    local work
    work="$(mktemp -d "$CACHE_DIR/fetch.XXXXXX")"
    # kafka-tools brings the console producer/consumer and TopicCommand for `run`; its
    # Connect runtime (jetty, jersey, ...) is not needed for that, so it is left out.
    cat >"$work/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.orderflow</groupId>
  <artifactId>kafka-jars</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.apache.kafka</groupId>
      <artifactId>kafka_2.13</artifactId>
      <version>$KAFKA_VERSION</version>
    </dependency>
    <dependency>
      <groupId>org.apache.kafka</groupId>
      <artifactId>kafka-tools</artifactId>
      <version>$KAFKA_VERSION</version>
      <exclusions>
        <exclusion><groupId>org.apache.kafka</groupId><artifactId>connect-runtime</artifactId></exclusion>
      </exclusions>
    </dependency>
    <dependency>
      <groupId>org.apache.logging.log4j</groupId>
      <artifactId>log4j-slf4j-impl</artifactId>
      <version>$KAFKA_LOG4J_VERSION</version>
    </dependency>
  </dependencies>
</project>
EOF
    if ! (cd "$work" && mvn -B -q -Dstyle.color=never dependency:copy-dependencies \
        -DoutputDirectory="$work/libs" -DincludeScope=runtime >"$work/mvn.log" 2>&1); then
        tail -n 40 "$work/mvn.log" >&2
        rm -rf "$work"
        die "could not fetch org.apache.kafka:kafka_2.13:$KAFKA_VERSION"
    fi
    [[ -f "$work/libs/kafka_2.13-$KAFKA_VERSION.jar" ]] || die "maven ran but kafka_2.13-$KAFKA_VERSION.jar is missing"
    mv "$work/libs" "$LIBS"
    rm -rf "$work"
}

# Short-lived JVMs (tools, the helper): C1 only and the serial GC start faster.
TOOL_JVM_OPTS=(-Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC)

tool_log4j_config() {
    local file="$CACHE_DIR/log4j2-tools.properties"
    if [[ ! -f "$file" ]]; then
        mkdir -p "$CACHE_DIR"
        cat >"$file" <<'EOF'
# Tools log warnings and errors to stderr only.
status = warn
appender.err.type = Console
appender.err.name = stderr
appender.err.target = SYSTEM_ERR
appender.err.layout.type = PatternLayout
appender.err.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = WARN
rootLogger.appenderRef.err.ref = stderr
EOF
    fi
    printf '%s' "$file"
}

# run_class CLASS ARGS...: run a main class from the Kafka jars.
run_class() {
    fetch_jars
    java "${TOOL_JVM_OPTS[@]}" -Dlog4j2.configurationFile="$(tool_log4j_config)" \
        -cp "$LIBS/*" "$@"
}

# helper ARGS...: run deploy/kafka/AdminHelper.java. Compiled once per source version
# when javac is there; otherwise through the source launcher (slower, JRE is enough).
helper() {
    fetch_jars
    local hash classes
    hash="$(sha256sum "$HELPER_SRC" | cut -c1-12)"
    classes="$CACHE_DIR/helper-$hash"
    if [[ ! -f "$classes/AdminHelper.class" ]] && command -v javac >/dev/null; then
        local tmp
        tmp="$(mktemp -d "$CACHE_DIR/helper.XXXXXX")"
        if javac -nowarn -d "$tmp" -cp "$LIBS/*" "$HELPER_SRC"; then
            mv -T "$tmp" "$classes" 2>/dev/null || rm -rf "$tmp" # lost a race: fine
        else
            rm -rf "$tmp"
        fi
    fi
    local log4j
    log4j="$(tool_log4j_config)"
    if [[ -f "$classes/AdminHelper.class" ]]; then
        java "${TOOL_JVM_OPTS[@]}" -Dlog4j2.configurationFile="$log4j" -cp "$classes:$LIBS/*" AdminHelper "$@"
    else
        java "${TOOL_JVM_OPTS[@]}" -Dlog4j2.configurationFile="$log4j" -cp "$LIBS/*" "$HELPER_SRC" "$@"
    fi
}

# --- config ---------------------------------------------------------------------------

write_config() {
    mkdir -p "$DATA_DIR" "$LOG_DIR" "$CONF_DIR"
    cat >"$SERVER_PROPERTIES" <<EOF
# Written by deploy/kafka.sh on every start; edit the script, not this file.
process.roles=broker,controller
node.id=1
listeners=PLAINTEXT://$HOST:$PORT,CONTROLLER://$HOST:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$HOST:$PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.quorum.bootstrap.servers=$HOST:$CONTROLLER_PORT
log.dirs=$DATA_DIR

# Topics are created explicitly (deploy/kafka.sh topics), never by a typo.
auto.create.topics.enable=false
num.partitions=$TOPIC_PARTITIONS

# One node: every internal topic has a single replica.
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
# Fewer partitions than the default 50 make the first consumer-group join (which
# creates __consumer_offsets) fast on a small machine.
offsets.topic.num.partitions=10
transaction.state.log.num.partitions=10

# Tests start consumer groups all the time: join at once instead of after 3 s.
group.initial.rebalance.delay.ms=0
EOF
    # The broker logs to a file; stdout/stderr (kafka.out) only gets what the JVM itself prints.
    cat >"$CONF_DIR/log4j2.properties" <<'EOF'
status = warn
appender.file.type = RollingFile
appender.file.name = file
appender.file.fileName = ${sys:kafka.logs.dir}/server.log
appender.file.filePattern = ${sys:kafka.logs.dir}/server.log.%i
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
appender.file.policies.type = Policies
appender.file.policies.size.type = SizeBasedTriggeringPolicy
appender.file.policies.size.size = 50MB
appender.file.strategy.type = DefaultRolloverStrategy
appender.file.strategy.max = 3
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = file
# The noisiest loggers, as in Kafka's own config.
logger.statechange.name = state.change.logger
logger.statechange.level = WARN
logger.request.name = kafka.request.logger
logger.request.level = WARN
EOF
}

# Format the storage once; --ignore-formatted makes a second format a no-op anyway, the
# meta.properties check just saves a JVM start on every warm start.
format_storage() {
    [[ -f "$DATA_DIR/meta.properties" ]] && return 0
    local cluster_id
    cluster_id="$(run_class kafka.tools.StorageTool random-uuid)"
    log "formatting $DATA_DIR (cluster id $cluster_id)"
    run_class kafka.tools.StorageTool format --standalone --ignore-formatted \
        -t "$cluster_id" -c "$SERVER_PROPERTIES" >"$LOG_DIR/format.log" 2>&1 ||
        {
            cat "$LOG_DIR/format.log" >&2
            die "storage format failed"
        }
}

# --- process --------------------------------------------------------------------------

# The broker's pid if it is running: from the pid file, checked against the command line
# so that a reused pid is never taken for the broker.
broker_pid() {
    local pid
    [[ -f "$PID_FILE" ]] || return 1
    pid="$(<"$PID_FILE")"
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    [[ -r "/proc/$pid/cmdline" ]] || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF "kafka.Kafka $SERVER_PROPERTIES" || return 1
    printf '%s' "$pid"
}

port_open() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

wait_ready() {
    local pid="$1" deadline=$((SECONDS + READY_TIMEOUT))
    # Cheap check first: the listener accepts connections (the process must stay alive).
    until port_open "$PORT"; do
        kill -0 "$pid" 2>/dev/null || {
            tail -n 30 "$LOG_DIR/server.log" "$LOG_DIR/kafka.out" >&2 2>/dev/null || true
            die "broker exited during startup (logs in $LOG_DIR)"
        }
        ((SECONDS < deadline)) || die "port $PORT not open after ${READY_TIMEOUT}s (logs in $LOG_DIR)"
        sleep 0.2
    done
    # Then a real metadata request, with what is left of the deadline.
    local left=$((deadline - SECONDS))
    ((left > 5)) || left=5
    helper wait "$BOOTSTRAP" "$left" || die "broker not answering metadata requests (logs in $LOG_DIR)"
}

cmd_start() {
    local pid
    if pid="$(broker_pid)"; then
        log "already running (pid $pid) on $BOOTSTRAP"
        return 0
    fi
    require_java
    if port_open "$PORT" || port_open "$CONTROLLER_PORT"; then
        die "port $PORT or $CONTROLLER_PORT is already in use by another process"
    fi
    local started=$SECONDS
    fetch_jars
    write_config
    format_storage
    log "starting Kafka $KAFKA_VERSION on $BOOTSTRAP (controller $HOST:$CONTROLLER_PORT)"
    nohup java -Xms256m -Xmx512m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
        -Dkafka.logs.dir="$LOG_DIR" -Dlog4j2.configurationFile="$CONF_DIR/log4j2.properties" \
        -cp "$LIBS/*" kafka.Kafka "$SERVER_PROPERTIES" \
        </dev/null >"$LOG_DIR/kafka.out" 2>&1 &
    pid=$!
    echo "$pid" >"$PID_FILE"
    wait_ready "$pid"
    log "ready (pid $pid) in $((SECONDS - started))s; logs in $LOG_DIR"
}

cmd_stop() {
    local pid
    if ! pid="$(broker_pid)"; then
        rm -f "$PID_FILE"
        log "not running"
        return 0
    fi
    log "stopping (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    # A clean shutdown of one node takes a few seconds; give it 30 before SIGKILL.
    local i
    for ((i = 0; i < 300; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        log "still running after 30s: SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
        while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
    fi
    rm -f "$PID_FILE"
    log "stopped"
}

cmd_status() {
    local pid
    if pid="$(broker_pid)"; then
        echo "kafka $KAFKA_VERSION running (pid $pid) on $BOOTSTRAP"
    else
        echo "kafka not running"
        return 3
    fi
}

cmd_topics() {
    broker_pid >/dev/null || die "not running: deploy/kafka.sh start first"
    local topics=() svc
    for svc in "${SERVICES[@]}"; do
        topics+=("orderflow.$svc.events" "orderflow.$svc.dlq")
    done
    helper ensure-topics "$BOOTSTRAP" "$TOPIC_PARTITIONS" "${topics[@]}"
}

case "${1:-}" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    topics) cmd_topics ;;
    list) helper list "$BOOTSTRAP" ;;
    run)
        shift
        [[ $# -ge 1 ]] || die "usage: $0 run CLASS [ARGS...]"
        run_class "$@"
        ;;
    *)
        echo "usage: $0 start|stop|status|topics|list|run CLASS [ARGS...]" >&2
        exit 2
        ;;
esac
