import { describe, expect, it } from 'vitest';
import { chartSummary } from '../../components/Chart.js';
import {
  BASELINE_COLOUR,
  baselineFor,
  baselineLine,
  canEditTargets,
  canSeeTargetsPage,
  entryFromValue,
  periodLabel,
  scopeKind,
  scopeLabel,
  scopeOf,
  scopesToReplace,
  valueFromEntry,
  withBaselineLine,
} from './targets.js';

const names = {
  all: 'All contacts',
  dimension: (kind: string) => kind[0]?.toUpperCase() + kind.slice(1),
  value: (kind: string, id: string) => (kind === 'team' ? `Team ${id.toUpperCase()}` : id),
};

describe('target values as typed', () => {
  it('takes shares in percent and stores a fraction, without binary noise', () => {
    expect(valueFromEntry('percent', 85)).toBe(0.85);
    expect(entryFromValue('percent', 0.57)).toBe(57);
    expect(valueFromEntry('percent', entryFromValue('percent', 0.123))).toBe(0.123);
  });

  it('keeps other formats in their own unit and an empty entry as not a number', () => {
    expect(valueFromEntry('duration', 5400)).toBe(5400);
    expect(entryFromValue('score', 4.2)).toBe(4.2);
    expect(valueFromEntry('percent', Number.NaN)).toBeNaN();
  });
});

describe('scopes', () => {
  it('names each kind of scope', () => {
    expect(scopeLabel(scopeOf('all', null), names)).toBe('All contacts');
    expect(scopeLabel(scopeOf('team', 'nl'), names)).toBe('Team: Team NL');
    expect(scopeLabel(scopeOf('channel', 'email'), names)).toBe('Channel: email');
    expect(scopeKind({ channel: null, team: null, agent: 'a1' })).toBe('agent');
  });

  it('replaces the scopes loaded and those now held, each once', () => {
    const before = [
      { kpi: 'csat', ...scopeOf('all', null) },
      { kpi: 'frt', ...scopeOf('team', 'nl') },
    ];
    const after = [
      { kpi: 'csat', ...scopeOf('all', null) },
      { kpi: 'csat', ...scopeOf('agent', 'a1') },
    ];
    expect(scopesToReplace(before, after)).toEqual([
      { kpi: 'csat', channel: null, team: null, agent: null },
      { kpi: 'frt', channel: null, team: 'nl', agent: null },
      { kpi: 'csat', channel: null, team: null, agent: 'a1' },
    ]);
  });

  it('opens the page to every role but agents, and editing to admins and managers', () => {
    expect(
      ['admin', 'manager', 'viewer', 'finance', 'agent'].map((r) => canSeeTargetsPage(r as 'admin')),
    ).toEqual([true, true, true, true, false]);
    expect(canEditTargets('manager')).toBe(true);
    expect(canEditTargets('viewer')).toBe(false);
  });
});

describe('baselines on charts', () => {
  it('reads calendar periods as such and others as first – last day', () => {
    expect(periodLabel('2026-01-01', '2026-04-01')).toBe('Q1 2026');
    expect(periodLabel('2025-10-01', '2026-01-01')).toBe('Q4 2025');
    expect(periodLabel('2026-03-01', '2026-04-01')).toBe('2026-03');
    expect(periodLabel('2025-01-01', '2026-01-01')).toBe('2025');
    expect(periodLabel('2026-02-10', '2026-03-01')).toBe('2026-02-10 – 2026-02-28');
  });

  const baselines = [
    { kpi: 'csat', ...scopeOf('all', null), from: '2025-10-01', to: '2026-01-01', value: 0.8 },
    { kpi: 'csat', ...scopeOf('all', null), from: '2026-01-01', to: '2026-04-01', value: 0.82 },
    { kpi: 'csat', ...scopeOf('team', 'nl'), from: '2026-01-01', to: '2026-04-01', value: 0.9 },
    { kpi: 'frt', ...scopeOf('all', null), from: '2026-01-01', to: '2026-04-01', value: null },
  ];
  const none = { channel: [], team: [], agent: [] };

  it('picks the latest baseline of the indicator in the scope filtered on', () => {
    expect(baselineFor(baselines, 'csat', none)?.value).toBe(0.82);
    expect(baselineFor(baselines, 'csat', { ...none, team: ['nl'] })?.value).toBe(0.9);
    // A team without a baseline of its own is not compared with everyone's.
    expect(baselineFor(baselines, 'csat', { ...none, team: ['se'] })).toBeNull();
    expect(baselineFor(baselines, 'frt', none)).toBeNull();
  });

  it('adds the line as a series of its own, after the data series', () => {
    const option = { series: [{ name: 'All', type: 'line', data: [0.7, 0.9, null] }] };
    const line = baselineLine(
      baselineFor(baselines, 'csat', none),
      (b) => `Baseline (${periodLabel(b.from, b.to)})`,
    );
    const drawn = withBaselineLine(option, line);
    expect(drawn.series).toHaveLength(2);
    expect(drawn.series[1]).toMatchObject({
      name: 'Baseline (Q1 2026)',
      data: [null, null, null],
      markLine: { data: [{ yAxis: 0.82 }], lineStyle: { color: BASELINE_COLOUR } },
    });
    expect(withBaselineLine(option, null)).toBe(option);
    // Read as a reference line, not as one more data line with a target of its own.
    const summary = chartSummary(drawn as Parameters<typeof chartSummary>[0]);
    expect(summary.series.map((s) => [s.kind, s.target, s.reference])).toEqual([
      ['line', null, null],
      ['reference', null, BASELINE_COLOUR],
    ]);
  });
});
