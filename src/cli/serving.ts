import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { countAdmins } from '../services/users.js';
import { CliError, openDatabase } from './database.js';
import { note } from './output.js';
import { packageVersion } from './version.js';

/** The built dashboard: dist/web beside dist/src. */
const DASHBOARD_DIR = fileURLToPath(new URL('../../web/', import.meta.url));

/** Serves a database until SIGINT or SIGTERM, then stops gracefully. */
export async function serveUntilStopped(options: {
  db: string;
  port: number;
  host: string;
  trustProxy?: boolean | string[];
  auditRetentionDays?: number;
  login?: string;
}) {
  const { startServer } = await import('../server/serve.js');
  const db = await openDatabase(options.db);
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    const admins = await countAdmins(db);
    server = await startServer(db, {
      dbPath: options.db,
      port: options.port,
      host: options.host,
      staticDir: DASHBOARD_DIR,
      version: packageVersion(),
      trustProxy: options.trustProxy ?? false,
      auditRetentionDays: options.auditRetentionDays,
      log: (entry) => process.stdout.write(`${JSON.stringify(entry)}\n`),
    });
    note(`servicemeter is serving ${options.db} at ${server.url}`);
    if (options.login) note(options.login);
    else if (admins === 0)
      note(
        `no admin yet: open ${server.url} to create one, or run servicemeter user add --db ${options.db} --email <e-mail> --role admin${server.setupToken ? `\nsetup token (asked when the setup page is opened from another machine): ${server.setupToken}` : ''}`,
      );
    if (!existsSync(join(DASHBOARD_DIR, 'index.html')))
      note('the dashboard is not built (npm run build); the API is served');
    note('stop with Ctrl+C');
  } catch (error) {
    await db.close();
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE')
      throw new CliError(`port ${options.port} on ${options.host} is in use; choose another with --port`);
    throw error;
  }
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      note(`${signal}: finishing requests and closing the database…`);
      server.close().then(resolve, resolve);
    };
    const onInt = () => stop('SIGINT');
    const onTerm = () => stop('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
  });
  note('stopped');
}
