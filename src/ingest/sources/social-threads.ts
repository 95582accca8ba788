import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { DateTime } from 'luxon';
import { instantRangeProblem } from '../../core/time-range.js';
import { csvLine } from '../canonical.js';
import { checkTimestamp } from '../fields.js';
import { messageText } from '../message-text.js';
import { RecordSyntaxError, readCsvRecords, recordFields, textProblem } from '../records.js';
import type { ConvertContext, SourceFormat } from './format.js';
import { utcTimestamp } from './writer.js';

/**
 * Social-media support conversations, one row per message, as in the public "Customer Support on
 * Twitter" corpus (TWCS): `tweet_id, author_id, inbound, created_at, text, response_tweet_id,
 * in_response_to_tweet_id`. Threads are rebuilt by following `in_response_to_tweet_id` up to
 * the root, then cut in time into conversations where a customer writes after an idle gap (a week
 * by default). Each company that answered a conversation gets its own social contact, with the
 * conversation's customer messages and that company's replies as events. The corpus has no
 * statuses, so nothing is ever resolved.
 *
 * Rows are not in time order and a reply may come before the tweet it answers in the file, so the
 * whole file is read before anything is written: a compact record per tweet (no text) is kept in memory.
 */

const REQUIRED_COLUMNS = [
  'tweet_id',
  'author_id',
  'inbound',
  'created_at',
  'in_response_to_tweet_id',
] as const;
const OPTIONAL_COLUMNS = ['text', 'response_tweet_id'] as const;
type Column = (typeof REQUIRED_COLUMNS)[number] | (typeof OPTIONAL_COLUMNS)[number];
const KNOWN_COLUMNS = new Set<string>([...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS]);
const EXPECTED = 'tweet_id, author_id, inbound, created_at, text, response_tweet_id, in_response_to_tweet_id';

/** The row index pandas and spreadsheets add when they save a frame: unnamed, or `Unnamed: 0`. */
function isIndexColumn(name: string): boolean {
  return name === '' || /^Unnamed: \d+$/.test(name);
}

/** A tweet id as written, or as pandas writes an id column with gaps (`119237.0`). */
const TWEET_ID = /^(\d+)(\.0+)?$/;

function tweetId(value: string): string | null {
  const match = TWEET_ID.exec(value);
  return match ? (match[1] ?? null) : null;
}

const INBOUND: Record<string, boolean> = {
  true: true,
  '1': true,
  '1.0': true,
  false: false,
  '0': false,
  '0.0': false,
};

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** Twitter's own time format: `Tue Oct 31 22:10:47 +0000 2017`. */
const TWITTER_TIME =
  /^([A-Z][a-z]{2}) ([A-Z][a-z]{2}) (\d{1,2}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2}) (\d{4})$/;
const EXPECTED_TIME = 'expected e.g. Tue Oct 31 22:10:47 +0000 2017 or 2017-10-31 22:10:47+00:00';

/** Milliseconds since the epoch of a `created_at`, or why it cannot be read. */
function parseCreatedAt(value: string, timezone: string): number | string {
  const twitter = TWITTER_TIME.exec(value);
  if (twitter) {
    const [, weekdayName = '', monthName = '', day, hour, minute, second, sign, offH, offM, year] = twitter;
    const month = MONTHS.indexOf(monthName);
    const weekday = WEEKDAYS.indexOf(weekdayName);
    if (month < 0 || weekday < 0) return `'${value}' is not a time (${EXPECTED_TIME})`;
    const wall = Date.UTC(Number(year), month, Number(day), Number(hour), Number(minute), Number(second));
    const date = new Date(wall);
    if (
      date.getUTCDate() !== Number(day) ||
      Number(hour) > 23 ||
      Number(minute) > 59 ||
      Number(second) > 59
    ) {
      return `'${value}' is not an existing date and time`;
    }
    if (date.getUTCDay() !== weekday) {
      return `'${value}': ${weekdayName} does not match the date (a ${WEEKDAYS[date.getUTCDay()]})`;
    }
    const offsetMs = (sign === '-' ? -1 : 1) * (Number(offH) * 60 + Number(offM)) * 60_000;
    const outside = instantRangeProblem(wall - offsetMs);
    return outside === null ? wall - offsetMs : `'${value}' ${outside}`;
  }
  // A copy whose dates were parsed and saved again by pandas: `2017-10-31 22:10:47+00:00`.
  const problem = checkTimestamp(value);
  if (problem === null) {
    const parsed = DateTime.fromISO(value.replace(' ', 'T'), { zone: timezone, setZone: true });
    if (parsed.isValid) {
      const outside = instantRangeProblem(parsed.toMillis());
      return outside === null ? parsed.toMillis() : `'${value}' ${outside}`;
    }
  } else if (problem.includes('accepted range') || problem.includes('offset')) {
    return problem;
  }
  return `'${value}' is not a time (${EXPECTED_TIME})`;
}

