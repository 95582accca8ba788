/** Mappings in the mapping language (`.map.json`) that several tests use. */

/**
 * E-mails one a row: `id,opened,subject,agent` (more columns ignored), each a contact with its
 * subject and assignee, opened by a customer message.
 */
export const EMAIL_MAPPING = {
  rows: 'contact',
  fields: {
    id: { column: 'id' },
    opened: { column: 'opened', type: 'timestamp' },
    subject: { column: 'subject' },
    agent: { column: 'agent' },
  },
  contact: {
    external_id: 'id',
    channel: { const: 'email' },
    created_at: 'opened',
    subject: 'subject',
    assignee_id: 'agent',
  },
  events: [{ kind: { const: 'customer_message' }, at: 'opened' }],
};

/**
 * The mapping of a realistic call-centre log (one row a call) that the mapping tests share: a
 * contact key joined from day, line and call id, the answer time as the service start or else the
 * queue exit, an answer only when the outcome says so and an agent is named, and an abandon.
 */

/** A mapping as written in a `.map.json` file. */
export interface CallLogMapping {
  rows: 'contact';
  timezone: string;
  none: string[];
  fields: Record<string, object>;
  contact: Record<string, unknown>;
  events: object[];
  [setting: string]: unknown;
}

export interface CallLogMappingOptions {
  timezone: string;
  /** The values that mean "nothing" in every column. */
  none?: string[];
  /** Top-level settings placed before `fields` (suspicious, duplicates, …). */
  settings?: Record<string, unknown>;
  /** The column of the call's day. */
  dayColumn?: string;
  /** The separator of the joined key; the mapping's default without it. */
  separator?: string;
  /** Another definition of the contact key than the join of day, line and call. */
  key?: object;
  /** The field the service start comes after. */
  serviceAfter?: string;
  /** Fields placed after `answered` (e.g. the end of service). */
  timesAfterAnswered?: Record<string, object>;
  /** Outcome values whose rows are skipped. */
  skipOutcomes?: string[];
  /** More contact columns, after assignee_id. */
  contact?: Record<string, unknown>;
  /** More events, after the abandon. */
  events?: object[];
}

export function callLogMapping(options: CallLogMappingOptions): CallLogMapping {
  const day = options.dayColumn ?? 'date';
  return {
    rows: 'contact',
    timezone: options.timezone,
    none: options.none ?? ['', 'NULL'],
    ...options.settings,
    fields: {
      day: { column: day },
      date: { column: day, type: 'date' },
      line: { column: 'line' },
      call: { column: 'call_id' },
      key: options.key ?? {
        join: ['day', 'line', 'call'],
        ...(options.separator === undefined ? {} : { separator: options.separator }),
      },
      queued: { column: 'q_start', type: 'time', date: 'date' },
      q_exit: { column: 'q_exit', type: 'time', date: 'date', after: 'queued' },
      ser_start: {
        column: 'ser_start',
        type: 'time',
        date: 'date',
        after: options.serviceAfter ?? 'queued',
        none: ['0:00:00'],
      },
      answered: { coalesce: ['ser_start', 'q_exit'] },
      ...options.timesAfterAnswered,
      outcome: {
        column: 'outcome',
        map: { AGENT: 'answered', HANG: 'abandoned', NONE: null },
        ...(options.skipOutcomes ? { skip: options.skipOutcomes } : {}),
      },
      agent: { column: 'server', none: ['NO_SERVER'] },
    },
    contact: {
      external_id: 'key',
      channel: { const: 'phone' },
      created_at: 'queued',
      assignee_id: 'agent',
      ...options.contact,
    },
    events: [
      { kind: { const: 'queue_enter' }, at: 'queued' },
      {
        kind: { const: 'answer' },
        at: 'answered',
        when: [
          { field: 'outcome', in: ['answered'] },
          { field: 'agent', notIn: [null] },
        ],
        agent_id: 'agent',
      },
      { kind: { const: 'abandon' }, at: 'q_exit', when: { field: 'outcome', in: ['abandoned'] } },
      ...(options.events ?? []),
    ],
  };
}
