import { describe, expect, test } from 'vitest';
import type { Engine } from '../../src/core/engine.js';
import { pickTarget } from '../../src/core/targets/pick.js';
import { runKpiQuery } from '../../src/services/kpi.js';
import { getSettings, putKpiTargets } from '../../src/services/settings.js';
import {
  deleteBaseline,
  getBaseline,
  listBaselines,
  takeBaseline,
} from '../../src/services/targets/baselines.js';
import type { KpiTarget } from '../../src/services/targets/contract.js';
import { listTargets, putTargets, targetHistory } from '../../src/services/targets/targets.js';
import { ENGINES, kpiValueIn, withFixture, withMigrated } from '../support/engines.js';

const NOW = new Date('2026-04-15T10:00:00Z');
const LATER = new Date('2026-04-16T10:00:00Z');

const target = (value: number, scope: Partial<KpiTarget> = {}): KpiTarget => ({
  kpi: 'csat',
  channel: null,
  team: null,
  agent: null,
  validFrom: null,
  value,
  ...scope,
});

async function must<T>(result: Promise<{ ok: true; data: T } | { ok: false; error: unknown }>): Promise<T> {
  const r = await result;
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.data;
}

async function targetsAndHistory(db: Engine) {
  // The settings page's targets: for everyone or a channel, from always.
  await must(putKpiTargets(db, [{ kpi: 'csat', channel: null, value: 0.8 }], NOW, 'admin-1'));
  await must(
    putTargets(
      db,
      {
        scopes: [],
        targets: [
          target(0.85, { team: 'support' }),
          target(0.9, { agent: 'ann', validFrom: '2026-03-05' }),
          target(0.92, { agent: 'ann', validFrom: '2026-03-20' }),
        ],
      },
      'manager-1',
      NOW,
    ),
  );
  // Saving the settings page again changes its own targets and leaves the others alone.
  const settings = await must(
    putKpiTargets(db, [{ kpi: 'csat', channel: 'email', value: 0.75 }], LATER, 'admin-1'),
  );
  expect(settings.settings.targets).toEqual([{ kpi: 'csat', channel: 'email', value: 0.75 }]);
  const all = await listTargets(db);
  expect(all).toEqual([
    target(0.75, { channel: 'email' }),
    target(0.85, { team: 'support' }),
    target(0.9, { agent: 'ann', validFrom: '2026-03-05' }),
    target(0.92, { agent: 'ann', validFrom: '2026-03-20' }),
  ]);
  expect((await getSettings(db)).targets).toEqual([{ kpi: 'csat', channel: 'email', value: 0.75 }]);
  const scope = { channels: ['email'], teams: ['support'], agents: ['ann'] };
  expect(pickTarget(all, 'csat', scope, '2026-03-01')?.value).toBe(0.85);
  expect(pickTarget(all, 'csat', scope, '2026-03-10')?.value).toBe(0.9);
  expect(pickTarget(all, 'csat', scope, '2026-03-31')?.value).toBe(0.92);

  // Replacing a scope's dated targets: one changed, one removed.
  await must(
    putTargets(
      db,
      {
        scopes: [{ kpi: 'csat', channel: null, team: null, agent: 'ann' }],
        targets: [target(0.95, { agent: 'ann', validFrom: '2026-03-05' })],
      },
      'manager-1',
      LATER,
    ),
  );
  // A scope named without targets loses them.
  await must(
    putTargets(
      db,
      { scopes: [{ kpi: 'csat', channel: null, team: 'support', agent: null }], targets: [] },
      'manager-1',
      LATER,
    ),
  );
  expect(await listTargets(db)).toEqual([
    target(0.75, { channel: 'email' }),
    target(0.95, { agent: 'ann', validFrom: '2026-03-05' }),
  ]);
  expect(await listTargets(db, { agent: 'ann' })).toEqual([
    target(0.95, { agent: 'ann', validFrom: '2026-03-05' }),
  ]);

  const history = await targetHistory(db);
  const summary = history.map((h) => [
    h.changedAt,
    h.userId,
    h.channel,
    h.team,
    h.agent,
    h.validFrom,
    h.oldValue,
    h.newValue,
  ]);
  expect(summary).toEqual(
    expect.arrayContaining([
      ['2026-04-15T10:00:00Z', 'admin-1', null, null, null, null, null, 0.8],
      ['2026-04-15T10:00:00Z', 'manager-1', null, 'support', null, null, null, 0.85],
      ['2026-04-15T10:00:00Z', 'manager-1', null, null, 'ann', '2026-03-05', null, 0.9],
      ['2026-04-15T10:00:00Z', 'manager-1', null, null, 'ann', '2026-03-20', null, 0.92],
      ['2026-04-16T10:00:00Z', 'admin-1', 'email', null, null, null, null, 0.75],
      ['2026-04-16T10:00:00Z', 'admin-1', null, null, null, null, 0.8, null],
      ['2026-04-16T10:00:00Z', 'manager-1', null, null, 'ann', '2026-03-05', 0.9, 0.95],
      ['2026-04-16T10:00:00Z', 'manager-1', null, null, 'ann', '2026-03-20', 0.92, null],
      ['2026-04-16T10:00:00Z', 'manager-1', null, 'support', null, null, 0.85, null],
    ]),
  );
  expect(history).toHaveLength(9);
  // Newest first.
  expect(history[0]?.changedAt).toBe('2026-04-16T10:00:00Z');
  expect(
    (await targetHistory(db, { agent: 'ann' })).map((h) => [h.validFrom, h.oldValue, h.newValue]),
  ).toEqual([
    ['2026-03-05', 0.9, 0.95],
    ['2026-03-20', 0.92, null],
    ['2026-03-05', null, 0.9],
    ['2026-03-20', null, 0.92],
  ]);
}

