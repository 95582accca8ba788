import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { instantRangeProblem, utcText } from '../../core/time-range.js';
import { readTextLines, textProblem } from '../records.js';
import type { SourceFormat } from './format.js';
import { utcTimestamp } from './writer.js';

/**
 * Asterisk `queue_log`: one line per queue event, `time|callid|queue|agent|event|data1|…|data5`,
 * time in epoch seconds. A call (callid) becomes one phone contact; its queue entries, answers,
 * hang-ups, transfers and abandons become contact events. Agent log-ins and pauses become agent
 * status changes.
 */

const CALL_EVENTS = new Set([
  'ENTERQUEUE',
  'CONNECT',
  'COMPLETEAGENT',
  'COMPLETECALLER',
  'TRANSFER',
  'ABANDON',
  'EXITWITHTIMEOUT',
  'EXITWITHKEY',
  'EXITEMPTY',
  'RINGNOANSWER',
  'RINGCANCELED',
  'DID',
  'INFO',
]);

const AGENT_STATUS: Record<string, string> = {
  AGENTLOGIN: 'login',
  AGENTCALLBACKLOGIN: 'login',
  AGENTLOGOFF: 'logout',
  AGENTCALLBACKLOGOFF: 'logout',
  ADDMEMBER: 'add_member',
  REMOVEMEMBER: 'remove_member',
  PAUSE: 'pause',
  UNPAUSE: 'unpause',
  PAUSEALL: 'pause',
  UNPAUSEALL: 'unpause',
};

/** Queue-level lines that say nothing about a call or an agent. */
const IGNORED = new Set(['QUEUESTART', 'CONFIGRELOAD', 'SYSCOMPAT', 'ATTENDEDTRANSFER', 'BLINDTRANSFER']);

/** Ways of leaving the queue without an agent; all are counted as abandoned. */
const LEFT_QUEUE: Record<string, string> = {
  ABANDON: 'hung up while waiting',
  EXITWITHTIMEOUT: 'left the queue at its timeout (EXITWITHTIMEOUT)',
  EXITWITHKEY: 'left the queue by pressing a key (EXITWITHKEY)',
  EXITEMPTY: 'left a queue without agents (EXITEMPTY)',
};

/** A call is forgotten this long (log time) after it ended; a later line for it starts a new call. */
const FORGET_AFTER_S = 24 * 3600;

interface Call {
  id: string;
  createdS: number;
  queue: string;
  /** The agent who answered last. */
  agent: string | null;
  inQueue: boolean;
  connected: boolean;
  ended: boolean;
  lastS: number;
}

interface Line {
  file: string;
  line: number;
  text: string;
}

function isWholeSeconds(value: string): boolean {
  return /^\d+(\.\d+)?$/.test(value);
}

/** The time of a file's first line (gzipped or not), to read rotated files oldest first. */
async function firstTime(path: string): Promise<number> {
  for await (const batch of readTextLines(path)) {
    const first = batch[0]?.text.split('|')[0] ?? '';
    return isWholeSeconds(first) ? Number(first) : Number.POSITIVE_INFINITY;
  }
  return Number.POSITIVE_INFINITY;
}

