/**
 * The demo as a running system: a clock that puts the server on the demo's last day, the jobs and
 * the webhook source a team would configure, and a small feed of live chat conversations that
 * reaches the server through its real webhook route, signed like Chatwoot signs them.
 */
import { DateTime } from 'luxon';
import type { Engine } from '../../core/engine.js';
import { chatwootSignature } from '../../ingest/webhooks/chatwoot.js';
import { createJob, describeJobError, JOB_KINDS } from '../jobs/index.js';
import { createWebhookSource } from '../webhooks/sources.js';
import { Rng } from './random.js';
import { AGENTS } from './scenario.js';

/**
 * The clock of a served demo: the demo's last day (`lastDay`, a date in `timezone`) at the time of
 * day it is now there, then running on at the real pace, so the "Now" page is about the demo's
 * data. A fixed offset from the real clock, so it never jumps back (past midnight it is the next day).
 */
export function demoClock(lastDay: string, timezone: string, realClock: () => number = Date.now): () => Date {
  const realNow = new Date(realClock());
  const real = DateTime.fromJSDate(realNow, { zone: timezone });
  const demo = DateTime.fromISO(lastDay, { zone: timezone }).set({
    hour: real.hour,
    minute: real.minute,
    second: real.second,
    millisecond: real.millisecond,
  });
  if (!demo.isValid) throw new Error(`demo clock: '${lastDay}' is not a date in ${timezone}`);
  const offset = demo.toMillis() - realNow.getTime();
  return () => new Date(realClock() + offset);
}

/** The demo's last day: the local date of the newest contact, in the team's time zone. */
export function lastDemoDay(newest: string, timezone: string): string {
  const day = DateTime.fromISO(newest, { zone: 'utc' }).setZone(timezone).toISODate();
  if (day === null) throw new Error(`demo clock: newest contact time '${newest}' is not an instant`);
  return day;
}

export interface DemoLiveSetup {
  /** The Chatwoot webhook source the live feed posts to, with its signing secret. */
  webhook: { id: string; secret: string };
  jobs: { id: string; name: string }[];
}

/** The webhook source's `source`: its rows are told apart from the generated history. */
export const DEMO_CHAT_SOURCE = 'chatwoot';

/**
 * Configures what a team would: a nightly rebuild, an example Zendesk sync left paused (it needs a
 * real helpdesk and its API token), and a Chatwoot webhook source for the live chat.
 */
export async function configureDemoLive(engine: Engine, now: Date): Promise<DemoLiveSetup> {
  const jobs: { id: string; name: string }[] = [];
  const wanted = [
    { kind: 'rebuild', name: 'Nightly rebuild', schedule: '0 3 * * *', params: {} },
    {
      kind: 'sync-zendesk',
      name: 'Zendesk sync (example: set ZENDESK_TOKEN and resume)',
      schedule: '*/15 * * * *',
      paused: true,
      params: { subdomain: 'example', email: 'support@example.com', tokenEnv: 'ZENDESK_TOKEN' },
    },
  ];
  for (const job of wanted) {
    const created = await createJob(engine, JOB_KINDS, job, now);
    if (!created.ok) throw new Error(`demo job ${job.name}: ${describeJobError(created.error)}`);
    jobs.push({ id: created.data.id, name: created.data.name });
  }
  const source = await createWebhookSource(engine, { vendor: 'chatwoot', source: DEMO_CHAT_SOURCE }, now);
  if (!source.ok) throw new Error(`demo webhook source: ${JSON.stringify(source.error)}`);
  return { webhook: { id: source.data.id, secret: source.data.secret }, jobs };
}

interface StatusChange {
  at: number;
  status: string;
}

/** Who is logged in and not paused when: read from `agent_status_events` before serving. */
export class DemoDuty {
  constructor(private readonly changes: ReadonlyMap<string, readonly StatusChange[]>) {}

