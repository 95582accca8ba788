/**
 * Webhook benchmark: a helpdesk pushing 500 signed Zendesk webhook events a second
 * (BENCH_WEBHOOK_RATE) for 60 s (BENCH_WEBHOOK_SECONDS) to `servicemeter serve`, running in a
 * process of its own over a demo database of 20,000 contacts (BENCH_WEBHOOK_CONTACTS), while a
 * signed-in manager watches the KPI API.
 *
 * The events are a team's day: tickets created, the agent's reply, sometimes the customer's answer
 * and a second reply, and most tickets solved; each next event of a ticket follows 1–4 s after the
 * previous one was acknowledged, as Zendesk sends them. Requests are sent at a fixed pace whatever
 * the answers (open loop) over at most 256 connections at once (BENCH_WEBHOOK_CONNECTIONS), each
 * signed as Zendesk signs it (HMAC-SHA256 of the timestamp and body).
 *
 * Measured:
 *   - every request's answer status and latency (p50, p95, max);
 *   - event to visible in the KPIs: the manager asks POST /api/kpi/query for the contacts created
 *     and resolved since the run started, back to back. The server imports events in the order they
 *     arrived, so the k-th ticket creation (or solution) acknowledged is visible once a count sent
 *     after its acknowledgement reaches k; the time from the 2xx to that answer is its delay. Every
 *     acknowledged creation and solution is measured, not a sample;
 *   - nothing lost: once the server has processed everything, it is stopped and the database read:
 *     every acknowledged event id is in webhook_events exactly once and processed without error,
 *     and the Zendesk contacts are exactly the tickets sent;
 *   - where the time goes: from the stored events, the time from receipt to processed, and how
 *     many events each import took.
 *
 * Targets: the rate sustained, p95 event-to-visible ≤ 5 s, nothing lost. A report, not a test: it
 * exits 0 when a target is missed.
 *
 *   node dist/bench/webhooks.js
 *   BENCH_WEBHOOK_RATE=200 BENCH_WEBHOOK_SECONDS=20 node dist/bench/webhooks.js
 *
 * Writes bench/out/webhooks.json.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDuckDb } from '../src/engines/duckdb/engine.js';
import { zendeskSignature } from '../src/ingest/webhooks/zendesk.js';
import { createUser } from '../src/services/users.js';
import { fmtS } from './measure.js';
import {
  type Latencies,
  latencies,
  ms,
  OUT_DIR,
  PASSWORD,
  prepareDemoDatabase,
  randomFrom,
  type Session,
  serveInChild,
  sessionHeaders,
  signIn,
} from './serve.js';

const CONTACTS = Number(process.env.BENCH_WEBHOOK_CONTACTS ?? 20_000);
const RATE = Number(process.env.BENCH_WEBHOOK_RATE ?? 500);
const SECONDS = Number(process.env.BENCH_WEBHOOK_SECONDS ?? 60);
/**
 * Requests the helpdesk has open at once: a vendor delivers with a bounded number of connections,
 * so a server that answers slowly gets fewer events a second, not an ever growing pile of requests.
 */
const CONNECTIONS = Number(process.env.BENCH_WEBHOOK_CONNECTIONS ?? 256);
const VISIBLE_TARGET_MS = 5000;
/** How long to wait, once sending stopped, for the server to process what it acknowledged. */
const DRAIN_LIMIT_MS = 5 * 60_000;
/** The manager's pause between two KPI queries. */
const POLL_PAUSE_MS = 100;
const SECRET = randomBytes(24).toString('base64');
const say = (line = '') => console.log(line);
const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/** Ticket ids, requesters and comments far above anything else in the database. */
const FIRST_TICKET = 700_000_000;
const FIRST_REQUESTER = 800_000_000;
const FIRST_COMMENT = 90_000_000_000;

