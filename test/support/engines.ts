import { rmSync } from 'node:fs';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Engine } from '../../src/core/engine.js';
import type { KpiValue } from '../../src/core/kpi/query.js';
import { CONTACT_KEY_TABLES } from '../../src/core/migrations.js';
import { CANONICAL_TABLES, TABLES } from '../../src/core/schema.js';
import { type ClickHouseEngine, openClickHouse } from '../../src/engines/clickhouse/engine.js';
import { type DuckDbEngine, openDuckDb } from '../../src/engines/duckdb/engine.js';
import { openPglite, type PgliteEngine } from '../../src/engines/pglite/engine.js';
import { openPostgres, type PostgresEngine } from '../../src/engines/postgres/engine.js';
import { migrateToClickHouse } from '../../src/services/analytics-copy.js';
import { importFiles } from '../../src/services/import.js';
import { migrate } from '../../src/services/migrate.js';
import { rebuildFacts } from '../../src/services/rebuild.js';
import { createTestDatabase } from './postgres.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

/**
 * The engines a test runs on: a DuckDB file, a database on the test run's PostgreSQL server
 * (vitest.config.ts starts it) and PGlite (embedded PostgreSQL).
 */
export type EngineKind = 'duckdb' | 'postgres' | 'postgres-server';

/** The PostgreSQL engines: both are filled by copying a DuckDB database. */
export type PostgresKind = Exclude<EngineKind, 'duckdb'>;

/** The engines the contract suites run on: the others and ClickHouse (chDB), which holds copies. */
export type ContractEngineKind = EngineKind | 'clickhouse';

/**
 * The PostgreSQL engines the engine-by-engine tests run on: the server, which users run. PGlite
 * speaks the same SQL through WebAssembly at several times the cost, and the parity suite
 * (test/parity.test.ts) and the contract suites keep it to the same numbers: see EVERY_ENGINE.
 */
export const POSTGRES_ENGINES: readonly { readonly kind: PostgresKind }[] = [{ kind: 'postgres-server' }];

/** Both PostgreSQL engines, for the parity and contract suites. */
export const EVERY_POSTGRES_ENGINE: readonly { readonly kind: PostgresKind }[] = [
  { kind: 'postgres' },
  { kind: 'postgres-server' },
];

export const ENGINES: readonly { readonly kind: EngineKind }[] = [{ kind: 'duckdb' }, ...POSTGRES_ENGINES];

/**
 * Every engine: the contract suites (indicators, drill-down, scorecards, privacy) run on each.
 * ClickHouse (chDB, in the test process) holds the analytical tables copied from the DuckDB file.
 */
export const EVERY_ENGINE: readonly { readonly kind: ContractEngineKind }[] = [
  { kind: 'duckdb' },
  ...EVERY_POSTGRES_ENGINE,
  { kind: 'clickhouse' },
];

export async function withTempDir<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'servicemeter-test-'));
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Where a test process keeps folders for its whole life: the run's scratch folder (scratch-setup.ts). */
function processScratch(): string {
  return process.env.SERVICEMETER_TEST_SCRATCH ?? tmpdir();
}

/**
 * Migrated empty databases, made once per test process: a new test database starts as a copy of one
 * (a file copy, a PGlite data directory loaded) instead of running every migration again.
 */
let migratedDuckDbFile: Promise<string> | null = null;
let migratedPgliteDir: Promise<Blob> | null = null;

