import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'vitest';
import { socialThreads } from '../../src/ingest/sources/social-threads.js';
import { withDuckDb } from '../support/engines.js';
import { importSourceOrThrow } from '../support/sources.js';
import { csvText } from './generate.js';
import { expectSameFigures, Random, type RefContact, type RefEvent, START_MS } from './reference.js';

const COMPANIES = ['AppleSupport', 'AmazonHelp', 'British_Airways', 'SpotifyCares'];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Twitter's time format, as in the corpus: `Tue Oct 31 22:10:47 +0000 2017`. */
function twitterTime(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${WEEKDAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(
    d.getUTCMinutes(),
  )}:${pad(d.getUTCSeconds())} +0000 ${d.getUTCFullYear()}`;
}

interface Tweet {
  id: number;
  author: string;
  inbound: boolean;
  at: number;
  replyTo: number | null;
}

describe('social-threads: figures against an independent computation', () => {
  test('threads with follow-ups, me-toos, two companies, unanswered and headless threads', async () => {
    const random = new Random(606);
    const tweets: Tweet[] = [];
    const contacts: RefContact[] = [];
    let nextId = 500_000;
    for (let t = 0; t < 360; t++) {
      const thread: Tweet[] = [];
      const tweet = (author: string, inbound: boolean, at: number, replyTo: number | null): Tweet => {
        const made = { id: nextId++, author, inbound, at, replyTo };
        thread.push(made);
        return made;
      };
      const customer = String(100_000 + t);
      const company = random.pick(COMPANIES);
      const start = START_MS + random.int(0, 20 * 86_400) * 1000;
      const later = (ms: number, typical: number) => ms + random.skewed(typical, 86_400) * 1000;
      // A thread whose first tweet is not in the files starts with the company's reply to it.
      const headless = random.chance(0.06);
      const root = headless ? { id: nextId++, at: start } : tweet(customer, true, start, null);
      if (!headless && random.chance(0.08)) tweet(String(900_000 + t), true, later(start, 600), root.id);
      let last = root;
      const replied = headless || random.chance(0.88);
      if (replied) {
        let reply = tweet(company, false, later(root.at, 1800), root.id);
        const rounds = headless ? random.int(1, 2) : random.chance(0.5) ? random.int(1, 3) : 0;
        for (let r = 0; r < rounds; r++) {
          const followUp = tweet(customer, true, later(reply.at, 900), reply.id);
          reply = tweet(company, false, later(followUp.at, 1200), followUp.id);
        }
        last = reply;
      }
      const second =
        replied && !headless && random.chance(0.06)
          ? random.pick(COMPANIES.filter((c) => c !== company))
          : null;
      if (second) tweet(second, false, later(last.at, 600), root.id);
      tweets.push(...thread);

      // One contact per company that replied, each with all customer tweets and its own replies.
      const companies = second ? [company, second] : replied ? [company] : [null];
      for (const handle of companies) {
        const own = thread.filter((m) => m.inbound || m.author === handle);
        const events: RefEvent[] = own.map((m) =>
          m.inbound
            ? { kind: 'customer_message', at: m.at }
            : { kind: 'agent_reply', at: m.at, agent: m.author },
        );
        contacts.push({
          id: `${root.id}:${handle}`,
          channel: 'social',
          createdAt: Math.min(...own.map((m) => m.at)),
          assignee: handle,
          events,
        });
      }
    }
    // In the corpus the rows are in no particular order.
    const rows = tweets
      .map((m) => ({ m, key: random.next() }))
      .sort((a, b) => a.key - b.key)
      .map(({ m }) => [
        m.id,
        m.author,
        m.inbound ? 'True' : 'False',
        twitterTime(m.at),
        `@${m.inbound ? 'support' : 'customer'} message ${m.id}`,
        tweets
          .filter((r) => r.replyTo === m.id)
          .map((r) => r.id)
          .join(','),
        m.replyTo,
      ]);
    await withDuckDb([], async (db, dir) => {
      // Two exports that overlap, read as one: threads spread over both are rebuilt whole.
      const header = [
        'tweet_id',
        'author_id',
        'inbound',
        'created_at',
        'text',
        'response_tweet_id',
        'in_response_to_tweet_id',
      ];
      const half = Math.floor(rows.length / 2);
      const paths = [join(dir, 'export-october.csv'), join(dir, 'export-november.csv')];
      await writeFile(paths[0] as string, csvText(header, rows.slice(0, half + 150)));
      await writeFile(paths[1] as string, csvText(header, rows.slice(half)));
      await importSourceOrThrow(db, socialThreads, paths);
      await expectSameFigures(db, contacts, [], {
        contactKpis: ['contacts_created', 'frt', 'frt_pending'],
        byAgent: ['frt', 'contacts_created'],
      });
    });
  });
});
