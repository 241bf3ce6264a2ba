# syntax=docker/dockerfile:1
# The production image: multi-stage, production dependencies only, non-root, a HEALTHCHECK on /healthz.
# Docker cannot run on the machines this project is developed and tested on, so the image runs exactly
# the commands test/integration/production-start.test.ts runs, in the same order, and that test stands
# in for building it: `npm run bundle -- /app` (after the ordinary `npm ci`), then in /app
# `npm ci --omit=dev`, `node dist/main.js`, and `node dist/healthcheck.js` as the health check.
# A change here is a change to that test, and the other way round.

FROM node:20-bookworm-slim AS base
# The npm the tests run with: npm 11 runs only the install scripts package.json's allowScripts approves.
RUN npm install -g npm@11.19.1

FROM base AS build
WORKDIR /build
# The install generates the Prisma client from the schema (postinstall).
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
# The admin page, built with the server into dist/admin.
COPY admin ./admin
RUN npm run bundle -- /app

FROM base
ENV NODE_ENV=production HOST=0.0.0.0 PORT=4000
WORKDIR /app
COPY --from=build /app ./
RUN npm ci --omit=dev && npm cache clean --force
USER node
EXPOSE 4000
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 CMD ["node", "dist/healthcheck.js"]
# node itself as PID 1: `docker stop` sends SIGTERM straight to it, and it shuts down within 10 s.
CMD ["node", "dist/main.js"]
