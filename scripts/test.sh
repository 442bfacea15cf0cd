#!/usr/bin/env bash
# The one command that runs every check and test: format, lint, types, build, unit,
# integration and end-to-end tests (the last two against real Kafka, Postgres and Redis).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
started=$(date +%s)
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "install dependencies"
  npm ci --no-audit --no-fund
fi

step "format";     npx prettier --check . --log-level warn
step "lint";       npx eslint . --max-warnings 0
step "types";      npm run --silent typecheck
step "build";      npm run --silent build
step "browser";    bash scripts/browser.sh

step "tests (unit, integration, end-to-end)"
mkdir -p test-results
status=0
bash scripts/with-stack.sh npx jest --runInBand --json --outputFile=test-results/jest.json || status=$?
node -e '
  const fs = require("node:fs");
  if (!fs.existsSync("./test-results/jest.json")) {
    console.log("\njest: no results (the tests did not run; see the error above)");
    process.exit(0);
  }
  const r = require("./test-results/jest.json");
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`\njest: ${r.numPassedTests} passed, ${r.numFailedTests} failed` + (skipped ? `, ${skipped} skipped` : ""));
' || true
echo "took $(( $(date +%s) - started )) s"
exit $status
