/** The bodies of the Now view: the same JSON for `GET /api/now` and each `now` event of its stream. */
import { z } from '@hono/zod-openapi';
import { AGENT_STATES } from '../../core/now.js';
import { instant, KpiValue } from '../schemas.js';

const NowContact = z
  .object({
    key: z.string().describe('contact key, source|external_id'),
    source: z.string(),
    externalId: z.string(),
    channel: z.string(),
    subject: z.string().nullable(),
    assigneeId: z.string().nullable(),
    assigneeName: z.string().nullable(),
    createdAt: instant,
    since: instant.describe(
      'when the wait this list measures began: creation, or the first customer message',
    ),
    waitedSeconds: z.number().describe('seconds from since to asOf, on the clock'),
    awaitingReply: z.boolean().describe('a customer message still without a first human reply'),
    replied: z.boolean().describe('has had its first human reply, or its call or chat was answered'),
    targetSeconds: z.number().nullable().describe('the channel’s first-response deadline'),
    targetHours: z.enum(['business', 'calendar']).describe('the hours the deadline is measured in'),
    pastTarget: z.boolean().describe('awaiting a reply longer than the deadline, in its hours'),
  })
  .openapi('NowContact');

const NowContactList = z
  .object({
    count: z.number(),
    pastTarget: z.number().describe('how many of them wait past their first-response deadline'),
    oldest: z.array(NowContact).describe('the oldest first, at most 20; empty for a viewer'),
  })
  .openapi('NowContactList');

const NowDayCount = z.object({ day: z.string().describe('local date, YYYY-MM-DD'), count: z.number() });

const NowTodayCount = z
  .object({
    today: NowDayCount,
    sameWeekdays: z
      .array(NowDayCount)
      .describe('the same weekday of each of the last four weeks, up to the same time of day, latest first'),
    mean: z.number().describe('the mean of sameWeekdays'),
  })
  .openapi('NowTodayCount');

const NowQueueWait = z
  .object({
    key: z.string(),
    channel: z.string(),
    queue: z.string().nullable(),
    since: instant.describe('the latest queue entry'),
    waitedSeconds: z.number(),
    targetSeconds: z.number().nullable().describe('the channel’s service-level answer time T'),
    pastTarget: z.boolean(),
  })
  .openapi('NowQueueWait');

const NowAgent = z
  .object({
    id: z.string(),
    name: z.string().nullable(),
    teamId: z.string().nullable(),
    state: z.enum(AGENT_STATES),
    since: instant.nullable(),
    queues: z.array(z.string()).describe('queues logged in to; empty when logged in to all'),
    reason: z.string().nullable().describe('pause reason'),
  })
  .openapi('NowAgent');

export const NowView = z
  .object({
    asOf: instant,
    timezone: z.string().describe('the time zone whose day "today" is'),
    scope: z.enum(['team', 'own']).describe("own: an agent's own work"),
    factsRebuiltAt: instant
      .nullable()
      .describe('the contact lists and today’s counts are as of this rebuild'),
    sources: z.array(
      z.object({
        source: z.string(),
        kind: z.enum(['contacts', 'agent_status']),
        lastEventAt: instant.describe('the newest event up to asOf'),
      }),
    ),
    lastEventAt: instant.nullable(),
    contacts: z.object({
      open: NowContactList,
      unassigned: NowContactList.nullable().describe('null for an agent'),
      awaitingFirstReply: NowContactList,
    }),
    created: NowTodayCount,
    resolved: NowTodayCount,
    queues: z.object({
      waiting: z.number(),
      longestWaitSeconds: z.number().nullable(),
      byChannel: z.array(
        z.object({ channel: z.string(), waiting: z.number(), longestWaitSeconds: z.number() }),
      ),
      oldest: z.array(NowQueueWait).describe('the longest waiting first, at most 20; empty for a viewer'),
    }),
    agents: z.object({
      counts: z
        .object({ available: z.number(), paused: z.number(), offline: z.number() })
        .nullable()
        .describe('null for an agent'),
      agents: z.array(NowAgent).describe('for an agent, only their own'),
    }),
    serviceLevel: KpiValue.describe('service_level over today so far'),
    abandonment: KpiValue.describe('abandonment_rate over today so far'),
    notes: z.array(z.string()),
  })
  .openapi('NowView');
