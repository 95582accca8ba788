import { describe, expect, test } from 'vitest';
import type { NowView } from '../../services/now.js';
import { type NowShown, NowStreams } from './live.js';

/** Reads a stream's text as it comes, until `until` holds for what was read. */
async function readUntil(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  seen: { text: string },
  until: (text: string) => boolean,
): Promise<string> {
  const decoder = new TextDecoder();
  while (!until(seen.text)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`the stream ended after: ${seen.text}`);
    seen.text += decoder.decode(value, { stream: true });
  }
  return seen.text;
}

const events = (text: string) => text.split('\n\n').filter((block) => block.startsWith('event: now'));

/** A stand-in view: the streams only pass it on, as JSON. */
const viewNumbered = (n: number) => ({ asOf: `view ${n}` }) as unknown as NowView;

/** A stream that always shows the view of `key`, computed by `compute`. */
const shows = (key: string, compute: () => Promise<NowView>) => async (): Promise<NowShown> => ({
  key,
  compute,
});

const FAST = { pollMs: 10, heartbeatMs: 60_000, refreshMs: 60_000, perUser: 2 };

describe('the Now streams', () => {
  test('send the view at once, again when the change marker moves, and not while it stays', async () => {
    const marker = { value: 'a' };
    let computed = 0;
    const streams = new NowStreams(async () => marker.value, FAST);
    const stop = new AbortController();
    const stream = streams.open(
      'u1',
      shows('team', async () => viewNumbered(++computed)),
      stop.signal,
    );
    if (!stream) throw new Error('refused');
    const reader = stream.getReader();
    const seen = { text: '' };
    await readUntil(reader, seen, (t) => events(t).length === 1);
    expect(seen.text).toMatch(/^retry: \d+\n\n/);
    expect(events(seen.text)[0]).toBe(`event: now\ndata: ${JSON.stringify({ asOf: 'view 1' })}`);
    // Many ticks with the same marker: nothing new.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(computed).toBe(1);
    marker.value = 'b';
    await readUntil(reader, seen, (t) => events(t).length === 2);
    expect(events(seen.text)[1]).toContain('view 2');
    stop.abort();
    expect(streams.count()).toBe(0);
  });

  test('compute one view once for every stream that shows it', async () => {
    const marker = { value: 'a' };
    const computed: string[] = [];
    const streams = new NowStreams(async () => marker.value, { ...FAST, perUser: 5 });
    const stop = new AbortController();
    const open = (user: string, key: string) => {
      const stream = streams.open(
        user,
        shows(key, async () => {
          computed.push(key);
          return viewNumbered(computed.length);
        }),
        stop.signal,
      );
      if (!stream) throw new Error('refused');
      return { reader: stream.getReader(), seen: { text: '' } };
    };
    const team = [open('u1', 'team'), open('u2', 'team'), open('u3', 'team')];
    const agent = open('u4', 'agent ann');
    for (const s of [...team, agent]) await readUntil(s.reader, s.seen, (t) => events(t).length === 1);
    computed.length = 0;
    marker.value = 'b';
    for (const s of [...team, agent]) await readUntil(s.reader, s.seen, (t) => events(t).length === 2);
    expect(computed.sort()).toEqual(['agent ann', 'team']);
    stop.abort();
  });

  test('keep a quiet stream open with comment lines', async () => {
    const streams = new NowStreams(async () => 'a', { ...FAST, heartbeatMs: 30 });
    const stop = new AbortController();
    const stream = streams.open(
      'u1',
      shows('team', async () => viewNumbered(1)),
      stop.signal,
    );
    if (!stream) throw new Error('refused');
    const seen = { text: '' };
    await readUntil(stream.getReader(), seen, (t) => t.includes(': heartbeat\n\n'));
    expect(events(seen.text)).toHaveLength(1);
    stop.abort();
  });

  test('refuse a user more streams than the limit, and count a closed one out', async () => {
    const streams = new NowStreams(async () => 'a', FAST);
    const first = new AbortController();
    const second = new AbortController();
    expect(
      streams.open(
        'u1',
        shows('team', async () => viewNumbered(1)),
        first.signal,
      ),
    ).not.toBeNull();
    expect(
      streams.open(
        'u1',
        shows('team', async () => viewNumbered(1)),
        second.signal,
      ),
    ).not.toBeNull();
    expect(
      streams.open(
        'u1',
        shows('team', async () => viewNumbered(1)),
        new AbortController().signal,
      ),
    ).toBeNull();
    // Someone else is not limited by u1's streams.
    const other = new AbortController();
    expect(
      streams.open(
        'u2',
        shows('team', async () => viewNumbered(1)),
        other.signal,
      ),
    ).not.toBeNull();
    first.abort();
    expect(streams.count('u1')).toBe(1);
    expect(
      streams.open(
        'u1',
        shows('team', async () => viewNumbered(1)),
        first.signal,
      ),
    ).not.toBeNull();
    second.abort();
    other.abort();
  });

  test('try a view that failed again on the next tick', async () => {
    let calls = 0;
    const failures: unknown[] = [];
    const streams = new NowStreams(
      async () => 'a',
      FAST,
      (error) => failures.push(error),
    );
    const stop = new AbortController();
    const stream = streams.open(
      'u1',
      shows('team', async () => {
        calls++;
        if (calls === 1) throw new Error('the database is busy');
        return viewNumbered(calls);
      }),
      stop.signal,
    );
    if (!stream) throw new Error('refused');
    const seen = { text: '' };
    await readUntil(stream.getReader(), seen, (t) => events(t).length === 1);
    expect(events(seen.text)[0]).toContain('view 2');
    expect(failures).toHaveLength(1);
    stop.abort();
  });

  test('end a stream once its user may no longer see it', async () => {
    const allowed = { now: true };
    const streams = new NowStreams(async () => 'a', { ...FAST, refreshMs: 20 });
    const stream = streams.open(
      'u1',
      async () => (allowed.now ? { key: 'team', compute: async () => viewNumbered(1) } : null),
      new AbortController().signal,
    );
    if (!stream) throw new Error('refused');
    const reader = stream.getReader();
    const seen = { text: '' };
    await readUntil(reader, seen, (t) => events(t).length === 1);
    allowed.now = false;
    // The stream ends: reading past its last view finds the end.
    await expect(readUntil(reader, seen, () => false)).rejects.toThrow(/the stream ended/);
    expect(streams.count()).toBe(0);
  });
});
