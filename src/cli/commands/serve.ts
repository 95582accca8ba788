import type { Command } from 'commander';
import { DEFAULT_AUDIT_RETENTION_DAYS } from '../../services/audit.js';
import { dbOption, port, positiveInteger, proxyAddresses } from '../options.js';
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
    .addHelpText(
      'after',
      `
The server holds the database file while it runs: other servicemeter commands on the same file stop
with a message naming the server. One JSON line per request goes to standard output. Stop with
Ctrl+C (or SIGTERM): requests in flight finish, then the database is closed.

The first admin: open the dashboard and create one, or run servicemeter user add --role admin.
API reference: docs/api.md, and GET /api/openapi.json.

Examples:
  servicemeter serve --db team.duckdb
  servicemeter serve --db team.duckdb --host 0.0.0.0 --port 3000`,
    )
    .action(
      async (options: {
        db: string;
        port: number;
        host: string;
        trustProxy?: boolean | string[];
        auditRetentionDays: number;
      }) => {
        await serveUntilStopped(options);
      },
    );
}