const GROUPS = ['360001', '360002', '360003', '360004', '360005'];
/** Forty agents, eight per group. */
const AGENTS = Array.from({ length: 40 }, (_, i) => ({
  id: String(1001 + i),
  name: `Agent ${1001 + i}`,
  group: GROUPS[i % GROUPS.length] ?? '360001',
}));
/** Zendesk's `via.channel`, as often as a web shop's helpdesk sees them. */
const CHANNELS = ['email', 'email', 'email', 'web', 'web', 'chat', 'chat', 'voice', 'whatsapp', 'api'];
const TYPES = ['QUESTION', 'QUESTION', 'INCIDENT', 'PROBLEM', 'TASK'];
const PRIORITIES = ['LOW', 'NORMAL', 'NORMAL', 'NORMAL', 'HIGH', 'URGENT'];

type Step = 'created' | 'customer_reply' | 'agent_reply' | 'solved';

interface Ticket {
  id: string;
  requester: string;
  agent: (typeof AGENTS)[number];
  channel: string;
  type: string;
  priority: string;
  createdAt: string;
  steps: Step[];
  next: number;
  /** When its next event may be sent (performance.now()), once the previous one was answered. */
  readyAt: number;
}

interface Answer {
  step: Step;
  eventId: string;
  status: number;
  ms: number;
  /** performance.now() of the answer. */
  at: number;
  accepted: number;
}

/** Zendesk's times: whole seconds, UTC. */
const zendeskTime = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The webhook body Zendesk sends for `step` of `ticket`, in its ticket event schema. */
function eventBody(ticket: Ticket, step: Step, eventId: string, comment: number, at: Date): string {
  const assigned = step !== 'created';
  const status =
    step === 'created' ? 'NEW' : step === 'solved' ? 'SOLVED' : step === 'agent_reply' ? 'PENDING' : 'OPEN';
  const actor = step === 'customer_reply' || step === 'created' ? ticket.requester : ticket.agent.id;
  const detail = {
    actor_id: actor,
    assignee_id: assigned ? ticket.agent.id : null,
    brand_id: '360000002',
    created_at: ticket.createdAt,
    custom_status: '1',
    description: 'Where is my order?',
    external_id: null,
    form_id: '360000001',
    group_id: ticket.agent.group,
    id: ticket.id,
    is_public: true,
    organization_id: null,
    priority: ticket.priority,
    requester_id: ticket.requester,
    status,
    subject: 'Where is my order?',
    submitter_id: ticket.requester,
    tags: ['order'],
    type: ticket.type,
    updated_at: zendeskTime(at),
    via: { channel: ticket.channel },
  };
  const sequence = { meta: { sequence: { id: `S${ticket.id}`, position: ticket.next + 1 } } };
  const event =
    step === 'created'
      ? { ...sequence, current: { status: 'NEW' } }
      : step === 'solved'
        ? { ...sequence, current: 'SOLVED', previous: 'PENDING' }
        : {
            ...sequence,
            comment: {
              id: String(comment),
              body: step === 'agent_reply' ? 'We are looking into it.' : 'Thanks, any news?',
              is_public: true,
              author:
                step === 'agent_reply'
                  ? { id: ticket.agent.id, is_staff: true, name: ticket.agent.name }
                  : { id: ticket.requester, is_staff: false, name: 'A customer' },
            },
          };
  const type =
    step === 'created'
      ? 'ticket.created'
      : step === 'solved'
        ? 'ticket.status_changed'
        : 'ticket.comment_added';
  return JSON.stringify({
    account_id: 22129848,
    detail,
    event,
    id: eventId,
    subject: `zen:ticket:${ticket.id}`,
    time: at.toISOString(),
    type: `zen:event-type:${type}`,
    zendesk_event_version: '2022-11-06',
  });
}

