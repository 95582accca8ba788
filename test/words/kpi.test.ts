import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Engine, Row } from '../../src/core/engine.js';
import type { KpiQueryInput, KpiRow, KpiValue } from '../../src/core/kpi/query.js';
import type { DuckDbEngine } from '../../src/engines/duckdb/engine.js';
import { importFiles } from '../../src/services/import.js';
import { runKpiQuery } from '../../src/services/kpi.js';
import { copyCanonical, ENGINES, openMigratedDuckDb, openMigratedPostgres } from '../support/engines.js';
import { prepareDatabase, WEEK, writeFixture } from './pipeline-fixture.js';

const NOW = new Date('2026-03-10T12:00:00Z');
/** A migrated database, an import with its rebuild, and PostgreSQL copies: slow on a busy machine. */
const SETUP_MS = 180_000;

let dir: string;
let duck: DuckDbEngine;
let pg: Engine;
let server: Engine;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'servicemeter-words-kpi-'));
  duck = await openMigratedDuckDb(join(dir, 'words.duckdb'));
  await prepareDatabase(duck);
  const imported = await importFiles(duck, await writeFixture(dir), { now: () => NOW });
  if (!imported.ok) throw new Error(JSON.stringify(imported.error));
  pg = await openMigratedPostgres('postgres');
  server = await openMigratedPostgres('postgres-server');
  // The texts as DuckDB read them: the indicators are compared over the same rows.
  await copyCanonical(duck, pg);
  await copyCanonical(duck, server);
}, SETUP_MS);

afterAll(async () => {
  await duck?.close();
  await pg?.close();
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

async function rows(db: Engine, query: KpiQueryInput, viewerAgent?: string): Promise<KpiRow[]> {
  const result = await runKpiQuery(db, { ...WEEK, ...query }, viewerAgent ? { viewerAgent } : {});
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.data.rows;
}

const value = (row: KpiRow | undefined, id: string) => row?.[id] as KpiValue | undefined;

/** `dimension value → [value, n]` of one indicator grouped by one dimension. */
async function split(db: Engine, kpi: string, by: NonNullable<KpiQueryInput['by']>[number]) {
  const found = await rows(db, { kpis: [kpi], by: [by] });
  return Object.fromEntries(
    found
      .filter((r) => (value(r, kpi)?.n ?? 0) > 0)
      .map((r) => [String(r[by]), [value(r, kpi)?.value ?? null, value(r, kpi)?.n ?? 0]]),
  );
}

/** The texts read, as the pipeline stored them: what the indicators are counted by hand from. */
const stored = (db: Engine) =>
  db.all('SELECT item_key, agent_id, language, tone, sentiment_score FROM text_items ORDER BY item_key');

function byHand(texts: Row[]) {
  const toned = texts.filter((t) => t.tone !== 'unsure');
  const scores = toned.map((t) => Number(t.sentiment_score));
  return {
    n: toned.length,
    mean: scores.reduce((a, b) => a + b, 0) / scores.length,
    negative: toned.filter((t) => t.tone === 'negative').length / toned.length,
  };
}

describe.each(ENGINES)('$kind: the words indicators', ({ kind }) => {
  const db = () => ({ duckdb: duck, postgres: pg, 'postgres-server': server })[kind];

  test('sentiment and negative share over the texts read with a tone, unsure ones left out', async () => {
    const texts = await stored(db());
    const hand = byHand(texts);
    // Unsure: the Russian message (not read), and the Chinese texts (no lexicon, no model).
    expect(texts.length - hand.n).toBeGreaterThanOrEqual(3);
    const [row] = await rows(db(), { kpis: ['sentiment_score', 'negative_share'] });
    expect(value(row, 'sentiment_score')?.value).toBeCloseTo(hand.mean, 12);
    expect(value(row, 'sentiment_score')?.n).toBe(hand.n);
    expect(value(row, 'sentiment_score')?.low).toBeTypeOf('number');
    expect(value(row, 'negative_share')?.value).toBeCloseTo(hand.negative, 12);
    expect(value(row, 'negative_share')?.n).toBe(hand.n);
    // By agent and by language, the same counts.
    const agents = await split(db(), 'negative_share', 'agent');
    for (const agent of ['ann', 'bob']) {
      const own = byHand(texts.filter((t) => t.agent_id === agent));
      expect(agents[agent]?.[0], agent).toBeCloseTo(own.negative, 12);
      expect(agents[agent]?.[1], agent).toBe(own.n);
    }
    const languages = await split(db(), 'sentiment_score', 'text_language');
    expect(Object.keys(languages).sort()).toEqual(['en', 'nl', 'sv', 'uk']);
    expect(languages.en?.[1]).toBe(byHand(texts.filter((t) => t.language === 'en')).n);
  });

  test('attribute mentions by brand attribute: texts that express each', async () => {
    // fast: the English comments on positive templates 2, 3 and 4 (quick, fast, quickly): those
    // of e00–e31 whose number ends in 1, 2, 3, 6, 7 or 8 — 19 —, n1 snel, z1 很快, m6 很快, m7 quick.
    // slow: the English comments "slow and rude support" (e34, e37, e40, e43), s1 väntetid,
    // u1 довго, m1 late, m2 wacht (wachten), m4 повільна.
    const mentions = await split(db(), 'attribute_mentions', 'brand_attribute');
    expect(mentions).toEqual({ fast: [23, 23], slow: [9, 9] });
    const [row] = await rows(db(), { kpis: ['attribute_mentions'] });
    expect(value(row, 'attribute_mentions')?.value).toBe(32);
    // On chat contacts: m2, n1 (c2), s1 (c3), m6, z1 (c5); social: m7; email: m1, m4, u1 (c1, c4).
    // The English comments have no contact.
    const channels = await split(db(), 'attribute_mentions', 'channel');
    expect(channels).toMatchObject({ chat: [5, 5], social: [1, 1], email: [3, 3] });
  });

  test('filtered to one agent: their texts only', async () => {
    const texts = await stored(db());
    const [row] = await rows(db(), { kpis: ['negative_share'], filters: { agent: ['bob'] } });
    const own = byHand(texts.filter((t) => t.agent_id === 'bob'));
    expect(value(row, 'negative_share')?.n).toBe(own.n);
    expect(value(row, 'negative_share')?.value).toBeCloseTo(own.negative, 12);
  });
});

test('DuckDB and PGlite agree', async () => {
  const query = {
    kpis: ['sentiment_score', 'negative_share', 'attribute_mentions'],
    by: ['channel' as const],
  };
  const [a, b] = await Promise.all([rows(duck, query), rows(pg, query)]);
  const rounded = (found: KpiRow[]) =>
    JSON.parse(JSON.stringify(found, (_k, v) => (typeof v === 'number' ? Math.round(v * 1e9) / 1e9 : v)));
  expect(rounded(b)).toEqual(rounded(a));
});
