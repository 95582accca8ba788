import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { withDuckDb, withTempDir } from '../../../test/support/engines.js';
import {
  detectInput,
  expectReimportUnchanged,
  fixturePath,
  importSourceError,
  importSourceOrThrow,
  kpiFigure,
  kpiOverview,
  kpiRows,
  refuseThenSkipBadRows,
  rowCount,
} from '../../../test/support/sources.js';
import type { Engine } from '../../core/engine.js';
import { socialThreads } from './social-threads.js';

const FIXTURES = fixturePath('sources/social-threads');
const SAMPLE = join(FIXTURES, 'twcs-sample.csv');
const PANDAS = join(FIXTURES, 'twcs-sample-pandas.csv');
const HEADER = 'tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id';
const RANGE = { from: '2017-10-10', to: '2017-10-13' };

async function frtByTeam(db: Engine, stat: 'median' | 'mean') {
  const rows = await kpiRows(db, { kpis: ['frt'], by: ['team'], stat, hours: 'calendar', ...RANGE });
  return Object.fromEntries(rows.map((row) => [String(row.team), kpiFigure(row, 'frt')]));
}

const overview = (db: Engine) =>
  kpiOverview(db, ['contacts_created', 'frt', 'contacts_resolved', 'fcr_rate'], RANGE);

/** Every stored row, ordered, to compare two databases. */
async function tables(db: Engine) {
  return {
    contacts: await db.all(
      'SELECT external_id, channel, CAST(created_at AS VARCHAR) AS created_at, customer_id, team_id, assignee_id, status, subject FROM contacts ORDER BY external_id',
    ),
    events: await db.all(
      'SELECT contact_external_id, external_id, kind, CAST(occurred_at AS VARCHAR) AS occurred_at, actor, agent_id, public FROM contact_events ORDER BY external_id',
    ),
  };
}

/** The fixture's records (CRLF ends a record; texts hold bare LFs), header first. */
async function sampleRecords(): Promise<string[]> {
  return (await readFile(SAMPLE, 'utf8')).split('\r\n').filter((r) => r !== '');
}