function serverAlive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Seconds of CPU a process has used (user and system), from /proc; null elsewhere. */
async function cpuSeconds(pid: number | undefined): Promise<number | null> {
  if (pid === undefined) return null;
  try {
    const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]?.split(' ') ?? [];
    // utime and stime are fields 14 and 15 of stat, 12 and 13 after the command name.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/**
 * The helpdesk: RATE events a second for SECONDS, open loop. A slot goes to a ticket whose next
 * event is due, otherwise to a new ticket.
 */
async function pushEvents(webhookUrl: string, onAnswer: (answer: Answer) => void) {
  const random = randomFrom(13);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const answers: Answer[] = [];
  /** Why the first requests that got no answer got none. */
  const unanswered: string[] = [];
  const waiting: Ticket[] = [];
  const tickets: Ticket[] = [];
  let comments = FIRST_COMMENT;
  let inFlight = 0;
  let maxInFlight = 0;
  let sent = 0;
  const runId = randomBytes(4).toString('hex').toUpperCase();

  const send = async (ticket: Ticket) => {
    const step = ticket.steps[ticket.next] as Step;
    const at = new Date();
    const eventId = `01BENCH${runId}${String(sent).padStart(9, '0')}`;
    const body = new TextEncoder().encode(eventBody(ticket, step, eventId, comments++, at));
    const timestamp = zendeskTime(at);
    sent++;
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const started = performance.now();
    let status = 0;
    let accepted = 0;
    try {
      const response = await fetch(webhookUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-zendesk-webhook-id': '01HBENCHWEBHOOK000000000000',
          'x-zendesk-webhook-signature-timestamp': timestamp,
          'x-zendesk-webhook-signature': zendeskSignature(SECRET, timestamp, body),
        },
        body,
      });
      status = response.status;
      const answer = (await response.json()) as { accepted?: number };
      accepted = answer.accepted ?? 0;
    } catch (error) {
      // Refused connection or reset: answered with nothing, so not acknowledged.
      if (unanswered.length < 3) unanswered.push(`${String(error)} ${String((error as Error).cause ?? '')}`);
    }
    inFlight--;
    const answeredAt = performance.now();
    const answer: Answer = { step, eventId, status, ms: answeredAt - started, at: answeredAt, accepted };
    answers.push(answer);
    onAnswer(answer);
    ticket.next++;
    // The ticket goes on even when this event was not acknowledged: a helpdesk keeps working.
    if (ticket.next < ticket.steps.length) {
      ticket.readyAt = answeredAt + 1000 + random() * 3000;
      waiting.push(ticket);
    }
  };

  const newTicket = (): Ticket => {
    const agent = pick(AGENTS);
    const n = tickets.length;
    const customerAnswers = random() < 0.4;
    const ticket: Ticket = {
      id: String(FIRST_TICKET + n),
      requester: String(FIRST_REQUESTER + n),
      agent,
      channel: pick(CHANNELS),
      type: pick(TYPES),
      priority: pick(PRIORITIES),
      createdAt: zendeskTime(new Date()),
      steps: [
        'created',
        'agent_reply',
        ...(customerAnswers ? (['customer_reply', 'agent_reply'] as const) : []),
        ...(random() < 0.8 ? (['solved'] as const) : []),
      ],
      next: 0,
      readyAt: 0,
    };
    tickets.push(ticket);
    return ticket;
  };

  const requests: Promise<void>[] = [];
  const started = performance.now();
  const until = started + SECONDS * 1000;
  let behindMax = 0;
  while (performance.now() < until) {
    const now = performance.now();
    // Slots missed while every connection was busy are caught up once some are free again.
    const behind = Math.floor(((now - started) * RATE) / 1000) - sent;
    behindMax = Math.max(behindMax, behind);
    const due = Math.min(behind, CONNECTIONS - inFlight);
    // The tickets whose next event is due, oldest first; new tickets fill the remaining slots.
    waiting.sort((a, b) => a.readyAt - b.readyAt);
    let fromWaiting = 0;
    while (fromWaiting < due && (waiting[fromWaiting]?.readyAt ?? Number.POSITIVE_INFINITY) <= now)
      fromWaiting++;
    const dueTickets = waiting.splice(0, fromWaiting);
    for (let slot = 0; slot < due; slot++) requests.push(send(dueTickets[slot] ?? newTicket()));
    await sleep(5);
  }
  const sendSeconds = (performance.now() - started) / 1000;
  await Promise.all(requests);
  return {
    answers,
    tickets,
    sent,
    sendSeconds,
    maxInFlight,
    /** The most events the sender was behind its pace (every connection busy, or its own event loop held up). */
    behindMax,
    unanswered,
  };
}

