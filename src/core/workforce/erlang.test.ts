import { describe, expect, it } from 'vitest';
import {
  chatOutcome,
  erlangB,
  type IntervalLoad,
  type QueueOutcome,
  QueueTooLongError,
  queueOutcome,
  requiredAgents,
  requiredChatAgents,
  writtenWorkStaffing,
} from './erlang.js';

const EIGHTY_TWENTY = { kind: 'service-level', share: 0.8, seconds: 20 } as const;

/** Every number finite, so the outcome survives JSON unchanged. */
function expectJsonSafe(outcome: QueueOutcome) {
  for (const value of Object.values(outcome))
    if (typeof value === 'number') expect(Number.isFinite(value), JSON.stringify(outcome)).toBe(true);
  expect(JSON.parse(JSON.stringify(outcome))).toEqual(outcome);
}

/** log(A^k / k!) summed term by term: a second, log-space way to the Erlang formulas. */
function logPoissonTerms(traffic: number, last: number): number[] {
  const terms = [0];
  for (let k = 1; k <= last; k++) terms.push((terms[k - 1] ?? 0) + Math.log(traffic) - Math.log(k));
  return terms;
}

function logSumExp(values: number[]): number {
  const top = Math.max(...values);
  return top + Math.log(values.reduce((sum, v) => sum + Math.exp(v - top), 0));
}

/** Erlang C probability of waiting by the textbook formula, evaluated in log space. */
function erlangCLogSpace(agents: number, traffic: number): number {
  const terms = logPoissonTerms(traffic, agents);
  const queued = (terms[agents] ?? 0) + Math.log(agents / (agents - traffic));
  return Math.exp(queued - logSumExp([...terms.slice(0, agents), queued]));
}

describe('Erlang B', () => {
  // Erlang B tables (e.g. the ITU-T / Westbay tables): 1 % blocking is reached at 4.46 Erlangs on 10
  // lines and 12.03 Erlangs on 20 lines, to the tables' three significant figures.
  it('matches the published 1 % blocking table entries', () => {
    expect(erlangB(10, 4.46)).toBeCloseTo(0.01, 4);
    expect(erlangB(20, 12.03)).toBeCloseTo(0.01, 4);
  });

  it('stays in [0, 1] for hundreds of Erlangs where A^n / n! overflows', () => {
    const blocking = erlangB(900, 800);
    expect(blocking).toBeGreaterThan(0);
    expect(blocking).toBeLessThan(1);
    const terms = logPoissonTerms(800, 900);
    expect(blocking).toBeCloseTo(Math.exp((terms[900] ?? 0) - logSumExp(terms)), 12);
  });
});

