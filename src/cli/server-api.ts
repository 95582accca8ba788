/**
 * The commands that work on a database file or, while `servicemeter serve` holds it, through that
 * server with an API token (surveys, qa): where the work is done, the options that say so, and the
 * server's API as such a command calls it.
 */
import type { Command } from 'commander';
import type { Engine } from '../core/engine.js';
import { CliError, withDatabase } from './database.js';
import { servingServer } from './import-remote.js';
import { dbOption } from './options.js';

export interface Where {
  db: string;
  server?: string;
  token?: string;
}

/** The answers of a server's problem document, in one line. */
async function refusal(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const problem = JSON.parse(text) as { detail?: string; title?: string; issues?: string[] };
    const issues = problem.issues?.filter((i) => i !== problem.detail) ?? [];
    return [problem.detail ?? problem.title ?? `HTTP ${response.status}`, ...issues].join('; ');
  } catch {
    return text.trim() || `HTTP ${response.status}`;
  }
}

/** A running server's API, with an API token; `prefix` is the part of the path every call shares. */
export class ServerApi {
  readonly base: string;
  constructor(
    server: string,
    private readonly token: string,
    private readonly prefix = '',
  ) {
    this.base = server.endsWith('/') ? server : `${server}/`;
  }

  async send(method: string, path: string, body?: unknown): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(new URL(`${this.prefix}${path.replace(/^\//, '')}`, this.base), {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw new CliError(
        `cannot reach the servicemeter server at ${this.base}: ${(error as Error).cause ?? (error as Error).message}`,
      );
    }
    if (!response.ok)
      throw new CliError(
        `the server at ${this.base} refused (${response.status}): ${await refusal(response)}`,
      );
    return response;
  }

  async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    return (await (await this.send(method, path, body)).json()) as T;
  }

  async bytes(path: string): Promise<Buffer> {
    return Buffer.from(await (await this.send('GET', path)).arrayBuffer());
  }
}

/** Where a command's work is done: on the database file, or through the server that holds it. */
export type Target = { kind: 'file'; db: string } | { kind: 'server'; api: ServerApi };

/** The server holding the database (or the one given), else the file itself. */
export function targetOf(options: Where, prefix = ''): Target {
  const server = options.server ?? servingServer(options.db);
  if (!server) return { kind: 'file', db: options.db };
  const token = options.token ?? process.env.SERVICEMETER_TOKEN;
  if (!token)
    throw new CliError(
      `${options.server ? `to work through the servicemeter server at ${server}` : `the servicemeter server at ${server} holds the database ${options.db}`}: give an API token of an admin or manager with --token or SERVICEMETER_TOKEN (the dashboard: Account → API tokens)`,
    );
  return { kind: 'server', api: new ServerApi(server, token, prefix) };
}

/** The same work through the server or on the file. */
export function onServerOrFile<T>(
  target: Target,
  remote: (api: ServerApi) => Promise<T>,
  local: (db: Engine) => Promise<T>,
): Promise<T> {
  return target.kind === 'server' ? remote(target.api) : withDatabase(target.db, local);
}

export function serverOptions(command: Command): Command {
  return command
    .addOption(dbOption())
    .option(
      '--server <url>',
      'work through this running servicemeter server (default: the server holding --db, if one runs)',
    )
    .option(
      '--token <token>',
      'API token of an admin or manager, when a server does the work (default: SERVICEMETER_TOKEN)',
    );
}
