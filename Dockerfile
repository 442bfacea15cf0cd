# One image for all five Tandem apps (gateway, bot, router, agent-desk, knowledge) and the
# migrate / seed-demo scripts. The command picks what runs, e.g.
#
#   docker build -t tandem:local .
#   docker run --rm --env-file app.env tandem:local                                 # gateway
#   docker run --rm --env-file app.env tandem:local node dist/apps/bot/src/main.js  # bot
#   docker run --rm -e DATABASE_URL=... tandem:local node dist/scripts/migrate.js
#
# Configuration is environment only (libs/config/src/load-config.ts and
# apps/<app>/src/config.ts; KAFKA_BROKERS, DATABASE_URL, REDIS_URL and JWT_SECRET are
# required); see docker-compose.yml and docs/docker.md.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---------------------------------------------------------------------------
# build: all dependencies (TypeScript, tsc-alias are devDependencies), then compile.
# ---------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app

# Lifecycle scripts are skipped: the build needs only tsc and tsc-alias, and the only
# install scripts in the lock file are native add-ons of test tooling (testcontainers'
# ssh2/cpu-features, @swc/core, @parcel/watcher) that would want python/make/g++.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts

COPY tsconfig.json tsconfig.build.json ./
COPY libs ./libs
COPY apps ./apps
COPY scripts ./scripts
# -> dist/apps/<app>/src/main.js, dist/scripts/migrate.js, dist/scripts/seed-demo.js
RUN npm run build \
 && test -f dist/apps/gateway/src/main.js \
 && test -f dist/apps/bot/src/main.js \
 && test -f dist/apps/router/src/main.js \
 && test -f dist/apps/agent-desk/src/main.js \
 && test -f dist/apps/knowledge/src/main.js \
 && test -f dist/scripts/migrate.js \
 && test -f dist/scripts/seed-demo.js

# ---------------------------------------------------------------------------
# deps: production dependencies only, exactly as locked (runs in parallel with build).
# ---------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# The one runtime package with an install script (protobufjs, via @nestjs/microservices)
# only prints a version-scheme warning from it. A future runtime dependency that needs
# a native build must drop --ignore-scripts here (and add build tools to this stage).
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts \
 && npm cache clean --force

# ---------------------------------------------------------------------------
# runtime: node, tini, the compiled code and production node_modules. Nothing else.
# ---------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime

# tini is PID 1: it forwards SIGTERM/SIGINT to node (the apps drain their Kafka consumer
# and outbox relay on SIGTERM, see libs/platform/src/bootstrap.ts) and reaps zombies.
# Not version-pinned: Debian mirrors drop superseded versions, which would break builds.
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*

# HOST: the config schema defaults to 127.0.0.1, which is unreachable from other
# containers and from published ports; in a container the apps must bind 0.0.0.0.
ENV NODE_ENV=production \
    HOST=0.0.0.0

WORKDIR /app
# Owned by root and read-only to the app user: the process cannot rewrite its own code.
COPY package.json package-lock.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The gateway's attachment directory: a fresh named volume takes this owner.
RUN mkdir -p /var/lib/tandem/attachments && chown 1000:1000 /var/lib/tandem/attachments

# The unprivileged "node" user (uid/gid 1000) that ships with the official node images;
# numeric, so orchestrators can verify it is not root (e.g. runAsNonRoot).
USER 1000:1000

# Ports by app: gateway 3000, bot 3001, router 3002, agent-desk 3003, knowledge 3004.
EXPOSE 3000 3001 3002 3003 3004

# No HEALTHCHECK here: the port depends on which app the command starts, and the
# migrate/seed one-shots have none. docker-compose.yml defines one per app, e.g.
#   node -e "fetch('http://127.0.0.1:3000/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"

ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/apps/gateway/src/main.js"]