describe('Erlang C against published worked examples', () => {
  // Call Centre Helper, "Erlang C Formula – Made Simple With an Easy Worked Example"
  // (https://www.callcentrehelper.com/erlang-c-formula-example-121281.htm): 100 calls in 30 minutes,
  // AHT 180 s, target 80 % in 20 s. Traffic 10 Erlangs; 11 agents give P(wait) 0.6821 and a service
  // level of 39 %; the target is first met at 14 agents: P(wait) 0.1741, service level 88.8 %, ASA 7.8 s,
  // occupancy 71.4 %.
  const textbook: IntervalLoad = { arrivals: 100, intervalSeconds: 1800, ahtSeconds: 180 };

  it('the textbook interval needs 14 agents for 80/20', () => {
    const outcome = requiredAgents('erlang-c', textbook, EIGHTY_TWENTY);
    expect(outcome.agents).toBe(14);
    expect(outcome.trafficErlangs).toBe(10);
    expect(outcome.probabilityWait).toBeCloseTo(0.1741, 4);
    expect(outcome.serviceLevel).toBeCloseTo(0.888, 3);
    expect(outcome.asa).toBeCloseTo(7.8, 1);
    expect(outcome.occupancy).toBeCloseTo(0.714, 3);
    expect(outcome.abandonment).toBe(0);
    expect(outcome.stable).toBe(true);
    // 13 agents fall just short: the smallest number, not merely enough.
    expect(queueOutcome('erlang-c', textbook, 13, 20).serviceLevel).toBeLessThan(0.8);
  });

  it('the textbook interval at 11 agents', () => {
    const outcome = queueOutcome('erlang-c', textbook, 11, 20);
    expect(outcome.probabilityWait).toBeCloseTo(0.6821, 4);
    expect(outcome.serviceLevel).toBeCloseTo(0.39, 2);
  });

  // Westbay Engineers, "The Erlang-C formula" (http://www.mitan.co.uk/erlang/elgcmath.htm): 360 calls
  // per half hour, 4-minute calls, 55 agents, 15-second answer target. Traffic 48 Erlangs, occupancy
  // 0.873, Ec(m, u) 0.2387, ASA 8.2 s, service level 84.6 %.
  it('the Westbay example: 360 calls per half hour on 55 agents', () => {
    const outcome = queueOutcome(
      'erlang-c',
      { arrivals: 360, intervalSeconds: 1800, ahtSeconds: 240 },
      55,
      15,
    );
    expect(outcome.trafficErlangs).toBe(48);
    expect(outcome.occupancy).toBeCloseTo(0.873, 3);
    expect(outcome.probabilityWait).toBeCloseTo(0.2387, 4);
    expect(outcome.asa).toBeCloseTo(8.2, 1);
    expect(outcome.serviceLevel).toBeCloseTo(0.846, 3);
  });

  it('agrees with the formula in log space at hundreds of Erlangs', () => {
    const load: IntervalLoad = { arrivals: 8000, intervalSeconds: 1800, ahtSeconds: 180 };
    for (const agents of [801, 811, 850]) {
      const outcome = queueOutcome('erlang-c', load, agents, 20);
      expect(outcome.probabilityWait).toBeCloseTo(erlangCLogSpace(agents, 800), 10);
      expectJsonSafe(outcome);
    }
  });
});

/**
 * Erlang A by brute force for a short queue: the stationary distribution from its balance equations
 * with plain factorials, and the hypoexponential CDF by its closed form (fine for a handful of phases).
 */
function erlangAReference(
  agents: number,
  load: IntervalLoad & { patienceSeconds: number },
  targetSeconds: number,
): { probabilityWait: number; abandonment: number; serviceLevel: number; meanWait: number } {
  const lambda = load.arrivals / load.intervalSeconds;
  const mu = 1 / load.ahtSeconds;
  const theta = 1 / load.patienceSeconds;
  const states: number[] = [1];
  for (let k = 1; k <= agents; k++) states.push(((states[k - 1] ?? 0) * lambda) / (k * mu));
  for (let j = 1; j <= 40; j++)
    states.push(((states[agents + j - 1] ?? 0) * lambda) / (agents * mu + j * theta));
  const total = states.reduce((a, b) => a + b, 0);
  const p = states.map((s) => s / total);
  let probabilityWait = 0;
  let queue = 0;
  let serviceLevel = p.slice(0, agents).reduce((a, b) => a + b, 0);
  for (let j = 0; j <= 40; j++) {
    const pj = p[agents + j] ?? 0;
    probabilityWait += pj;
    queue += j * pj;
    if (j > 12) continue; // the closed form loses digits with many phases; these states weigh < 1e-12
    const rates = Array.from({ length: j + 1 }, (_, i) => agents * mu + i * theta);
    const survive = rates.reduce((prod, r) => prod * (r / (r + theta)), 1);
    const exits = rates.map((r) => r + theta);
    // P(Σ Exp(ν_i) ≤ T) = 1 − Σ_i e^{−ν_i T} Π_{k≠i} ν_k / (ν_k − ν_i), all ν distinct.
    let tail = 0;
    exits.forEach((nu, i) => {
      let coefficient = 1;
      exits.forEach((other, k) => {
        if (k !== i) coefficient *= other / (other - nu);
      });
      tail += coefficient * Math.exp(-nu * targetSeconds);
    });
    serviceLevel += pj * survive * (1 - tail);
  }
  return { probabilityWait, abandonment: (theta * queue) / lambda, serviceLevel, meanWait: queue / lambda };
}

