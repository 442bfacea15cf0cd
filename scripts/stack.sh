#!/usr/bin/env bash
# Local dev/test stack of REAL services: Apache Kafka (KRaft, single node),
# PostgreSQL and Redis, each bound to 127.0.0.1 on non-default ports and keeping
# all of its state under $TANDEM_STACK_DIR.
#
#   bash scripts/stack.sh up     [kafka|postgres|redis ...]   (default: all)
#   bash scripts/stack.sh down   [kafka|postgres|redis ...]   (default: all)
#   bash scripts/stack.sh status [kafka|postgres|redis ...]
#   bash scripts/stack.sh env                                   (prints export lines)
#
#   eval "$(bash scripts/stack.sh env)"
#
# Configuration (environment, with defaults):
#   TANDEM_STACK_DIR        <repo>/.stack       data dirs, pid files, logs, env file
#   TANDEM_KAFKA_LIB        <repo>/.stack/kafka-lib   Kafka jars (shared by stack dirs)
#   KAFKA_PORT              19092
#   KAFKA_CONTROLLER_PORT   19093
#   KAFKA_RETENTION_HOURS   8760
#   KAFKA_HEAP_OPTS         -Xms256m -Xmx512m
#   KAFKA_JVM_OPTS          -XX:+UseSerialGC -XX:TieredStopAtLevel=1 ...  (fast start-up)
#   KAFKA_START_TIMEOUT     60   seconds to wait for the broker to serve clients
#   PG_PORT                 15432
#   PG_USER / PG_PASSWORD / PG_DB   tandem / tandem / tandem
#   REDIS_PORT              16379
#
# Missing system packages (postgresql, postgresql-contrib, redis-server, and
# java/maven if absent) are installed with apt-get. System-wide services that
# those packages may start (postgres on 5432, redis on 6379) are never touched.
# `down` only stops processes this script started (found through its pid files).

set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
REPO_DIR="$(cd "$SCRIPT_DIR/.." && pwd -P)"

STACK_DIR="${TANDEM_STACK_DIR:-$REPO_DIR/.stack}"
KAFKA_LIB="${TANDEM_KAFKA_LIB:-$REPO_DIR/.stack/kafka-lib}"

KAFKA_VERSION="3.9.1"
KAFKA_PORT="${KAFKA_PORT:-19092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-19093}"
KAFKA_RETENTION_HOURS="${KAFKA_RETENTION_HOURS:-8760}"
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}"
KAFKA_JVM_OPTS="${KAFKA_JVM_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -Djava.awt.headless=true}"
KAFKA_START_TIMEOUT="${KAFKA_START_TIMEOUT:-60}"

PG_PORT="${PG_PORT:-15432}"
PG_USER="${PG_USER:-tandem}"
PG_PASSWORD="${PG_PASSWORD:-tandem}"
PG_DB="${PG_DB:-tandem}"

REDIS_PORT="${REDIS_PORT:-16379}"

ALL_SERVICES=(kafka postgres redis)

# ----------------------------------------------------------------------------
# helpers
# ----------------------------------------------------------------------------

log() { printf '[stack] %s\n' "$*" >&2; }
die() { printf '[stack] ERROR: %s\n' "$*" >&2; exit 1; }

now_ms() { date +%s%3N; }
elapsed() { awk -v s="$1" -v e="$(now_ms)" 'BEGIN { printf "%.1f", (e - s) / 1000 }'; }

is_root() { [[ $EUID -eq 0 ]]; }

as_root() {
  if is_root; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"
  else die "need root to run: $* (install it by hand or run as root)"
  fi
}

APT_UPDATED=0
apt_install() {
  command -v apt-get >/dev/null 2>&1 || die "apt-get not found; install by hand: $*"
  if [[ $APT_UPDATED -eq 0 ]]; then
    log "apt-get update"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 -q update >&2 \
      || die "apt-get update failed"
    APT_UPDATED=1
  fi
  log "apt-get install -y $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 -q install -y "$@" >&2 \
    || die "apt-get install $* failed"
}

