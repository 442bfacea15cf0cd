#!/usr/bin/env bash
# Runs a command with the real Kafka, Postgres and Redis available. Where a Docker engine
# answers, the tests start them with testcontainers (test/global-setup.ts); otherwise the
# project's own stack script starts them on this machine.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ -z "${KAFKA_BROKERS:-}" ] || [ -z "${DATABASE_URL:-}" ] || [ -z "${REDIS_URL:-}" ]; then
  if [ "${TANDEM_TESTCONTAINERS:-auto}" != "0" ] && command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
    export TANDEM_TESTCONTAINERS=1
  else
    export TANDEM_TESTCONTAINERS=0
    bash scripts/stack.sh up
    set -a; . "${TANDEM_STACK_DIR:-$(pwd)/.stack}/env"; set +a
  fi
fi
exec "$@"