describe('Erlang A', () => {
  const shortQueue = { arrivals: 60, intervalSeconds: 3600, ahtSeconds: 120, patienceSeconds: 60 };

  it('matches the brute-force chain and the closed-form hypoexponential on a short queue', () => {
    for (const agents of [1, 2, 3, 4]) {
      const outcome = queueOutcome('erlang-a', shortQueue, agents, 20);
      const reference = erlangAReference(agents, shortQueue, 20);
      expect(outcome.probabilityWait).toBeCloseTo(reference.probabilityWait, 10);
      expect(outcome.abandonment).toBeCloseTo(reference.abandonment, 10);
      expect(outcome.serviceLevel).toBeCloseTo(reference.serviceLevel, 9);
      expect(outcome.stable).toBe(true);
    }
  });

  it("answered and abandoned waits add up to Little's law E[Lq] ÷ λ", () => {
    // E[wait] over all arrivals = ASA·(1 − abandonment) + the abandoners' part, which is positive.
    const outcome = queueOutcome('erlang-a', shortQueue, 2, 20);
    const reference = erlangAReference(2, shortQueue, 20);
    const answeredPart = (outcome.asa ?? Number.NaN) * (1 - outcome.abandonment);
    expect(answeredPart).toBeLessThan(reference.meanWait);
    // Abandonment θ·E[Lq]/λ = E[wait]/patience: every waiting second carries the same abandon rate.
    expect(outcome.abandonment).toBeCloseTo(reference.meanWait / shortQueue.patienceSeconds, 10);
  });

  it('becomes Erlang C as patience grows without bound', () => {
    const load: IntervalLoad = { arrivals: 100, intervalSeconds: 1800, ahtSeconds: 180 };
    const c = queueOutcome('erlang-c', load, 14, 20);
    const a = queueOutcome('erlang-a', { ...load, patienceSeconds: 1e8 }, 14, 20);
    expect(a.probabilityWait).toBeCloseTo(c.probabilityWait, 6);
    expect(a.serviceLevel).toBeCloseTo(c.serviceLevel, 6);
    expect(a.asa).toBeCloseTo(c.asa ?? Number.NaN, 3);
    expect(a.abandonment).toBeLessThan(1e-7);
    expect(queueOutcome('erlang-a', { ...load, patienceSeconds: Number.POSITIVE_INFINITY }, 14, 20)).toEqual(
      c,
    );
    expect(queueOutcome('erlang-a', load, 14, 20)).toEqual(c);
  });

  it('with patience near zero everyone who would wait abandons: Erlang B', () => {
    const load = { arrivals: 100, intervalSeconds: 1800, ahtSeconds: 180, patienceSeconds: 0.001 };
    const outcome = queueOutcome('erlang-a', load, 12, 20);
    expect(outcome.abandonment).toBeCloseTo(outcome.probabilityWait, 4);
    expect(outcome.abandonment).toBeCloseTo(erlangB(12, 10), 4);
    expect(outcome.serviceLevel).toBeCloseTo(1 - erlangB(12, 10), 4);
    expect(outcome.asa).toBeLessThan(0.001);
    expectJsonSafe(outcome);
  });

  it('is stable below the traffic: abandonment drains the queue', () => {
    const load = { arrivals: 100, intervalSeconds: 1800, ahtSeconds: 180, patienceSeconds: 120 };
    const outcome = queueOutcome('erlang-a', load, 8, 20);
    expect(outcome.stable).toBe(true);
    expect(outcome.abandonment).toBeGreaterThan(0.2);
    expect(outcome.abandonment).toBeLessThan(1);
    expect(outcome.occupancy).toBeLessThanOrEqual(1);
    expectJsonSafe(outcome);
  });

  it('with no agents every contact abandons and none is answered', () => {
    const outcome = queueOutcome('erlang-a', { ...shortQueue }, 0, 20);
    expect(outcome.abandonment).toBeCloseTo(1, 12);
    expect(outcome.probabilityWait).toBeCloseTo(1, 12);
    expect(outcome.serviceLevel).toBe(0);
    expect(outcome.asa).toBeNull();
    expect(outcome.occupancy).toBe(0);
    expectJsonSafe(outcome);
  });

  it('stays finite at 600 Erlangs, with short and with long patience', () => {
    const load = { arrivals: 6000, intervalSeconds: 1800, ahtSeconds: 180 };
    for (const patienceSeconds of [0.001, 30, 600, 3600])
      for (const agents of [0, 300, 590, 620]) {
        const outcome = queueOutcome('erlang-a', { ...load, patienceSeconds }, agents, 20);
        expectJsonSafe(outcome);
        expect(outcome.serviceLevel).toBeGreaterThanOrEqual(0);
        expect(outcome.serviceLevel).toBeLessThanOrEqual(1);
      }
  });
});

