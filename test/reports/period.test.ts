import { describe, expect, it } from 'vitest';
import { lastSending, nextSending } from '../../src/core/reports/period.js';

const weekly = { frequency: 'weekly', sendTime: '08:00', weekday: 1, monthDay: null } as const;
const daily = { frequency: 'daily', sendTime: '07:30', weekday: null, monthDay: null } as const;
const monthly = { frequency: 'monthly', sendTime: '06:00', weekday: null, monthDay: 2 } as const;

describe('report sending and period', () => {
  it('reports the last whole ISO week before a Monday sending, in the recipient’s zone', () => {
    // Monday 7 December 2026, 07:30 UTC = 08:30 in Amsterdam, 02:30 in New York.
    const at = new Date('2026-12-07T07:30:00Z');
    const amsterdam = lastSending(weekly, 'Europe/Amsterdam', at);
    expect(amsterdam.sendAt.toISOString()).toBe('2026-12-07T07:00:00.000Z');
    expect(amsterdam.period).toEqual({
      key: '2026-W49',
      from: '2026-11-30',
      to: '2026-12-07',
      previousFrom: '2026-11-23',
      timezone: 'Europe/Amsterdam',
    });
    // Not yet 08:00 in New York: its last sending was the Monday before.
    const newYork = lastSending(weekly, 'America/New_York', at);
    expect(newYork.sendAt.toISOString()).toBe('2026-11-30T13:00:00.000Z');
    expect(newYork.period.key).toBe('2026-W48');
    expect(newYork.period.from).toBe('2026-11-23');
    expect(nextSending(weekly, 'America/New_York', at).toISOString()).toBe('2026-12-07T13:00:00.000Z');
  });

  it('a weekly sending on another weekday reports the ISO week before its own', () => {
    const friday = { ...weekly, weekday: 5 };
    const sent = lastSending(friday, 'UTC', new Date('2026-12-08T12:00:00Z'));
    expect(sent.sendAt.toISOString()).toBe('2026-12-04T08:00:00.000Z');
    expect(sent.period.key).toBe('2026-W48');
    expect(sent.period.from).toBe('2026-11-23');
    expect(sent.period.to).toBe('2026-11-30');
  });

  it('keeps local time across daylight-saving changes', () => {
    // Amsterdam leaves summer time on Sunday 25 October 2026.
    const before = lastSending(daily, 'Europe/Amsterdam', new Date('2026-10-25T05:00:00Z'));
    expect(before.sendAt.toISOString()).toBe('2026-10-24T05:30:00.000Z');
    expect(before.period.key).toBe('2026-10-23');
    const next = nextSending(daily, 'Europe/Amsterdam', new Date('2026-10-25T05:00:00Z'));
    expect(next.toISOString()).toBe('2026-10-25T06:30:00.000Z');
    const after = lastSending(daily, 'Europe/Amsterdam', next);
    expect(after.sendAt.toISOString()).toBe(next.toISOString());
    expect(after.period).toMatchObject({
      key: '2026-10-24',
      from: '2026-10-24',
      to: '2026-10-25',
      previousFrom: '2026-10-23',
    });
    // New York starts summer time on 8 March 2026: the week across it is still Monday to Sunday.
    const spring = lastSending(weekly, 'America/New_York', new Date('2026-03-16T12:00:00Z'));
    expect(spring.sendAt.toISOString()).toBe('2026-03-16T12:00:00.000Z');
    expect(spring.period).toMatchObject({ key: '2026-W11', from: '2026-03-09', to: '2026-03-16' });
    expect(nextSending(weekly, 'America/New_York', new Date('2026-03-02T13:00:00Z')).toISOString()).toBe(
      '2026-03-09T12:00:00.000Z',
    );
  });

  it('reports the last whole month before a monthly sending, across the new year', () => {
    const sent = lastSending(monthly, 'Europe/Amsterdam', new Date('2027-01-01T12:00:00Z'));
    expect(sent.sendAt.toISOString()).toBe('2026-12-02T05:00:00.000Z');
    expect(sent.period).toMatchObject({
      key: '2026-11',
      from: '2026-11-01',
      to: '2026-12-01',
      previousFrom: '2026-10-01',
    });
    expect(nextSending(monthly, 'Europe/Amsterdam', new Date('2027-01-01T12:00:00Z')).toISOString()).toBe(
      '2027-01-02T05:00:00.000Z',
    );
    const january = lastSending(monthly, 'UTC', new Date('2027-01-02T06:00:00Z'));
    expect(january.period).toMatchObject({
      key: '2026-12',
      from: '2026-12-01',
      to: '2027-01-01',
      previousFrom: '2026-11-01',
    });
  });

  it('the sending at the exact instant is the last one; the ISO week year is used at the year’s end', () => {
    const sent = lastSending(weekly, 'UTC', new Date('2027-01-04T08:00:00Z'));
    expect(sent.sendAt.toISOString()).toBe('2027-01-04T08:00:00.000Z');
    expect(sent.period).toMatchObject({ key: '2026-W53', from: '2026-12-28', to: '2027-01-04' });
  });

  it('names the field of a bad schedule', () => {
    expect(() => lastSending({ ...daily, sendTime: '7:30' }, 'UTC', new Date())).toThrow(/sendTime/);
    expect(() => lastSending(weekly, 'Mars/Olympus', new Date())).toThrow(/timezone/);
    expect(() => lastSending({ ...weekly, weekday: 8 }, 'UTC', new Date())).toThrow(/weekday/);
  });
});