async function refusals(db: Engine) {
  const refused = await putTargets(
    db,
    {
      scopes: [{ kpi: 'nope', channel: null, team: null, agent: null }],
      targets: [
        target(0.8, { team: 'nowhere' }),
        target(0.8, { agent: 'zed' }),
        target(0.8, { validFrom: '2026-02-30' }),
        target(80),
        target(0.8, { channel: 'fax' }),
        target(0.7, { team: 'nowhere' }),
      ],
    },
    'manager-1',
    NOW,
  );
  expect(refused).toEqual({
    ok: false,
    error: {
      kind: 'invalid',
      issues: expect.arrayContaining([
        { path: 'targets.0.team', message: 'unknown team nowhere' },
        { path: 'targets.1.agent', message: 'unknown agent zed' },
        { path: 'targets.2.validFrom', message: 'a date written YYYY-MM-DD is needed, not 2026-02-30' },
        {
          path: 'targets.3.value',
          message: 'csat is a share; its target is a fraction from 0 to 1 (0.85 for 85 %), not 80',
        },
        { path: 'targets.4.channel', message: expect.stringMatching(/^unknown channel fax; one of email/) },
        { path: 'targets.5', message: 'csat for this scope is already set in targets.0' },
        { path: 'scopes.0.kpi', message: 'unknown KPI nope' },
      ]),
    },
  });
}

async function baselines(db: Engine) {
  const request = {
    kpi: 'csat',
    channel: null,
    team: 'support',
    agent: null,
    from: '2026-03-01',
    to: '2026-04-01',
    timezone: 'Europe/Amsterdam',
  };
  const taken = await must(takeBaseline(db, request, 'manager-1', NOW));
  const query = await runKpiQuery(db, {
    kpis: ['csat'],
    from: '2026-03-01',
    to: '2026-04-01',
    timezone: 'Europe/Amsterdam',
    filters: { team: ['support'] },
  });
  if (!query.ok) throw new Error(JSON.stringify(query.error));
  const figure = kpiValueIn(query.data.rows[0], 'csat');
  expect(figure.n).toBeGreaterThan(0);
  expect(taken).toMatchObject({ ...request, value: figure.value, n: figure.n, takenBy: 'manager-1' });
  expect(taken.takenAt).toBe('2026-04-15T10:00:00Z');
  expect(await getBaseline(db, taken.id)).toEqual(taken);
  expect(await listBaselines(db, { kpi: 'csat' })).toEqual([taken]);

  expect(await takeBaseline(db, { ...request, to: '2026-05-01' }, null, NOW)).toMatchObject({
    ok: false,
    error: { issues: [{ path: 'to', message: expect.stringMatching(/past period.*2026-04-15/) }] },
  });
  expect(
    await takeBaseline(db, { ...request, from: '2020-01-01', to: '2020-02-01' }, null, NOW),
  ).toMatchObject({
    ok: false,
    error: {
      issues: [{ path: 'from', message: 'csat has no value from 2020-01-01 to 2020-02-01 in that scope' }],
    },
  });
  expect(
    await takeBaseline(db, { ...request, agent: 'zed', timezone: 'Mars/Base' }, null, NOW),
  ).toMatchObject({
    ok: false,
    error: { issues: [{ path: 'timezone', message: 'Mars/Base is not an IANA time zone' }] },
  });

  expect(await deleteBaseline(db, taken.id)).toEqual({ ok: true, data: null });
  expect(await getBaseline(db, taken.id)).toBeNull();
  expect(await deleteBaseline(db, taken.id)).toEqual({
    ok: false,
    error: { kind: 'not_found', what: `baseline ${taken.id}` },
  });
}

describe.each(ENGINES)('targets and baselines on $kind', ({ kind }) => {
  test('targets per scope and date, their history and refusals', async () => {
    // The targets need only the team and the agents: no facts, so no import on the slower engine.
    await withMigrated(kind, async (db) => {
      await db.insertRows('teams', ['id', 'name'], [['support', 'Support']]);
      await db.insertRows(
        'agents',
        ['id', 'name', 'team_id'],
        [
          ['ann', 'Ann', 'support'],
          ['bob', 'Bob', 'support'],
        ],
      );
      await targetsAndHistory(db);
      await refusals(db);
      expect(await listBaselines(db)).toEqual([]);
      expect(await deleteBaseline(db, 'none')).toEqual({
        ok: false,
        error: { kind: 'not_found', what: 'baseline none' },
      });
    });
  }, 180_000);
});

test('a baseline is the KPI engine’s value over its period and scope', async () => {
  await withFixture({ kind: 'duckdb' }, 'small-helpdesk', baselines);
});