describe('extreme inputs', () => {
  it('zero arrivals need no agents and wait for nothing', () => {
    const load = { arrivals: 0, intervalSeconds: 1800, ahtSeconds: 180 };
    for (const model of ['erlang-c', 'erlang-a'] as const) {
      const outcome = requiredAgents(model, { ...load, patienceSeconds: 60 }, EIGHTY_TWENTY);
      expect(outcome).toEqual({
        agents: 0,
        trafficErlangs: 0,
        probabilityWait: 0,
        serviceLevel: 1,
        asa: 0,
        abandonment: 0,
        occupancy: 0,
        stable: true,
      });
      expect(queueOutcome(model, load, 3, 20).serviceLevel).toBe(1);
    }
  });

  it('Erlang C with agents at or below the traffic is unstable, with finite numbers', () => {
    const load = { arrivals: 6000, intervalSeconds: 1800, ahtSeconds: 180 };
    for (const agents of [0, 10, 600]) {
      const outcome = queueOutcome('erlang-c', load, agents, 20);
      expect(outcome).toEqual({
        agents,
        trafficErlangs: 600,
        probabilityWait: 1,
        serviceLevel: 0,
        asa: null,
        abandonment: 0,
        occupancy: 1,
        stable: false,
      });
      expectJsonSafe(outcome);
    }
  });

  it('600 Erlangs are staffed in a few agents above the traffic', () => {
    const load = { arrivals: 6000, intervalSeconds: 1800, ahtSeconds: 180 };
    const c = requiredAgents('erlang-c', load, EIGHTY_TWENTY);
    expect(c.agents).toBeGreaterThan(600);
    expect(c.agents).toBeLessThan(620);
    expect(c.serviceLevel).toBeGreaterThanOrEqual(0.8);
    expect(queueOutcome('erlang-c', load, c.agents - 1, 20).serviceLevel).toBeLessThan(0.8);
    const a = requiredAgents('erlang-a', { ...load, patienceSeconds: 120 }, EIGHTY_TWENTY);
    expect(a.agents).toBeLessThanOrEqual(c.agents);
    expect(
      queueOutcome('erlang-a', { ...load, patienceSeconds: 120 }, a.agents - 1, 20).serviceLevel,
    ).toBeLessThan(0.8);
    expectJsonSafe(c);
    expectJsonSafe(a);
  });

  it('refuses traffic or agents beyond a million before any loop', () => {
    // 8.64e11 Erlangs: the search used to start Erlang B at that many agents.
    expect(() =>
      requiredAgents('erlang-c', { arrivals: 1e7, intervalSeconds: 1, ahtSeconds: 86_400 }, EIGHTY_TWENTY),
    ).toThrow(/traffic of 864000000000 Erlangs/);
    expect(() =>
      queueOutcome('erlang-c', { arrivals: 10, intervalSeconds: 1800, ahtSeconds: 180 }, 2e9, 20),
    ).toThrow(/agents must be at most 1000000/);
  });

  it('an overloaded Erlang A line with short patience: refused or answered, never a long loop', () => {
    // 1e7 Erlangs (refused), and 10 000 Erlangs with 16 667 arrivals a second and 1 s of patience.
    const huge = { arrivals: 1e7, intervalSeconds: 1, ahtSeconds: 1, patienceSeconds: 0.19 };
    expect(() => requiredAgents('erlang-a', huge, EIGHTY_TWENTY)).toThrow(RangeError);
    const load = { arrivals: 1e6, intervalSeconds: 60, ahtSeconds: 0.6, patienceSeconds: 1 };
    for (const agents of [0, 5000, 9000])
      for (const seconds of [20, 3600]) {
        try {
          expectJsonSafe(queueOutcome('erlang-a', load, agents, seconds));
        } catch (error) {
          expect(error).toBeInstanceOf(QueueTooLongError);
        }
      }
    expect(requiredAgents('erlang-a', load, EIGHTY_TWENTY).agents).toBeGreaterThan(8000);
  });

  it('a tiny occupancy cap jumps to traffic ÷ cap instead of stepping one agent at a time', () => {
    const load = { arrivals: 100, intervalSeconds: 1800, ahtSeconds: 180 };
    expect(requiredAgents('erlang-c', load, EIGHTY_TWENTY, { maxOccupancy: 0.0001 }).agents).toBe(100_000);
    const patient = { ...load, patienceSeconds: 60 };
    const a = requiredAgents('erlang-a', patient, EIGHTY_TWENTY, { maxOccupancy: 0.001 });
    expect(a.occupancy).toBeLessThanOrEqual(0.001);
    expect(queueOutcome('erlang-a', patient, a.agents - 1, 20).occupancy).toBeGreaterThan(0.001);
    expect(() => requiredAgents('erlang-c', load, EIGHTY_TWENTY, { maxOccupancy: 1e-6 })).toThrow(
      /occupancy cap/,
    );
  });

  it('refuses impossible input, naming the field', () => {
    const load = { arrivals: 10, intervalSeconds: 1800, ahtSeconds: 180 };
    expect(() => queueOutcome('erlang-c', { ...load, arrivals: -1 }, 3, 20)).toThrow(/arrivals/);
    expect(() => queueOutcome('erlang-c', { ...load, ahtSeconds: 0 }, 3, 20)).toThrow(/ahtSeconds/);
    expect(() => queueOutcome('erlang-c', { ...load, intervalSeconds: Number.NaN }, 3, 20)).toThrow(
      /intervalSeconds/,
    );
    expect(() => queueOutcome('erlang-a', { ...load, patienceSeconds: 0 }, 3, 20)).toThrow(/patienceSeconds/);
    expect(() => queueOutcome('erlang-c', load, 2.5, 20)).toThrow(/agents/);
    expect(() => requiredAgents('erlang-c', load, { kind: 'service-level', share: 1, seconds: 20 })).toThrow(
      /share/,
    );
    expect(() => requiredAgents('erlang-c', load, { kind: 'asa', seconds: 0 })).toThrow(/ASA/);
    expect(() => requiredAgents('erlang-c', load, EIGHTY_TWENTY, { maxOccupancy: 0 })).toThrow(
      /maxOccupancy/,
    );
  });
});

