import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Engine } from '../../src/core/engine.js';
import { forecastView } from '../../src/services/workforce/forecast.js';
import { addMarkedDay, listMarkedDays, removeMarkedDay } from '../../src/services/workforce/marked-days.js';
import {
  channelHistory,
  markedDaysFor,
  openSlotsOf,
  teamCalendar,
} from '../../src/services/workforce/series.js';
import { withDuckDb, withTempDir } from '../support/engines.js';

const LEAD = 'user-lead';
const CALENDAR = {
  'calendars.csv': 'id,name,timezone,is_default\nams,Amsterdam,Europe/Amsterdam,true\n',
  'calendar_intervals.csv': `calendar_id,weekday,start_time,end_time\n${[1, 2, 3, 4, 5].map((d) => `ams,${d},09:00,17:00`).join('\n')}\n`,
  'calendar_holidays.csv': 'calendar_id,date,name\nams,2026-04-06,Easter Monday\n',
  'teams.csv': 'id,name,calendar_id\nsupport,Support,ams\n',
  'agents.csv': 'id,name,email,team_id,started_on,active\nann,Ann,,support,,true\n',
};

async function withFiles<T>(files: Record<string, string>, work: (db: Engine) => Promise<T>): Promise<T> {
  return withTempDir(async (dir) => {
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
    return withDuckDb([dir], (db) => work(db));
  });
}

/**
 * Amsterdam moves from UTC+1 to UTC+2 at 01:00 UTC on Sunday 29 March 2026. Calls at 09:10 local on
 * Friday 27 (08:10 UTC) and Monday 30 (07:10 UTC) fall in the same local slot 18 (09:00–09:30).
 * Handle time: answer to end 180 s plus 60 s of after-contact work. A 2 s abandon is short: not
 * offered. E-mails: each public reply counts the written-reply minutes (5).
 */
const CONTACTS = {
  ...CALENDAR,
  'contacts.csv': `source,external_id,channel,created_at,team_id,assignee_id,status,subject
pbx,c1,phone,2026-03-27T08:10:00Z,support,,closed,
pbx,c2,phone,2026-03-30T07:10:00Z,support,,closed,
pbx,c3,phone,2026-03-30T07:20:00Z,support,,closed,
pbx,c4,phone,2026-03-29T00:30:00Z,support,,closed,
pbx,c5,phone,2026-03-29T01:30:00Z,support,,closed,
mail,e1,email,2026-03-30T07:00:00Z,support,,solved,
mail,e2,email,2026-03-30T07:05:00Z,support,,open,
chat,h1,chat,2026-03-30T07:05:00Z,support,,open,
`,
  'contact_events.csv': `source,contact_external_id,external_id,kind,occurred_at,agent_id,status,queue
pbx,c1,c1q,queue_enter,2026-03-27T08:10:00Z,,,line
pbx,c1,c1a,answer,2026-03-27T08:10:10Z,ann,,line
pbx,c1,c1e,end,2026-03-27T08:13:10Z,ann,,line
pbx,c1,c1w,acw_start,2026-03-27T08:13:10Z,ann,,
pbx,c1,c1x,acw_end,2026-03-27T08:14:10Z,ann,,
pbx,c2,c2q,queue_enter,2026-03-30T07:10:00Z,,,line
pbx,c2,c2a,answer,2026-03-30T07:10:10Z,ann,,line
pbx,c2,c2e,end,2026-03-30T07:13:10Z,ann,,line
pbx,c2,c2w,acw_start,2026-03-30T07:13:10Z,ann,,
pbx,c2,c2x,acw_end,2026-03-30T07:14:10Z,ann,,
pbx,c3,c3q,queue_enter,2026-03-30T07:20:00Z,,,line
pbx,c3,c3x,abandon,2026-03-30T07:20:02Z,,,line
pbx,c4,c4q,queue_enter,2026-03-29T00:30:00Z,,,line
pbx,c4,c4x,abandon,2026-03-29T00:31:00Z,,,line
pbx,c5,c5q,queue_enter,2026-03-29T01:30:00Z,,,line
pbx,c5,c5x,abandon,2026-03-29T01:31:00Z,,,line
mail,e1,e1m,customer_message,2026-03-30T07:00:00Z,,,
mail,e1,e1r,agent_reply,2026-03-30T07:30:00Z,ann,,
mail,e1,e1s,agent_reply,2026-03-30T08:30:00Z,ann,,
mail,e2,e2m,customer_message,2026-03-30T07:05:00Z,,,
chat,h1,h1m,customer_message,2026-03-30T07:05:00Z,,,
`,
};

