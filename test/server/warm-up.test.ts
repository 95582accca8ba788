import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/core/engine.js';
import { OVERVIEW_CHANNEL_KPIS, OVERVIEW_KPIS } from '../../src/core/kpi/overview.js';
import { type DuckDbEngine, openDuckDb } from '../../src/engines/duckdb/engine.js';
import { createApp } from '../../src/server/app.js';
import { serializeEngine } from '../../src/server/serialized-engine.js';
import { importFiles } from '../../src/services/import.js';
import { migrate } from '../../src/services/migrate.js';
import { createToken, createUser } from '../../src/services/users.js';
import {
  activeDimensionFilters,
  defaultGrain,
  parseFilters,
  presetAnchor,
  resolveRange,
} from '../../web/src/filters.js';
import { FIXTURES } from '../support/engines.js';

/** Counts the statements that read the facts, and how many are running. */
function countingFactReads(inner: Engine) {
  const counts = { factReads: 0, running: 0 };
  const engine: Engine = {
    ...inner,
    all: async (sql, params, options) => {
      if (sql.includes('contact_facts')) counts.factReads++;
      counts.running++;
      try {
        return await inner.all(sql, params, options);
      } finally {
        counts.running--;
      }
    },
  };
  return { engine, counts };
}

async function settled(counts: { factReads: number; running: number }) {
  let last = -1;
  while (counts.factReads !== last || counts.running > 0) {
    last = counts.factReads;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

describe('warm-up at start', () => {
  let dir: string;
  let db: DuckDbEngine;
  let token: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'servicemeter-warm-'));
    db = await openDuckDb({ path: join(dir, 'warm.duckdb') });
    await migrate(db);
    const imported = await importFiles(db, [join(FIXTURES, 'small-helpdesk')]);
    if (!imported.ok) throw new Error(JSON.stringify(imported.error));
    const user = await createUser(db, {
      email: 'lead@example.com',
      password: 'a long passphrase 7',
      role: 'manager',
    });
    if (!user.ok) throw new Error(JSON.stringify(user.error));
    token = (await createToken(db, user.data.id, { name: 'test' })).token;
  });
  afterAll(async () => {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("computes the dashboard's default overview before anyone asks: the first visitor reads no facts", async () => {
    const { engine, counts } = countingFactReads(db);
    const now = new Date('2026-06-01T12:00:00Z');
    const app = createApp({
      engine: serializeEngine(engine),
      version: 'test',
      staticDir: null,
      warmUp: true,
      now: () => now,
    });
    await settled(counts);
    expect(counts.factReads).toBeGreaterThan(0);

    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const status = (await (await app.request('/api/status', { headers })).json()) as {
      to: string | null;
      timezone: string;
    };
    // The overview page's three queries, built as the dashboard builds them, in the team's zone the
    // status gives (the fixture's default calendar, its office, is in Amsterdam).
    const timezone = status.timezone;
    expect(timezone).toBe('Europe/Amsterdam');
    const filters = parseFilters(new URLSearchParams(''), timezone);
    // As useDashboardFilters: the presets end on the day after the last contact.
    const range = resolveRange(filters, presetAnchor(status.to, timezone, now));
    expect(range).not.toBeNull();
    const base = { from: range?.from, to: range?.to, timezone, filters: activeDimensionFilters(filters) };
    const before = counts.factReads;
    for (const query of [
      { kpis: [...OVERVIEW_KPIS], ...base, compare: true },
      { kpis: [...OVERVIEW_KPIS], ...base, grain: defaultGrain(range) },
      { kpis: [...OVERVIEW_CHANNEL_KPIS], ...base, by: ['channel'], compare: true },
    ]) {
      const response = await app.request('/api/kpi/query', {
        method: 'POST',
        headers,
        body: JSON.stringify(query),
      });
      expect(response.status).toBe(200);
    }
    expect(counts.factReads).toBe(before);

    // Another view is computed when asked: the count would see it.
    const other = await app.request('/api/kpi/query', {
      method: 'POST',
      headers,
      body: JSON.stringify({ kpis: ['frt'], ...base, by: ['channel'] }),
    });
    expect(other.status).toBe(200);
    expect(counts.factReads).toBeGreaterThan(before);
  });
});