  static async load(engine: Engine, from: Date, to: Date): Promise<DemoDuty> {
    const p = engine.dialect.placeholder;
    const rows = await engine.all(
      `SELECT agent_id, status, CAST(occurred_at AS VARCHAR) AS at FROM agent_status_events
       WHERE occurred_at >= CAST(${p(1)} AS TIMESTAMP) AND occurred_at < CAST(${p(2)} AS TIMESTAMP)
       ORDER BY occurred_at`,
      [from.toISOString().slice(0, 19).replace('T', ' '), to.toISOString().slice(0, 19).replace('T', ' ')],
    );
    const changes = new Map<string, StatusChange[]>();
    for (const row of rows) {
      const agent = String(row.agent_id);
      const at = Date.parse(`${String(row.at).replace(' ', 'T')}Z`);
      changes.set(agent, [...(changes.get(agent) ?? []), { at, status: String(row.status) }]);
    }
    return new DemoDuty(changes);
  }

  /** The agents logged in and not paused at `at`. */
  availableAt(at: Date): string[] {
    const t = at.getTime();
    const available: string[] = [];
    for (const [agent, changes] of this.changes) {
      let loggedIn = false;
      let paused = false;
      for (const change of changes) {
        if (change.at > t) break;
        if (change.status === 'login') [loggedIn, paused] = [true, false];
        else if (change.status === 'logout') [loggedIn, paused] = [false, false];
        else if (change.status === 'pause') paused = true;
        else if (change.status === 'unpause') paused = false;
      }
      if (loggedIn && !paused) available.push(agent);
    }
    return available.sort();
  }
}

const CUSTOMER_OPENERS = [
  'Hi, where is my order? The tracking link has not changed since Friday.',
  'Hallo, ik wil mijn bestelling retourneren. Hoe werkt dat?',
  'Can I still change the delivery address of my order?',
  'Mijn betaling is afgeschreven maar ik heb geen bevestiging gekregen.',
  'The jacket I ordered is too small, can I exchange it for a larger size?',
  'Is the grey sofa back in stock soon?',
];
const CUSTOMER_FOLLOW_UPS = ['Thanks, the order number is 48213.', 'Oké, dank je!', 'Any news on this?'];
const AGENT_REPLIES = [
  'Thanks for waiting! Let me look that up for you.',
  'Goedemiddag! Ik kijk het even voor je na.',
  'I have sent you the return label by e-mail.',
  'Your parcel is with the carrier and should arrive tomorrow.',
];

/** Outside the duty hours conversations pile up only this far, as a closed chat's would. */
const MAX_UNSTAFFED_WAITING = 15;

interface LiveConversation {
  id: number;
  customerId: number;
  team: 'orders' | 'returns';
  createdAt: number;
  assignee: string | null;
  /** The customer wrote last: the conversation waits for an agent. */
  waiting: boolean;
}

export interface DemoLiveFeedOptions {
  /** The server's base URL, e.g. http://127.0.0.1:8080/ */
  url: string;
  webhook: { id: string; secret: string };
  /** The demo clock the server runs on: events happen, and are signed, at its time. */
  now: () => Date;
  duty: DemoDuty;
  seed: number;
  /** Between two steps of the feed (default 4 s). */
  everyMs?: number;
  /** Told about every request that was not acknowledged (the feed goes on). */
  onRefused?: (status: number, detail: string) => void;
}

/**
 * Live chat traffic for a served demo: every few seconds a new conversation, a customer's next
 * message, an agent's reply or a resolution, posted as a signed Chatwoot webhook event. Agents
 * answer only while the demo's presence has them logged in and not paused.
 */