/**
 * What is kept of a tweet until the threads are known. Its words are kept too (a tweet is short:
 * 280 characters at most), for the transcripts and the quality checks.
 */
interface Tweet {
  parent: string | null;
  author: string;
  inbound: boolean;
  ms: number;
  file: string;
  line: number;
  /** First words of a tweet that starts a conversation. */
  subject: string | null;
  body: string | null;
  /** The top-most tweet of its thread present in the files; set once the threads are built. */
  root: string | null;
}

interface Thread {
  root: string;
  tweets: string[];
}

/** A stretch of a thread that is one contact per company: customer messages and company replies. */
interface Conversation {
  /** `contacts.external_id` of the company that answered first (of every company, see below). */
  id: string;
  /** The message that started it: the thread's first, or a customer's after an idle gap. */
  first: string;
  /** Seconds without any message in the thread before `first`; null for the thread's first. */
  idleBefore: number | null;
  customerTweets: string[];
  /** Tweets per company handle. */
  companies: Map<string, string[]>;
}

/** A week: customer threads are quiet for days between a question and its follow-up, rarely longer. */
export const DEFAULT_IDLE_GAP_SECONDS = 7 * 86_400;

const SUBJECT_LENGTH = 120;

function subjectOf(text: string): string | null {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat === '') return null;
  // Counted in characters, not UTF-16 units, so an emoji is never cut in half.
  const characters = Array.from(flat);
  return characters.length > SUBJECT_LENGTH ? `${characters.slice(0, SUBJECT_LENGTH - 1).join('')}…` : flat;
}

function headerNames(fields: readonly string[]): string[] {
  return fields.map((name) => name.replace(/^\uFEFF/, '').trim());
}

export const socialThreads: SourceFormat = {
  name: 'social-threads',
  summary: 'Social-media support threads, one row per message with reply links (Customer Support on Twitter)',
  mapping: 'none',
  idleGap: { defaultSeconds: DEFAULT_IDLE_GAP_SECONDS },

  detect({ head }) {
    const firstLine = head.split(/\r?\n/, 1)[0] ?? '';
    const names = new Set(headerNames(firstLine.split(',')).filter((n) => !isIndexColumn(n)));
    if (!REQUIRED_COLUMNS.every((c) => names.has(c))) return null;
    return 'Customer Support on Twitter style threads: one social contact per conversation and company, customer messages and company replies';
  },

  async convert(paths, context) {
    const tweets = new Map<string, Tweet>();
    for (const path of paths) await readTweets(path, tweets, context);
    const threads = buildThreads(tweets, context);
    await writeThreads(threads, tweets, context);
  },
};

async function readTweets(path: string, tweets: Map<string, Tweet>, context: ConvertContext): Promise<void> {
  const fileName = basename(path);
  const totalBytes = (await stat(path)).size;
  const progress = { bytesRead: 0 };
  let columns: Map<Column, number> | null = null;
  let width = 0;
  try {
    for await (const batch of readCsvRecords(path, ',', progress)) {
      for (const record of batch) {
        const fields = recordFields(record, ',');
        if (columns === null) {
          const names = headerNames(fields);
          const found = new Map<Column, number>();
          names.forEach((name, index) => {
            if (KNOWN_COLUMNS.has(name)) found.set(name as Column, index);
            else if (!isIndexColumn(name)) {
              context.warn(fileName, 'column that is not part of the format: ignored', name);
            }
          });
          const missing = REQUIRED_COLUMNS.filter((c) => !found.has(c));
          if (missing.length > 0) {
            context.reject(
              {
                file: path,
                line: record.line,
                column: '(header)',
                reason: `missing column ${missing.join(', ')} (expected ${EXPECTED})`,
              },
              csvLine(fields).slice(0, -1),
            );
            return;
          }
          columns = found;
          width = names.length;
          continue;
        }
        readTweet(path, record.line, fields, columns, width, tweets, context);
      }
      context.progress(path, progress.bytesRead, totalBytes);
    }
    if (columns === null) {
      context.reject(
        {
          file: path,
          line: 1,
          column: '(header)',
          reason: `the file is empty (expected a header: ${EXPECTED})`,
        },
        '',
      );
    }
  } catch (error) {
    if (!(error instanceof RecordSyntaxError)) throw error;
    context.reject({ file: path, line: error.line, column: '(row)', reason: error.message }, '');
  }
}