interface KpiCounts {
  created: number;
  resolved: number;
  /** performance.now() when the query was sent and answered. */
  sentAt: number;
  answeredAt: number;
}

/** The manager's view: contacts created and resolved since `from`, asked again and again. */
async function countKpis(url: string, session: Session, from: string, to: string): Promise<KpiCounts> {
  const sentAt = performance.now();
  const response = await fetch(`${url}api/kpi/query`, {
    method: 'POST',
    headers: sessionHeaders(url, session),
    body: JSON.stringify({ kpis: ['contacts_created', 'contacts_resolved'], from, to, timezone: 'UTC' }),
  });
  if (!response.ok) throw new Error(`kpi query: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as {
    rows: Record<string, { value: number | null } | undefined>[];
  };
  const row = body.rows[0] ?? {};
  return {
    created: Number(row.contacts_created?.value ?? 0),
    resolved: Number(row.contacts_resolved?.value ?? 0),
    sentAt,
    answeredAt: performance.now(),
  };
}

/**
 * Delays from acknowledgement to visible: the k-th acknowledged event (`acks`, in the order of
 * their answers) is visible in the first count sent after its answer that reaches k.
 */
class Visibility {
  readonly acks: number[] = [];
  readonly delays: number[] = [];
  constructor(readonly baseline: number) {}

  seen(count: number, counts: KpiCounts): void {
    const reached = count - this.baseline;
    while (this.delays.length < Math.min(reached, this.acks.length)) {
      const ack = this.acks[this.delays.length] as number;
      if (ack > counts.sentAt) return;
      this.delays.push(counts.answeredAt - ack);
    }
  }

  get complete(): boolean {
    return this.delays.length === this.acks.length;
  }
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'servicemeter-bench-webhooks-'));
  try {
    say(`servicemeter webhook benchmark — ${new Date().toISOString()}`);
    const loadAtStart = loadavg();
    say(`  load average at the start: ${loadAtStart.map((l) => l.toFixed(2)).join(' ')} (2 cores)`);
    say(`\n── 1. a demo database of ${CONTACTS.toLocaleString('en-US')} contacts`);
    const dbPath = join(dir, 'webhooks.duckdb');
    const prepared = await prepareDemoDatabase({
      dir,
      dbPath,
      contacts: CONTACTS,
      reused: false,
      addUsers: async (engine) => {
        for (const [email, role] of [
          ['admin@example.com', 'admin'],
          ['manager@example.com', 'manager'],
        ] as const) {
          const user = await createUser(engine, { email, password: PASSWORD, role });
          if (!user.ok) throw new Error(`user: ${JSON.stringify(user.error)}`);
        }
      },
    });
    say(`  generated, imported and rebuilt in ${fmtS(prepared.seconds)}`);

    const server = await serveInChild(dbPath);
    let serverStopped = false;
    let report: Record<string, unknown>;
    try {
      const { url } = server;
      const admin = await signIn(url, 'admin@example.com');
      const manager = await signIn(url, 'manager@example.com');
      const sourceCreated = await fetch(`${url}api/webhooks`, {
        method: 'POST',
        headers: sessionHeaders(url, admin),
        body: JSON.stringify({ vendor: 'zendesk', secret: SECRET }),
      });
      if (sourceCreated.status !== 201)
        throw new Error(`webhook source: ${sourceCreated.status} ${await sourceCreated.text()}`);
      const source = (await sourceCreated.json()) as { id: string };
      const webhookUrl = `${url}api/webhooks/zendesk/${source.id}`;

      // The KPIs of the run: from the minute it starts, so a run over midnight is counted whole.
      const runStart = new Date(Math.floor(Date.now() / 60_000) * 60_000);
      const from = runStart.toISOString().slice(0, 19);
      const to = new Date(runStart.getTime() + 2 * 86_400_000).toISOString().slice(0, 10);
      const before = await countKpis(url, manager, from, to);
      const creations = new Visibility(before.created);
      const solutions = new Visibility(before.resolved);

      say(
        `\n── 2. ${RATE} signed Zendesk events a second for ${SECONDS} s; a manager counts the KPIs back to back`,
      );
      const loadDuring: number[] = [];
      const cpuBefore = await cpuSeconds(server.pid);
      let sending = true;
      let polls = 0;
      const pollFailures: string[] = [];
      const pollLatencies: number[] = [];
      const sampleLoad = setInterval(() => loadDuring.push(loadavg()[0] ?? 0), 5000);
      let sendingStopped = 0;
      const watching = (async () => {
        while (sending || !(creations.complete && solutions.complete)) {
          if (!sending && performance.now() > sendingStopped + DRAIN_LIMIT_MS) break;
          const counts = await countKpis(url, manager, from, to).catch((error: unknown) => {
            pollFailures.push(
              `${new Date().toISOString()} ${String(error)} ${String((error as Error).cause ?? '')}`,
            );
            return null;
          });
          if (counts === null) {
            if (!serverAlive(server.pid))
              throw new Error(`the server stopped: ${pollFailures.at(-1)}\n${server.errors().slice(-3000)}`);
            await sleep(POLL_PAUSE_MS);
            continue;
          }
          polls++;
          pollLatencies.push(counts.answeredAt - counts.sentAt);
          creations.seen(counts.created, counts);
          solutions.seen(counts.resolved, counts);
          await sleep(POLL_PAUSE_MS);
        }
      })();

      // Acknowledgements are noted in the order they come back.
      const pushed = await pushEvents(webhookUrl, (answer) => {
        if (answer.status !== 200 || answer.accepted !== 1) return;
        if (answer.step === 'created') creations.acks.push(answer.at);
        if (answer.step === 'solved') solutions.acks.push(answer.at);
      });
      sending = false;
      sendingStopped = performance.now();
      const cpuAfterSending = await cpuSeconds(server.pid);
      await watching;
      const drainSeconds = (performance.now() - sendingStopped) / 1000;
      clearInterval(sampleLoad);

      const byStatus = new Map<number, number>();
      for (const answer of pushed.answers)
        byStatus.set(answer.status, (byStatus.get(answer.status) ?? 0) + 1);
      const requestLatency = latencies(pushed.answers.map((a) => a.ms));
      const acknowledged = pushed.answers.filter((a) => a.status === 200);
      const ratePerSecond = pushed.sent / pushed.sendSeconds;
      const ackedPerSecond = acknowledged.length / pushed.sendSeconds;
      const mix = { created: 0, agent_reply: 0, customer_reply: 0, solved: 0 };
      for (const answer of pushed.answers) mix[answer.step]++;
      say(
        `  sent ${pushed.sent.toLocaleString('en-US')} events in ${pushed.sendSeconds.toFixed(1)} s: ${ratePerSecond.toFixed(0)}/s` +
          ` (${mix.created} tickets created, ${mix.agent_reply} agent replies, ${mix.customer_reply} customer replies, ${mix.solved} solved)`,
      );
      say(
        `  answers: ${[...byStatus].map(([status, n]) => `${status === 0 ? 'no answer' : status} × ${n}`).join(', ')}; ${ackedPerSecond.toFixed(0)} acknowledged/s`,
      );
      for (const reason of pushed.unanswered) say(`    no answer: ${reason}`);
      say(
        `  request latency: p50 ${ms(requestLatency.p50)}, p95 ${ms(requestLatency.p95)}, max ${ms(requestLatency.max)}; at most ${pushed.maxInFlight} requests in flight`,
      );
      const poll = latencies(pollLatencies);
      say(
        `  the manager's KPI query: ${polls} answered, ${pollFailures.length} failed; p50 ${ms(poll.p50)}, p95 ${ms(poll.p95)}, max ${ms(poll.max)}`,
      );
      for (const failure of pollFailures.slice(0, 3)) say(`    ${failure}`);
      const created = latencies(creations.delays);
      const resolved = latencies(solutions.delays);
      const visible = latencies([...creations.delays, ...solutions.delays]);
      const notVisible = creations.acks.length + solutions.acks.length - visible.requests;
      const visibleLine = (label: string, l: Latencies, of: number) =>
        say(
          `  ${label}: ${l.requests} of ${of} visible; p50 ${ms(l.p50)}, p95 ${ms(l.p95)}, max ${ms(l.max)}`,
        );
      say('\n── 3. from the 2xx to visible in POST /api/kpi/query');
      visibleLine('tickets created (contacts_created)', created, creations.acks.length);
      visibleLine('tickets solved (contacts_resolved)', resolved, solutions.acks.length);
      visibleLine('both', visible, creations.acks.length + solutions.acks.length);
      say(`  everything visible ${drainSeconds.toFixed(1)} s after the last event was sent`);

      const serverCpu =
        cpuBefore === null || cpuAfterSending === null
          ? null
          : (cpuAfterSending - cpuBefore) / pushed.sendSeconds;
      await server.stop();
      serverStopped = true;

      say('\n── 4. nothing lost: the database, read after the server stopped');
      const engine = await openDuckDb({ path: dbPath });
      let check: {
        acknowledged: number;
        stored: number;
        missing: number;
        duplicated: number;
        unprocessed: number;
        failed: number;
        failures: string[];
        ticketsSent: number;
        contacts: number;
        contactsExpected: number;
        resolvedContacts: number;
        resolvedExpected: number;
        receivedToProcessed: Latencies;
        imports: number;
        eventsPerImport: Latencies;
      };
      try {
        const stored = await engine.all(
          `SELECT event_id, count(*) AS n, count(processed_at) AS processed, max(outcome) AS outcome, max(error) AS error,
             max(epoch_ms(processed_at) - epoch_ms(received_at)) AS lag_ms, CAST(max(processed_at) AS VARCHAR) AS processed_at
           FROM webhook_events WHERE source_id = $1 GROUP BY event_id`,
          [source.id],
        );
        const byId = new Map(stored.map((row) => [String(row.event_id), row]));
        let missing = 0;
        for (const answer of acknowledged) if (!byId.has(answer.eventId)) missing++;
        const duplicated = stored.filter((row) => Number(row.n) !== 1).length;
        const unprocessed = stored.filter((row) => Number(row.processed) === 0).length;
        const failedRows = stored.filter((row) => row.outcome === 'failed');
        const imports = new Map<string, number>();
        for (const row of stored) {
          const at = String(row.processed_at);
          imports.set(at, (imports.get(at) ?? 0) + 1);
        }
        // A ticket is a contact once one of its events was acknowledged.
        const acknowledgedTickets = new Set<string>();
        const solvedTickets = new Set<string>();
        const payloads = await engine.all(
          `SELECT event_id, json_extract_string(payload, '$.detail.id') AS ticket FROM webhook_events WHERE source_id = $1`,
          [source.id],
        );
        const ticketOf = new Map(payloads.map((row) => [String(row.event_id), String(row.ticket)]));
        for (const answer of acknowledged) {
          const ticket = ticketOf.get(answer.eventId);
          if (ticket === undefined) continue;
          acknowledgedTickets.add(ticket);
          if (answer.step === 'solved') solvedTickets.add(ticket);
        }
        const [counts] = await engine.all(
          `SELECT count(*) AS contacts, count(CASE WHEN status IN ('solved', 'closed') THEN 1 END) AS resolved
           FROM contacts WHERE source = 'zendesk'`,
        );
        check = {
          acknowledged: acknowledged.length,
          stored: stored.length,
          missing,
          duplicated,
          unprocessed,
          failed: failedRows.length,
          failures: failedRows.slice(0, 3).map((row) => `${String(row.event_id)}: ${String(row.error)}`),
          ticketsSent: pushed.tickets.length,
          contacts: Number(counts?.contacts ?? 0),
          contactsExpected: acknowledgedTickets.size,
          resolvedContacts: Number(counts?.resolved ?? 0),
          resolvedExpected: solvedTickets.size,
          receivedToProcessed: latencies(
            stored.filter((row) => row.lag_ms !== null).map((row) => Number(row.lag_ms)),
          ),
          imports: imports.size,
          eventsPerImport: latencies([...imports.values()]),
        };
      } finally {
        await engine.close();
      }
      const lost = check.missing + check.duplicated + check.unprocessed + check.failed;
      say(
        `  ${check.acknowledged.toLocaleString('en-US')} acknowledged; stored ${check.stored.toLocaleString('en-US')}; missing ${check.missing}, stored twice ${check.duplicated}, unprocessed ${check.unprocessed}, failed ${check.failed}`,
      );
      for (const failure of check.failures) say(`    ${failure}`);
      say(
        `  Zendesk contacts: ${check.contacts.toLocaleString('en-US')} (expected ${check.contactsExpected.toLocaleString('en-US')}); solved ${check.resolvedContacts.toLocaleString('en-US')} (expected ${check.resolvedExpected.toLocaleString('en-US')})`,
      );

      say('\n── 5. where the time goes');
      const r2p = check.receivedToProcessed;
      say(
        `  received → processed (imported, facts rebuilt): p50 ${ms(r2p.p50)}, p95 ${ms(r2p.p95)}, max ${ms(r2p.max)}`,
      );
      say(
        `  ${check.imports} imports; events per import p50 ${check.eventsPerImport.p50}, p95 ${check.eventsPerImport.p95}, max ${check.eventsPerImport.max}`,
      );
      if (serverCpu !== null)
        say(`  the server used ${serverCpu.toFixed(2)} CPU seconds a second while events came in`);
      const loadMean =
        loadDuring.length === 0 ? null : loadDuring.reduce((a, b) => a + b, 0) / loadDuring.length;
      say(
        `  load average during the run: ${loadMean === null ? 'n/a' : loadMean.toFixed(2)} (max ${Math.max(...loadDuring, 0).toFixed(2)}); the sender was at most ${pushed.behindMax} events behind its pace`,
      );

      const sustained = ackedPerSecond >= RATE * 0.98;
      const visibleOk = visible.p95 <= VISIBLE_TARGET_MS && notVisible === 0;
      const nothingLost =
        lost === 0 &&
        check.contacts === check.contactsExpected &&
        check.resolvedContacts === check.resolvedExpected;
      say('\n── targets');
      say(
        `  ${RATE}/s sustained: ${ackedPerSecond.toFixed(0)} acknowledged/s — ${sustained ? 'PASS' : 'MISS'}`,
      );
      say(
        `  p95 event to visible ≤ ${VISIBLE_TARGET_MS / 1000} s: ${fmtS(visible.p95 / 1000)}${notVisible > 0 ? `, ${notVisible} never visible` : ''} — ${visibleOk ? 'PASS' : 'MISS'}`,
      );
      say(`  nothing lost: ${lost} lost or failed — ${nothingLost ? 'PASS' : 'MISS'}`);

      report = {
        date: new Date().toISOString(),
        contacts: prepared.contacts,
        rate: RATE,
        seconds: SECONDS,
        loadAverage: { start: loadAtStart, during: loadDuring, end: loadavg() },
        sent: pushed.sent,
        sendSeconds: pushed.sendSeconds,
        sentPerSecond: ratePerSecond,
        acknowledgedPerSecond: ackedPerSecond,
        mix,
        statuses: Object.fromEntries(byStatus),
        requestLatency,
        maxInFlight: pushed.maxInFlight,
        kpiQueryLatency: poll,
        kpiQueryFailures: pollFailures.length,
        visible: { created, resolved, both: visible, notVisible, drainSeconds },
        check,
        serverCpuPerSecond: serverCpu,
        pass: { sustained, visible: visibleOk, nothingLost },
      };
    } finally {
      if (!serverStopped) await server.stop();
    }
    await mkdir(OUT_DIR, { recursive: true });
    const outPath = join(OUT_DIR, 'webhooks.json');
    await writeFile(outPath, `${JSON.stringify(report, null, 2)}\n`);
    say(`\n  figures written to ${outPath}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