# proc_running PID: the process exists and is not a zombie (an exited process
# whose new parent, after our shell is gone, has not reaped it yet).
proc_running() {
  kill -0 "$1" 2>/dev/null || return 1
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
  stat=${stat##*) }
  [[ ${stat:0:1} != Z ]]
}

# pid_alive PID [PATTERN]: process running (and its command line contains PATTERN).
pid_alive() {
  local pid=$1 pattern=${2:-}
  [[ -n $pid && $pid =~ ^[0-9]+$ ]] || return 1
  proc_running "$pid" || return 1
  if [[ -n $pattern ]]; then
    [[ -r /proc/$pid/cmdline ]] || return 1
    tr '\0' ' ' </proc/"$pid"/cmdline | grep -qF -- "$pattern" || return 1
  fi
  return 0
}

read_pid() { [[ -s $1 ]] && head -n1 "$1" | tr -dc '0-9' || true; }

# port_open PORT: something accepts TCP connections on 127.0.0.1:PORT.
port_open() {
  timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$1" >/dev/null 2>&1
}

# stop_pid NAME PID TIMEOUT: SIGTERM, wait bounded, then SIGKILL.
stop_pid() {
  local name=$1 pid=$2 timeout=$3 i
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < timeout * 10; i++)); do
    proc_running "$pid" || return 0
    sleep 0.1
  done
  log "$name (pid $pid) did not stop within ${timeout}s: sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do
    proc_running "$pid" || return 0
    sleep 0.1
  done
  die "$name (pid $pid) is still alive after SIGKILL"
}

port_taken_die() {
  die "port $1 (127.0.0.1:$1) is already in use by a process this stack did not start; \
set $2 to a free port (e.g. $2=$(($1 + 10000))) or stop whatever listens there"
}