describe('staffing for other targets', () => {
  const load = { arrivals: 100, intervalSeconds: 1800, ahtSeconds: 180 };

  it('an ASA target: the fewest agents with ASA at most the target', () => {
    const outcome = requiredAgents('erlang-c', load, { kind: 'asa', seconds: 10 });
    expect(outcome.agents).toBe(14); // 13 agents wait 17.1 s on average, 14 agents 7.8 s
    expect(queueOutcome('erlang-c', load, 13, 20).asa).toBeGreaterThan(10);
  });

  it('reports the service level at the seconds asked for when the target is not a service level', () => {
    const at30 = requiredAgents('erlang-c', load, { kind: 'asa', seconds: 10 }, { serviceLevelSeconds: 30 });
    expect(at30.serviceLevel).toBeCloseTo(queueOutcome('erlang-c', load, 14, 30).serviceLevel, 12);
  });

  it('an abandonment target under Erlang A', () => {
    const patient = { ...load, patienceSeconds: 90 };
    const outcome = requiredAgents('erlang-a', patient, { kind: 'abandonment', share: 0.05 });
    expect(outcome.abandonment).toBeLessThanOrEqual(0.05);
    expect(queueOutcome('erlang-a', patient, outcome.agents - 1, 20).abandonment).toBeGreaterThan(0.05);
    // Under Erlang C nobody abandons: only stability is asked.
    expect(requiredAgents('erlang-c', load, { kind: 'abandonment', share: 0.05 }).agents).toBe(11);
  });

  it('an occupancy cap adds agents beyond the target', () => {
    const capped = requiredAgents('erlang-c', load, EIGHTY_TWENTY, { maxOccupancy: 0.65 });
    expect(capped.agents).toBe(16); // 10 Erlangs on 15 agents is 66.7 % busy
    expect(capped.occupancy).toBeLessThanOrEqual(0.65);
  });
});

