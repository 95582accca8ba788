import { describe, expect, test } from 'vitest';
import { coversChannel, presenceSpans, type StatusEvent } from './presence.js';

const at = (time: string) => Date.parse(`2026-03-02T${time}:00Z`);
let serial = 0;
const event = (
  time: string,
  status: StatusEvent['status'],
  extra: Partial<StatusEvent> = {},
): StatusEvent => ({
  externalId: `e${String(++serial).padStart(3, '0')}`,
  status,
  at: at(time),
  queue: null,
  channel: null,
  reason: null,
  ...extra,
});
const brief = (events: StatusEvent[], now = '18:00') =>
  presenceSpans(events, at(now)).map((s) => [
    new Date(s.startMs).toISOString().slice(11, 16),
    new Date(s.endMs).toISOString().slice(11, 16),
    s.state,
    s.pauseReason,
    s.channels,
  ]);

describe('presence from status events', () => {
  test('queues: logged in while any queue is joined; a logout without a queue leaves them all', () => {
    expect(
      brief([
        event('08:00', 'login', { queue: 'sales' }),
        event('09:00', 'add_member', { queue: 'support' }),
        event('10:00', 'remove_member', { queue: 'sales' }),
        event('11:00', 'logout', { queue: 'support' }),
        event('12:00', 'login', { queue: 'sales' }),
        event('12:30', 'add_member', { queue: 'support' }),
        event('13:00', 'logout'),
      ]),
    ).toEqual([
      // A queue names no channel: the presence covers every channel.
      ['08:00', '11:00', 'available', null, null],
      ['11:00', '12:00', 'logged_out', null, []],
      ['12:00', '13:00', 'available', null, null],
      ['13:00', '18:00', 'logged_out', null, []],
    ]);
  });

  test('a presence for one channel covers that channel only', () => {
    const spans = presenceSpans(
      [
        event('08:00', 'login', { channel: 'chat' }),
        event('09:00', 'login', { channel: 'email' }),
        event('10:00', 'logout', { channel: 'chat' }),
        event('11:00', 'login', { queue: 'phone-support' }),
      ],
      at('12:00'),
    );
    expect(spans.map((s) => s.channels)).toEqual([['chat'], ['chat', 'email'], ['email'], null]);
    expect(coversChannel(spans[0] as (typeof spans)[0], 'chat')).toBe(true);
    expect(coversChannel(spans[0] as (typeof spans)[0], 'phone')).toBe(false);
    expect(coversChannel(spans[3] as (typeof spans)[0], 'phone')).toBe(true);
  });

  test('a pause is per agent, keeps its reason, and does not outlive a log-out', () => {
    expect(
      brief([
        event('08:00', 'login', { queue: 'sales' }),
        event('10:00', 'pause', { queue: 'other-queue', reason: 'lunch' }),
        event('10:30', 'unpause'),
        event('11:00', 'pause', { reason: 'coffee' }),
        event('11:15', 'logout'),
        // Logging in again from logged out starts unpaused.
        event('12:00', 'login', { queue: 'sales' }),
        event('13:00', 'pause', { reason: 'lunch' }),
        // Joining a second queue while logged in keeps the pause.
        event('13:10', 'add_member', { queue: 'support' }),
      ]),
    ).toEqual([
      ['08:00', '10:00', 'available', null, null],
      ['10:00', '10:30', 'paused', 'lunch', null],
      ['10:30', '11:00', 'available', null, null],
      ['11:00', '11:15', 'paused', 'coffee', null],
      ['11:15', '12:00', 'logged_out', null, []],
      ['12:00', '13:00', 'available', null, null],
      ['13:00', '18:00', 'paused', 'lunch', null],
    ]);
  });

  test('events at the same instant are taken in the order of their ids, whatever order they come in', () => {
    const logout = { ...event('10:00', 'logout'), externalId: 'b' };
    const login = { ...event('10:00', 'login'), externalId: 'a' };
    const first = event('08:00', 'login');
    // a (login) then b (logout): logged out from 10:00 on, in either storage order.
    for (const events of [
      [first, login, logout],
      [logout, first, login],
    ])
      expect(brief(events, '11:00')).toEqual([
        ['08:00', '10:00', 'available', null, null],
        ['10:00', '11:00', 'logged_out', null, []],
      ]);
  });

  test('the last state lasts until now; later events are not read; nothing before the first event', () => {
    expect(brief([event('09:00', 'login'), event('17:00', 'logout')], '12:00')).toEqual([
      ['09:00', '12:00', 'available', null, null],
    ]);
    expect(brief([], '12:00')).toEqual([]);
  });
});
