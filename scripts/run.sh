#!/usr/bin/env bash
# Runs the whole platform on this machine: dependencies, the local stack (real Kafka,
# Postgres, Redis), migrations, demo data, and the five apps. Ctrl-C stops the apps;
# `bash scripts/stack.sh down` stops the stack.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)

say() { printf '\033[1m[tandem]\033[0m %s\n' "$*" >&2; }

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi

bash scripts/stack.sh up
set -a; . "${TANDEM_STACK_DIR:-$ROOT/.stack}/env"; set +a

# A development secret, made once per machine; production sets JWT_SECRET itself.
SECRET_FILE="${TANDEM_STACK_DIR:-$ROOT/.stack}/jwt-secret"
[ -s "$SECRET_FILE" ] || node -e "process.stdout.write(require('crypto').randomBytes(32).toString('base64url'))" > "$SECRET_FILE"
export JWT_SECRET="${JWT_SECRET:-$(cat "$SECRET_FILE")}"
KEY_FILE="${TANDEM_STACK_DIR:-$ROOT/.stack}/gateway-encryption-key"
[ -s "$KEY_FILE" ] || node -e "process.stdout.write(require('crypto').randomBytes(32).toString('base64'))" > "$KEY_FILE"
export GATEWAY_ENCRYPTION_KEY="${GATEWAY_ENCRYPTION_KEY:-$(cat "$KEY_FILE")}"
export KAFKA_TOPIC_PREFIX="${KAFKA_TOPIC_PREFIX:-tandem}"
export LOG_LEVEL="${LOG_LEVEL:-info}"

say "building"
npm run --silent build
say "migrating"
node dist/scripts/migrate.js
say "loading the demo"
node dist/scripts/seed-demo.js

LOGS="${TANDEM_STACK_DIR:-$ROOT/.stack}/logs"
mkdir -p "$LOGS"
# Each app's port (its *_PORT setting, the defaults otherwise), and where the apps find each other.
export GATEWAY_PORT="${GATEWAY_PORT:-3000}" BOT_PORT="${BOT_PORT:-3001}" ROUTER_PORT="${ROUTER_PORT:-3002}"
export DESK_PORT="${DESK_PORT:-3003}" KNOWLEDGE_PORT="${KNOWLEDGE_PORT:-3004}"
export GATEWAY_URL="${GATEWAY_URL:-http://127.0.0.1:$GATEWAY_PORT}"
export KNOWLEDGE_URL="${KNOWLEDGE_URL:-http://127.0.0.1:$KNOWLEDGE_PORT}"
export DESK_URL="${DESK_URL:-http://127.0.0.1:$DESK_PORT}"
export BOT_URL="${BOT_URL:-http://127.0.0.1:$BOT_PORT}"
# The console is served by the desk and calls knowledge and the router from the browser.
export CONSOLE_ORIGINS="${CONSOLE_ORIGINS:-http://127.0.0.1:$DESK_PORT,http://localhost:$DESK_PORT}"
export CONSOLE_KNOWLEDGE_URL="${CONSOLE_KNOWLEDGE_URL:-http://127.0.0.1:$KNOWLEDGE_PORT}"
export CONSOLE_ROUTER_URL="${CONSOLE_ROUTER_URL:-http://127.0.0.1:$ROUTER_PORT}"
export CONSOLE_BOT_URL="${CONSOLE_BOT_URL:-http://127.0.0.1:$BOT_PORT}"
declare -A PORTS=([gateway]=$GATEWAY_PORT [bot]=$BOT_PORT [router]=$ROUTER_PORT [agent-desk]=$DESK_PORT [knowledge]=$KNOWLEDGE_PORT)
PIDS=()
stop() {
  say "stopping the apps"
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait || true
  say "stopped (the stack keeps running; bash scripts/stack.sh down stops it)"
}
trap stop INT TERM

for app in knowledge bot router agent-desk gateway; do
  node "dist/apps/$app/src/main.js" >>"$LOGS/$app.log" 2>&1 &
  PIDS+=($!)
done

for app in knowledge bot router agent-desk gateway; do
  port=${PORTS[$app]}
  for _ in $(seq 1 120); do
    if curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; then break; fi
    sleep 0.5
  done
  curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 || { say "$app did not become ready; see $LOGS/$app.log"; stop; exit 1; }
done

cat >&2 <<INFO

  Tandem is running.
    console      http://127.0.0.1:$DESK_PORT/console/   (agents, supervisors, knowledge)
    chat widget  http://127.0.0.1:$GATEWAY_PORT/widget/demo.html   (a customer's site with the widget)
    gateway      http://127.0.0.1:$GATEWAY_PORT   webhook: POST /v1/channels/00000000-0000-4000-8000-000000000001/messages
    bot          http://127.0.0.1:$BOT_PORT
    router       http://127.0.0.1:$ROUTER_PORT
    agent-desk   http://127.0.0.1:$DESK_PORT   login: POST /v1/auth/login
    knowledge    http://127.0.0.1:$KNOWLEDGE_PORT
    logs         $LOGS/<app>.log
    stack        Kafka $KAFKA_BROKERS · Postgres $DATABASE_URL · Redis $REDIS_URL

  Demo logins (tenant "demo", password "tandem-demo"):
    alice@demo.test (agent) · bob@demo.test (agent) · sam@demo.test (supervisor) · admin@demo.test (admin)

  Talk to it as a customer on the demo page above, or in another terminal:   npm run chat
  Ctrl-C stops the apps.

INFO
wait