function readTweet(
  file: string,
  line: number,
  fields: readonly string[],
  columns: ReadonlyMap<Column, number>,
  width: number,
  tweets: Map<string, Tweet>,
  context: ConvertContext,
): void {
  // The rejects file keeps the row as it was read, quoted again where needed.
  const raw = csvLine(fields).slice(0, -1);
  const reject = (column: string, reason: string) => context.reject({ file, line, column, reason }, raw);
  if (fields.length !== width) {
    reject('(row)', `expected ${width} fields like the header, found ${fields.length}`);
    return;
  }
  // Spreadsheets and Windows tools leave carriage returns and spaces around values.
  const value = (column: Column): string => {
    const index = columns.get(column);
    return index === undefined ? '' : (fields[index] ?? '').trim();
  };

  // What is stored: the author (as customer or company) and, of a thread's first tweet, the text's
  // first words as the subject.
  for (const column of ['author_id', 'text'] as const) {
    if (column === 'text' && value('in_response_to_tweet_id') !== '') continue;
    const problem = textProblem(value(column));
    if (problem !== null) {
      reject(column, problem);
      return;
    }
  }
  const idText = value('tweet_id');
  const id = tweetId(idText);
  if (id === null) {
    reject('tweet_id', `'${idText}' is not a tweet id (a whole number)`);
    return;
  }
  const authorText = value('author_id');
  if (authorText === '') {
    reject('author_id', 'is empty (expected the company handle or the customer number)');
    return;
  }
  const author = tweetId(authorText) ?? authorText;
  const inboundText = value('inbound');
  const inbound = INBOUND[inboundText.toLowerCase()];
  if (inbound === undefined) {
    reject('inbound', `'${inboundText}' is not True or False`);
    return;
  }
  const ms = parseCreatedAt(value('created_at'), context.timezone);
  if (typeof ms === 'string') {
    reject('created_at', ms);
    return;
  }
  const parentText = value('in_response_to_tweet_id');
  const parent = parentText === '' ? null : tweetId(parentText);
  if (parent === null && parentText !== '') {
    reject('in_response_to_tweet_id', `'${parentText}' is not a tweet id (a whole number) or empty`);
    return;
  }
  if (parent === id) {
    reject('in_response_to_tweet_id', `tweet ${id} replies to itself`);
    return;
  }
  const responses = value('response_tweet_id');
  if (responses !== '' && !responses.split(',').every((r) => tweetId(r.trim()) !== null)) {
    reject('response_tweet_id', `'${responses}' is not a comma-separated list of tweet ids`);
    return;
  }

  const known = tweets.get(id);
  if (known) {
    const same =
      known.parent === parent && known.author === author && known.inbound === inbound && known.ms === ms;
    // Overlapping exports hold the same tweet twice; only a real difference deserves a look.
    if (!same) {
      context.warn(
        basename(file),
        'tweet appears twice with a different author, time or reply link: the later row is used',
        `line ${line} (tweet ${id})`,
      );
    }
  }
  tweets.set(id, {
    parent,
    author,
    inbound,
    ms,
    file,
    line,
    subject: parent === null ? subjectOf(value('text')) : (known?.subject ?? null),
    body: messageText(value('text'), false),
    root: null,
  });
}

/**
 * Sets every tweet's root (following reply links while the parent is present) and groups the
 * tweets per root. Reply chains that loop are rejected: they have no first message.
 */
