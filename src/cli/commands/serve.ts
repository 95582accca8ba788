import type { Command } from 'commander';
import { DEFAULT_AUDIT_RETENTION_DAYS } from '../../services/audit.js';
import { byteSize, dbOption, port, positiveInteger, proxyAddresses } from '../options.js';
import { serveUntilStopped } from '../serving.js';

export function serveCommand(program: Command): void {
  program
    .command('serve')
    .description('Serve the dashboard and the JSON API (under /api) for a database')
    .addOption(dbOption())
    .option('--port <n>', 'port to listen on (0: any free port)', port, 8080)
    .option('--host <addr>', 'address to listen on; 0.0.0.0 for every interface', '127.0.0.1')
    .option(
      '--trust-proxy [addresses]',
      'behind a reverse proxy: take the client address from X-Forwarded-For, believed only from these proxies (comma-separated IPs or CIDR ranges; without a value: the loopback addresses)',
      proxyAddresses,
    )
    .option(
      '--audit-retention-days <n>',
      `remove audit log entries older than this many days, at start and hourly`,
      positiveInteger,
      DEFAULT_AUDIT_RETENTION_DAYS,
    )
    .option(
      '--max-upload <size>',
      'the most one import sent to the server (POST /api/imports) may store, decompressed: e.g. 500MB, 2GB (default 2GB)',
      byteSize,
    )
    .option(
      '--metrics-token <token>',
      'serve GET /metrics (Prometheus text) to requests with Authorization: Bearer <token> (default: SERVICEMETER_METRICS_TOKEN; with neither, /metrics answers 404)',
    )
    .option(
      '--follow-queue-log <path>',
      'follow a growing Asterisk queue_log, importing its new lines about every second, through rotations and restarts (repeatable)',
      (path: string, earlier: string[]) => [...earlier, path],
      [] as string[],
    )
    .option(
      '--smtp <url>',
      'send survey e-mails through this mail server: smtp://user:password@host:587 or smtps://…:465 (default: SERVICEMETER_SMTP_URL)',
    )
    .option(
      '--mail-from <address>',
      'the address survey e-mails come from, e.g. surveys@acme.example (default: SERVICEMETER_MAIL_FROM)',
    )
    .option(
      '--public-url <url>',
      'where customers reach this server, for the links in survey e-mails when the survey settings name none (default: SERVICEMETER_PUBLIC_URL)',
    )
    .option(
      '--analytics <url>',
      "read the KPI answers from ClickHouse (clickhouse://user@host:8123/database or chdb:///folder), kept a copy of the database's analytical tables",
    )
    .option(
      '--stop-delay <seconds>',
      'when stopping, answer GET /readyz with 503 for this many seconds before refusing connections, so a load balancer stops sending first',
      positiveInteger,
    )
    .addHelpText(
      'after',
      `
The server holds the database file while it runs: other servicemeter commands on the same file stop
with a message naming the server. A PostgreSQL database (--db postgres://…) is not held that
way; backups through the server need a DuckDB file (PostgreSQL has pg_dump).
One JSON line per request goes to standard output. Stop with Ctrl+C (or SIGTERM): requests in
flight finish, then the database is closed.

The first admin: open the dashboard and create one, or run servicemeter user add --role admin.
API reference: docs/api.md, and GET /api/openapi.json.

Health checks and metrics (outside /api): GET /livez, GET /readyz, GET /metrics.

Survey e-mails (after resolved contacts, reminders, relationship waves) are sent by the jobs
survey-post-contact, survey-reminders and survey-wave through --smtp, from --mail-from, at most
5 a second; their links point to the survey settings' public address, else --public-url.
Running it as a service, behind a proxy, and backups: docs/deployment.md.

Examples:
  servicemeter serve --db team.duckdb
  servicemeter serve --db team.duckdb --host 0.0.0.0 --port 3000
  PGPASSWORD=… servicemeter serve --db postgres://meter@db.internal:5432/servicemeter
  servicemeter serve --db team.duckdb --follow-queue-log /var/log/asterisk/queue_log
  SERVICEMETER_SMTP_URL=smtp://surveys:secret@mail.acme.example:587 servicemeter serve --db team.duckdb \\
    --mail-from surveys@acme.example --public-url https://meter.acme.example
  (the mail server's password in the environment rather than --smtp: the process list shows options)
  CLICKHOUSE_PASSWORD=… servicemeter serve --db team.duckdb --analytics clickhouse://meter@ch.internal:8123/servicemeter
  PGPASSWORD=… CLICKHOUSE_PASSWORD=… servicemeter serve --db postgres://meter@db.internal:5432/servicemeter \\
    --analytics clickhouse://meter@ch.internal:8123/servicemeter

With --analytics the KPI answers (dashboard, scorecards' figures, API) are read from ClickHouse
whenever its copy holds the facts the database holds; after an import the database answers until
the new copy, made in the background, is in place: never a number the database would not give.
--db may be a DuckDB file or a PostgreSQL database. See docs/clickhouse.md.`,
    )
    .action(
      async (options: {
        db: string;
        port: number;
        host: string;
        trustProxy?: boolean | string[];
        auditRetentionDays: number;
        maxUpload?: number;
        metricsToken?: string;
        followQueueLog: string[];
        stopDelay?: number;
        smtp?: string;
        mailFrom?: string;
        publicUrl?: string;
        analytics?: string;
      }) => {
        await serveUntilStopped(options);
      },
    );
}
