# syntax=docker/dockerfile:1
# Multi-stage build: compile TypeScript with dev dependencies, ship only production dependencies and the build.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json ./
COPY src ./src
COPY bench ./bench
COPY rules ./rules
COPY schema ./schema
COPY app.yml ./
RUN npm ci && npm prune --omit=dev

FROM node:20-bookworm-slim
# HIPAA_STATE_DIR: where the one-process mode journals accepted reviews (mount a volume there; unused with REDIS_URL).
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 HIPAA_STATE_DIR=/app/state
WORKDIR /app
RUN mkdir -p /app/state && chown node:node /app/state
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --from=build --chown=node:node /app/rules ./rules
COPY --from=build --chown=node:node /app/schema ./schema
COPY --from=build --chown=node:node /app/app.yml ./
USER node
VOLUME ["/app/state"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/src/app/main.js"]
