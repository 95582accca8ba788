/**
 * Saved views and dashboards in the database: who lists, reads and changes which, names unique per
 * owner, every field checked with its name, one default dashboard per role, and an agent's filters
 * only on themselves. One DuckDB for the file; the CRUD once more on PGlite.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Engine } from '../../src/core/engine.js';
import { MIGRATIONS } from '../../src/core/migrations.js';
import { openDuckDb } from '../../src/engines/duckdb/engine.js';
import { openPglite } from '../../src/engines/pglite/engine.js';
import { migrate } from '../../src/services/migrate.js';
import {
  createDashboard,
  defaultDashboard,
  deleteDashboard,
  getDashboard,
  listDashboards,
  readDashboard,
  updateDashboard,
} from '../../src/services/views/dashboards.js';
import {
  createSavedView,
  deleteSavedView,
  getSavedView,
  listSavedViews,
  readSavedView,
  updateSavedView,
  type ViewsUser,
} from '../../src/services/views/views.js';
import { POSTGRES_ENGINES, type PostgresKind, withMigratedServer } from '../support/engines.js';

const admin: ViewsUser = { id: 'u-admin', role: 'admin' };
const manager: ViewsUser = { id: 'u-manager', role: 'manager' };
const ann: ViewsUser = { id: 'u-ann', role: 'agent', agentId: 'ann' };
const bob: ViewsUser = { id: 'u-bob', role: 'agent', agentId: 'bob' };
const viewer: ViewsUser = { id: 'u-viewer', role: 'viewer' };

const STATE = {
  period: { preset: 'last30' },
  timezone: 'Europe/Amsterdam',
  filters: { channel: ['email'] },
  grain: 'week',
  kpis: ['frt', 'abandonment_rate'],
  search: '?split=channel',
};

const TILE = { kpi: 'frt', kind: 'value', width: 2, height: 1 };

let db: Engine;

beforeAll(async () => {
  db = await openDuckDb({ path: ':memory:' });
  await migrate(db);
});

afterAll(async () => {
  await db.close();
});

function value<T>(result: { ok: true; data: T } | { ok: false; error: unknown }): T {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.data;
}

describe('saved views', () => {
  test('a private view is its owner’s alone; a shared one every user reads, only the owner or an admin changes', async () => {
    const mine = value(await createSavedView(db, ann, { name: 'My e-mail', page: 'trends', state: STATE }));
    expect(mine).toMatchObject({
      name: 'My e-mail',
      ownerId: 'u-ann',
      shared: false,
      page: 'trends',
      state: STATE,
    });
    expect(await getSavedView(db, mine.id)).toEqual(mine);
    const team = value(
      await createSavedView(db, manager, { name: 'Team week', shared: true, page: 'overview', state: STATE }),
    );
    expect((await listSavedViews(db, ann)).map((v) => v.name)).toEqual(['My e-mail', 'Team week']);
    expect((await listSavedViews(db, bob)).map((v) => v.name)).toEqual(['Team week']);
    expect(await readSavedView(db, bob, mine.id)).toEqual({
      ok: false,
      error: { kind: 'not_found', what: `saved view ${mine.id}` },
    });
    expect(value(await readSavedView(db, viewer, team.id)).name).toBe('Team week');
    const bobChanges = await updateSavedView(db, bob, team.id, { name: 'Mine now' });
    expect(bobChanges.ok || bobChanges.error.kind).toBe('forbidden');
    expect((await deleteSavedView(db, bob, mine.id)).ok).toBe(false);
    const renamed = value(await updateSavedView(db, admin, team.id, { name: 'Team weekly' }));
    expect(renamed).toMatchObject({ name: 'Team weekly', ownerId: 'u-manager', state: STATE });
    value(await deleteSavedView(db, ann, mine.id));
    expect(await getSavedView(db, mine.id)).toBeNull();
  });

  test('names are unique per owner, whatever their case', async () => {
    value(await createSavedView(db, viewer, { name: 'Queue', page: 'overview', state: STATE }));
    const again = await createSavedView(db, viewer, { name: 'queue', page: 'trends', state: STATE });
    expect(again.ok || again.error.kind).toBe('conflict');
    value(await createSavedView(db, admin, { name: 'Queue', page: 'overview', state: STATE }));
  });

  test('every field is checked and named', async () => {
    const bad = await createSavedView(db, admin, {
      name: ' ',
      page: 'Trends!',
      state: {
        period: { from: '2026-02-30', to: '2026-01-01' },
        timezone: 'Mars/Olympus',
        filters: { colour: ['red'], channel: [] },
        grain: 'fortnight',
        kpis: ['frt', 'happiness'],
        search: 'split=channel',
      },
    });
    expect(bad.ok).toBe(false);
    if (bad.ok || bad.error.kind !== 'invalid') throw new Error('expected invalid');
    expect(bad.error.issues.map((i) => i.path)).toEqual([
      'name',
      'page',
      'state.kpis.1',
      'state.search',
      'state.period.from',
      'state.timezone',
      'state.filters.colour',
      'state.filters.channel',
      'state.grain',
    ]);
    const preset = await createSavedView(db, admin, {
      name: 'x',
      page: 'trends',
      state: { ...STATE, period: { preset: 'last_century' } },
    });
    expect(preset.ok || preset.error).toMatchObject({ issues: [{ path: 'state.period.preset' }] });
  });

  test('an agent saves a view filtered only on themselves', async () => {
    const own = await createSavedView(db, ann, {
      name: 'Me',
      page: 'trends',
      state: { ...STATE, filters: { agent: ['ann'] } },
    });
    expect(own.ok).toBe(true);
    const colleague = await createSavedView(db, ann, {
      name: 'Bob',
      page: 'trends',
      state: { ...STATE, filters: { agent: ['bob'] } },
    });
    expect(colleague.ok || colleague.error).toEqual({
      kind: 'invalid',
      issues: [{ path: 'state.filters.agent', message: 'agents can filter only on themselves' }],
    });
    const inAddress = await createSavedView(db, ann, {
      name: 'Bob',
      page: 'trends',
      state: { ...STATE, search: '?agent=bob' },
    });
    expect(inAddress.ok || inAddress.error).toMatchObject({ issues: [{ path: 'state.search' }] });
    // Others may save views of any agent.
    expect(
      (
        await createSavedView(db, manager, {
          name: 'Bob',
          page: 'trends',
          state: { ...STATE, filters: { agent: ['bob'] } },
        })
      ).ok,
    ).toBe(true);
  });
});

describe('dashboards', () => {
  test('tiles keep their order, sizes and filters; sizes and counts are limited', async () => {
    const tiles = [
      { ...TILE, id: 'a' },
      {
        id: 'b',
        kpi: 'abandonment_rate',
        kind: 'chart',
        width: 4,
        height: 2,
        grain: 'day',
        split: 'channel',
        filters: { channel: ['phone'] },
      },
      { kpi: 'fcr_rate', kind: 'table', width: 1, height: 3, title: 'FCR' },
    ];
    const board = value(await createDashboard(db, manager, { name: 'Monday', tiles }));
    expect(board.tiles.map((t) => [t.id.length > 0, t.kpi, t.kind, t.width, t.height])).toEqual([
      [true, 'frt', 'value', 2, 1],
      [true, 'abandonment_rate', 'chart', 4, 2],
      [true, 'fcr_rate', 'table', 1, 3],
    ]);
    expect(board.tiles[1]).toMatchObject({ grain: 'day', split: 'channel', filters: { channel: ['phone'] } });
    expect(board.state).toEqual({ period: { preset: 'last30' }, timezone: 'UTC', filters: {}, grain: null });
    const reordered = value(
      await updateDashboard(db, manager, board.id, {
        tiles: [board.tiles[2], board.tiles[0], { ...board.tiles[1], width: 3 }],
      }),
    );
    expect(reordered.tiles.map((t) => [t.kpi, t.width])).toEqual([
      ['fcr_rate', 1],
      ['frt', 2],
      ['abandonment_rate', 3],
    ]);
    expect(await getDashboard(db, board.id)).toEqual(reordered);

    const wide = await updateDashboard(db, manager, board.id, {
      tiles: [
        { ...TILE, width: 5 },
        { ...TILE, height: 0 },
        { ...TILE, kind: 'pie' },
        { ...TILE, kpi: 'nope' },
      ],
    });
    expect(wide.ok || wide.error).toMatchObject({
      issues: [
        { path: 'tiles.0.width' },
        { path: 'tiles.1.height' },
        { path: 'tiles.2.kind' },
        { path: 'tiles.3.kpi' },
      ],
    });
    const many = await updateDashboard(db, manager, board.id, {
      tiles: Array.from({ length: 25 }, () => TILE),
    });
    expect(many.ok || many.error).toMatchObject({
      issues: [{ path: 'tiles', message: 'a list of at most 24 tiles' }],
    });
    const same = await updateDashboard(db, manager, board.id, {
      tiles: [
        { ...TILE, id: 'x' },
        { ...TILE, id: 'x' },
      ],
    });
    expect(same.ok || same.error).toMatchObject({ issues: [{ path: 'tiles.1.id' }] });
  });

  test('an agent cannot keep a tile on a colleague', async () => {
    const tile = await createDashboard(db, ann, {
      name: 'Spy',
      tiles: [{ ...TILE, filters: { agent: ['bob'] } }],
    });
    expect(tile.ok || tile.error).toMatchObject({ issues: [{ path: 'tiles.0.filters.agent' }] });
    const split = await createDashboard(db, ann, {
      name: 'Spy',
      tiles: [{ ...TILE, kind: 'chart', split: 'agent' }],
    });
    expect(split.ok || split.error).toMatchObject({ issues: [{ path: 'tiles.0.split' }] });
    const whole = await createDashboard(db, ann, { name: 'Spy', state: { filters: { agent: ['bob'] } } });
    expect(whole.ok || whole.error).toMatchObject({ issues: [{ path: 'state.filters.agent' }] });
    expect(
      (await createDashboard(db, ann, { name: 'Me', tiles: [{ ...TILE, filters: { agent: ['ann'] } }] })).ok,
    ).toBe(true);
  });

  test('one default per role, set by an admin on a shared dashboard', async () => {
    const byManager = await createDashboard(db, manager, {
      name: 'Agents',
      shared: true,
      defaultFor: ['agent'],
    });
    expect(byManager.ok || byManager.error.kind).toBe('forbidden');
    const priv = await createDashboard(db, admin, { name: 'Private', defaultFor: ['agent'] });
    expect(priv.ok || priv.error).toMatchObject({ issues: [{ path: 'shared' }] });
    const first = value(
      await createDashboard(db, admin, { name: 'Floor', shared: true, defaultFor: ['agent', 'viewer'] }),
    );
    expect((await defaultDashboard(db, 'agent'))?.id).toBe(first.id);
    expect(await defaultDashboard(db, 'finance')).toBeNull();
    const second = value(
      await createDashboard(db, admin, { name: 'Floor 2', shared: true, defaultFor: ['agent'] }),
    );
    expect((await defaultDashboard(db, 'agent'))?.id).toBe(second.id);
    expect((await getDashboard(db, first.id))?.defaultFor).toEqual(['viewer']);
    // The owner of a shared dashboard that is not an admin keeps its roles but cannot change them.
    const shared = value(await createDashboard(db, manager, { name: 'Managers', shared: true }));
    const claim = await updateDashboard(db, manager, shared.id, { defaultFor: ['manager'] });
    expect(claim.ok || claim.error.kind).toBe('forbidden');
    value(await updateDashboard(db, admin, shared.id, { defaultFor: ['manager'] }));
    expect(value(await updateDashboard(db, manager, shared.id, { name: 'Managers 2' })).defaultFor).toEqual([
      'manager',
    ]);
    expect((await defaultDashboard(db, 'manager'))?.name).toBe('Managers 2');
  });

  test('privacy of dashboards as of views, and deletion', async () => {
    const mine = value(await createDashboard(db, bob, { name: 'Bob only', tiles: [TILE] }));
    expect((await readDashboard(db, ann, mine.id)).ok).toBe(false);
    expect((await listDashboards(db, ann)).map((d) => d.name)).not.toContain('Bob only');
    expect((await listDashboards(db, bob)).map((d) => d.name)).toContain('Bob only');
    const dupe = await createDashboard(db, bob, { name: 'BOB ONLY' });
    expect(dupe.ok || dupe.error.kind).toBe('conflict');
    expect((await deleteDashboard(db, ann, mine.id)).ok).toBe(false);
    value(await deleteDashboard(db, bob, mine.id));
    expect(await getDashboard(db, mine.id)).toBeNull();
  });
});

// On PGlite only the two tables, as migration 15 creates them: the whole migration there takes half a
// minute. A database on the server is a copy of one migrated already.
async function withViewTables(kind: PostgresKind, work: (pg: Engine) => Promise<void>) {
  if (kind === 'postgres-server') return withMigratedServer(work);
  const pg = await openPglite();
  try {
    const statements = MIGRATIONS.find((m) => m.version === 15)?.statements ?? [];
    for (const statement of statements.filter((s) => /^CREATE TABLE (saved_views|dashboards) /.test(s)))
      await pg.run(statement);
    await work(pg);
  } finally {
    await pg.close();
  }
}

test.each(POSTGRES_ENGINES)('the same on $kind', async ({ kind }) => {
  await withViewTables(kind, async (pg) => {
    const view = value(
      await createSavedView(pg, ann, { name: 'Mine', shared: true, page: 'trends', state: STATE }),
    );
    expect(value(await updateSavedView(pg, ann, view.id, { shared: false })).shared).toBe(false);
    expect(await listSavedViews(pg, bob)).toEqual([]);
    const board = value(
      await createDashboard(pg, admin, { name: 'Floor', shared: true, defaultFor: ['agent'], tiles: [TILE] }),
    );
    expect((await defaultDashboard(pg, 'agent'))?.tiles.map((t) => t.kpi)).toEqual(['frt']);
    value(await createDashboard(pg, admin, { name: 'Other', shared: true, defaultFor: ['agent'] }));
    expect((await getDashboard(pg, board.id))?.defaultFor).toEqual([]);
    value(await deleteDashboard(pg, admin, board.id));
    expect((await listDashboards(pg, viewer)).map((d) => d.name)).toEqual(['Other']);
  });
});
