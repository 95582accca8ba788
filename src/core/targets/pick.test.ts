import { describe, expect, test } from 'vitest';
import type { KpiTarget } from '../../services/targets/contract.js';
import { lastDay, pickTarget, targetSeries } from './pick.js';

const target = (value: number, scope: Partial<KpiTarget> = {}): KpiTarget => ({
  kpi: 'csat',
  channel: null,
  team: null,
  agent: null,
  validFrom: null,
  value,
  ...scope,
});

const ALL = { channels: [], teams: [], agents: [] };

describe('pickTarget', () => {
  const targets = [
    target(0.8),
    target(0.82, { channel: 'chat' }),
    target(0.85, { team: 'north' }),
    target(0.9, { agent: 'a1' }),
    target(0.7, { kpi: 'fcr' }),
  ];

  test('takes the most specific target that applies: agent, then team, then channel, then all', () => {
    expect(pickTarget(targets, 'csat', ALL, '2026-01-10')?.value).toBe(0.8);
    expect(pickTarget(targets, 'csat', { ...ALL, channels: ['chat'] }, '2026-01-10')?.value).toBe(0.82);
    expect(
      pickTarget(targets, 'csat', { channels: ['chat'], teams: ['north'], agents: [] }, '2026-01-10')?.value,
    ).toBe(0.85);
    expect(
      pickTarget(targets, 'csat', { channels: ['chat'], teams: ['north'], agents: ['a1'] }, '2026-01-10')
        ?.value,
    ).toBe(0.9);
    expect(pickTarget(targets, 'csat', { ...ALL, agents: ['a2'] }, '2026-01-10')?.value).toBe(0.8);
    expect(pickTarget(targets, 'fcr', { ...ALL, agents: ['a1'] }, '2026-01-10')?.value).toBe(0.7);
    expect(pickTarget(targets, 'aht', ALL, '2026-01-10')).toBeNull();
  });

  test('a scope of several values of a dimension only takes targets not specific to it', () => {
    expect(pickTarget(targets, 'csat', { ...ALL, teams: ['north', 'south'] }, '2026-01-10')?.value).toBe(0.8);
    expect(
      pickTarget(targets, 'csat', { channels: ['chat', 'email'], teams: ['north'], agents: [] }, '2026-01-10')
        ?.value,
    ).toBe(0.85);
    expect(
      pickTarget(
        [target(0.82, { channel: 'chat' })],
        'csat',
        { ...ALL, channels: ['chat', 'email'] },
        '2026-01-10',
      ),
    ).toBeNull();
  });

  test('a target naming two dimensions outranks one naming either', () => {
    const both = [target(0.85, { team: 'north' }), target(0.87, { team: 'north', channel: 'chat' })];
    expect(
      pickTarget(both, 'csat', { channels: ['chat'], teams: ['north'], agents: [] }, '2026-01-10')?.value,
    ).toBe(0.87);
    expect(
      pickTarget(both, 'csat', { channels: ['email'], teams: ['north'], agents: [] }, '2026-01-10')?.value,
    ).toBe(0.85);
  });

  test('among equals, the latest that had started on the day; a later one is not yet in force', () => {
    const dated = [
      target(0.8),
      target(0.83, { validFrom: '2026-02-01' }),
      target(0.86, { validFrom: '2026-03-01' }),
      target(0.95, { agent: 'a1', validFrom: '2026-04-01' }),
    ];
    expect(pickTarget(dated, 'csat', ALL, '2026-01-31')?.value).toBe(0.8);
    expect(pickTarget(dated, 'csat', ALL, '2026-02-01')?.value).toBe(0.83);
    expect(pickTarget(dated, 'csat', ALL, '2026-02-28')?.value).toBe(0.83);
    expect(pickTarget(dated, 'csat', ALL, '2026-03-15')?.value).toBe(0.86);
    // The agent's own target does not apply before it starts: the team-wide one does.
    expect(pickTarget(dated, 'csat', { ...ALL, agents: ['a1'] }, '2026-03-31')?.value).toBe(0.86);
    expect(pickTarget(dated, 'csat', { ...ALL, agents: ['a1'] }, '2026-04-01')?.value).toBe(0.95);
    expect(pickTarget(dated.slice(1), 'csat', ALL, '2026-01-31')).toBeNull();
  });
});

describe('targetSeries', () => {
  test('steps in the period a new target started, judged on each period’s last day', () => {
    const dated = [target(60, { kpi: 'frt' }), target(45, { kpi: 'frt', validFrom: '2026-02-10' })];
    const months = [
      { from: '2026-01-01', to: '2026-02-01' },
      { from: '2026-02-01', to: '2026-03-01' },
      { from: '2026-03-01', to: '2026-04-01' },
    ];
    expect(targetSeries(dated, 'frt', ALL, months).map((t) => t?.value ?? null)).toEqual([60, 45, 45]);
    const days = [
      { from: '2026-02-09', to: '2026-02-10' },
      { from: '2026-02-10', to: '2026-02-11' },
    ];
    expect(targetSeries(dated, 'frt', ALL, days).map((t) => t?.value ?? null)).toEqual([60, 45]);
    expect(targetSeries([], 'frt', ALL, days)).toEqual([null, null]);
  });

  test('the last day of a period whose end is exclusive', () => {
    expect(lastDay({ from: '2026-01-01', to: '2026-02-01' })).toBe('2026-01-31');
    expect(lastDay({ from: '2024-02-01', to: '2024-03-01' })).toBe('2024-02-29');
    expect(lastDay({ from: '2026-01-05', to: '2026-01-05' })).toBe('2026-01-05');
  });
});