export class DemoLiveFeed {
  private readonly rng: Rng;
  private readonly conversations: LiveConversation[] = [];
  private nextId: number;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly options: DemoLiveFeedOptions) {
    this.rng = new Rng(options.seed);
    // Ids of their own for each served run, so an earlier run's events are never repeats.
    this.nextId = Math.floor(options.now().getTime() / 1000) * 100;
  }

  start(): void {
    const tick = () => {
      if (this.stopped) return;
      this.running = this.step()
        .then(() => undefined)
        .catch((error: unknown) => this.options.onRefused?.(0, String(error)))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.options.everyMs ?? 4000);
        });
    };
    this.timer = setTimeout(tick, 1000);
  }

  /** Stops posting; resolves when a request in flight has been answered. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** One step of the feed; returns the kinds of the events it posted (none on a quiet step). */
  async step(): Promise<string[]> {
    const r = this.rng;
    const now = this.options.now();
    const available = this.options.duty.availableAt(now);
    const waiting = this.conversations.filter((c) => c.waiting);
    const answered = this.conversations.filter((c) => !c.waiting && c.assignee !== null);
    const staffed = available.length > 0;
    const weights = [
      // A new conversation: a few while the chat is staffed, now and then when nobody is there.
      staffed ? (this.conversations.length < 12 ? 4 : 1) : waiting.length < MAX_UNSTAFFED_WAITING ? 1 : 0,
      answered.length > 0 ? 1.5 : 0, // the customer writes again
      waiting.length > 0 && staffed ? 4 : 0, // an agent replies
      answered.length > 0 && staffed ? 2 : 0, // an agent resolves
      staffed ? 0 : 6, // nothing happens this time
    ];
    const seconds = Math.floor(now.getTime() / 1000);
    switch (r.weightedIndex(weights)) {
      case 0: {
        const conversation: LiveConversation = {
          id: this.nextId++,
          customerId: r.int(1, 12_000),
          team: r.chance(0.6) ? 'orders' : 'returns',
          createdAt: seconds,
          assignee: null,
          waiting: true,
        };
        this.conversations.push(conversation);
        await this.post(this.conversationEvent('conversation_created', conversation, seconds));
        await this.post(this.messageEvent(conversation, 'incoming', r.pick(CUSTOMER_OPENERS), seconds));
        return ['conversation_created', 'message_created'];
      }
      case 1: {
        const conversation = r.pick(answered);
        conversation.waiting = true;
        await this.post(this.messageEvent(conversation, 'incoming', r.pick(CUSTOMER_FOLLOW_UPS), seconds));
        return ['message_created'];
      }
      case 2: {
        const conversation = r.pick(waiting);
        const team = AGENTS.filter((a) => a.team === conversation.team).map((a) => a.id);
        conversation.assignee ??= r.pick(available.filter((a) => team.includes(a)).concat(available));
        if (!available.includes(conversation.assignee)) conversation.assignee = r.pick(available);
        conversation.waiting = false;
        await this.post(this.messageEvent(conversation, 'outgoing', r.pick(AGENT_REPLIES), seconds));
        return ['message_created'];
      }
      case 3: {
        const conversation = r.pick(answered);
        this.conversations.splice(this.conversations.indexOf(conversation), 1);
        await this.post(
          this.conversationEvent('conversation_status_changed', conversation, seconds, 'resolved'),
        );
        return ['conversation_status_changed'];
      }
      default:
        return [];
    }
  }

  private conversationEvent(
    event: string,
    c: LiveConversation,
    at: number,
    status = 'open',
  ): Record<string, unknown> {
    return {
      event,
      id: c.id,
      channel: 'Channel::WebWidget',
      status,
      priority: null,
      labels: [],
      created_at: c.createdAt,
      // Its own fraction, so two changes within a second are two events, as in Chatwoot.
      updated_at: at + (this.nextId++ % 1000) / 1000,
      timestamp: at,
      meta: {
        sender: { id: c.customerId, type: 'contact' },
        assignee: c.assignee === null ? null : { id: c.assignee, type: 'user' },
        team: { id: c.team },
      },
    };
  }

  private messageEvent(
    c: LiveConversation,
    type: 'incoming' | 'outgoing',
    content: string,
    at: number,
  ): Record<string, unknown> {
    const { event: _event, ...conversation } = this.conversationEvent('message_created', c, at);
    return {
      event: 'message_created',
      id: this.nextId++,
      content,
      content_type: 'text',
      message_type: type,
      private: false,
      created_at: new Date(at * 1000).toISOString(),
      sender: type === 'incoming' ? { id: c.customerId, type: 'contact' } : { id: c.assignee, type: 'user' },
      conversation,
    };
  }

  private async post(payload: Record<string, unknown>): Promise<void> {
    const body = Buffer.from(JSON.stringify(payload));
    const timestamp = String(Math.floor(this.options.now().getTime() / 1000));
    const url = new URL(`api/webhooks/chatwoot/${this.options.webhook.id}`, this.options.url);
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-chatwoot-timestamp': timestamp,
        'x-chatwoot-signature': chatwootSignature(this.options.webhook.secret, timestamp, body),
      },
      body,
    });
    if (!response.ok) this.options.onRefused?.(response.status, await response.text());
    else await response.body?.cancel();
  }
}
