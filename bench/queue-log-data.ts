import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { Rng } from '../src/services/demo/random.js';

const AGENTS = [
  'SIP/anna',
  'SIP/ben',
  'SIP/carla',
  'SIP/dirk',
  'SIP/eva',
  'SIP/finn',
  'SIP/gert',
  'SIP/hana',
];
const QUEUES = ['support', 'sales', 'billing'];

/**
 * Writes a deterministic Asterisk queue_log of about `targetBytes`: calls arriving every few
 * seconds, ~10 % abandoned (some within 5 s), the rest answered and completed, some transferred,
 * with agent pauses in between. Returns the number of calls and lines.
 */
export async function writeQueueLog(
  path: string,
  targetBytes: number,
): Promise<{ calls: number; lines: number; bytes: number }> {
  const out = createWriteStream(path);
  const rng = new Rng(1);
  const random = () => rng.next();
  let time = 1_767_600_000;
  let bytes = 0;
  let calls = 0;
  let lines = 0;
  let chunk: string[] = [];
  const push = (line: string) => {
    chunk.push(line);
    bytes += line.length + 1;
    lines++;
  };
  while (bytes < targetBytes) {
    time += Math.floor(random() * 12);
    const id = `${time}.${calls}`;
    const queue = QUEUES[calls % QUEUES.length] as string;
    const agent = AGENTS[Math.floor(random() * AGENTS.length)] as string;
    const wait = Math.floor(random() * 90);
    push(
      `${time}|${id}|${queue}|NONE|ENTERQUEUE||06${String(Math.floor(random() * 1e8)).padStart(8, '0')}|1`,
    );
    const fate = random();
    if (fate < 0.1) {
      push(`${time + wait}|${id}|${queue}|NONE|ABANDON|1|1|${wait}`);
    } else {
      const talk = 30 + Math.floor(random() * 400);
      push(`${time + wait}|${id}|${queue}|${agent}|CONNECT|${wait}|${id}1|2`);
      if (fate < 0.15)
        push(`${time + wait + talk}|${id}|${queue}|${agent}|TRANSFER|200|from-internal|${wait}|${talk}|1`);
      else push(`${time + wait + talk}|${id}|${queue}|${agent}|COMPLETECALLER|${wait}|${talk}|1`);
    }
    if (calls % 500 === 0) {
      push(`${time}|NONE|${queue}|${agent}|PAUSE|lunch`);
      push(`${time + 1800}|NONE|${queue}|${agent}|UNPAUSE|`);
    }
    calls++;
    if (chunk.length >= 10_000) {
      if (!out.write(`${chunk.join('\n')}\n`)) await once(out, 'drain');
      chunk = [];
    }
  }
  out.write(chunk.length > 0 ? `${chunk.join('\n')}\n` : '');
  out.end();
  await once(out, 'finish');
  return { calls, lines, bytes };
}
