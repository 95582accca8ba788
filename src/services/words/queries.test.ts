/**
 * The readings of the analysed texts (topics, trend, themes, tone, attributes, messages) give the
 * same answers on DuckDB, PGlite and a PostgreSQL server: the generated texts are imported into
 * DuckDB, copied into each PostgreSQL database, analysed on each, and every reading is compared.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { copyCanonical, openMigratedDuckDb, openMigratedPostgres } from '../../../test/support/engines.js';
import {
  CHINESE_FAST,
  DUTCH_FAST,
  FREEZES,
  messages,
  writeFixture,
} from '../../../test/words/texts-fixture.js';
import type { Engine } from '../../core/engine.js';
import type { DuckDbEngine } from '../../engines/duckdb/engine.js';
import { importFiles } from '../import.js';
import { analyseTexts } from './analyse.js';
import { attributeProfile, replaceAttributes } from './attributes.js';
import type { TermFilters } from './contract.js';
import { EVERY_TEXT } from './filters.js';
import { exportMessagesCsv, listMessages } from './messages.js';
import { createTheme, listThemes, mergeThemes } from './themes.js';
import { toneSummary } from './tone.js';
import { distinctiveTerms, termTrend } from './topics.js';

const FILTERS: TermFilters = { from: '2026-03-01', to: '2026-03-16', timezone: 'Europe/Amsterdam' };
const NOW = new Date('2026-03-20T00:00:00Z');
const ATTRIBUTES = [
  { id: 'fast', name: 'Fast', stance: 'intended', words: { nl: ['snel'], zh: ['很快'] } },
  { id: 'rude', name: 'Rude', stance: 'feared', words: { en: ['rude'] } },
];

let duck: DuckDbEngine;
let pg: Engine;
let server: Engine;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'servicemeter-words-'));
  const fixture = join(dir, 'texts');
  await writeFixture(fixture);
  duck = await openMigratedDuckDb(join(dir, 'test.duckdb'));
  const imported = await importFiles(duck, [fixture]);
  if (!imported.ok) throw new Error(JSON.stringify(imported.error));
  pg = await openMigratedPostgres('postgres');
  server = await openMigratedPostgres('postgres-server');
  await copyCanonical(duck, pg);
  await copyCanonical(duck, server);
  for (const db of [duck, pg, server]) {
    await analyseTexts(db, 'all', NOW);
    const saved = await replaceAttributes(db, ATTRIBUTES, NOW);
    if (!saved.ok) throw new Error(JSON.stringify(saved.error));
  }
}, 120_000);

afterAll(async () => {
  await duck?.close();
  await pg?.close();
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Numbers to 10 decimals: the engines sum floating point in different orders. */
function rounded(value: unknown): unknown {
  if (typeof value === 'number') return Math.round(value * 1e10) / 1e10;
  if (Array.isArray(value)) return value.map(rounded);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v)]));
  return value;
}

/** The same reading on every engine: equal, and the DuckDB one given back for hand counts. */
async function same<T>(read: (db: Engine) => Promise<T>): Promise<T> {
  const onDuck = await read(duck);
  expect(rounded(await read(pg)), 'PGlite').toEqual(rounded(onDuck));
  expect(rounded(await read(server)), 'PostgreSQL server').toEqual(rounded(onDuck));
  return onDuck;
}

test('topics and their trend', async () => {
  const chat = await same((db) =>
    distinctiveTerms(db, FILTERS, { by: 'channel', value: 'chat' }, {}, EVERY_TEXT),
  );
  expect(chat.terms[0]?.label).toMatch(/^freez/);
  expect(chat.terms[0]?.inFocus).toBe(FREEZES.length);
  for (const focus of [
    { by: 'all' },
    { by: 'score', value: 'low' },
    { by: 'language', value: 'nl' },
  ] as const)
    await same((db) => distinctiveTerms(db, FILTERS, focus, { limit: 100 }, EVERY_TEXT));
  const term = chat.terms[0]?.term ?? '';
  const trend = await same((db) => termTrend(db, FILTERS, term, 'day', EVERY_TEXT));
  expect(trend.ok && trend.data.reduce((n, p) => n + p.withTerm, 0)).toBe(FREEZES.length);
});

test('tone, attributes and messages, whole and for one agent', async () => {
  for (const visibility of [EVERY_TEXT, { agentId: 'bob' }]) {
    await same((db) => toneSummary(db, FILTERS, 'week', visibility));
    const profile = await same((db) => attributeProfile(db, FILTERS, 'day', visibility));
    const fast = profile.ok ? profile.data.rows.find((r) => r.attributeId === 'fast') : undefined;
    // The Dutch and Chinese texts are all ann's.
    expect(fast?.mentions).toBe(visibility.agentId === 'bob' ? 0 : DUTCH_FAST.length + CHINESE_FAST.length);
    await same((db) => listMessages(db, { filters: FILTERS, attribute: 'fast', limit: 200 }, visibility));
    await same((db) =>
      listMessages(db, { filters: FILTERS, tone: 'negative', limit: 20, offset: 2 }, visibility),
    );
    await same((db) => exportMessagesCsv(db, { filters: { ...FILTERS, kind: ['message'] } }, visibility));
  }
  const bob = await listMessages(duck, { filters: FILTERS, limit: 200 }, { agentId: 'bob' });
  expect(bob.ok && bob.data.total).toBe(messages().filter((m) => m.agent === 'bob').length);
});

test('themes: saved, merged and suggested alike', async () => {
  for (const db of [duck, pg, server]) {
    const one = await createTheme(db, { name: 'Orders', terms: ['order'] }, NOW);
    const two = await createTheme(db, { name: 'Help', terms: ['help'] }, NOW);
    if (!one.ok || !two.ok) throw new Error('themes not saved');
    const merged = await mergeThemes(db, { ids: [one.data.id, two.data.id], name: 'Questions' }, NOW);
    expect(merged.ok && merged.data.terms).toEqual(['order', 'help']);
  }
  const themes = await same(async (db) =>
    (await listThemes(db, { filters: FILTERS, visibility: EVERY_TEXT })).map(({ id, ...rest }) =>
      rest.suggested ? { id, ...rest } : rest,
    ),
  );
  expect(themes.filter((t) => !t.suggested)).toEqual([
    { name: 'Questions', terms: ['order', 'help'], pinned: false, suggested: false },
  ]);
});