function buildThreads(tweets: Map<string, Tweet>, context: ConvertContext): Map<string, Thread> {
  const path: string[] = [];
  const onPath = new Set<string>();
  for (const [id, tweet] of tweets) {
    if (tweet.root !== null) continue;
    path.length = 0;
    onPath.clear();
    let current: string = id;
    let root: string | null = null;
    while (root === null) {
      const at = tweets.get(current);
      if (!at) break;
      if (at.root !== null) {
        root = at.root;
        break;
      }
      path.push(current);
      onPath.add(current);
      const parent = at.parent;
      if (parent === null || !tweets.has(parent)) {
        root = current;
      } else if (onPath.has(parent)) {
        const loop = path.slice(path.indexOf(parent));
        for (const member of loop) {
          const looped = tweets.get(member);
          if (!looped) continue;
          context.reject(
            {
              file: looped.file,
              line: looped.line,
              column: 'in_response_to_tweet_id',
              reason: `reply chain loops back to itself (${loop.join(' → ')})`,
            },
            `tweet ${member}`,
          );
          tweets.delete(member);
        }
        // The tweets below the loop start their own thread, as after a missing tweet.
        path.length = path.indexOf(parent);
        const last = path[path.length - 1];
        if (last === undefined) break;
        root = last;
      } else {
        current = parent;
      }
    }
    if (root === null) continue;
    for (const member of path) {
      const walked = tweets.get(member);
      if (walked) walked.root = root;
    }
  }

  const threads = new Map<string, Thread>();
  for (const [id, tweet] of tweets) {
    const root = tweet.root ?? id;
    let thread = threads.get(root);
    if (!thread) {
      thread = { root, tweets: [] };
      threads.set(root, thread);
    }
    thread.tweets.push(id);
  }
  return threads;
}

/**
 * Cuts a thread, in time order, into conversations: the first starts at the thread's earliest
 * message; a customer message (any customer, the one who started the previous conversation
 * included) after more than `idleGapMs` without any message in the thread starts the next, keyed
 * `<root>~<its tweet id>`, wherever in the reply tree it answers. Every other message, company
 * replies included, belongs to the conversation open at its time: a years-old root revived by a
 * new question is measured from that question, and a late answer stays late.
 */
function conversationsOf(
  thread: Thread,
  at: (id: string) => Tweet,
  byTime: (a: string, b: string) => number,
  idleGapMs: number,
): Conversation[] {
  const conversations: Conversation[] = [];
  let current: Conversation | null = null;
  let lastMs = Number.NEGATIVE_INFINITY;
  for (const id of [...thread.tweets].sort(byTime)) {
    const tweet = at(id);
    const idleMs = tweet.ms - lastMs;
    if (current === null || (tweet.inbound && idleMs > idleGapMs)) {
      current = {
        id: current === null ? thread.root : `${thread.root}~${id}`,
        first: id,
        idleBefore: current === null ? null : Math.round(idleMs / 1000),
        customerTweets: [],
        companies: new Map(),
      };
      conversations.push(current);
    }
    if (tweet.inbound) {
      current.customerTweets.push(id);
    } else {
      const own = current.companies.get(tweet.author) ?? [];
      own.push(id);
      current.companies.set(tweet.author, own);
    }
    lastMs = tweet.ms;
  }
  return conversations;
}

/** `7 days`, `36 hours`, `90 minutes`: an idle gap as the warnings name it. */
function gapText(seconds: number): string {
  const [size, unit] =
    seconds % 86_400 === 0
      ? [seconds / 86_400, 'day']
      : seconds % 3600 === 0
        ? [seconds / 3600, 'hour']
        : seconds % 60 === 0
          ? [seconds / 60, 'minute']
          : [seconds, 'second'];
  return `${size} ${unit}${size === 1 ? '' : 's'}`;
}