describe('social-threads', () => {
  test('threads become one contact per company, with first response worked out by hand', async () => {
    await withDuckDb([], async (db) => {
      const summary = await importSourceOrThrow(db, socialThreads, [SAMPLE]);
      // Ten threads; 119237 has no company reply in the excerpt, so nine first responses (s):
      // VirginTrains 428, O2 1387, Chase 1540, Spotify 2876, Apple 3997, Tesco 5569, BA 10428,
      // Apple 23173, Apple 29112: median 3997. No statuses in the corpus: nothing resolved.
      expect(await overview(db)).toEqual({
        contacts_created: { value: 10, n: 10 },
        frt: { value: 3997, n: 9 },
        // No status in any row: nothing can be resolved, so the count is empty, not 0.
        contacts_resolved: { value: null, n: 0 },
        fcr_rate: { value: null, n: 0 },
      });
      // AppleSupport: 119272 at 02:19:23 → 03:26:00 = 3997 s; 119294 at 07:03:47 → 13:30:00 =
      // 23173 s; 119250 at 05:33:17 → 13:38:29 = 29112 s (a second customer's 07:37:27 "me too"
      // does not restart the clock). Median 23173, mean 56282 / 3.
      // VirginTrains' thread replies to 119247, missing from the file: its top tweet (a company
      // reply at 10:13:19) starts it, first response from the customer's 15:09:00 to 15:16:08.
      // Tesco's also starts at a company tweet: customer 14:05:18 → 15:38:07 = 5569 s.
      const medians = await frtByTeam(db, 'median');
      expect(medians).toMatchObject({
        AppleSupport: { value: 23173, n: 3 },
        VirginTrains: { value: 428, n: 1 },
        Tesco: { value: 5569, n: 1 },
        ChaseSupport: { value: 1540, n: 1 },
        British_Airways: { value: 10428, n: 1 },
      });
      const means = await frtByTeam(db, 'mean');
      expect(means.AppleSupport?.value).toBeCloseTo(56282 / 3, 6);
      expect(means.SpotifyCares).toEqual({ value: 2876, n: 1 });

      const contacts = await db.all(
        "SELECT external_id, CAST(created_at AS VARCHAR) AS created_at, customer_id, team_id, subject FROM contacts WHERE external_id IN ('119237', '119246', '119250') ORDER BY external_id",
      );
      expect(contacts).toEqual([
        {
          external_id: '119237',
          created_at: '2017-10-11 06:55:44',
          customer_id: '105834',
          team_id: null,
          subject:
            '@AppleSupport causing the reply to be disregarded and the tapped notification under the keyboard is opened😡😡😡',
        },
        // Created at its first tweet present, the company's; no subject, as its first tweet is missing.
        {
          external_id: '119246',
          created_at: '2017-10-10 10:13:19',
          customer_id: '105836',
          team_id: 'VirginTrains',
          subject: null,
        },
        {
          external_id: '119250',
          created_at: '2017-10-11 05:33:17',
          customer_id: '105838',
          team_id: 'AppleSupport',
          // Subjects stop at 120 characters.
          subject:
            '@AppleSupport hi #apple, I’ve a concern about the latest ios is too slow on #iphone6 and i am not happy with it. Any so…',
        },
      ]);
      const events = await db.all(
        "SELECT external_id, kind, actor, agent_id, public FROM contact_events WHERE contact_external_id = '119250' ORDER BY occurred_at",
      );
      expect(events).toEqual([
        { external_id: '119250', kind: 'customer_message', actor: 'customer', agent_id: null, public: null },
        { external_id: '119249', kind: 'customer_message', actor: 'customer', agent_id: null, public: null },
        {
          external_id: '119248',
          kind: 'agent_reply',
          actor: 'agent',
          agent_id: 'AppleSupport',
          public: true,
        },
      ]);
      expect(await rowCount(db, 'contact_events')).toBe(37);

      const messages = summary.warnings.map((w) => `${w.message} ×${w.count}`);
      expect(messages.sort()).toEqual([
        'contact has no company reply in the files: imported without team or response ×1',
        'thread starts with a reply to a tweet that is not in the files: the top-most tweet present starts the contact ×2',
      ]);
      expect([summary.contactsFrom, summary.contactsTo]).toEqual([
        '2017-10-10T10:13:19Z',
        '2017-10-11T13:34:06Z',
      ]);
    });
  });

  test('a copy saved again by pandas or a spreadsheet gives the identical database', async () => {
    await withTempDir(async (dir) => {
      // Index column named `Unnamed: 0`, every id a float, inbound as TRUE / true / 1 / FALSE / 0,
      // the \r\r\n line ends (and \r\n inside texts) of a CSV written in Windows text mode.
      const [, ...rows] = (await readFile(PANDAS, 'utf8')).split('\r\n').filter((r) => r !== '');
      const spellings = { True: ['TRUE', 'true', '1'], False: ['FALSE', '0', 'false'] };
      const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
      const monthNumber = (name: string) => String(months.indexOf(name) + 1).padStart(2, '0');
      const twitterTime = /,[A-Z][a-z]{2} ([A-Z][a-z]{2}) (\d{2}) (\d{2}:\d{2}:\d{2}) \+0000 (\d{4}),/;
      const mangled = rows.map((row, index) =>
        row
          .replace(/^(\d+),(\d+),/, '$1,$2.0,')
          // Every third time as pandas writes parsed dates.
          .replace(twitterTime, (all, month: string, day: string, time: string, year: string) =>
            index % 3 === 0 ? `,${year}-${monthNumber(month)}-${day} ${time}+00:00,` : all,
          )
          .replace(/,(True|False),/, (_, flag: 'True' | 'False') => `,${spellings[flag][index % 3]},`)
          .replace(/\n/g, '\r\n'),
      );
      expect(mangled.filter((row) => row.includes('+00:00,'))).toHaveLength(13);
      const spreadsheet = join(dir, 'twcs-resaved.csv');
      await writeFile(spreadsheet, `Unnamed: 0,${HEADER}\r\r\n${mangled.join('\r\r\n')}\r\r\n`);

      await withDuckDb([], async (original) => {
        await importSourceOrThrow(original, socialThreads, [SAMPLE]);
        const expected = await tables(original);
        for (const copy of [PANDAS, spreadsheet]) {
          await withDuckDb([], async (db) => {
            await importSourceOrThrow(db, socialThreads, [copy]);
            expect(await tables(db)).toEqual(expected);
          });
        }
      });
    });
  });

  test('importing again, or two overlapping pieces in either order, gives the same database', async () => {
    await withTempDir(async (dir) => {
      const [header = '', ...records] = await sampleRecords();
      const first = join(dir, 'twcs-1.csv');
      const second = join(dir, 'twcs-2.csv');
      // The pieces overlap on rows 15–25 and cut several threads in two.
      await writeFile(first, `${[header, ...records.slice(0, 25)].join('\r\n')}\r\n`);
      await writeFile(second, `${[header, ...records.slice(14)].join('\r\n')}\r\n`);
      const snapshot = async (db: Engine) => ({ kpis: await overview(db), tables: await tables(db) });
      await withDuckDb([], async (whole) => {
        const expected = await expectReimportUnchanged(whole, socialThreads, [SAMPLE], snapshot);
        for (const order of [
          [first, second],
          [second, first],
        ]) {
          await withDuckDb([], async (pieces) => {
            const summary = await importSourceOrThrow(pieces, socialThreads, order);
            expect(await snapshot(pieces)).toEqual(expected);
            // The same tweet twice is an overlap, not a conflict.
            expect(summary.warnings.map((w) => w.message)).not.toContain(
              'tweet appears twice with a different author, time or reply link: the later row is used',
            );
          });
        }
      });
    });
  });

  test('a thread two companies answered gives each company its own contact and first response', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'two-companies.csv');
      // A customer asks two companies; Apple answers after 10 minutes, British Airways after 30;
      // the customer follows up with BA, which answers again. Rows deliberately out of time order.
      await writeFile(
        path,
        [
          HEADER,
          '900004,900100,True,Wed Oct 11 10:40:00 +0000 2017,@British_Airways still nothing,900005,900003',
          '900002,AppleSupport,False,Wed Oct 11 10:10:00 +0000 2017,@900100 Send us a DM ^AB,,900001',
          '900001,900100,True,Wed Oct 11 10:00:00 +0000 2017,@AppleSupport @British_Airways my phone and my flight,"900002,900003",',
          '900003,British_Airways,False,Wed Oct 11 10:30:00 +0000 2017,@900100 Sorry to hear that,900004,900001',
          '900005,British_Airways,False,Wed Oct 11 10:45:00 +0000 2017,@900100 Looking into it now,,900004',
          '',
        ].join('\r\n'),
      );
      await withDuckDb([], async (db) => {
        const summary = await importSourceOrThrow(db, socialThreads, [path]);
        // Apple answered first and keeps the root id; BA's contact is keyed root:handle. Both
        // hold both customer messages (the copies in BA's contact keyed tweet:handle).
        // First response: Apple 10:00 → 10:10 = 600 s; BA 10:00 → 10:30 = 1800 s.
        expect(await frtByTeam(db, 'median')).toEqual({
          AppleSupport: { value: 600, n: 1 },
          British_Airways: { value: 1800, n: 1 },
        });
        expect(await db.all('SELECT external_id, team_id FROM contacts ORDER BY external_id')).toEqual([
          { external_id: '900001', team_id: 'AppleSupport' },
          { external_id: '900001:British_Airways', team_id: 'British_Airways' },
        ]);
        expect(
          await db.all(
            "SELECT external_id, kind, agent_id FROM contact_events WHERE contact_external_id = '900001:British_Airways' ORDER BY occurred_at",
          ),
        ).toEqual([
          { external_id: '900001:British_Airways', kind: 'customer_message', agent_id: null },
          { external_id: '900003', kind: 'agent_reply', agent_id: 'British_Airways' },
          { external_id: '900004:British_Airways', kind: 'customer_message', agent_id: null },
          { external_id: '900005', kind: 'agent_reply', agent_id: 'British_Airways' },
        ]);
        expect(summary.warnings).toEqual([
          {
            file: 'two-companies.csv',
            message:
              'thread answered by more than one company: one contact per company, each with all customer messages',
            count: 1,
            examples: ['tweet 900001 (AppleSupport, British_Airways)'],
          },
        ]);
      });
    });
  });

  /**
   * A customer's 2012 tweet nobody answered, revived in 2017 by another customer, who comes back
   * once more after ten quiet days; a question answered nine days late; a company's new-year
   * tweet a customer replies to in October. Rows out of time order, as in the corpus.
   */
  const REVIVED = [
    HEADER,
    '800010,502,True,Tue Oct 10 09:00:00 +0000 2017,@AmazonHelp same here: mine stopped charging after the update,800011,800001',
    '800001,501,True,Mon May 14 08:12:00 +0000 2012,@AmazonHelp my kindle will not charge any more,"800010,800014",',
    '800011,AmazonHelp,False,Tue Oct 10 09:45:00 +0000 2017,@502 Sorry to hear that! Which model is it? ^JK,"800012,800021",800010',
    '800012,502,True,Tue Oct 10 10:00:00 +0000 2017,@AmazonHelp Paperwhite 7th generation,800013,800011',
    '800013,AmazonHelp,False,Tue Oct 10 10:05:00 +0000 2017,@502 Thanks. Hold the power button for 40 seconds to reset it ^JK,800020,800012',
    '800014,501,True,Tue Oct 10 11:30:00 +0000 2017,@AmazonHelp @502 a reset fixed mine back then,,800001',
    '800020,502,True,Sat Oct 21 08:00:00 +0000 2017,"@AmazonHelp the reset worked for a week, now it is dead again",,800013',
    '800021,AmazonHelp,False,Sat Oct 21 08:30:00 +0000 2017,@502 Let us send you a replacement: DM us your order number ^MT,,800011',
    '810002,AmazonHelp,False,Wed Oct 11 12:00:00 +0000 2017,@503 So sorry for the wait! Checking with the courier now ^KL,810003,810001',
    '810001,503,True,Mon Oct 02 12:00:00 +0000 2017,@AmazonHelp my order never arrived,810002,',
    '810003,503,True,Wed Oct 11 12:20:00 +0000 2017,@AmazonHelp thanks,,810002',
    '820001,AmazonHelp,False,Sun Jan 01 10:00:00 +0000 2017,Happy new year from all of us!,820002,',
    '820002,504,True,Wed Oct 11 14:00:00 +0000 2017,@AmazonHelp can you help me with a refund?,820003,820001',
    '820003,AmazonHelp,False,Wed Oct 11 14:10:00 +0000 2017,@504 Of course! DM us the order number ^KL,,820002',
    '',
  ].join('\r\n');

  /** Per contact: creation, customer, team, its events and its first response in seconds. */
  async function revivedContacts(db: Engine) {
    const contacts = await db.all(
      `SELECT c.external_id, CAST(c.created_at AS VARCHAR) AS created_at, c.customer_id, c.team_id,
         (SELECT string_agg(e.external_id, ' ' ORDER BY e.occurred_at) FROM contact_events e
           WHERE e.contact_external_id = c.external_id) AS events, f.frt_s
       FROM contacts c JOIN contact_facts f USING (contact_key) ORDER BY c.external_id`,
    );
    return contacts.map((c) => ({
      external_id: String(c.external_id),
      created_at: c.created_at,
      customer_id: c.customer_id,
      team_id: c.team_id,
      events: c.events,
      frt_s: c.frt_s === null ? null : Number(c.frt_s),
    }));
  }

  test('a thread revived after a week of silence starts a new contact, measured from the new question', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'revived.csv');
      await writeFile(path, REVIVED);
      await withDuckDb([], async (db) => {
        const summary = await importSourceOrThrow(db, socialThreads, [path]);
        expect(await revivedContacts(db)).toEqual([
          // 2012: nobody answered; it stays a contact of its own, without a response.
          {
            external_id: '800001',
            created_at: '2012-05-14 08:12:00',
            customer_id: '501',
            team_id: null,
            events: '800001',
            frt_s: null,
          },
          // 1975 days later another customer replies to the root: 09:00 → 09:45, not 1975 days.
          // The first customer's reply to their own 2012 tweet, two hours later, joins this contact.
          {
            external_id: '800001~800010',
            created_at: '2017-10-10 09:00:00',
            customer_id: '502',
            team_id: 'AmazonHelp',
            events: '800010 800011 800012 800013 800014',
            frt_s: 2700,
          },
          // The same customer after ten quiet days: a new contact too. The company's answer replies
          // to a tweet of the previous contact but belongs to the one open at its time: 1800 s.
          {
            external_id: '800001~800020',
            created_at: '2017-10-21 08:00:00',
            customer_id: '502',
            team_id: 'AmazonHelp',
            events: '800020 800021',
            frt_s: 1800,
          },
          // Nine days without an answer: a late company reply never cuts a thread.
          {
            external_id: '810001',
            created_at: '2017-10-02 12:00:00',
            customer_id: '503',
            team_id: 'AmazonHelp',
            events: '810001 810002 810003',
            frt_s: 9 * 86_400,
          },
          // The company's January tweet is no contact; the October question is one.
          {
            external_id: '820001~820002',
            created_at: '2017-10-11 14:00:00',
            customer_id: '504',
            team_id: 'AmazonHelp',
            events: '820002 820003',
            frt_s: 600,
          },
        ]);
        expect(
          await kpiOverview(db, ['contacts_created', 'frt'], { from: '2017-10-01', to: '2017-11-01' }),
        ).toEqual({
          contacts_created: { value: 4, n: 4 },
          // 600, 1800, 2700, 777600
          frt: { value: 2250, n: 4 },
        });
        expect(
          summary.warnings.map(({ message, count, examples }) => ({ message, count, examples })),
        ).toEqual([
          {
            message: 'contact has no company reply in the files: imported without team or response',
            count: 1,
            examples: ['tweet 800001'],
          },
          {
            message:
              'customer message after more than 7 days without a message in the thread: starts a new contact',
            count: 3,
            examples: [
              'tweet 800010 in thread 800001, 1975 days idle',
              'tweet 800020 in thread 800001, 10 days idle',
              'tweet 820002 in thread 820001, 283 days idle',
            ],
          },
          {
            message:
              "company tweets more than 7 days before the thread's first customer message: not imported",
            count: 1,
            examples: ['tweet 820001'],
          },
        ]);
      });
    });
  });

  test('contact ids of a revived thread are the same on re-import, in any row order or split', async () => {
    await withTempDir(async (dir) => {
      const [header = '', ...rows] = REVIVED.split('\r\n').filter((r) => r !== '');
      const whole = join(dir, 'revived.csv');
      const reversed = join(dir, 'reversed.csv');
      const first = join(dir, 'part-1.csv');
      const second = join(dir, 'part-2.csv');
      await writeFile(whole, REVIVED);
      await writeFile(reversed, `${[header, ...[...rows].reverse()].join('\n')}\n`);
      await writeFile(first, `${[header, ...rows.slice(0, 9)].join('\r\n')}\r\n`);
      await writeFile(second, `${[header, ...rows.slice(5)].join('\r\n')}\r\n`);
      const snapshot = async (db: Engine) => ({
        contacts: await revivedContacts(db),
        tables: await tables(db),
      });
      await withDuckDb([], async (db) => {
        const expected = await expectReimportUnchanged(db, socialThreads, [whole], snapshot);
        expect(expected.contacts.map((c) => c.external_id)).toEqual([
          '800001',
          '800001~800010',
          '800001~800020',
          '810001',
          '820001~820002',
        ]);
        for (const paths of [[reversed], [second, first]]) {
          await withDuckDb([], async (again) => {
            await importSourceOrThrow(again, socialThreads, paths);
            expect(await snapshot(again)).toEqual(expected);
          });
        }
      });
    });
  });

  test('--idle-gap sets how long a thread must be quiet before a customer starts a new contact', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'revived.csv');
      await writeFile(path, REVIVED);
      const idsWith = async (idleGapSeconds: number) =>
        withDuckDb([], async (db) => {
          const summary = await importSourceOrThrow(db, socialThreads, [path], { idleGapSeconds });
          const ids = (await revivedContacts(db)).map((c) => `${c.external_id} ${c.frt_s}`);
          return { ids, warnings: summary.warnings.map((w) => w.message) };
        });
      // 30 days: the ten quiet days no longer cut; the 2012 revival still does.
      expect(await idsWith(30 * 86_400)).toEqual({
        ids: ['800001 null', '800001~800010 2700', '810001 777600', '820001~820002 600'],
        warnings: [
          'contact has no company reply in the files: imported without team or response',
          'customer message after more than 30 days without a message in the thread: starts a new contact',
          "company tweets more than 30 days before the thread's first customer message: not imported",
        ],
      });
      // Before 800020 the thread was quiet for 10 d 20 h 30 min: a gap of exactly that does not cut.
      const quiet = 10 * 86_400 + 20 * 3600 + 30 * 60;
      expect((await idsWith(quiet)).ids).not.toContain('800001~800020 1800');
      expect((await idsWith(quiet - 1)).ids).toContain('800001~800020 1800');
      const hours = await idsWith(36 * 3600);
      expect(hours.ids).toEqual([
        '800001 null',
        '800001~800010 2700',
        '800001~800020 1800',
        '810001 777600',
        '820001~820002 600',
      ]);
      // The company's nine-day-late answer is not a customer message: it never starts a contact.
      expect(hours.warnings).toContain(
        'customer message after more than 36 hours without a message in the thread: starts a new contact',
      );
      // Imported again with a longer gap, a contact of the first cut stays, without its events.
      await withDuckDb([], async (db) => {
        await importSourceOrThrow(db, socialThreads, [path]);
        await importSourceOrThrow(db, socialThreads, [path], { idleGapSeconds: 30 * 86_400 });
        expect(
          (await revivedContacts(db)).map((c) => `${c.external_id}: ${c.events ?? 'no events'}`),
        ).toEqual([
          '800001: 800001',
          '800001~800010: 800010 800011 800012 800013 800014 800020 800021',
          '800001~800020: no events',
          '810001: 810001 810002 810003',
          '820001~820002: 820002 820003',
        ]);
      });
    });
  });

  test('a bad row is named by file, line and field and nothing is written; --skip-bad-rows imports the rest', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'twcs.csv');
      const records = await sampleRecords();
      // Line 3 is Chase's reply 119238, line 6 the VirginTrains customer tweet 119241.
      records[2] = records[2]?.replace(',False,', ',maybe,') ?? '';
      records[5] =
        records[5]?.replace('Tue Oct 10 15:17:21 +0000 2017', 'Wed Oct 10 15:17:21 +0000 2017') ?? '';
      await writeFile(path, `${records.join('\r\n')}\r\n`);
      await withDuckDb([], async (db) => {
        const badRows = await refuseThenSkipBadRows(db, socialThreads, [path], join(dir, 'rejects.csv'));
        expect(badRows.error).toEqual({
          kind: 'bad_rows',
          total: 2,
          problems: [
            { file: path, line: 3, column: 'inbound', reason: "'maybe' is not True or False" },
            {
              file: path,
              line: 6,
              column: 'created_at',
              reason: "'Wed Oct 10 15:17:21 +0000 2017': Wed does not match the date (a Tue)",
            },
          ],
        });
        expect(badRows.skipped.rejected).toBe(2);
        // Chase's thread keeps its customer tweet, now unanswered; the VirginTrains thread is cut
        // below the rejected tweet, so its lower half starts a thread of its own.
        expect(await rowCount(db, 'contacts')).toBe(11);
        expect(badRows.rejects[1]).toContain(`${path},3,inbound,'maybe' is not True or False,`);
        expect(badRows.rejects[1]).toContain('119238,ChaseSupport,maybe');
      });
    });
  });

  test('a missing column, an empty file, a broken id and a reply chain that loops are rejected', async () => {
    await withTempDir(async (dir) => {
      const noParent = join(dir, 'no-parent.csv');
      await writeFile(
        noParent,
        'tweet_id,author_id,inbound,created_at,text\n1,105834,True,Wed Oct 11 06:55:44 +0000 2017,hi\n',
      );
      const loop = join(dir, 'loop.csv');
      await writeFile(
        loop,
        [
          HEADER,
          '10,105834,True,Wed Oct 11 06:55:44 +0000 2017,hi,11,12',
          '11,AppleSupport,False,Wed Oct 11 07:00:00 +0000 2017,hello,12,10',
          '12,105834,True,Wed Oct 11 07:05:00 +0000 2017,again,10,11',
          '1e3,105834,True,Wed Oct 11 07:05:00 +0000 2017,odd id,,',
          '',
        ].join('\n'),
      );
      await withDuckDb([], async (db) => {
        const empty = join(dir, 'empty.csv');
        await writeFile(empty, '');
        expect(await importSourceError(db, socialThreads, [noParent, empty, loop])).toEqual({
          kind: 'bad_rows',
          total: 6,
          problems: [
            {
              file: noParent,
              line: 1,
              column: '(header)',
              reason:
                'missing column in_response_to_tweet_id (expected tweet_id, author_id, inbound, created_at, text, response_tweet_id, in_response_to_tweet_id)',
            },
            {
              file: empty,
              line: 1,
              column: '(header)',
              reason:
                'the file is empty (expected a header: tweet_id, author_id, inbound, created_at, text, response_tweet_id, in_response_to_tweet_id)',
            },
            { file: loop, line: 5, column: 'tweet_id', reason: "'1e3' is not a tweet id (a whole number)" },
            ...[2, 4, 3].map((line) => ({
              file: loop,
              line,
              column: 'in_response_to_tweet_id',
              reason: 'reply chain loops back to itself (10 → 12 → 11)',
            })),
          ],
        });
      });
    });
  });

  test('detect recognises the export and its re-saved copies, and nothing else', async () => {
    for (const own of [SAMPLE, PANDAS]) {
      expect(socialThreads.detect(await detectInput(own))).toContain('Customer Support on Twitter');
    }
    expect(socialThreads.detect({ name: 'twcs.csv', head: `Unnamed: 0,${HEADER}\r\n` })).not.toBeNull();
    const others = [
      'small-helpdesk/contacts.csv',
      'small-helpdesk/contact_events.csv',
      'sources/asterisk/queue_log',
    ];
    for (const other of others)
      expect(socialThreads.detect(await detectInput(fixturePath(other)))).toBeNull();
  });
});