describe('chat with concurrency', () => {
  // 300 chats in 30 minutes at 360 s per chat (handled two at a time) is 60 Erlangs of slot traffic.
  const chats = { arrivals: 300, intervalSeconds: 1800, ahtSeconds: 360 };

  it('needs the slots of the queue model, rounded up to whole agents', () => {
    const slotsNeeded = requiredAgents('erlang-c', chats, EIGHTY_TWENTY).agents;
    const outcome = requiredChatAgents('erlang-c', chats, 2, EIGHTY_TWENTY);
    expect(outcome.agents).toBe(Math.ceil(slotsNeeded / 2));
    expect(outcome.slots).toBe(outcome.agents * 2);
    expect(outcome.serviceLevel).toBeCloseTo(
      queueOutcome('erlang-c', chats, outcome.slots, 20).serviceLevel,
      12,
    );
    expect(outcome.serviceLevel).toBeGreaterThanOrEqual(0.8);
    expect(requiredChatAgents('erlang-c', chats, 1, EIGHTY_TWENTY).agents).toBe(slotsNeeded);
  });

  it('what a number of chat agents delivers', () => {
    const outcome = chatOutcome('erlang-c', chats, 35, 2, 20);
    expect(outcome.slots).toBe(70);
    expect(outcome.agents).toBe(35);
    expect(outcome.occupancy).toBeCloseTo(60 / 70, 12);
    expect(() => chatOutcome('erlang-c', chats, 35, 0, 20)).toThrow(/concurrency/);
  });
});

describe('written work', () => {
  it('spreads each interval over the response target, hand-worked', () => {
    // 30-minute intervals, a 1-hour response target: each interval's work is spread over 2 intervals.
    // Work: 60 × 300 s = 18 000 s, then 0, then 30 × 300 s = 9000 s. Capacity 1800 s × 0.8 = 1440 s.
    // Planned: 9000, 9000, 4500 → agents ⌈6.25⌉ = 7, ⌈6.25⌉ = 7, ⌈3.125⌉ = 4.
    // Backlog: 18 000 − 9000 = 9000, 0, 9000 − 4500 = 4500 (planned past the end of the list).
    const plan = writtenWorkStaffing({
      arrivals: [60, 0, 30],
      intervalSeconds: 1800,
      ahtSeconds: 300,
      responseTargetSeconds: 3600,
      maxOccupancy: 0.8,
    });
    expect(plan).toEqual({ agents: [7, 7, 4], backlogSeconds: [9000, 0, 4500] });
  });

  it('a response target shorter than the interval clears each interval within itself', () => {
    const plan = writtenWorkStaffing({
      arrivals: [12, 24, 0],
      intervalSeconds: 3600,
      ahtSeconds: 600,
      responseTargetSeconds: 900,
      maxOccupancy: 1,
    });
    expect(plan).toEqual({ agents: [2, 4, 0], backlogSeconds: [0, 0, 0] });
  });

  it('refuses a negative count, naming its interval', () => {
    expect(() =>
      writtenWorkStaffing({
        arrivals: [3, -1],
        intervalSeconds: 1800,
        ahtSeconds: 300,
        responseTargetSeconds: 3600,
        maxOccupancy: 0.8,
      }),
    ).toThrow(/arrivals\[1\]/);
  });
});

describe('very long patience', () => {
  it('staffs a heavy line whose understaffed states outgrow the chain', () => {
    // Callers who wait for days: far below the traffic the line would need millions of states.
    const load = { arrivals: 8000, intervalSeconds: 1800, ahtSeconds: 180, patienceSeconds: 1e6 };
    const outcome = requiredAgents('erlang-a', load, EIGHTY_TWENTY);
    const erlangC = requiredAgents('erlang-c', load, EIGHTY_TWENTY);
    expect(outcome.agents).toBe(erlangC.agents);
    expect(() => queueOutcome('erlang-a', load, 100, 20)).toThrow(/states/);
  });
});
