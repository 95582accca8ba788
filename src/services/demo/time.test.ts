import { describe, expect, it } from 'vitest';
import { Rng } from './random.js';
import { CALENDARS, HOLIDAYS } from './scenario.js';
import { amsterdamOffset, BusinessCalendar, fromAmsterdam, HOUR, isoUtc, toAmsterdam } from './time.js';

const at = (iso: string): number => Date.parse(iso) / 1000;

function intlOffset(utc: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: 'Europe/Amsterdam',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    hourCycle: 'h23',
  }).formatToParts(new Date(utc * 1000));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const local =
    Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) / 1000;
  return local - utc;
}

const calendar = (id: string): BusinessCalendar => {
  const def = CALENDARS.find((c) => c.id === id);
  if (!def) throw new Error(id);
  return new BusinessCalendar(
    def.intervals,
    HOLIDAYS.map((h) => h.date),
    '2025-12-28',
    '2026-08-10',
  );
};

describe('Amsterdam time', () => {
  it('matches Intl around the year, including both DST switches', () => {
    const rng = new Rng(5);
    const instants = [
      at('2026-03-29T00:59:59Z'),
      at('2026-03-29T01:00:00Z'),
      at('2026-10-25T00:59:59Z'),
      at('2026-10-25T01:00:00Z'),
    ];
    for (let i = 0; i < 500; i++)
      instants.push(Math.floor(at('2025-06-01T00:00:00Z') + rng.next() * 600 * 86_400));
    for (const t of instants) {
      expect(amsterdamOffset(t), isoUtc(t)).toBe(intlOffset(t));
      // Wall-clock times in the hour repeated at the end of summer time are ambiguous: skip those.
      const repeated = amsterdamOffset(t) !== amsterdamOffset(t - HOUR) && amsterdamOffset(t) === HOUR;
      if (!repeated) expect(fromAmsterdam(toAmsterdam(t)), isoUtc(t)).toBe(t);
    }
  });

  it('formats whole-second UTC timestamps', () => {
    expect(isoUtc(at('2026-03-02T09:15:03Z'))).toBe('2026-03-02T09:15:03Z');
    expect(isoUtc(at('2026-12-31T23:59:59Z'))).toBe('2026-12-31T23:59:59Z');
  });
});

describe('BusinessCalendar', () => {
  const webshop = calendar('webshop');
  const phone = calendar('phone-late');

  it('knows opening hours in winter and summer time, lunch breaks and holidays', () => {
    expect(webshop.isOpen(at('2026-03-02T07:30:00Z'))).toBe(true); // Mon 08:30 CET
    expect(webshop.isOpen(at('2026-03-02T07:29:59Z'))).toBe(false);
    expect(webshop.isOpen(at('2026-03-30T06:30:00Z'))).toBe(true); // Mon 08:30 CEST
    expect(webshop.isOpen(at('2026-03-30T06:29:59Z'))).toBe(false);
    expect(webshop.isOpen(at('2026-03-02T11:45:00Z'))).toBe(false); // 12:45 lunch
    expect(webshop.isOpen(at('2026-03-07T10:00:00Z'))).toBe(true); // Saturday 11:00
    expect(webshop.isOpen(at('2026-03-08T10:00:00Z'))).toBe(false); // Sunday
    expect(webshop.isOpen(at('2026-04-06T08:00:00Z'))).toBe(false); // Easter Monday
    expect(webshop.isOpen(at('2026-04-07T08:00:00Z'))).toBe(true);
  });

  it('runs the Friday-night interval past midnight', () => {
    expect(phone.isOpen(at('2026-03-06T21:30:00Z'))).toBe(true); // Fri 22:30 CET
    expect(phone.isOpen(at('2026-03-07T00:30:00Z'))).toBe(true); // Sat 01:30
    expect(phone.isOpen(at('2026-03-07T01:00:00Z'))).toBe(false); // Sat 02:00
    expect(phone.isOpen(at('2026-03-06T20:30:00Z'))).toBe(false); // Fri 21:30
  });

  it('adds business time across lunch, nights, weekends and holidays', () => {
    // Mon 12:00 CET + 1 h = 30 min before lunch, 30 min after: 13:30 CET.
    expect(isoUtc(webshop.addBusiness(at('2026-03-02T11:00:00Z'), HOUR))).toBe('2026-03-02T12:30:00Z');
    // Fri 17:00 CEST + 1 h = 30 min Friday, 30 min on Saturday from 10:00: 10:30 CEST.
    expect(isoUtc(webshop.addBusiness(at('2026-05-01T15:00:00Z'), HOUR))).toBe('2026-05-02T08:30:00Z');
    // Sunday 5 April + 0: Easter Monday is closed, so Tuesday 08:30 CEST.
    expect(isoUtc(webshop.nextOpen(at('2026-04-05T10:00:00Z')))).toBe('2026-04-07T06:30:00Z');
  });
});
