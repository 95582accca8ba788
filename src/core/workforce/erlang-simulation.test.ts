import { describe, expect, it } from 'vitest';
import { type IntervalLoad, queueOutcome } from './erlang.js';

/**
 * The queue itself, simulated: Poisson arrivals, exponential handle times and patience, one first-come
 * first-served line in front of n agents. It shares nothing with the formulas under test, so agreement
 * within sampling error checks them end to end.
 */

/** Mulberry32: a small seeded generator, so every run draws the same customers. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A binary min-heap of the times the busy agents finish. */
class FinishTimes {
  private readonly heap: number[] = [];

  get size(): number {
    return this.heap.length;
  }

  peek(): number {
    return this.heap[0] ?? Number.POSITIVE_INFINITY;
  }

  push(time: number): void {
    const heap = this.heap;
    heap.push(time);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((heap[parent] ?? 0) <= time) break;
      heap[i] = heap[parent] ?? 0;
      i = parent;
    }
    heap[i] = time;
  }

  pop(): number {
    const heap = this.heap;
    const top = heap[0] ?? Number.POSITIVE_INFINITY;
    const last = heap.pop() ?? 0;
    if (heap.length === 0) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && (heap[right] ?? 0) < (heap[left] ?? 0) ? right : left;
      if ((heap[child] ?? 0) >= last) break;
      heap[i] = heap[child] ?? 0;
      i = child;
    }
    heap[i] = last;
    return top;
  }
}

interface Simulated {
  probabilityWait: number;
  serviceLevel: number;
  asa: number;
  abandonment: number;
  occupancy: number;
}

function simulate(
  load: IntervalLoad,
  agents: number,
  targetSeconds: number,
  customers: number,
  seed: number,
) {
  const random = seededRandom(seed);
  const exponential = (mean: number) => -Math.log(1 - random()) * mean;
  const patience = load.patienceSeconds ?? Number.POSITIVE_INFINITY;
  const meanGap = load.intervalSeconds / load.arrivals;
  const warmUp = Math.floor(customers / 20);

  const busy = new FinishTimes();
  // Waiting customers in arrival order, from `head` on; an abandoner is dropped when it reaches the head.
  const arrivedAt: number[] = [];
  const givesUpAt: number[] = [];
  const counted: boolean[] = [];
  let head = 0;

  let waited = 0;
  let withinTarget = 0;
  let abandoned = 0;
  let answered = 0;
  let answeredWait = 0;
  let busyTime = 0;
  const tally = (isCounted: boolean, wait: number, served: boolean, handle: number) => {
    if (!isCounted) return;
    if (wait > 0) waited++;
    if (served) {
      answered++;
      answeredWait += wait;
      busyTime += handle;
      if (wait <= targetSeconds) withinTarget++;
    } else abandoned++;
  };

  /** An agent freed at `now` takes the next customer still waiting. */
  const serveNext = (now: number) => {
    while (head < arrivedAt.length) {
      const index = head++;
      const arrival = arrivedAt[index] ?? 0;
      const deadline = givesUpAt[index] ?? 0;
      const isCounted = counted[index] ?? false;
      if (deadline <= now) {
        tally(isCounted, deadline - arrival, false, 0);
        continue;
      }
      const handle = exponential(load.ahtSeconds);
      busy.push(now + handle);
      tally(isCounted, now - arrival, true, handle);
      return;
    }
  };

  let clock = 0;
  let firstCounted = 0;
  for (let n = 0; n < customers; n++) {
    clock += exponential(meanGap);
    while (busy.peek() <= clock) serveNext(busy.pop());
    const isCounted = n >= warmUp;
    if (n === warmUp) firstCounted = clock;
    if (busy.size < agents && head === arrivedAt.length) {
      const handle = exponential(load.ahtSeconds);
      busy.push(clock + handle);
      tally(isCounted, 0, true, handle);
    } else {
      arrivedAt.push(clock);
      givesUpAt.push(clock + exponential(patience));
      counted.push(isCounted);
    }
  }
  // Let the line empty so every counted customer is either answered or gone.
  while (head < arrivedAt.length) {
    if (busy.size === 0) {
      serveNext(Number.POSITIVE_INFINITY);
      continue;
    }
    serveNext(busy.pop());
  }
  const total = customers - warmUp;
  const simulated: Simulated = {
    probabilityWait: waited / total,
    serviceLevel: withinTarget / total,
    asa: answeredWait / answered,
    abandonment: abandoned / total,
    occupancy: busyTime / ((clock - firstCounted) * agents),
  };
  return simulated;
}

const CUSTOMERS = 200_000;

function expectAgreement(load: IntervalLoad, agents: number, seed: number) {
  const model = load.patienceSeconds === undefined ? 'erlang-c' : 'erlang-a';
  const formula = queueOutcome(model, load, agents, 20);
  const simulated = simulate(load, agents, 20, CUSTOMERS, seed);
  const report = JSON.stringify({ formula, simulated });
  // Sampling error of shares from 190 000 correlated customers is well under one point.
  expect(Math.abs(simulated.probabilityWait - formula.probabilityWait), report).toBeLessThan(0.015);
  expect(Math.abs(simulated.serviceLevel - formula.serviceLevel), report).toBeLessThan(0.015);
  expect(Math.abs(simulated.abandonment - formula.abandonment), report).toBeLessThan(0.01);
  expect(Math.abs(simulated.occupancy - formula.occupancy), report).toBeLessThan(0.015);
  const asa = formula.asa ?? Number.NaN;
  expect(Math.abs(simulated.asa - asa), report).toBeLessThan(Math.max(1, 0.1 * asa));
}

describe('formulas against a simulated queue (200 000 customers each)', () => {
  const textbook = { arrivals: 100, intervalSeconds: 1800, ahtSeconds: 180 };

  it('Erlang C, the textbook interval on 14 agents', () => {
    expectAgreement(textbook, 14, 1);
  });

  it('Erlang C, a busy line on 12 agents', () => {
    expectAgreement(textbook, 12, 2);
  });

  it('Erlang A, fewer agents than the traffic with 2-minute patience', () => {
    expectAgreement({ ...textbook, patienceSeconds: 120 }, 9, 3);
  });

  it('Erlang A, near the target with 1-minute patience', () => {
    expectAgreement({ ...textbook, patienceSeconds: 60 }, 12, 4);
  });

  it('Erlang A, a larger team of 50 Erlangs with impatient callers', () => {
    expectAgreement({ arrivals: 1000, intervalSeconds: 1800, ahtSeconds: 90, patienceSeconds: 20 }, 48, 5);
  });
});