/** A new migrated DuckDB database at `path`. */
export async function openMigratedDuckDb(path: string): Promise<DuckDbEngine> {
  migratedDuckDbFile ??= (async () => {
    const dir = await mkdtemp(join(processScratch(), 'servicemeter-template-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'migrated.duckdb');
    const db = await openDuckDb({ path: file });
    await migrate(db);
    await db.close();
    return file;
  })();
  await copyFile(await migratedDuckDbFile, path);
  return openDuckDb({ path });
}

/** A new migrated PGlite database. */
export async function openMigratedPglite(): Promise<PgliteEngine> {
  migratedPgliteDir ??= (async () => {
    const pg = await openPglite();
    await migrate(pg);
    const dir = await pg.dumpDataDir();
    await pg.close();
    return dir;
  })();
  return openPglite({ from: await migratedPgliteDir });
}

/** A migrated DuckDB file in a temporary folder, with `paths` imported. */
export async function withDuckDb<T>(
  paths: string[],
  work: (db: DuckDbEngine, dir: string) => Promise<T>,
): Promise<T> {
  return withTempDir(async (dir) => {
    const db = await openMigratedDuckDb(join(dir, 'test.duckdb'));
    try {
      if (paths.length > 0) {
        const result = await importFiles(db, paths);
        if (!result.ok) throw new Error(`fixture import failed: ${JSON.stringify(result.error)}`);
      }
      return await work(db, dir);
    } finally {
      await db.close();
    }
  });
}

/** A new migrated database on the test server, opened; dropped again when `work` ends. */
export async function withMigratedServer<T>(work: (db: PostgresEngine) => Promise<T>): Promise<T> {
  const database = await createTestDatabase();
  try {
    const db = await openPostgres({ url: database.url });
    try {
      return await work(db);
    } finally {
      await db.close();
    }
  } finally {
    await database.drop();
  }
}

/**
 * A new empty migrated PostgreSQL database of `kind`, for tests that keep it open from test to test;
 * closing it drops it from the server.
 */
export async function openMigratedPostgres(kind: PostgresKind): Promise<Engine> {
  if (kind === 'postgres') return openMigratedPglite();
  const database = await createTestDatabase();
  const db = await openPostgres({ url: database.url }).catch(async (error: unknown) => {
    await database.drop();
    throw error;
  });
  return {
    ...db,
    async close() {
      try {
        await db.close();
      } finally {
        await database.drop();
      }
    },
  };
}

/** A new empty migrated PostgreSQL database of `kind`, closed (and dropped) when `work` ends. */
export async function withMigratedPostgres<T>(
  kind: PostgresKind,
  work: (db: PgliteEngine | PostgresEngine) => Promise<T>,
): Promise<T> {
  if (kind === 'postgres-server') return withMigratedServer(work);
  const pg = await openMigratedPglite();
  try {
    return await work(pg);
  } finally {
    await pg.close();
  }
}

/** An empty migrated database of any engine, for tests that write the rows they need. */
export async function withMigrated<T>(kind: EngineKind, work: (db: Engine) => Promise<T>): Promise<T> {
  if (kind !== 'duckdb') return withMigratedPostgres(kind, work);
  return withTempDir(async (dir) => {
    const duck = await openMigratedDuckDb(join(dir, 'test.duckdb'));
    try {
      return await work(duck);
    } finally {
      await duck.close();
    }
  });
}

/** Copies the canonical tables of a DuckDB database into another engine, then rebuilds its facts there. */
export async function copyCanonical(from: Engine, to: Engine): Promise<void> {
  await migrate(to);
  for (const table of CANONICAL_TABLES) {
    const columns = TABLES[table].columns.map((c) => c.name);
    if ((CONTACT_KEY_TABLES as readonly string[]).includes(table)) columns.push('contact_key');
    if (table === 'contact_events') columns.push('seq');
    const select = columns.map((c) => `CAST(${c} AS VARCHAR) AS ${c}`).join(', ');
    const rows = await from.all(`SELECT ${select} FROM ${table}`);
    await to.insertRows(
      table,
      columns,
      rows.map((r) => columns.map((c) => r[c] ?? null)),
    );
  }
  await rebuildFacts(to);
  // What an import leaves beside the canonical rows and the quality views read: the automatic
  // checks it ran, disputes and calibration sessions; and what it read from the customers' texts.
  for (const table of [...OPERATIONAL_QA_TABLES, ...WORDS_TABLES]) {
    const columns = (
      await from.all(
        `SELECT column_name FROM information_schema.columns WHERE table_name = '${table}' ORDER BY ordinal_position`,
      )
    ).map((r) => String(r.column_name));
    const select = columns.map((c) => `CAST(${c} AS VARCHAR) AS ${c}`).join(', ');
    const rows = await from.all(`SELECT ${select} FROM ${table}`);
    await to.run(`DELETE FROM ${table}`);
    if (rows.length > 0)
      await to.insertRows(
        table,
        columns,
        rows.map((r) => columns.map((c) => r[c] ?? null)),
      );
  }
}

const OPERATIONAL_QA_TABLES = [
  'qa_check_rules',
  'qa_checked_contacts',
  'qa_check_hits',
  'qa_disputes',
  'qa_calibration_sessions',
] as const;

const WORDS_TABLES = [
  'words_settings',
  'brand_attributes',
  'tone_models',
  'text_items',
  'text_terms',
  'text_attribute_hits',
] as const;

/**
 * What a DuckDB database holds, on the requested engine: the database itself, or its canonical rows
 * copied into a new PostgreSQL database of that kind with the facts rebuilt there.
 */
export async function withCopyOn<T>(
  kind: ContractEngineKind,
  duck: Engine,
  work: (db: Engine) => Promise<T>,
): Promise<T> {
  if (kind === 'duckdb') return work(duck);
  if (kind === 'clickhouse') return withClickHouseCopy(duck as DuckDbEngine, work);
  return withMigratedPostgres(kind, async (pg) => {
    await copyCanonical(duck, pg);
    return work(pg);
  });
}

/**
 * The test process's chDB data folder: chDB holds one per process. Each copy is a database of its own
 * in it, dropped when the test ends.
 */
let chdbFolder: string | null = null;
let chdbDatabases = 0;

/** The analytical tables of a DuckDB database copied into a new ClickHouse database (chDB). */
export async function withClickHouseCopy<T>(
  duck: DuckDbEngine,
  work: (db: ClickHouseEngine) => Promise<T>,
): Promise<T> {
  if (chdbFolder === null) {
    const folder = await mkdtemp(join(processScratch(), 'servicemeter-chdb-'));
    process.once('exit', () => rmSync(folder, { recursive: true, force: true }));
    chdbFolder = folder;
  }
  const database = `test_${process.pid}_${++chdbDatabases}`;
  const ch = await openClickHouse({ url: `chdb://${chdbFolder}?database=${database}` });
  try {
    const copied = await migrateToClickHouse(duck, ch, { fingerprint: false });
    if (!copied.ok) throw new Error(`the copy into ClickHouse failed: ${JSON.stringify(copied.error)}`);
    return await work(ch);
  } finally {
    await ch.run(`DROP DATABASE IF EXISTS ${database}`).catch(() => undefined);
    await ch.close();
  }
}

/** The fixture imported into the requested engine, facts rebuilt. */
export async function withFixture<T>(
  engine: { kind: ContractEngineKind },
  fixture: string,
  work: (db: Engine) => Promise<T>,
): Promise<T> {
  return withDuckDb([join(FIXTURES, fixture)], (duck) => withCopyOn(engine.kind, duck, work));
}

/** The value of one indicator in one result row; fails the test when it is missing. */
export function kpiValueIn(row: Record<string, unknown> | undefined, id: string): KpiValue {
  const value = row?.[id];
  if (value === null || typeof value !== 'object')
    throw new Error(`no value for ${id} in ${JSON.stringify(row)}`);
  return value as KpiValue;
}
