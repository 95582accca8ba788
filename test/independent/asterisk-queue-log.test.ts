import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'vitest';
import { asteriskQueueLog } from '../../src/ingest/sources/asterisk-queue-log.js';
import { withDuckDb } from '../support/engines.js';
import { importSourceOrThrow } from '../support/sources.js';
import { generateCalls } from './generate.js';
import {
  epochSeconds,
  expectSameFigures,
  QUEUE_KPIS,
  Random,
  type RefContact,
  START_MS,
} from './reference.js';

const AGENTS = ['SIP/anna', 'SIP/ben', 'PJSIP/carla', 'SIP/dirk', 'Local/1005@agents'];

describe('asterisk-queue-log: figures against an independent computation', () => {
  test('a queue_log with answers, transfers, abandons, timeouts, calls cut off by the log and still running', async () => {
    const random = new Random(505);
    const calls = generateCalls(random, { count: 420, agents: AGENTS, transfers: true });
    const lines: { at: number; text: string }[] = [];
    const line = (
      at: number,
      callId: string,
      queue: string,
      agent: string,
      event: string,
      ...data: (string | number)[]
    ) => lines.push({ at, text: [epochSeconds(at), callId, queue, agent, event, ...data].join('|') });
    for (const agent of AGENTS) line(START_MS, 'NONE', 'support', agent, 'ADDMEMBER', '');
    const contacts: RefContact[] = [];
    calls.forEach((call, i) => {
      const callId = `${epochSeconds(call.createdAt)}.${i}`;
      const caller = `06${String(10_000_000 + i)}`;
      line(call.createdAt, callId, call.queue, 'NONE', 'ENTERQUEUE', '', caller, 1);
      if (call.outcome === 'abandoned') {
        // Long waits sometimes end in the queue's timeout rather than a hang-up: abandoned too.
        const timeout = call.wait >= 60 && random.chance(0.3);
        line(
          call.createdAt + call.wait * 1000,
          callId,
          call.queue,
          'NONE',
          timeout ? 'EXITWITHTIMEOUT' : 'ABANDON',
          1,
          1,
          call.wait,
        );
      }
      let entered = call.createdAt;
      call.sessions.forEach((session, s) => {
        const queue = s === 0 ? call.queue : 'support';
        if (s > 0) {
          // Transferred into another queue: the same call id, a second queue session.
          entered = session.answer - random.int(1, 4) * 1000;
          line(entered, callId, queue, 'NONE', 'ENTERQUEUE', '', caller, 1);
          call.events.push({ kind: 'queue_enter', at: entered });
        }
        const wait = Math.round((session.answer - entered) / 1000);
        if (random.chance(0.1))
          line(session.answer - 1000, callId, queue, random.pick(AGENTS), 'RINGNOANSWER', 15000);
        line(session.answer, callId, queue, session.agent, 'CONNECT', wait, `${callId}b`, 3);
        const talk = Math.round((session.end - session.answer) / 1000);
        if (s < call.sessions.length - 1)
          line(session.end, callId, queue, session.agent, 'TRANSFER', 200, 'from-internal', wait, talk, 1);
        else
          line(
            session.end,
            callId,
            queue,
            session.agent,
            random.chance(0.5) ? 'COMPLETEAGENT' : 'COMPLETECALLER',
            wait,
            talk,
            1,
          );
      });
      contacts.push(call);
    });
    // When the log starts, a call is already in the queue: its entry is its answer less its wait.
    const early = START_MS + 10_000;
    line(early, 'early.1', 'support', 'SIP/ben', 'CONNECT', 25, 'early.1b', 2);
    line(early + 200_000, 'early.1', 'support', 'SIP/ben', 'COMPLETEAGENT', 25, 200, 1);
    // A call whose CONNECT line is missing: answered at its end less its talk time.
    const lost = START_MS + 3 * 86_400_000 + 7_000;
    line(lost, 'lost.1', 'billing', 'NONE', 'ENTERQUEUE', '', '0633333333', 1);
    line(lost + 300_000, 'lost.1', 'billing', 'PJSIP/carla', 'COMPLETECALLER', 50, 250, 1);
    contacts.push(
      {
        id: 'early',
        channel: 'phone',
        createdAt: early - 25_000,
        assignee: 'SIP/ben',
        events: [
          { kind: 'queue_enter', at: early - 25_000 },
          { kind: 'answer', at: early, agent: 'SIP/ben' },
          { kind: 'end', at: early + 200_000, agent: 'SIP/ben' },
        ],
      },
      {
        id: 'lost',
        channel: 'phone',
        createdAt: lost,
        assignee: 'PJSIP/carla',
        events: [
          { kind: 'queue_enter', at: lost },
          { kind: 'answer', at: lost + 50_000, agent: 'PJSIP/carla' },
          { kind: 'end', at: lost + 300_000, agent: 'PJSIP/carla' },
        ],
      },
    );
    // When the log ends, one call is still waiting and one still talking.
    const end = Math.max(...lines.map((l) => l.at)) + 60_000;
    line(end, `${epochSeconds(end)}.w`, 'sales', 'NONE', 'ENTERQUEUE', '', '0611111111', 1);
    line(end + 5000, `${epochSeconds(end)}.t`, 'sales', 'NONE', 'ENTERQUEUE', '', '0622222222', 1);
    line(end + 17_000, `${epochSeconds(end)}.t`, 'sales', 'SIP/anna', 'CONNECT', 12, 'x', 2);
    contacts.push(
      {
        id: 'waiting',
        channel: 'phone',
        createdAt: end,
        assignee: null,
        events: [{ kind: 'queue_enter', at: end }],
      },
      {
        id: 'talking',
        channel: 'phone',
        createdAt: end + 5000,
        assignee: 'SIP/anna',
        events: [
          { kind: 'queue_enter', at: end + 5000 },
          { kind: 'answer', at: end + 17_000, agent: 'SIP/anna' },
        ],
      },
    );
    line(end + 20_000, 'NONE', 'support', 'SIP/ben', 'PAUSE', 'lunch');

    await withDuckDb([], async (db, dir) => {
      // Rotated in two files that overlap by a few lines, given newest first: read oldest first, as one log.
      const sorted = [...lines].sort((a, b) => a.at - b.at).map((l) => l.text);
      const half = Math.floor(sorted.length / 2);
      await writeFile(join(dir, 'queue_log.1'), `${sorted.slice(0, half + 40).join('\n')}\n`);
      await writeFile(join(dir, 'queue_log'), `${sorted.slice(half).join('\n')}\n`);
      await importSourceOrThrow(db, asteriskQueueLog, [join(dir, 'queue_log'), join(dir, 'queue_log.1')]);
      await expectSameFigures(db, contacts, [], {
        contactKpis: ['contacts_created', 'frt', 'frt_pending', ...QUEUE_KPIS],
        byAgent: ['aht', 'asa', 'answered', 'frt'],
      });
    });
  });
});