const RANGE = { from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-04-10T00:00:00Z') };

describe('the history of a channel', () => {
  test('counts the offered calls per local slot across the change to summer time, with their handle time', async () => {
    await withFiles(CONTACTS, async (db) => {
      const phone = await channelHistory(db, {
        channel: 'phone',
        intervalMinutes: 30,
        ...RANGE,
        teamId: 'support',
        writtenReplyMinutes: 5,
      });
      expect(phone.timezone).toBe('Europe/Amsterdam');
      expect(phone.arrivals).toBe('offered');
      expect(phone.observations).toEqual([
        { date: '2026-03-27', slot: 18, arrivals: 1, handleSeconds: 240, handled: 1 },
        // 00:30 UTC is 01:30 local (UTC+1); 01:30 UTC is 03:30 local (UTC+2).
        { date: '2026-03-29', slot: 3, arrivals: 1, handleSeconds: null, handled: 0 },
        { date: '2026-03-29', slot: 7, arrivals: 1, handleSeconds: null, handled: 0 },
        { date: '2026-03-30', slot: 18, arrivals: 1, handleSeconds: 240, handled: 1 },
      ]);
      expect(phone.observedDates).toEqual(['2026-03-27', '2026-03-28', '2026-03-29', '2026-03-30']);
      const hourly = await channelHistory(db, {
        channel: 'phone',
        intervalMinutes: 60,
        ...RANGE,
        writtenReplyMinutes: 5,
      });
      expect(hourly.observations.map((o) => [o.date, o.slot])).toEqual([
        ['2026-03-27', 9],
        ['2026-03-29', 1],
        ['2026-03-29', 3],
        ['2026-03-30', 9],
      ]);
    });
  });

  test('counts created e-mails with the written-reply minutes, and created chats without queue facts', async () => {
    await withFiles(CONTACTS, async (db) => {
      const email = await channelHistory(db, {
        channel: 'email',
        intervalMinutes: 30,
        ...RANGE,
        writtenReplyMinutes: 5,
      });
      expect(email.arrivals).toBe('created');
      expect(email.observations).toEqual([
        { date: '2026-03-30', slot: 18, arrivals: 2, handleSeconds: 600, handled: 1 },
      ]);
      const chat = await channelHistory(db, {
        channel: 'chat',
        intervalMinutes: 30,
        ...RANGE,
        writtenReplyMinutes: 5,
      });
      expect(chat.arrivals).toBe('created');
      expect(chat.observations.map((o) => o.arrivals)).toEqual([1]);
    });
  });

  test('names the holidays and the marked days, and the opening hours without them', async () => {
    await withFiles(CALENDAR, async (db) => {
      const now = new Date('2026-03-20T12:00:00Z');
      const event = await addMarkedDay(
        db,
        { day: '2026-04-01', kind: 'event', factor: 1.5, label: 'Price change' },
        LEAD,
        now,
      );
      expect(event.ok).toBe(true);
      await addMarkedDay(
        db,
        { day: '2026-04-03', channel: 'phone', kind: 'closed', label: 'Team day' },
        LEAD,
        now,
      );
      await addMarkedDay(
        db,
        { day: '2026-04-02', channel: 'email', kind: 'event', label: 'Newsletter' },
        LEAD,
        now,
      );
      const refused = await addMarkedDay(
        db,
        { day: '2026-04-03', kind: 'closed', factor: 2, label: 'x' },
        LEAD,
        now,
      );
      expect(!refused.ok && refused.error.kind === 'invalid' && refused.error.issues[0]?.path).toBe('factor');
      const twice = await addMarkedDay(
        db,
        { day: '2026-04-01', kind: 'event', factor: 2, label: 'Price change' },
        LEAD,
        now,
      );
      expect(!twice.ok && twice.error.kind).toBe('conflict');
      expect(
        (await listMarkedDays(db, { from: '2026-04-02' })).map((d) => [d.day, d.channel, d.kind, d.factor]),
      ).toEqual([
        ['2026-04-02', 'email', 'event', null],
        ['2026-04-03', 'phone', 'closed', null],
      ]);

      const calendar = await teamCalendar(db, 'support');
      const { marked, closed } = await markedDaysFor(db, calendar, 'phone');
      expect(marked).toEqual([
        { date: '2026-04-06', kind: 'holiday', label: 'Easter Monday' },
        { date: '2026-04-01', kind: 'event', factor: 1.5, label: 'Price change' },
        { date: '2026-04-03', kind: 'holiday', label: 'Team day' },
      ]);
      const open = openSlotsOf(calendar, 30, closed);
      expect(open('2026-03-30', 18)).toBe(true);
      expect(open('2026-03-30', 17)).toBe(false);
      expect(open('2026-03-30', 34)).toBe(false);
      expect(open('2026-04-04', 18)).toBe(false); // Saturday
      expect(open('2026-04-06', 18)).toBe(false); // Easter Monday
      expect(open('2026-04-03', 18)).toBe(false); // closed
      expect(open('2026-04-02', 18)).toBe(true);

      if (event.ok) expect((await removeMarkedDay(db, event.data.id, LEAD, now)).ok).toBe(true);
      expect((await listMarkedDays(db)).map((d) => d.day)).toEqual(['2026-04-02', '2026-04-03']);
    });
  });

  test('opening hours that run overnight belong to the day they start on', () => {
    const open = openSlotsOf(
      {
        id: 'night',
        timezone: 'UTC',
        intervals: [{ weekday: 5, start: '22:00', end: '06:00' }],
        holidays: [],
      },
      60,
      new Set(),
    );
    expect(open('2026-04-03', 22)).toBe(true); // Friday 22:00
    expect(open('2026-04-04', 5)).toBe(true); // Saturday 05:00
    expect(open('2026-04-04', 6)).toBe(false);
    expect(open('2026-04-03', 5)).toBe(false); // Friday morning: Thursday has no night
  });
});

/** Four calls at 10:05–10:20 local on every weekday from Monday 2 February to Wednesday 1 April. */
function steadyFiles(): Record<string, string> {
  const contacts = ['source,external_id,channel,created_at,team_id,assignee_id,status,subject'];
  const events = ['source,contact_external_id,external_id,kind,occurred_at,agent_id,status,queue'];
  for (
    let day = Date.parse('2026-02-02T00:00:00Z');
    day <= Date.parse('2026-04-01T00:00:00Z');
    day += 86_400_000
  ) {
    const weekday = new Date(day).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    const date = new Date(day).toISOString().slice(0, 10);
    const offsetHours = date < '2026-03-29' ? 1 : 2;
    for (let i = 1; i <= 4; i++) {
      const at = new Date(day + (10 - offsetHours) * 3_600_000 + i * 5 * 60_000).toISOString();
      contacts.push(`pbx,${date}-${i},phone,${at},support,,closed,`);
      events.push(`pbx,${date}-${i},${date}-${i}q,queue_enter,${at},,,line`);
    }
  }
  return {
    ...CALENDAR,
    'contacts.csv': `${contacts.join('\n')}\n`,
    'contact_events.csv': `${events.join('\n')}\n`,
  };
}

describe('the forecast view', () => {
  test('shows the last weeks actual and the forecast from this week, with the accuracy on held-back weeks', async () => {
    await withFiles(steadyFiles(), async (db) => {
      const now = new Date('2026-04-01T12:00:00Z');
      const view = await forecastView(db, { channel: 'phone', weeksBack: 1, weeksAhead: 1, now });
      expect(view).toMatchObject({ channel: 'phone', timezone: 'Europe/Amsterdam', intervalMinutes: 30 });
      expect(view.method).toBe('weekday-profile-trend');
      // Two weeks of 48 slots, less the half hours 02:00 and 02:30 that 29 March skips.
      expect(view.series).toHaveLength(2 * 7 * 48 - 2);
      expect(view.series.some((s) => s.local === '2026-03-29T02:00')).toBe(false);
      const slot = (local: string) => view.series.find((s) => s.local === local);
      expect(slot('2026-03-24T10:00')).toMatchObject({
        start: '2026-03-24T09:00:00.000Z',
        actual: 4,
        forecast: null,
      });
      expect(slot('2026-03-24T11:00')).toMatchObject({ actual: 0, forecast: null });
      const monday = slot('2026-03-30T10:00');
      expect(monday).toMatchObject({ start: '2026-03-30T08:00:00.000Z', actual: 4 });
      expect(monday?.forecast).toBeCloseTo(4, 6);
      const thursday = slot('2026-04-02T10:00');
      expect(thursday?.actual).toBeNull();
      expect(thursday?.forecast).toBeCloseTo(4, 6);
      // Closed hours are forecast as nothing.
      expect(slot('2026-04-04T10:00')?.forecast).toBe(0);
      // The four full weeks before this one are held back; a steady pattern is forecast exactly.
      expect(view.accuracy.heldBack).toEqual({ from: '2026-03-02', to: '2026-03-29' });
      expect(view.accuracy.method.wape).toBeCloseTo(0, 6);
      expect(view.accuracy.lastFourWeeks.wape).toBeCloseTo(0, 6);
    });
  });

  test('has no accuracy without history', async () => {
    await withFiles(CALENDAR, async (db) => {
      const view = await forecastView(db, { channel: 'email', now: new Date('2026-04-01T12:00:00Z') });
      expect(view.series).toHaveLength(6 * 7 * 48 - 2);
      // Four weeks back without a forecast, two ahead forecast as nothing; nothing observed.
      expect(view.series.every((s) => s.actual === null)).toBe(true);
      expect(view.series.filter((s) => s.forecast === 0)).toHaveLength(2 * 7 * 48);
      expect(view.series.filter((s) => s.forecast === null)).toHaveLength(4 * 7 * 48 - 2);
      expect(view.accuracy).toEqual({
        heldBack: null,
        method: { wape: null, bias: null },
        lastFourWeeks: { wape: null, bias: null },
        sameWeekLastYear: { wape: null, bias: null },
      });
    });
  });
});
