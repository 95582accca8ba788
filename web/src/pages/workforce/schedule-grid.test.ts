import { describe, expect, test } from 'vitest';
import type { ScheduleBlock } from './api.js';
import {
  addDays,
  blockFormOf,
  blockInputOf,
  instantOf,
  isDay,
  localClock,
  mondayOf,
  scheduleGrid,
  weekDays,
} from './schedule-grid.js';

const ZONE = 'Europe/Amsterdam';

function block(
  agentId: string,
  startsAt: string,
  endsAt: string,
  activity: ScheduleBlock['activity'] = 'phone',
): ScheduleBlock {
  return {
    source: 'servicemeter',
    externalId: `${agentId}-${startsAt}`,
    agentId,
    agentName: agentId.toUpperCase(),
    teamId: null,
    startsAt,
    endsAt,
    activity,
    note: null,
  };
}

describe('weeks', () => {
  test('run Monday to Sunday, across a month and a year end', () => {
    expect(mondayOf('2026-12-03')).toBe('2026-11-30');
    expect(mondayOf('2026-11-30')).toBe('2026-11-30');
    expect(mondayOf('2027-01-03')).toBe('2026-12-28');
    expect(weekDays('2026-12-28')).toEqual([
      '2026-12-28',
      '2026-12-29',
      '2026-12-30',
      '2026-12-31',
      '2027-01-01',
      '2027-01-02',
      '2027-01-03',
    ]);
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  test('a day is a real calendar date', () => {
    expect(isDay('2026-02-28')).toBe(true);
    expect(isDay('2026-02-30')).toBe(false);
    expect(isDay('2026-2-3')).toBe(false);
    expect(isDay(null)).toBe(false);
  });
});

describe('wall clocks of the team’s zone', () => {
  test('round-trip in winter and summer time', () => {
    expect(instantOf('2026-01-15T09:00', ZONE)).toBe('2026-01-15T08:00:00.000Z');
    expect(instantOf('2026-07-15T09:00', ZONE)).toBe('2026-07-15T07:00:00.000Z');
    expect(localClock('2026-07-15T07:00:00.000Z', ZONE)).toBe('2026-07-15T09:00');
    expect(localClock('2026-01-15T23:30:00Z', ZONE)).toBe('2026-01-16T00:30');
  });

  test('a time the clock passes twice is the earlier; one it skips lands on the change', () => {
    // 25 October 2026: 03:00 summer time goes back to 02:00; 02:30 happens twice.
    expect(instantOf('2026-10-25T02:30', ZONE)).toBe('2026-10-25T00:30:00.000Z');
    // 29 March 2026: 02:00 jumps to 03:00 (01:00 UTC); 02:30 does not exist.
    expect(instantOf('2026-03-29T02:30', ZONE)).toBe('2026-03-29T01:00:00.000Z');
  });
});

describe('the week grid', () => {
  test('cuts a night shift at midnight and shows it on both days', () => {
    const rows = scheduleGrid(
      [block('a1', '2026-11-30T21:00:00Z', '2026-12-01T05:00:00Z')],
      '2026-11-30',
      ZONE,
    );
    expect(rows).toHaveLength(1);
    const [monday, tuesday] = rows[0]?.days ?? [];
    expect(monday).toHaveLength(1);
    expect(monday?.[0]).toMatchObject({
      offset: 22 / 24,
      width: 2 / 24,
      continuedFrom: false,
      continuesAfter: true,
    });
    expect(tuesday?.[0]).toMatchObject({
      offset: 0,
      width: 6 / 24,
      continuedFrom: true,
      continuesAfter: false,
    });
    expect(monday?.[0]?.startsLocal).toBe('2026-11-30T22:00');
    expect(rows[0]?.contactMinutes).toBe(8 * 60);
  });

  test('keeps the agents given first, in their order, with or without blocks, then the others by name', () => {
    const rows = scheduleGrid(
      [
        block('zed', '2026-12-01T08:00:00Z', '2026-12-01T12:00:00Z'),
        block('amy', '2026-12-02T08:00:00Z', '2026-12-02T09:00:00Z', 'break'),
        block('b2', '2026-12-02T08:00:00Z', '2026-12-02T09:00:00Z', 'training'),
      ],
      '2026-11-30',
      ZONE,
      [
        { id: 'b2', name: 'Bo' },
        { id: 'c3', name: null },
      ],
    );
    expect(rows.map((r) => r.agentName)).toEqual(['Bo', 'c3', 'AMY', 'ZED']);
    // Breaks and training are scheduled but not time on contacts.
    expect(rows.map((r) => r.contactMinutes)).toEqual([0, 0, 0, 240]);
  });

  test('orders a day’s pieces by their start and leaves out blocks of another week', () => {
    const rows = scheduleGrid(
      [
        block('a1', '2026-12-01T12:00:00Z', '2026-12-01T13:00:00Z', 'break'),
        block('a1', '2026-12-01T08:00:00Z', '2026-12-01T12:00:00Z'),
        block('a1', '2026-12-09T08:00:00Z', '2026-12-09T12:00:00Z'),
      ],
      '2026-11-30',
      ZONE,
    );
    const tuesday = rows[0]?.days[1] ?? [];
    expect(tuesday.map((p) => p.block.activity)).toEqual(['phone', 'break']);
    expect(rows[0]?.days.flat()).toHaveLength(2);
  });
});

describe('the block dialog', () => {
  const form = {
    agentId: 'a1',
    day: '2026-12-01',
    start: '09:00',
    end: '17:30',
    activity: 'chat' as const,
    note: '',
  };

  test('turns a local day and times into instants', () => {
    expect(blockInputOf(form, ZONE)).toEqual({
      ok: true,
      input: {
        agentId: 'a1',
        startsAt: '2026-12-01T08:00:00.000Z',
        endsAt: '2026-12-01T16:30:00.000Z',
        activity: 'chat',
        note: null,
      },
    });
  });

  test('an end before the start is the next morning', () => {
    const night = blockInputOf({ ...form, start: '22:00', end: '06:00', note: ' cover ' }, ZONE);
    expect(night).toMatchObject({
      ok: true,
      input: { startsAt: '2026-12-01T21:00:00.000Z', endsAt: '2026-12-02T05:00:00.000Z', note: 'cover' },
    });
  });

  test('names every field that does not read', () => {
    expect(
      blockInputOf({ ...form, agentId: ' ', day: '2026-13-01', start: '9', end: '24:00' }, ZONE),
    ).toEqual({
      ok: false,
      problems: ['agent', 'day', 'start', 'end'],
    });
    expect(blockInputOf({ ...form, end: '09:00' }, ZONE)).toEqual({ ok: false, problems: ['end'] });
  });

  test('reads a stored block back into the same fields', () => {
    const stored = block('a1', '2026-12-01T21:00:00Z', '2026-12-02T05:00:00Z', 'email');
    const back = blockFormOf(stored, ZONE);
    expect(back).toEqual({
      agentId: 'a1',
      day: '2026-12-01',
      start: '22:00',
      end: '06:00',
      activity: 'email',
      note: '',
    });
    expect(blockInputOf(back, ZONE)).toMatchObject({
      ok: true,
      input: { startsAt: '2026-12-01T21:00:00.000Z', endsAt: '2026-12-02T05:00:00.000Z' },
    });
  });
});
