import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { shownClickHouseAddress } from '../engines/clickhouse/engine.js';
import { isPostgresUrl } from '../engines/postgres/engine.js';
import { checkSmtpUrl, createMailer, type OutgoingMail, redactSmtpUrl } from '../services/mail/mailer.js';
import { countAdmins } from '../services/users.js';
import { CliError, checkAnalyticsUrl, openDatabase, shownDatabase } from './database.js';
import { note } from './output.js';
import { packageVersion } from './version.js';

/** The built dashboard: dist/web beside dist/src. */
const DASHBOARD_DIR = fileURLToPath(new URL('../../web/', import.meta.url));

/** The mail server of `--smtp`/`--mail-from`/`--public-url` or their variables; null without one. */
export function outgoingMail(
  options: { smtp?: string; mailFrom?: string; publicUrl?: string },
  env: Readonly<Record<string, string | undefined>> = process.env,
): OutgoingMail | null {
  const url = options.smtp || env.SERVICEMETER_SMTP_URL || '';
  const from = options.mailFrom || env.SERVICEMETER_MAIL_FROM || '';
  const publicUrl = options.publicUrl || env.SERVICEMETER_PUBLIC_URL || null;
  if (publicUrl !== null && !/^https?:\/\/[^/]/.test(publicUrl))
    throw new CliError(`--public-url ${publicUrl}: expected an http:// or https:// address`);
  if (!url) {
    if (from) throw new CliError('--mail-from needs a mail server: give --smtp (or SERVICEMETER_SMTP_URL)');
    return null;
  }
  const problem = checkSmtpUrl(url);
  if (problem) throw new CliError(`--smtp ${redactSmtpUrl(url)} ${problem}`);
  if (!/^[^@\s<>]+@[^@\s<>]+$/.test(from))
    throw new CliError(
      from
        ? `--mail-from ${from}: expected an address such as surveys@acme.example`
        : '--smtp needs the address mails come from: give --mail-from (or SERVICEMETER_MAIL_FROM)',
    );
  return { mailer: createMailer(url), from, publicUrl };
}

/** Serves a database until SIGINT or SIGTERM, then stops gracefully. */
export async function serveUntilStopped(options: {
  db: string;
  port: number;
  host: string;
  trustProxy?: boolean | string[];
  auditRetentionDays?: number;
  /** `--max-upload`: bytes one import sent to the server may store. */
  maxUpload?: number;
  /** `--metrics-token`, else SERVICEMETER_METRICS_TOKEN: the bearer token of GET /metrics. */
  metricsToken?: string;
  /** `--follow-queue-log`: Asterisk queue_log files to follow. */
  followQueueLog?: string[];
  /** `--stop-delay`: seconds /readyz answers 503 before the server stops taking connections. */
  stopDelay?: number;
  /** `--smtp`, else SERVICEMETER_SMTP_URL: the mail server survey e-mails go through. */
  smtp?: string;
  /** `--mail-from`, else SERVICEMETER_MAIL_FROM: the address survey e-mails come from. */
  mailFrom?: string;
  /** `--public-url`, else SERVICEMETER_PUBLIC_URL: where customers reach the server. */
  publicUrl?: string;
  /** `--analytics`: the ClickHouse address KPI answers are read from. */
  analytics?: string;
  login?: string;
  /** The server's clock (default: the real one); the demo serves as if it were its last day. */
  now?: () => Date;
  /** Started once the server listens; stopped before the server closes. */
  alongside?: (url: string) => { stop(): Promise<void> };
}) {
  const { startServer } = await import('../server/serve.js');
  const onPostgres = isPostgresUrl(options.db);
  const shownDb = shownDatabase(options.db);
  // A followed log is known by its absolute path, so that a restart from another folder goes on.
  const followQueueLogs = (options.followQueueLog ?? []).map((path) => resolve(path));
  for (const path of followQueueLogs)
    if (!existsSync(dirname(path)))
      throw new CliError(`--follow-queue-log ${path}: there is no folder ${dirname(path)}`);
  if (options.analytics) checkAnalyticsUrl(options.analytics);
  const mail = outgoingMail(options);
  const db = await openDatabase(options.db, { serving: true });
  let server: Awaited<ReturnType<typeof startServer>>;
  let companion: { stop(): Promise<void> } | null = null;
  try {
    const admins = await countAdmins(db);
    server = await startServer(db, {
      // The marker beside a database file names the server holding it; a PostgreSQL database has no file.
      dbPath: onPostgres ? null : options.db,
      port: options.port,
      host: options.host,
      staticDir: DASHBOARD_DIR,
      version: packageVersion(),
      trustProxy: options.trustProxy ?? false,
      auditRetentionDays: options.auditRetentionDays,
      maxUploadBytes: options.maxUpload,
      metricsToken: options.metricsToken || process.env.SERVICEMETER_METRICS_TOKEN || null,
      followQueueLogs,
      stopDelayMs: (options.stopDelay ?? 0) * 1000,
      mail,
      publicUrl: options.publicUrl || process.env.SERVICEMETER_PUBLIC_URL || null,
      log: (entry) => process.stdout.write(`${JSON.stringify(entry)}\n`),
      now: options.now,
      analyticsUrl: options.analytics ?? null,
    });
    note(`servicemeter is serving ${shownDb} at ${server.url}`);
    if (options.analytics)
      note(
        `KPI answers are read from ClickHouse at ${shownClickHouseAddress(options.analytics)} once its copy holds the current facts`,
      );
    for (const path of followQueueLogs) note(`following the Asterisk queue_log ${path}`);
    if (options.login) note(options.login);
    else if (admins === 0)
      note(
        `no admin yet: open ${server.url} to create one, or run servicemeter user add --db ${shownDb} --email <e-mail> --role admin${server.setupToken ? `\nsetup token (asked when the setup page is opened from another machine): ${server.setupToken}` : ''}`,
      );
    if (!existsSync(join(DASHBOARD_DIR, 'index.html')))
      note('the dashboard is not built (npm run build); the API is served');
    note('stop with Ctrl+C');
    companion = options.alongside?.(server.url) ?? null;
  } catch (error) {
    mail?.mailer.close();
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
      Promise.resolve(companion?.stop())
        .then(() => server.close())
        .finally(() => mail?.mailer.close())
        .then(resolve, resolve);
    };
    const onInt = () => stop('SIGINT');
    const onTerm = () => stop('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
  });
  note('stopped');
}