/** How long a thread was quiet, in whole days (hours, minutes for short gaps). */
function idleText(seconds: number): string {
  for (const [size, unit] of [
    [86_400, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
  ] as const) {
    const count = Math.floor(seconds / size);
    if (count >= 1) return `${count} ${unit}${count === 1 ? '' : 's'}`;
  }
  return `${seconds} seconds`;
}

async function writeThreads(
  threads: Map<string, Thread>,
  tweets: Map<string, Tweet>,
  context: ConvertContext,
): Promise<void> {
  const at = (id: string): Tweet => {
    const tweet = tweets.get(id);
    if (!tweet) throw new Error(`tweet ${id} vanished while writing its thread`);
    return tweet;
  };
  // Tweet ids are whole numbers that grow with time: the tie-breaker of messages in the same second.
  const byTime = (a: string, b: string) =>
    at(a).ms - at(b).ms || a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
  const idleGapSeconds = context.idleGapSeconds ?? DEFAULT_IDLE_GAP_SECONDS;
  const gap = gapText(idleGapSeconds);
  let written = 0;
  for (const thread of threads.values()) {
    const rootTweet = at(thread.root);
    const where = basename(rootTweet.file);
    if (rootTweet.parent !== null) {
      context.warn(
        where,
        'thread starts with a reply to a tweet that is not in the files: the top-most tweet present starts the contact',
        `tweet ${thread.root} (replies to ${rootTweet.parent})`,
      );
    }
    const conversations = conversationsOf(thread, at, byTime, idleGapSeconds * 1000);
    if (conversations.every((c) => c.customerTweets.length === 0)) {
      context.warn(
        where,
        'thread has only company tweets, no customer message: not imported',
        `tweet ${thread.root}`,
      );
      continue;
    }
    for (const conversation of conversations) {
      if (conversation.customerTweets.length === 0) {
        // Only a thread's first conversation can lack a customer: every later one starts with one.
        context.warn(
          where,
          `company tweets more than ${gap} before the thread's first customer message: not imported`,
          `tweet ${conversation.first}`,
        );
        continue;
      }
      if (conversation.idleBefore !== null) {
        context.warn(
          where,
          `customer message after more than ${gap} without a message in the thread: starts a new contact`,
          `tweet ${conversation.first} in thread ${thread.root}, ${idleText(conversation.idleBefore)} idle`,
        );
      }
      writeConversation(conversation, rootTweet, where, at, byTime, context);
    }
    if (++written % 4096 === 0) await context.out.flush();
  }
}

function writeConversation(
  conversation: Conversation,
  rootTweet: Tweet,
  where: string,
  at: (id: string) => Tweet,
  byTime: (a: string, b: string) => number,
  context: ConvertContext,
): void {
  const { out, source } = context;
  const example = `tweet ${conversation.first}`;
  const firstCustomer = at(conversation.customerTweets[0] ?? conversation.first);
  // The company that answered first keeps the conversation's id, so a thread answered once (almost
  // all) is keyed by its root tweet alone.
  const companies = [...conversation.companies.entries()]
    .map(([handle, own]) => ({ handle, own: own.sort(byTime) }))
    .sort((a, b) => byTime(a.own[0] ?? '', b.own[0] ?? '') || (a.handle < b.handle ? -1 : 1));
  if (companies.length === 0) {
    context.warn(
      where,
      'contact has no company reply in the files: imported without team or response',
      example,
    );
  } else if (companies.length > 1) {
    context.warn(
      where,
      'thread answered by more than one company: one contact per company, each with all customer messages',
      `${example} (${companies.map((c) => c.handle).join(', ')})`,
    );
  }
  const contacts: { handle: string | null; own: string[] }[] =
    companies.length === 0 ? [{ handle: null, own: [] }] : companies;
  contacts.forEach(({ handle, own }, index) => {
    const contactId = index === 0 || handle === null ? conversation.id : `${conversation.id}:${handle}`;
    const firstMs = Math.min(firstCustomer.ms, own.length > 0 ? at(own[0] ?? '').ms : firstCustomer.ms);
    out.write('contacts', {
      source,
      external_id: contactId,
      channel: 'social',
      created_at: utcTimestamp(firstMs),
      customer_id: firstCustomer.author,
      team_id: handle,
      assignee_id: handle,
      subject: rootTweet.subject,
    });
    for (const id of conversation.customerTweets) {
      out.write('contact_events', {
        source,
        contact_external_id: contactId,
        external_id: index === 0 || handle === null ? id : `${id}:${handle}`,
        kind: 'customer_message',
        occurred_at: utcTimestamp(at(id).ms),
        actor: 'customer',
        body: at(id).body,
      });
    }
    for (const id of own) {
      out.write('contact_events', {
        source,
        contact_external_id: contactId,
        external_id: id,
        kind: 'agent_reply',
        occurred_at: utcTimestamp(at(id).ms),
        actor: 'agent',
        agent_id: handle,
        public: true,
        body: at(id).body,
      });
    }
  });
}
