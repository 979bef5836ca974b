# syntax=docker/dockerfile:1
# One image for both apps: `bin/serve dist/apps/api/src/main.js` (default) or `bin/serve dist/apps/worker/src/main.js`
# (bin/serve runs node with the memory settings the service is measured with).
# Node 22, an LTS line in support (Node 20 is past its end of life); another with --build-arg NODE_VERSION=...
# The tests on our machines run on Node 20.20.2 (see the README).
ARG NODE_VERSION=22.20.0
FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles from source
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:${NODE_VERSION}-bookworm-slim
ENV NODE_ENV=production DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
COPY --from=build /app/config ./config
COPY --from=build /app/apps/api/web ./apps/api/web
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
# Liveness: the process serves (a long catch-up is not a reason to restart it); readiness is /health/ready.
HEALTHCHECK --interval=10s --timeout=3s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))" || exit 1
CMD ["bin/serve", "dist/apps/api/src/main.js"]
