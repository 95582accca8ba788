import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSmtpServer, type TestSmtpServer } from '../../../test/support/smtp-server.js';
import {
  checkSmtpUrl,
  createMailer,
  type Mailer,
  type MailerClock,
  redactSmtpUrl,
  SendingRate,
} from './mailer.js';

const message = (to: string, subject = 'How did we do?') => ({
  from: 'Acme Support <support@acme.test>',
  to,
  subject,
  text: 'Plain text',
  html: '<p>HTML</p>',
  headers: { 'List-Unsubscribe': '<https://meter.acme.test/s/u/abc>' },
  messageId: `inv-${subject.length}@servicemeter`,
});

/** A clock whose sleeps only move its own time: the rate limit is checked by count. */
function countingClock(): MailerClock & { slept: number[] } {
  let time = 1_000_000;
  const slept: number[] = [];
  return {
    slept,
    now: () => time,
    sleep: async (ms) => {
      slept.push(ms);
      time += ms;
    },
  };
}

describe('mailer', () => {
  let smtp: TestSmtpServer;
  let mailer: Mailer | null = null;
  beforeEach(async () => {
    smtp = await startSmtpServer();
  });
  afterEach(async () => {
    mailer?.close();
    mailer = null;
    await smtp.close();
  });

  it('sends a message the server accepts, with its headers and both parts', async () => {
    mailer = createMailer(smtp.url);
    const outcome = await mailer.send(message('ana@example.test'));
    expect(outcome).toMatchObject({ status: 'accepted', accepted: ['ana@example.test'], rejected: [] });
    const [mail] = await smtp.waitFor(1);
    expect(mail?.to).toEqual(['ana@example.test']);
    expect(mail?.parsed.subject).toBe('How did we do?');
    expect(mail?.parsed.text?.trim()).toBe('Plain text');
    expect(mail?.parsed.html).toContain('<p>HTML</p>');
    expect(mail?.raw).toMatch(/^List-Unsubscribe: <https:\/\/meter\.acme\.test\/s\/u\/abc>\r?$/m);
    expect(mail?.parsed.messageId).toBe('<inv-14@servicemeter>');
  });

  it('returns a refused recipient as an outcome with the server’s reason', async () => {
    smtp.refuse.add('gone@example.test');
    mailer = createMailer(smtp.url);
    const outcome = await mailer.send(message('gone@example.test'));
    expect(outcome.status).toBe('refused');
    expect(outcome).toMatchObject({ code: 550, rejected: ['gone@example.test'] });
    expect(outcome.response).toContain('mailbox unavailable');
    expect(smtp.received).toHaveLength(0);
  });

  it('defers a recipient refused for now (4xx) and a dropped connection', async () => {
    smtp.defer.add('busy@example.test');
    mailer = createMailer(smtp.url);
    const busy = await mailer.send(message('busy@example.test'));
    expect(busy).toMatchObject({ status: 'deferred', code: 451 });
    smtp.dropNext(1);
    const dropped = await mailer.send(message('ana@example.test'));
    expect(dropped.status).toBe('deferred');
    expect(smtp.dropped()).toBe(1);
    // The pool opens a new connection for the next message.
    const again = await mailer.send(message('ana@example.test'));
    expect(again.status).toBe('accepted');
    await smtp.waitFor(1);
  });

  it('defers when the server cannot be reached', async () => {
    await smtp.close();
    mailer = createMailer(smtp.url, { timeoutMs: 2000 });
    const outcome = await mailer.send(message('ana@example.test'));
    expect(outcome.status).toBe('deferred');
    smtp = await startSmtpServer();
  });

  it('sends no more than the rate allows in any second', async () => {
    const clock = countingClock();
    mailer = createMailer(smtp.url, { perSecond: 3, clock });
    const statuses = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => (await mailer?.send(message(`p${i}@example.test`)))?.status),
    );
    expect(statuses.every((s) => s === 'accepted')).toBe(true);
    await smtp.waitFor(10);
    // Ten messages at three a second: three waits, for the second, third and fourth second.
    expect(clock.slept).toHaveLength(3);
  });

  it('spaces its turns so that no second holds more than the rate', async () => {
    const clock = countingClock();
    const rate = new SendingRate(5, clock);
    const turns: number[] = [];
    for (let i = 0; i < 23; i += 1) {
      await rate.take();
      turns.push(clock.now());
    }
    for (const at of turns)
      expect(turns.filter((t) => t >= at && t < at + 1000).length).toBeLessThanOrEqual(5);
    const first = turns[0] ?? 0;
    expect(turns.filter((t) => t < first + 1000)).toHaveLength(5);
  });

  it('checks SMTP URLs and never shows the password', () => {
    expect(checkSmtpUrl('smtp://u:p@mail.example.test:587')).toBeNull();
    expect(checkSmtpUrl('smtps://mail.example.test')).toBeNull();
    expect(checkSmtpUrl('http://mail.example.test')).toContain('scheme http');
    expect(checkSmtpUrl('not a url')).toContain('not a URL');
    expect(redactSmtpUrl('smtp://u:hunter2@mail.example.test:587')).not.toContain('hunter2');
    expect(() => createMailer('http://u:hunter2@x')).toThrow(/scheme http/);
  });
});
