import { randomBytes } from 'node:crypto';
import { openPostgres, type PostgresEngine } from '../../src/engines/postgres/engine.js';

/** The migrated database test databases are copied from (made by postgres-setup.ts). */
export const TEMPLATE_DATABASE = 'servicemeter_migrated';

/** The cluster's address with another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

function serverUrl(): string {
  const url = process.env.SERVICEMETER_TEST_POSTGRES_SERVER;
  if (!url)
    throw new Error(
      'no PostgreSQL server for the tests: vitest.config.ts starts one (test/support/postgres-setup.ts)',
    );
  return url;
}

export interface TestPostgres {
  url: string;
  /** Drops the database (its connections must be closed). */
  drop(): Promise<void>;
}

/** A new database on the test server: migrated unless `empty`. */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<TestPostgres> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = await openPostgres({ url: serverUrl(), maxConnections: 1 });
  try {
    await admin.run(
      options.empty ? `CREATE DATABASE ${name}` : `CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`,
    );
  } finally {
    await admin.close();
  }
  return {
    url: withDatabase(serverUrl(), name),
    async drop() {
      const again = await openPostgres({ url: serverUrl(), maxConnections: 1 });
      try {
        await again.run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await again.close();
      }
    },
  };
}

/** A new migrated database on the test server, opened; dropped again when `work` ends. */
export async function withPostgresServer<T>(
  work: (db: PostgresEngine, url: string) => Promise<T>,
): Promise<T> {
  const database = await createTestDatabase();
  const db = await openPostgres({ url: database.url });
  try {
    return await work(db, database.url);
  } finally {
    await db.close();
    await database.drop();
  }
}
