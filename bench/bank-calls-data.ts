import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { Rng } from '../src/services/demo/random.js';

const HEADER = [
  'vru+line',
  'call_id',
  'customer_id',
  'priority',
  'type',
  'date',
  'vru_entry',
  'vru_exit',
  'vru_time',
  'q_start',
  'q_exit',
  'q_time',
  'outcome',
  'ser_start',
  'ser_exit',
  'ser_time',
  'server',
];
const SERVERS = ['DORIT', 'MICHAL', 'ANAT', 'YITZ', 'AVI', 'SHARON', 'BENNY', 'ELI'];
const TYPES = ['PS', 'NW', 'NE', 'IN', 'TT'];

/** `h:mm:ss` of a second of the day; the log writes 0:00:00 for "no time", so midnight is 0:00:01. */
const clock = (seconds: number) => {
  const s = seconds % 86_400 || 1;
  return `${Math.floor(s / 3600)}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};

/**
 * Writes a deterministic tab-separated call log of `rows` calls in the shape of the anonymous-bank
 * call-centre log that `test/fixtures/sources/csv/bank-calls.map.json` maps: 80 % answered, 18 %
 * hung up in the queue, 2 % phantom, calls from 7:00 to 24:00 over consecutive days.
 */
export async function writeBankCalls(path: string, rows: number): Promise<{ rows: number; bytes: number }> {
  const out = createWriteStream(path);
  const rng = new Rng(7);
  const random = () => rng.next();
  let bytes = 0;
  let chunk: string[] = [HEADER.join('\t')];
  const perDay = 3000;
  for (let i = 0; i < rows; i++) {
    const day = new Date(Date.UTC(1999, 0, 1) + Math.floor(i / perDay) * 86_400_000);
    const date = `${String(day.getUTCFullYear()).slice(2)}${String(day.getUTCMonth() + 1).padStart(2, '0')}${String(day.getUTCDate()).padStart(2, '0')}`;
    const entry = 7 * 3600 + Math.floor(((i % perDay) / perDay) * 17 * 3600);
    const vru = 3 + Math.floor(random() * 8);
    const wait = Math.floor(random() * 120);
    const fate = random();
    const outcome = fate < 0.8 ? 'AGENT' : fate < 0.98 ? 'HANG' : 'PHANTOM';
    const talk = 20 + Math.floor(random() * 400);
    const answered = outcome === 'AGENT';
    chunk.push(
      [
        `AA${String(i % 10_000).padStart(4, '0')}`,
        String(100_000 + i),
        String(10_000_000 + Math.floor(random() * 9e7)),
        String(Math.floor(random() * 3)),
        TYPES[i % TYPES.length],
        date,
        clock(entry),
        clock(entry + vru),
        String(vru),
        clock(entry + vru),
        clock(entry + vru + wait),
        String(wait),
        outcome,
        answered ? clock(entry + vru + wait) : '0:00:00',
        answered ? clock(entry + vru + wait + talk) : '0:00:00',
        answered ? String(talk) : '0',
        answered ? SERVERS[i % SERVERS.length] : 'NO_SERVER',
      ].join('\t'),
    );
    if (chunk.length >= 10_000) {
      const text = `${chunk.join('\n')}\n`;
      bytes += text.length;
      if (!out.write(text)) await once(out, 'drain');
      chunk = [];
    }
  }
  const rest = chunk.length > 0 ? `${chunk.join('\n')}\n` : '';
  bytes += rest.length;
  out.end(rest);
  await once(out, 'finish');
  return { rows, bytes };
}
