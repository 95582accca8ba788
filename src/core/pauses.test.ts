import { describe, expect, it } from 'vitest';
import { pauses } from './pauses.js';

const busy = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

describe('pauses in long work', () => {
  it('let what waits run once the work has held the thread long enough, and not before', async () => {
    const pause = pauses(20);
    let ran = 0;
    setImmediate(() => ran++);
    await pause();
    expect(ran).toBe(0);
    busy(25);
    await pause();
    expect(ran).toBe(1);
    // The clock starts again at each pause.
    setImmediate(() => ran++);
    await pause();
    expect(ran).toBe(1);
  });
});