export const asteriskQueueLog: SourceFormat = {
  name: 'asterisk-queue-log',
  summary: 'Asterisk queue_log lines: calls with queue wait, answer, abandon, talk time, transfers',
  mapping: 'none',

  detect({ head }) {
    const lines = head.split(/\r?\n/).filter((l) => l.trim() !== '');
    const looks = lines.slice(0, 20).filter((l) => /^\d{9,11}(\.\d+)?\|[^|]*\|[^|]*\|[^|]*\|[A-Z_]+/.test(l));
    if (lines.length === 0 || looks.length < Math.min(lines.length, 20) * 0.8) return null;
    return 'Asterisk queue_log: calls (queue entry, answer, hang-up, abandon, transfer) and agent log-ins and pauses';
  },

  async convert(paths, context) {
    const ordered = await Promise.all(paths.map(async (p) => ({ path: p, first: await firstTime(p) })));
    ordered.sort((a, b) => a.first - b.first);
    const calls = new Map<string, Call>();
    const { out, source } = context;

    const writeContact = (call: Call) => {
      out.write('contacts', {
        source,
        external_id: call.id,
        channel: 'phone',
        created_at: utcTimestamp(call.createdS * 1000),
        assignee_id: call.agent,
        topic: call.queue,
        status: call.ended ? 'closed' : 'open',
      });
    };
    const event = (call: Call, kind: string, seconds: number, fields: Record<string, string | null>) => {
      out.write('contact_events', {
        source,
        contact_external_id: call.id,
        kind,
        occurred_at: utcTimestamp(seconds * 1000),
        ...fields,
      });
    };
    const forgetEnded = (now: number) => {
      for (const [id, call] of calls) {
        if (call.ended && now - call.lastS > FORGET_AFTER_S) calls.delete(id);
      }
    };

    // The line being handled, for the helpers below (defined once, not per line).
    let current: Line = { file: '', line: 0, text: '' };
    let currentName = '';
    let data: string[] = [];
    let fileName = '';
    function reject(column: string, reason: string): void {
      context.reject({ file: current.file, line: current.line, column, reason }, current.text);
    }
    function warn(message: string): void {
      context.warn(fileName, message, `line ${current.line}`);
    }
    function number(index: number, label: string): number | null {
      const value = data[5 + index] ?? '';
      if (!/^\d+$/.test(value)) {
        reject(`data${index + 1}`, `${label} '${value}' of ${currentName} is not a whole number of seconds`);
        return null;
      }
      return Number(value);
    }

    function fresh(callId: string, queue: string, createdS: number, seconds: number): Call {
      const made: Call = {
        id: callId,
        createdS,
        queue,
        agent: null,
        inQueue: false,
        connected: false,
        ended: false,
        lastS: seconds,
      };
      calls.set(callId, made);
      return made;
    }
    function enter(target: Call, at: number, queue: string): void {
      event(target, 'queue_enter', at, { queue });
      target.inQueue = true;
      target.ended = false;
    }

    let latestS = 0;
    let lastForgetS = 0;
    let lastFile = '';
    for (const { path } of ordered) {
      const totalBytes = (await stat(path)).size;
      const progress = { bytesRead: 0 };
      lastFile = basename(path);
      fileName = lastFile;
      for await (const batch of readTextLines(path, progress)) {
        for (const { line, text } of batch) handleLine({ file: path, line, text });

        context.progress(path, progress.bytesRead, totalBytes);
        await out.flush();
        if (latestS - lastForgetS > 3600) {
          forgetEnded(latestS);
          lastForgetS = latestS;
        }
      }
    }
    for (const call of calls.values()) {
      if (!call.ended) {
        writeContact(call);
        context.warn(
          lastFile,
          'call has no end in the log (still in the queue or talking when the log ends): imported as open',
          `call ${call.id}`,
        );
      }
    }

    function handleLine(line: Line): void {
      current = line;
      const fields = line.text.split('|');
      data = fields;
      const [time = '', callId = '', queue = '', agentField = '', name = ''] = fields;
      currentName = name;
      if (fields.length < 5) {
        reject('(line)', `expected at least 5 fields separated by |, found ${fields.length}`);
        return;
      }
      // The fields that are stored (the pause reason is data1), by their queue_log names.
      if (textProblem(line.text) !== null) {
        for (const [column, text] of [
          ['callid', callId],
          ['queuename', queue],
          ['agent', agentField],
          ['event', name],
          ['data1', fields[5] ?? ''],
        ] as const) {
          const problem = textProblem(text);
          if (problem !== null) {
            reject(column, problem);
            return;
          }
        }
      }
      if (!isWholeSeconds(time)) {
        reject('time', `'${time}' is not a Unix time in seconds`);
        return;
      }
      const seconds = Math.floor(Number(time));
      const outside = instantRangeProblem(seconds * 1000);
      if (outside !== null) {
        reject('time', `${time} (${utcText(seconds * 1000)}) ${outside}`);
        return;
      }
      if (seconds > latestS) latestS = seconds;
      const agent = agentField === '' || agentField === 'NONE' ? null : agentField;

      const status = AGENT_STATUS[name];
      if (status !== undefined) {
        if (!agent) {
          reject('agent', `${name} needs an agent`);
          return;
        }
        const onQueue = queue === '' || queue === 'NONE' ? null : queue;
        out.write('agent_status_events', {
          source,
          external_id: `${agent}|${status}|${time}|${onQueue ?? ''}`,
          agent_id: agent,
          status,
          queue: onQueue,
          occurred_at: utcTimestamp(seconds * 1000),
          reason: name.startsWith('PAUSE') ? fields[5] || null : null,
          // A queue_log only ever speaks of phone queues.
          channel: 'phone',
        });
        return;
      }
      if (IGNORED.has(name)) return;
      if (!CALL_EVENTS.has(name)) {
        warn(`unknown event ${name}: line not imported`);
        return;
      }
      if (callId === '' || callId === 'NONE') {
        reject('callid', `${name} needs a call id`);
        return;
      }
      let call = calls.get(callId);
      switch (name) {
        case 'ENTERQUEUE': {
          if (!call) call = fresh(callId, queue, seconds, seconds);
          enter(call, seconds, queue);
          break;
        }
        case 'CONNECT': {
          const wait = number(0, 'hold time');
          if (wait === null) return;
          if (!agent) {
            reject('agent', 'CONNECT needs the agent who answered');
            return;
          }
          if (!call) {
            call = fresh(callId, queue, seconds - wait, seconds);
            warn('call entered the queue before the log starts: entry taken as answer − wait');
          }
          if (!call.inQueue) enter(call, seconds - wait, queue);
          event(call, 'answer', seconds, { agent_id: agent, queue });
          call.agent = agent;
          call.inQueue = false;
          call.connected = true;
          break;
        }
        case 'COMPLETEAGENT':
        case 'COMPLETECALLER':
        case 'TRANSFER': {
          const talk = name === 'TRANSFER' ? number(3, 'talk time') : number(1, 'talk time');
          if (talk === null) return;
          if (!call?.connected) {
            const answeredAt = seconds - talk;
            if (!call) call = fresh(callId, queue, answeredAt, seconds);
            warn(`${name} without a CONNECT: answer taken as end − talk time`);
            event(call, 'answer', answeredAt, { agent_id: agent, queue });
            call.agent = agent;
          }
          if (name === 'TRANSFER') event(call, 'transfer', seconds, { agent_id: agent, queue });
          event(call, 'end', seconds, { agent_id: agent, queue });
          call.connected = false;
          call.inQueue = false;
          call.ended = true;
          break;
        }
        case 'ABANDON':
        case 'EXITWITHTIMEOUT':
        case 'EXITWITHKEY':
        case 'EXITEMPTY': {
          const wait = number(name === 'EXITWITHKEY' ? 3 : 2, 'wait time');
          if (wait === null) return;
          if (!call) {
            call = fresh(callId, queue, seconds - wait, seconds);
            event(call, 'queue_enter', seconds - wait, { queue });
          }
          event(call, 'abandon', seconds, { queue });
          if (name !== 'ABANDON') warn(`${LEFT_QUEUE[name]}: counted as abandoned`);
          call.inQueue = false;
          call.ended = true;
          break;
        }
        default:
          // RINGNOANSWER, RINGCANCELED, DID, INFO: about the call, but no indicator uses them yet.
          if (name === 'RINGNOANSWER')
            warn('agent rang without answering (RINGNOANSWER): not an indicator yet');
          if (call) call.lastS = seconds;
          return;
      }
      call.lastS = seconds;
      if (call.ended) writeContact(call);
    }
  },
};
