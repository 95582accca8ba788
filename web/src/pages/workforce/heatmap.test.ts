import { describe, expect, test } from 'vitest';
import { type StaffingInterval, staffingSearch } from './api.js';
import { EMPTY_WHAT_IF, parseServiceLevel, staffingHeatmap, whatIfOf } from './heatmap.js';

function interval(local: string, fields: Partial<StaffingInterval> = {}): StaffingInterval {
  return {
    start: `${local}:00Z`,
    local,
    open: true,
    forecastArrivals: 10,
    ahtSeconds: 180,
    required: 2,
    requiredScheduled: 3,
    scheduled: 3,
    available: null,
    atScheduled: null,
    atRequired: null,
    staffing: 'ok',
    ...fields,
  };
}

describe('the staffing heatmap', () => {
  test('puts times of day in rows and the seven days in columns', () => {
    const map = staffingHeatmap({
      weekStart: '2026-11-30',
      intervalMinutes: 30,
      intervals: [
        interval('2026-11-30T09:00'),
        interval('2026-11-30T09:30', { staffing: 'under', scheduled: 1 }),
        interval('2026-12-06T09:00', { staffing: 'over', scheduled: 7 }),
      ],
    });
    expect(map.days).toHaveLength(7);
    expect(map.rows.map((r) => r.time)).toEqual(['09:00', '09:30']);
    expect(map.rows[0]?.cells.map((c) => c.tone)).toEqual([
      'ok',
      'none',
      'none',
      'none',
      'none',
      'none',
      'over',
    ]);
    expect(map.rows[1]?.cells[0]?.tone).toBe('under');
    expect(map.totals[0]).toMatchObject({
      requiredHours: 3,
      scheduledHours: 2,
      under: 1,
      over: 0,
      forecastArrivals: 20,
    });
    expect(map.totals[6]).toMatchObject({ over: 1, scheduledHours: 3.5 });
  });

  test('leaves out the night the team is closed all week, but not a closed slot between open ones', () => {
    const map = staffingHeatmap({
      weekStart: '2026-11-30',
      intervalMinutes: 60,
      intervals: [
        interval('2026-11-30T02:00', { open: false, staffing: 'closed' }),
        interval('2026-11-30T08:00'),
        interval('2026-11-30T09:00', { open: false, staffing: 'closed' }),
        interval('2026-11-30T10:00'),
        interval('2026-11-30T23:00', { open: false, staffing: 'closed' }),
      ],
    });
    expect(map.rows.map((r) => r.time)).toEqual(['08:00', '09:00', '10:00']);
    expect(map.rows[1]?.cells[0]?.tone).toBe('closed');
  });

  test('keeps the first of an hour the autumn clock change repeats', () => {
    const map = staffingHeatmap({
      weekStart: '2026-10-19',
      intervalMinutes: 60,
      intervals: [
        interval('2026-10-25T02:00', { start: '2026-10-25T00:00:00Z', scheduled: 1 }),
        interval('2026-10-25T02:00', { start: '2026-10-25T01:00:00Z', scheduled: 9 }),
      ],
    });
    expect(map.rows[0]?.cells[6]?.interval?.scheduled).toBe(1);
  });
});

describe('the what-if panel', () => {
  test('reads a service level as percent and seconds', () => {
    expect(parseServiceLevel('80/20')).toEqual({ kind: 'service-level', share: 0.8, seconds: 20 });
    expect(parseServiceLevel(' 90 % / 15 s ')).toEqual({ kind: 'service-level', share: 0.9, seconds: 15 });
    expect(parseServiceLevel('80,5/20')).toEqual({ kind: 'service-level', share: 0.805, seconds: 20 });
    expect(parseServiceLevel('120/20')).toBeNull();
    expect(parseServiceLevel('80')).toBeNull();
  });

  test('leaves empty fields unchanged and names the ones that do not read', () => {
    expect(whatIfOf(EMPTY_WHAT_IF)).toEqual({ whatIf: {}, invalid: [] });
    expect(
      whatIfOf({
        volumePercent: '20',
        handleTimePercent: '−10',
        patienceSeconds: '90',
        serviceLevel: '85/30',
        shrinkagePercent: '32,5',
        model: 'erlang-c',
      }),
    ).toEqual({
      whatIf: {
        volumePercent: 20,
        handleTimePercent: -10,
        patienceSeconds: 90,
        shrinkage: 0.325,
        target: { kind: 'service-level', share: 0.85, seconds: 30 },
        model: 'erlang-c',
      },
      invalid: [],
    });
    expect(
      whatIfOf({
        ...EMPTY_WHAT_IF,
        volumePercent: 'lots',
        patienceSeconds: '0',
        shrinkagePercent: '100',
        serviceLevel: '80',
      }).invalid,
    ).toEqual(['volumePercent', 'patienceSeconds', 'shrinkagePercent', 'serviceLevel']);
  });

  test('is sent in the units the staffing route reads', () => {
    expect(
      staffingSearch({
        channel: 'phone',
        week: '2026-12-01',
        intervalMinutes: 30,
        teamId: 't1',
        whatIf: {
          volumePercent: 20,
          handleTimePercent: -10,
          patienceSeconds: 90,
          shrinkage: 0.3,
          model: 'erlang-a',
          target: { kind: 'service-level', share: 0.8, seconds: 20 },
        },
      }),
    ).toEqual({
      channel: 'phone',
      week: '2026-12-01',
      interval: '30',
      team: 't1',
      volume: '20',
      handleTime: '-10',
      patience: '90',
      shrinkage: '0.3',
      model: 'erlang-a',
      targetSl: '80/20',
    });
    expect(
      staffingSearch({
        channel: 'phone',
        week: '2026-12-01',
        whatIf: { target: { kind: 'abandonment', share: 0.05 }, shrinkage: 0.29, volumePercent: 0 },
      }),
    ).toEqual({ channel: 'phone', week: '2026-12-01', maxAbandon: '5', shrinkage: '0.29' });
    expect(
      staffingSearch({
        channel: 'chat',
        week: '2026-12-01',
        whatIf: { target: { kind: 'asa', seconds: 30 } },
      }),
    ).toEqual({
      channel: 'chat',
      week: '2026-12-01',
      targetAsa: '30',
    });
  });
});