urlencode() {
  local s=$1 out='' c i
  for ((i = 0; i < ${#s}; i++)); do
    c=${s:i:1}
    case $c in
      [a-zA-Z0-9.~_-]) out+=$c ;;
      *) out+=$(printf '%%%02X' "'$c") ;;
    esac
  done
  printf '%s' "$out"
}

env_lines() {
  printf 'KAFKA_BROKERS=127.0.0.1:%s\n' "$KAFKA_PORT"
  printf 'DATABASE_URL=postgres://%s:%s@127.0.0.1:%s/%s\n' \
    "$(urlencode "$PG_USER")" "$(urlencode "$PG_PASSWORD")" "$PG_PORT" "$(urlencode "$PG_DB")"
  printf 'REDIS_URL=redis://127.0.0.1:%s\n' "$REDIS_PORT"
}

write_env_file() {
  local tmp="$STACK_DIR/env.tmp.$$"
  env_lines >"$tmp"
  mv -f "$tmp" "$STACK_DIR/env"
}

# ----------------------------------------------------------------------------
# Kafka
# ----------------------------------------------------------------------------

KAFKA_DIR="$STACK_DIR/kafka"
KAFKA_DATA="$KAFKA_DIR/data"
KAFKA_PROPS="$KAFKA_DIR/server.properties"
KAFKA_PIDFILE="$KAFKA_DIR/kafka.pid"
KAFKA_LOG="$KAFKA_DIR/kafka.log"
KAFKA_CLUSTER_ID_FILE="$KAFKA_DIR/cluster-id"
KAFKA_LIB_MARKER="$KAFKA_LIB/.tandem-kafka-$KAFKA_VERSION"

ensure_java() {
  command -v java >/dev/null 2>&1 || apt_install default-jre-headless
}

ensure_kafka_lib() {
  [[ -f $KAFKA_LIB_MARKER ]] && return 0
  ensure_java
  command -v mvn >/dev/null 2>&1 || apt_install maven
  mkdir -p "$(dirname "$KAFKA_LIB")"
  # Serialise concurrent downloads into the shared lib dir.
  exec 8>"$KAFKA_LIB.lock"
  flock -w 900 8 || die "timed out waiting for the lock on $KAFKA_LIB.lock"
  if [[ ! -f $KAFKA_LIB_MARKER ]]; then
    local start tmp="$KAFKA_LIB.tmp.$$"
    start=$(now_ms)
    log "kafka: fetching org.apache.kafka:kafka_2.13:$KAFKA_VERSION from Maven Central into $KAFKA_LIB"
    rm -rf "$tmp"
    local mvnlog="$KAFKA_LIB.mvn.log"
    (cd "$SCRIPT_DIR/kafka" && mvn -q -B -Dstyle.color=never -f "$SCRIPT_DIR/kafka/pom.xml" \
      dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$tmp") >"$mvnlog" 2>&1 \
      || { tail -n 40 "$mvnlog" >&2; rm -rf "$tmp"; die "maven could not fetch the Kafka jars (log: $mvnlog)"; }
    ls "$tmp"/kafka_2.13-"$KAFKA_VERSION".jar >/dev/null 2>&1 \
      || { rm -rf "$tmp"; die "maven ran but kafka_2.13-$KAFKA_VERSION.jar is missing in $tmp"; }
    touch "$tmp/.tandem-kafka-$KAFKA_VERSION"
    rm -rf "$KAFKA_LIB"
    mv "$tmp" "$KAFKA_LIB"
    log "kafka: jars ready ($(ls "$KAFKA_LIB"/*.jar | wc -l) jars, $(elapsed "$start")s)"
  fi
  flock -u 8
  exec 8>&-
}

kafka_java() {
  # shellcheck disable=SC2086
  java $KAFKA_HEAP_OPTS $KAFKA_JVM_OPTS \
    -Dlog4j.configuration="file:$SCRIPT_DIR/kafka/log4j.properties" \
    -cp "$KAFKA_LIB/*" "$@"
}

write_kafka_props() {
  local tmp="$KAFKA_PROPS.tmp.$$"
  cat >"$tmp" <<EOF
# Generated by scripts/stack.sh on every 'up'; edit the script, not this file.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$KAFKA_DATA
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
group.initial.rebalance.delay.ms=0
group.min.session.timeout.ms=1000
auto.create.topics.enable=false
num.partitions=3
default.replication.factor=1
min.insync.replicas=1
log.retention.hours=$KAFKA_RETENTION_HOURS
EOF
  mv -f "$tmp" "$KAFKA_PROPS"
}

# kafka_rpc PORT BODY_HEX NBYTES: send one Kafka request (BODY_HEX = request
# header + body, without the 4-byte size prefix) over bash's /dev/tcp and print
# the first NBYTES of the response (size prefix included) as hex. Uses only old,
# non-flexible API versions, which Kafka 3.9 still serves: no Kafka client,
# no extra JVM start.
kafka_rpc() {
  local port=$1 body=$2 n=$3 esc
  esc=$(printf '%08x%s' "$(( ${#body} / 2 ))" "$body" | sed 's/../\\x&/g')
  timeout 3 bash -c '
      exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
      printf "$2" >&3
      head -c "$3" <&3' _ "$port" "$esc" "$n" 2>/dev/null | od -An -tx1 | tr -d ' \n' || true
}

KAFKA_CLIENT_ID_HEX="0004746e646d" # client_id "tndm"

# kafka_ready PORT: Metadata v0 (all topics) must answer with our correlation id
# and list at least one live broker. The broker only processes client requests
# once it has finished starting up (registered with the controller and
# unfenced), so this is stronger than "port open".
kafka_ready() {
  local hex
  hex=$(kafka_rpc "$1" "0003000054444d31${KAFKA_CLIENT_ID_HEX}00000000" 12)
  [[ ${#hex} -eq 24 && ${hex:8:8} == 54444d31 && ${hex:16:8} != 00000000 ]]
}

# kafka_warm PORT: make the first real client fast and quiet. FindCoordinator v0
# creates __consumer_offsets (consumer groups) and InitProducerId v0 makes the
# broker fetch its first producer-id block from the controller (idempotent
# producers); both answer "not available / loading" until done.
kafka_warm() {
  local port=$1 deadline hex fc_ok=0 pid_ok=0
  deadline=$(( $(now_ms) + 30000 ))
  while (( fc_ok == 0 || pid_ok == 0 )); do
    if (( fc_ok == 0 )); then
      # group_id "tandem-stack-warmup"
      hex=$(kafka_rpc "$port" "000a000054444d32${KAFKA_CLIENT_ID_HEX}0013$(printf '%s' tandem-stack-warmup | od -An -tx1 | tr -d ' \n')" 10)
      [[ ${#hex} -eq 20 && ${hex:8:8} == 54444d32 && ${hex:16:4} == 0000 ]] && fc_ok=1
    fi
    if (( pid_ok == 0 )); then
      # transactional_id = null, transaction_timeout_ms = 60000
      hex=$(kafka_rpc "$port" "0016000054444d33${KAFKA_CLIENT_ID_HEX}ffff0000ea60" 14)
      [[ ${#hex} -eq 28 && ${hex:8:8} == 54444d33 && ${hex:24:4} == 0000 ]] && pid_ok=1
    fi
    (( fc_ok == 1 && pid_ok == 1 )) && return 0
    if (( $(now_ms) > deadline )); then
      log "kafka: warning: warm-up incomplete (group coordinator ok=$fc_ok, producer ids ok=$pid_ok); clients may retry at first"
      return 0
    fi
    sleep 0.2
  done
}

kafka_pid() {
  local pid
  pid=$(read_pid "$KAFKA_PIDFILE")
  if pid_alive "$pid" "$KAFKA_PROPS"; then echo "$pid"; fi
}

kafka_up() {
  mkdir -p "$KAFKA_DIR"
  local pid
  pid=$(kafka_pid)
  if [[ -n $pid ]]; then
    if kafka_ready "$KAFKA_PORT"; then
      log "kafka: already running (pid $pid) on 127.0.0.1:$KAFKA_PORT"
      return 0
    fi
    log "kafka: process $pid is alive but not serving yet; waiting"
    kafka_wait "$pid" "$(now_ms)"
    return 0
  fi
  rm -f "$KAFKA_PIDFILE"
  port_open "$KAFKA_PORT" && port_taken_die "$KAFKA_PORT" KAFKA_PORT
  port_open "$KAFKA_CONTROLLER_PORT" && port_taken_die "$KAFKA_CONTROLLER_PORT" KAFKA_CONTROLLER_PORT

  ensure_java
  ensure_kafka_lib
  write_kafka_props
  mkdir -p "$KAFKA_DATA"

  if [[ ! -f $KAFKA_DATA/meta.properties ]]; then
    local cid
    if [[ -s $KAFKA_CLUSTER_ID_FILE ]]; then
      cid=$(head -n1 "$KAFKA_CLUSTER_ID_FILE")
    else
      cid=$(kafka_java kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n1 | tr -d '[:space:]')
      [[ $cid =~ ^[A-Za-z0-9_-]{22}$ ]] || die "kafka: StorageTool random-uuid returned '$cid'"
      echo "$cid" >"$KAFKA_CLUSTER_ID_FILE"
    fi
    log "kafka: formatting $KAFKA_DATA (cluster id $cid)"
    kafka_java kafka.tools.StorageTool format -t "$cid" -c "$KAFKA_PROPS" -g >"$KAFKA_DIR/format.log" 2>&1 \
      || { tail -n 30 "$KAFKA_DIR/format.log" >&2; die "kafka: storage format failed (log: $KAFKA_DIR/format.log)"; }
  fi

  [[ -f $KAFKA_LOG ]] && mv -f "$KAFKA_LOG" "$KAFKA_LOG.1"
  log "kafka: starting broker on 127.0.0.1:$KAFKA_PORT (controller $KAFKA_CONTROLLER_PORT)"
  local start
  start=$(now_ms)
  # New session (setsid) so the broker outlives this shell and its terminal;
  # every inherited descriptor is redirected or closed (no lock fd leaks).
  (
    cd "$KAFKA_DIR"
    # shellcheck disable=SC2086
    exec setsid java $KAFKA_HEAP_OPTS $KAFKA_JVM_OPTS \
      -Dlog4j.configuration="file:$SCRIPT_DIR/kafka/log4j.properties" \
      -cp "$KAFKA_LIB/*" kafka.Kafka "$KAFKA_PROPS"
  ) </dev/null >"$KAFKA_LOG" 2>&1 9>&- 8>&- &
  pid=$!
  echo "$pid" >"$KAFKA_PIDFILE"
  kafka_wait "$pid" "$start"
}

kafka_wait() {
  local pid=$1 start=$2 deadline
  deadline=$(( $(now_ms) + KAFKA_START_TIMEOUT * 1000 ))
  while ! kafka_ready "$KAFKA_PORT"; do
    if ! proc_running "$pid"; then
      rm -f "$KAFKA_PIDFILE"
      tail -n 40 "$KAFKA_LOG" >&2 || true
      die "kafka: broker exited during start-up (log: $KAFKA_LOG)"
    fi
    if (( $(now_ms) > deadline )); then
      tail -n 40 "$KAFKA_LOG" >&2 || true
      log "kafka: not ready after ${KAFKA_START_TIMEOUT}s; stopping pid $pid"
      stop_pid kafka "$pid" 30
      rm -f "$KAFKA_PIDFILE"
      die "kafka: broker did not become ready within ${KAFKA_START_TIMEOUT}s (log: $KAFKA_LOG)"
    fi
    sleep 0.2
  done
  kafka_warm "$KAFKA_PORT"
  log "kafka: ready on 127.0.0.1:$KAFKA_PORT (pid $pid, $(elapsed "$start")s)"
}

kafka_down() {
  local pid
  pid=$(kafka_pid)
  if [[ -z $pid ]]; then
    rm -f "$KAFKA_PIDFILE"
    log "kafka: not running"
    return 0
  fi
  log "kafka: stopping pid $pid"
  stop_pid kafka "$pid" 60
  rm -f "$KAFKA_PIDFILE"
  log "kafka: stopped"
}

kafka_status() {
  local pid state
  pid=$(kafka_pid)
  if [[ -n $pid ]]; then
    if kafka_ready "$KAFKA_PORT"; then state=running; else state=starting; fi
  else
    state=stopped; pid=-
  fi
  printf '%-8s %-8s 127.0.0.1:%-6s pid=%-8s data=%s\n' kafka "$state" "$KAFKA_PORT" "$pid" "$KAFKA_DATA"
}

# ----------------------------------------------------------------------------
# PostgreSQL
# ----------------------------------------------------------------------------

PG_DIR="$STACK_DIR/postgres"
PG_DATA="$PG_DIR/data"
PG_LOG="$PG_DIR/postgres.log"
PG_SOCKET_DIR="$PG_DIR/run"
PG_BIN=""

if is_root; then PG_OS_USER=postgres; else PG_OS_USER=$(id -un); fi

# Unix socket paths are limited to ~107 bytes; fall back to a short dir.
if (( ${#PG_SOCKET_DIR} + 20 > 100 )); then
  PG_SOCKET_DIR="/tmp/tandem-pg-$(printf '%s' "$PG_DIR" | md5sum | cut -c1-12)"
fi

pg_find_bin() {
  local want="" d
  [[ -s $PG_DATA/PG_VERSION ]] && want=$(cat "$PG_DATA/PG_VERSION")
  if [[ -n $want ]]; then
    [[ -x /usr/lib/postgresql/$want/bin/initdb && -f /usr/share/postgresql/$want/extension/pg_trgm.control ]] \
      && { echo "/usr/lib/postgresql/$want/bin"; return 0; }
    return 1
  fi
  for d in $(ls -d /usr/lib/postgresql/*/ 2>/dev/null | sort -V -r); do
    local v
    v=$(basename "$d")
    if [[ -x $d/bin/initdb && -f /usr/share/postgresql/$v/extension/pg_trgm.control ]]; then
      echo "${d%/}/bin"; return 0
    fi
  done
  return 1
}

ensure_postgres_installed() {
  if ! PG_BIN=$(pg_find_bin); then
    if [[ -s $PG_DATA/PG_VERSION ]]; then
      apt_install "postgresql-$(cat "$PG_DATA/PG_VERSION")" postgresql-contrib
    else
      apt_install postgresql postgresql-contrib
    fi
    PG_BIN=$(pg_find_bin) || die "postgres: initdb/pg_trgm still missing after apt-get install"
  fi
  if is_root; then id -u postgres >/dev/null 2>&1 || die "postgres: OS user 'postgres' does not exist"; fi
}

# Run a command as the OS user that owns the cluster (postgres refuses root).
as_pg() {
  if is_root; then (cd / && runuser -u "$PG_OS_USER" -- "$@"); else (cd / && "$@"); fi
}

# The postgres OS user must be able to reach the data dir through every parent.
pg_ensure_reachable() {
  is_root || return 0
  as_pg test -x "$PG_DIR" -a -w "$PG_DIR" 2>/dev/null && return 0
  # Walk down from / and open up (search only, o+x) the first blocking parents.
  local d="" part
  local -a parts
  IFS=/ read -r -a parts <<<"${PG_DIR#/}"
  for part in "${parts[@]}"; do
    [[ -n $part ]] || continue
    d="$d/$part"
    if ! as_pg test -x "$d" 2>/dev/null; then
      log "postgres: granting search permission (o+x) on $d so the 'postgres' user can reach $PG_DIR"
      chmod o+x "$d"
    fi
  done
  as_pg test -x "$PG_DIR" -a -w "$PG_DIR" 2>/dev/null \
    || die "postgres: the 'postgres' OS user cannot access $PG_DIR"
}

pg_pid() {
  # postmaster.pid is postgres's own pid file; only trust it if that process
  # is a postgres serving this data dir.
  local pid
  pid=$(read_pid "$PG_DATA/postmaster.pid")
  if pid_alive "$pid" "$PG_DATA"; then echo "$pid"; fi
}

pg_psql() {
  # Superuser connection over our own unix socket (peer auth).
  as_pg "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCKET_DIR" -p "$PG_PORT" -U "$PG_OS_USER" "$@"
}

pg_sql_literal() { printf "'%s'" "${1//\'/\'\'}"; }

write_pg_runtime_conf() {
  # Included from postgresql.conf; regenerated on every 'up' so ports follow the env.
  local f="$PG_DATA/tandem_runtime.conf"
  as_pg tee "$f.tmp" >/dev/null <<EOF
# Generated by scripts/stack.sh on every 'up'.
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_SOCKET_DIR'
EOF
  as_pg mv -f "$f.tmp" "$f"
}

pg_initdb() {
  log "postgres: initdb $PG_DATA"
  local pwfile="$PG_DIR/.initdb-pw"
  as_pg mkdir -p "$PG_DATA"
  as_pg chmod 700 "$PG_DATA"
  # Bootstrap superuser (= the OS user) gets a random password; it only ever
  # connects over the unix socket with peer auth.
  head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' | as_pg tee "$pwfile" >/dev/null
  as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U "$PG_OS_USER" --pwfile="$pwfile" \
    --auth-local=peer --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >>"$PG_LOG.initdb" 2>&1 \
    || { rm -f "$pwfile"; tail -n 30 "$PG_LOG.initdb" >&2; die "postgres: initdb failed (log: $PG_LOG.initdb)"; }
  rm -f "$pwfile"
  as_pg tee -a "$PG_DATA/postgresql.conf" >/dev/null <<'EOF'

# ---- tandem dev/test stack (scripts/stack.sh) ----
max_connections = 300
shared_buffers = 128MB
password_encryption = 'scram-sha-256'
logging_collector = off
log_min_messages = warning
log_line_prefix = '%m [%p] %q%u@%d '
# fsync / synchronous_commit / full_page_writes keep their (durable) defaults.
include_if_exists = 'tandem_runtime.conf'
EOF
}

pg_bootstrap() {
  local user_l pass_l db_l
  user_l=$(pg_sql_literal "$PG_USER"); pass_l=$(pg_sql_literal "$PG_PASSWORD"); db_l=$(pg_sql_literal "$PG_DB")
  pg_psql -d postgres <<EOF >/dev/null
SELECT CASE WHEN EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $user_l)
  THEN format('ALTER ROLE %I WITH LOGIN SUPERUSER CREATEDB PASSWORD %L', $user_l, $pass_l)
  ELSE format('CREATE ROLE %I WITH LOGIN SUPERUSER CREATEDB PASSWORD %L', $user_l, $pass_l)
END \gexec
EOF
  pg_psql -d template1 -c 'SET client_min_messages = warning' -c 'CREATE EXTENSION IF NOT EXISTS pg_trgm' >/dev/null
  pg_psql -d postgres <<EOF >/dev/null
SELECT format('CREATE DATABASE %I OWNER %I', $db_l, $user_l)
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = $db_l) \gexec
EOF
  pg_psql -d "$PG_DB" -c 'SET client_min_messages = warning' -c 'CREATE EXTENSION IF NOT EXISTS pg_trgm' >/dev/null
}

postgres_up() {
  local start pid
  start=$(now_ms)
  ensure_postgres_installed
  mkdir -p "$PG_DIR"
  is_root && chown "$PG_OS_USER": "$PG_DIR"
  pg_ensure_reachable
  as_pg mkdir -p "$PG_SOCKET_DIR"
  as_pg chmod 700 "$PG_SOCKET_DIR"

  pid=$(pg_pid)
  if [[ -n $pid ]] && as_pg "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"; then
    log "postgres: already running (pid $pid) on 127.0.0.1:$PG_PORT"
  else
    if [[ -z $pid ]]; then
      port_open "$PG_PORT" && port_taken_die "$PG_PORT" PG_PORT
      [[ -s $PG_DATA/PG_VERSION ]] || pg_initdb
      write_pg_runtime_conf
      log "postgres: starting on 127.0.0.1:$PG_PORT"
      as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 60 start >/dev/null 9>&- 8>&- \
        || { tail -n 30 "$PG_LOG" >&2 || true; die "postgres: pg_ctl start failed (log: $PG_LOG)"; }
    fi
    local i
    for ((i = 0; i < 300; i++)); do
      as_pg "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" && break
      sleep 0.2
    done
    as_pg "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" \
      || die "postgres: not accepting connections on 127.0.0.1:$PG_PORT (log: $PG_LOG)"
  fi
  pg_bootstrap
  log "postgres: ready on 127.0.0.1:$PG_PORT (pid $(pg_pid), $(elapsed "$start")s)"
}

postgres_down() {
  local pid
  pid=$(pg_pid)
  if [[ -z $pid ]]; then
    log "postgres: not running"
    return 0
  fi
  PG_BIN=$(pg_find_bin) || die "postgres: binaries for $PG_DATA not found"
  log "postgres: stopping pid $pid (pg_ctl stop -m fast)"
  if ! as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 60 stop >/dev/null; then
    log "postgres: pg_ctl stop failed; signalling pid $pid"
    stop_pid postgres "$pid" 30
  fi
  log "postgres: stopped"
}

postgres_status() {
  local pid state=stopped
  pid=$(pg_pid)
  if [[ -n $pid ]]; then
    if port_open "$PG_PORT"; then state=running; else state=starting; fi
  else
    pid=-
  fi
  printf '%-8s %-8s 127.0.0.1:%-6s pid=%-8s data=%s\n' postgres "$state" "$PG_PORT" "$pid" "$PG_DATA"
}

# ----------------------------------------------------------------------------
# Redis
# ----------------------------------------------------------------------------

REDIS_DIR="$STACK_DIR/redis"
REDIS_DATA="$REDIS_DIR/data"
REDIS_CONF="$REDIS_DIR/redis.conf"
REDIS_PIDFILE="$REDIS_DIR/redis.pid"
REDIS_LOG="$REDIS_DIR/redis.log"

redis_ping() {
  local out
  out=$(timeout 2 bash -c '
      exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
      printf "PING\r\n" >&3
      head -c 7 <&3' _ "$1" 2>/dev/null) || true
  [[ $out == "+PONG"* ]]
}

redis_pid() {
  local pid
  pid=$(read_pid "$REDIS_PIDFILE")
  if pid_alive "$pid" redis-server; then echo "$pid"; fi
}

redis_up() {
  local start pid
  start=$(now_ms)
  mkdir -p "$REDIS_DATA"
  pid=$(redis_pid)
  if [[ -n $pid ]]; then
    local i
    for ((i = 0; i < 50; i++)); do redis_ping "$REDIS_PORT" && break; sleep 0.1; done
    if redis_ping "$REDIS_PORT"; then
      log "redis: already running (pid $pid) on 127.0.0.1:$REDIS_PORT"
      return 0
    fi
    die "redis: pid $pid is alive but does not answer PING on 127.0.0.1:$REDIS_PORT (log: $REDIS_LOG)"
  fi
  rm -f "$REDIS_PIDFILE"
  port_open "$REDIS_PORT" && port_taken_die "$REDIS_PORT" REDIS_PORT
  command -v redis-server >/dev/null 2>&1 || apt_install redis-server
  cat >"$REDIS_CONF" <<EOF
# Generated by scripts/stack.sh on every 'up'.
bind 127.0.0.1
protected-mode yes
port $REDIS_PORT
daemonize yes
supervised no
pidfile $REDIS_PIDFILE
logfile $REDIS_LOG
loglevel notice
dir $REDIS_DATA
appendonly yes
appendfsync everysec
save 3600 1 300 100 60 10000
EOF
  log "redis: starting on 127.0.0.1:$REDIS_PORT"
  redis-server "$REDIS_CONF" </dev/null >/dev/null 2>>"$REDIS_LOG" 9>&- 8>&- \
    || { tail -n 20 "$REDIS_LOG" >&2 || true; die "redis: redis-server failed to start (log: $REDIS_LOG)"; }
  local i
  for ((i = 0; i < 100; i++)); do
    redis_ping "$REDIS_PORT" && [[ -n $(redis_pid) ]] && break
    sleep 0.1
  done
  redis_ping "$REDIS_PORT" || { tail -n 20 "$REDIS_LOG" >&2 || true; die "redis: not answering PING on 127.0.0.1:$REDIS_PORT (log: $REDIS_LOG)"; }
  log "redis: ready on 127.0.0.1:$REDIS_PORT (pid $(redis_pid), $(elapsed "$start")s)"
}

redis_down() {
  local pid
  pid=$(redis_pid)
  if [[ -z $pid ]]; then
    rm -f "$REDIS_PIDFILE"
    log "redis: not running"
    return 0
  fi
  log "redis: stopping pid $pid"
  stop_pid redis "$pid" 30
  rm -f "$REDIS_PIDFILE"
  log "redis: stopped"
}

redis_status() {
  local pid state=stopped
  pid=$(redis_pid)
  if [[ -n $pid ]]; then
    if redis_ping "$REDIS_PORT"; then state=running; else state=starting; fi
  else
    pid=-
  fi
  printf '%-8s %-8s 127.0.0.1:%-6s pid=%-8s data=%s\n' redis "$state" "$REDIS_PORT" "$pid" "$REDIS_DATA"
}

# ----------------------------------------------------------------------------
# main
# ----------------------------------------------------------------------------

usage() {
  sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

parse_services() {
  SERVICES=()
  if [[ $# -eq 0 ]]; then SERVICES=("${ALL_SERVICES[@]}"); return; fi
  local s
  for s in "$@"; do
    case $s in
      kafka|postgres|redis) SERVICES+=("$s") ;;
      pg|postgresql) SERVICES+=(postgres) ;;
      all) SERVICES=("${ALL_SERVICES[@]}"); return ;;
      *) die "unknown service '$s' (expected: kafka postgres redis)" ;;
    esac
  done
}

lock_stack() {
  mkdir -p "$STACK_DIR"
  exec 9>"$STACK_DIR/.lock"
  flock -w 600 9 || die "timed out waiting for another stack.sh on $STACK_DIR"
}

main() {
  [[ $# -ge 1 ]] || usage
  local cmd=$1; shift
  case $cmd in
    up)
      parse_services "$@"
      lock_stack
      local start s
      start=$(now_ms)
      log "stack dir: $STACK_DIR"
      for s in "${SERVICES[@]}"; do "${s}_up"; done
      write_env_file
      log "up: ${SERVICES[*]} ready in $(elapsed "$start")s; env: $STACK_DIR/env (eval \"\$(bash scripts/stack.sh env)\")"
      ;;
    down)
      parse_services "$@"
      [[ -d $STACK_DIR ]] || { log "nothing to stop: $STACK_DIR does not exist"; return 0; }
      lock_stack
      local s i
      # Stop in reverse order of start-up.
      for ((i = ${#SERVICES[@]} - 1; i >= 0; i--)); do s=${SERVICES[i]}; "${s}_down"; done
      ;;
    status)
      parse_services "$@"
      local s
      for s in "${SERVICES[@]}"; do "${s}_status"; done
      ;;
    env)
      [[ $# -eq 0 ]] || die "env takes no arguments"
      local line
      if [[ -s $STACK_DIR/env ]]; then
        while IFS= read -r line; do [[ -n $line ]] && printf 'export %s\n' "$line"; done <"$STACK_DIR/env"
      else
        env_lines | sed 's/^/export /'
      fi
      ;;
    -h|--help|help) usage ;;
    *) log "unknown command '$cmd'"; usage ;;
  esac
}

main "$@"
