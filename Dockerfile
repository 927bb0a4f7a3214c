# syntax=docker/dockerfile:1
#
# ERP GraphQL gateway image, in two stages:
#   build   – every dependency plus a C++ toolchain; compiles TypeScript (`npm run build`: tsconfig.build.json,
#             rootDir ".", outDir "dist" → dist/src/main.js) and better-sqlite3's native addon.
#   runtime – production dependencies only, the compiled output and the addon; runs as the unprivileged `node` user.
#
# Assumptions, stated because this file is not built on the project's machines (base images cannot be pulled
# there; test/deploy.test.ts checks these properties by reading this file instead):
#   - Both stages use the same base image, so the addon compiled in `build` matches the runtime's Node ABI and glibc.
#   - The npm registry (and, for better-sqlite3, its prebuilt binaries, else the compiler) is reachable while the
#     image is BUILT. Nothing is downloaded while the container RUNS: the CMD is plain `node` on compiled files.
#   - The compiled output needs no ts-node: `npm start` (ts-node --transpile-only) is for development only.
#   - The health check asks 127.0.0.1:$PORT. A config file (GATEWAY_CONFIG) whose `port:` differs from PORT, or
#     whose `host:` is not reachable as 127.0.0.1 (a single interface address), makes the check fail: in a
#     container leave `port` and `host` out of the file and set PORT / HOST instead.
#
# Run (sandbox mode, no config): docker run -p 4000:4000 erp-gateway
# Run (real ERPs):  docker run -p 4000:4000 -v gw-data:/app/data -v $PWD/gateway.yaml:/etc/erp-gateway/gateway.yaml:ro \
#                     -e GATEWAY_CONFIG=/etc/erp-gateway/gateway.yaml -e T100_USER=… erp-gateway
# Secrets: `${NAME}` in the file reads NAME, or the file NAME_FILE names (e.g. T100_USER_FILE=/run/secrets/t100_user),
# or `${file:/run/secrets/t100_user}` directly — see docs/configuration.md.

############################ build ############################
FROM node:20-bookworm-slim AS build
WORKDIR /app

# better-sqlite3 compiles from source when no prebuilt binary can be fetched: node-gyp needs python3, make and g++.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*

# Dependencies first: this layer is reused while only the sources change.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# Exactly what tsconfig.build.json compiles (src, schema, resolvers, datasources, sandbox; tests excluded).
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY schema ./schema
COPY resolvers ./resolvers
COPY datasources ./datasources
COPY sandbox ./sandbox
RUN npm run build

############################ runtime ############################
FROM node:20-bookworm-slim AS runtime
WORKDIR /app

# HOST 0.0.0.0: the gateway's own default is loopback, unreachable from outside a container.
# GATEWAY_DATA_DIR: SQLite files (idempotency records unless DATABASE_URL, saga journal, sync ledger, sandbox ERPs).
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000 \
    GATEWAY_DATA_DIR=/app/data

# Production dependencies only (--omit=dev). --ignore-scripts: better-sqlite3's install step would fetch or compile
# its addon, needing a toolchain here; the addon compiled in `build` (same base image, same lockfile) is copied in.
# (typescript and ts-node are in "dependencies" because `npm start` uses them, so they are installed too.)
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm cache clean --force
COPY --from=build /app/node_modules/better-sqlite3/build/Release/better_sqlite3.node ./node_modules/better-sqlite3/build/Release/better_sqlite3.node
COPY --from=build /app/dist ./dist

# The only writable place, owned by the user the gateway runs as; code and dependencies stay root-owned.
RUN mkdir -p /app/data && chown node:node /app/data
VOLUME ["/app/data"]

# Non-root: the `node` user (uid 1000) the official image provides.
USER node

EXPOSE 4000

# No curl or wget in slim images: node itself asks /healthz (200 {"status":"ok"} once the server listens).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "require('node:http').get({ host: '127.0.0.1', port: process.env.PORT || 4000, path: '/healthz', timeout: 4000 }, (res) => process.exit(res.statusCode === 200 ? 0 : 1)).on('timeout', () => process.exit(1)).on('error', () => process.exit(1))"]

# main.ts stops cleanly on SIGTERM / SIGINT, so node can be PID 1 (`docker run --init` adds zombie reaping).
CMD ["node", "dist/src/main.js"]
