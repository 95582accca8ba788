# servicemeter: the server with its dashboard, built from this repository.
#   docker build -t servicemeter .
#   docker run -d -p 8080:8080 -v servicemeter-data:/data servicemeter
# See docs/deployment.md for the first import, the metrics token and backups.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# The prepare script builds, and needs the sources: install first, build after copying them.
RUN npm ci --ignore-scripts
COPY . .
RUN npm run build

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
# DuckDB comes as a prebuilt binding: no install scripts are needed at run time.
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
# The report PDFs and charts are set in DejaVu Sans, with Droid Sans Fallback for Chinese.
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core fonts-droid-fallback \
  && rm -rf /var/lib/apt/lists/*
COPY --from=build /app/dist ./dist
COPY --from=build /app/docs ./docs
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/livez').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "dist/src/cli/main.js"]
CMD ["serve", "--db", "/data/servicemeter.duckdb", "--host", "0.0.0.0", "--port", "8080"]
