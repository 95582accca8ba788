/**
 * Queueing models behind staffing: how many agents an interval needs for a target, and what a given
 * number of agents delivers. Pure functions, no IO.
 *
 * Inputs of one interval: λ = arrivals ÷ intervalSeconds (contacts per second), μ = 1 ÷ ahtSeconds,
 * offered traffic A = λ ÷ μ in Erlangs, n agents (servers), θ = 1 ÷ patienceSeconds.
 *
 * Erlang C (M/M/n, nobody abandons). Never A^n/n! directly: the Erlang B recursion
 * B(0) = 1, B(k) = A·B(k−1) ÷ (k + A·B(k−1)) stays in [0, 1] for any traffic, and
 *   P(wait) = C = n·B ÷ (n − A·(1 − B))            (n > A)
 *   SL(T)   = 1 − C·exp(−(n − A)·T ÷ aht)
 *   ASA     = C·aht ÷ (n − A)
 *   occupancy = A ÷ n.
 * With n ≤ A the queue grows without bound: stable false, P(wait) 1, SL 0, ASA null, occupancy 1.
 *
 * Erlang A (M/M/n+M, exponential patience). The birth–death chain on the number in the system:
 * states 0..n have birth λ and death kμ, states n+j (j waiting) death nμ + jθ. Its stationary
 * distribution by ratios, relative to p(n) = 1: states 0..n sum to 1 ÷ B(n, A) (the same recursion),
 * and p(n+j) = p(n+j−1)·λ ÷ (nμ + jθ), truncated once a term falls below 1e-15 of the running total
 * (rescaled when the terms grow large, so long patience under overload does not overflow). By PASTA an
 * arrival sees the stationary distribution:
 *   P(wait)     = Σ_j p(n+j)
 *   abandonment = θ·E[Lq] ÷ λ, E[Lq] = Σ_j j·p(n+j).
 * An arrival finding j waiting ahead passes phases i = j..0, each ending at rate r_i = nμ + iθ (a
 * service at the head or an abandonment ahead); its own patience competes at rate θ, independent of
 * the others, so with S the time through all phases:
 *   P(answered | j)          = Π r_i ÷ (r_i + θ) = nμ ÷ (nμ + (j+1)θ)         (the product telescopes)
 *   P(answered ≤ T | j)      = Π r_i ÷ (r_i + θ) · P(Hypo(r_i + θ) ≤ T) = E[e^{−θS}; S ≤ T]
 *   E[wait; answered | j]    = P(answered | j) · Σ_i 1 ÷ (r_i + θ)
 * SL(T) = P(no wait) + Σ_j p(n+j)·P(answered ≤ T | j): answered within T as a share of all arrivals, so
 * a contact that abandons counts against the service level. ASA is the mean wait of the answered
 * contacts (those answered at once count with 0): Σ_j p(n+j)·E[wait; answered | j] ÷ (1 − abandonment);
 * with all waits, Little's law E[wait] = E[Lq] ÷ λ holds for it (the tests check it). The hypoexponential
 * probabilities come from uniformization of the absorbing chain "waiting with i ahead", which sums only
 * positive terms (the closed form alternates in sign and loses every digit with many phases).
 * Occupancy = A·(1 − abandonment) ÷ n. Erlang A is always stable: abandonment drains the queue.
 *
 * Conventions: zero arrivals need 0 agents and give SL 1, ASA 0, P(wait) 0, occupancy 0. ASA is null
 * where it has no finite value: Erlang C with n ≤ A, or no contact answered at all (0 agents). Every
 * number is finite, so the outcome is safe as JSON. Impossible inputs (negative counts, a share outside
 * its range) throw a RangeError naming the field.
 *
 * Limits, so no input runs for long: traffic or agents above MAX_AGENTS (a million) throw a RangeError
 * before any loop; an Erlang A line needing more than 50 000 states, or a service level needing more
 * than 5 000 000 state-steps of the uniformization, throws a QueueTooLongError (a RangeError). The
 * staffing search takes either as "this count misses the target" and adds agents.
 */

export type QueueModel = 'erlang-c' | 'erlang-a';

export const QUEUE_MODELS: readonly QueueModel[] = ['erlang-c', 'erlang-a'];

export interface IntervalLoad {
  /** Contacts arriving in the interval. */
  arrivals: number;
  intervalSeconds: number;
  /** Mean handle time (talk + hold + after-contact work) in seconds. */
  ahtSeconds: number;
  /** Mean patience of a waiting customer, seconds (Erlang A). Infinity or undefined = nobody abandons. */
  patienceSeconds?: number;
}

export interface QueueOutcome {
  /** Servers (for chat: the agents, with `slots` the servers). */
  agents: number;
  /** arrivals × aht ÷ interval. */
  trafficErlangs: number;
  /** Share of arrivals that wait at all. */
  probabilityWait: number;
  /** Share of arrivals answered within the target seconds. */
  serviceLevel: number;
  /** Mean wait of answered contacts, seconds; null = no finite value (unstable Erlang C, nobody answered). */
  asa: number | null;
  /** Share of arrivals that abandon (0 for Erlang C). */
  abandonment: number;
  /** Busy servers ÷ servers, 0..1. */
  occupancy: number;
  /** False: Erlang C with traffic ≥ agents (the queue grows without bound). */
  stable: boolean;
}

export type StaffingTarget =
  | { kind: 'service-level'; share: number; seconds: number }
  | { kind: 'asa'; seconds: number }
  | { kind: 'abandonment'; share: number };

export interface StaffingOptions {
  /** Busy share of the agents' time at most this, in (0, 1]; default 1 (no cap). */
  maxOccupancy?: number;
  /** The answer time the outcome's service level is reported at when the target is not a service level; default 20 s. */
  serviceLevelSeconds?: number;
}

/** The answer time the service level is reported at when no service-level target names one. */
export const DEFAULT_SERVICE_LEVEL_SECONDS = 20;

/**
 * Past this many agents a target is taken as unreachable rather than searched for ever; traffic or
 * agents beyond it are refused before any loop (Erlang B alone costs one step per agent).
 */
export const MAX_AGENTS = 1_000_000;
/** States of the Erlang A chain past which the load and patience are out of this model's reach. */
const MAX_QUEUE_STATES = 50_000;
/**
 * Work (states × uniformized steps) of the Erlang A service level past which the answer time is out
 * of this model's reach: it grows with the queue and with the target seconds. Bounds one outcome to
 * a few tens of milliseconds.
 */
const MAX_WITHIN_WORK = 5_000_000;
/** The Erlang A line would need more states than this model computes: waits beyond any target. */
export class QueueTooLongError extends RangeError {}

/** A term below this share of the running total no longer changes a result. */
const NEGLIGIBLE = 1e-15;

// ---------------------------------------------------------------------------------------------------------
// Input checks
// ---------------------------------------------------------------------------------------------------------

function checkNonNegative(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0)
    throw new RangeError(`${name} must be a finite number >= 0, got ${value}`);
}

function checkPositive(name: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0)
    throw new RangeError(`${name} must be a finite number > 0, got ${value}`);
}

function checkWholeNumber(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0)
    throw new RangeError(`${name} must be a whole number >= 0, got ${value}`);
}

function checkShare(name: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0 || value >= 1)
    throw new RangeError(`${name} must be a share between 0 and 1 (exclusive), got ${value}`);
}

function checkLoad(load: IntervalLoad): void {
  checkNonNegative('arrivals', load.arrivals);
  checkPositive('intervalSeconds', load.intervalSeconds);
  checkPositive('ahtSeconds', load.ahtSeconds);
  const patience = load.patienceSeconds;
  if (patience !== undefined && patience !== Number.POSITIVE_INFINITY)
    checkPositive('patienceSeconds', patience);
}

function checkTarget(target: StaffingTarget): void {
  switch (target.kind) {
    case 'service-level':
      checkShare('target share', target.share);
      checkNonNegative('target seconds', target.seconds);
      return;
    case 'asa':
      checkPositive('target ASA seconds', target.seconds);
      return;
    case 'abandonment':
      checkShare('target abandonment share', target.share);
      return;
    default: {
      const unreachable: never = target;
      throw new RangeError(`unknown staffing target ${JSON.stringify(unreachable)}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Erlang B and C
// ---------------------------------------------------------------------------------------------------------

/** Erlang B blocking probability B(n, A) by the stable recursion; in [0, 1] for any traffic. */
export function erlangB(agents: number, trafficErlangs: number): number {
  let blocking = 1;
  for (let k = 1; k <= agents; k++) blocking = (trafficErlangs * blocking) / (k + trafficErlangs * blocking);
  return blocking;
}

const idleOutcome = (agents: number, trafficErlangs: number): QueueOutcome => ({
  agents,
  trafficErlangs,
  probabilityWait: 0,
  serviceLevel: 1,
  asa: 0,
  abandonment: 0,
  occupancy: 0,
  stable: true,
});

function erlangC(agents: number, traffic: number, ahtSeconds: number, targetSeconds: number): QueueOutcome {
  if (agents <= traffic)
    return {
      agents,
      trafficErlangs: traffic,
      probabilityWait: 1,
      serviceLevel: 0,
      asa: null,
      abandonment: 0,
      occupancy: 1,
      stable: false,
    };
  const blocking = erlangB(agents, traffic);
  const probabilityWait = (agents * blocking) / (agents - traffic * (1 - blocking));
  const spare = agents - traffic;
  return {
    agents,
    trafficErlangs: traffic,
    probabilityWait,
    serviceLevel: 1 - probabilityWait * Math.exp((-spare * targetSeconds) / ahtSeconds),
    asa: (probabilityWait * ahtSeconds) / spare,
    abandonment: 0,
    occupancy: traffic / agents,
    stable: true,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Erlang A
// ---------------------------------------------------------------------------------------------------------

interface ErlangAChain {
  /** Probability mass of the states with a free agent (0..n−1). */
  noWait: number;
  /** p(n+j) for j = 0..J: an arrival finds every agent busy and j waiting. */
  waiting: number[];
}

const queueTooLong = () =>
  new QueueTooLongError(
    `the Erlang A queue needs more than ${MAX_QUEUE_STATES} states at this load and patience; use more agents, a shorter patience or Erlang C`,
  );

/** The stationary distribution of M/M/n+M, normalised, with the queue truncated where it stops mattering. */
function erlangAChain(
  agents: number,
  arrivalRate: number,
  serviceRate: number,
  abandonRate: number,
): ErlangAChain {
  const traffic = arrivalRate / serviceRate;
  // Relative to p(n) = 1, the states 0..n sum to 1 / B(n, A); a tiny B would overflow, so start the
  // scale at B instead: p(n) = B, states 0..n sum to 1.
  const first = erlangB(agents, traffic);
  let lower = 1 - first;
  const waiting: number[] = [first];
  let total = lower + first;
  const drain = agents * serviceRate;
  // The terms grow while λ exceeds the drain rate nμ + jθ, then shrink for good.
  const peak = Math.max(0, (arrivalRate - drain) / abandonRate);
  if (peak > MAX_QUEUE_STATES) throw queueTooLong();
  let term = first;
  for (let j = 1; ; j++) {
    term = (term * arrivalRate) / (drain + j * abandonRate);
    if (j > peak && term < NEGLIGIBLE * total) break;
    waiting.push(term);
    total += term;
    if (total > 1e250) {
      // Overload with long patience: the queue's terms outgrow doubles unless rescaled as they go.
      const scale = 1e-250;
      for (let i = 0; i < waiting.length; i++) waiting[i] = (waiting[i] ?? 0) * scale;
      lower *= scale;
      term *= scale;
      total *= scale;
    }
    if (waiting.length > MAX_QUEUE_STATES) throw queueTooLong();
  }
  return { noWait: lower / total, waiting: waiting.map((p) => p / total) };
}

/**
 * P(answered within T | j ahead) for j = 0..J−1, by uniformization of the absorbing chain "waiting
 * with i ahead": from i it moves to i−1 (to answered from 0) at r_i = nμ + iθ and abandons at θ. With
 * Λ ≥ every exit rate, u_k(i) = P(answered within k uniformized steps) and the answer is
 * Σ_k Poisson(ΛT; k)·u_k(i): positive terms only. u_k(i) = 0 for i ≥ k, and once u_k stops changing the
 * remaining Poisson mass multiplies its limit, so a huge ΛT (near-zero patience) costs no more than the
 * steps the chain needs to settle.
 */
function answeredWithin(states: number, drain: number, abandonRate: number, targetSeconds: number): number[] {
  const within = new Array<number>(states).fill(0);
  // No agent (drain 0): nobody is answered.
  if (targetSeconds <= 0 || states === 0 || drain === 0) return within;
  const uniform = drain + states * abandonRate;
  const mean = uniform * targetSeconds;
  const logMean = Math.log(mean);
  const reached = new Array<number>(states).fill(0);
  let logWeight = -mean;
  let cumulative = 0;
  let work = 0;
  for (let k = 1; ; k++) {
    // One uniformized step, from the far end down so reached[i − 1] is still the previous step's.
    const active = Math.min(states, k);
    work += active;
    if (work > MAX_WITHIN_WORK)
      throw new QueueTooLongError(
        `the Erlang A service level needs more than ${MAX_WITHIN_WORK} steps at this load, patience and target seconds; use more agents, fewer target seconds or Erlang C`,
      );
    let change = 0;
    for (let i = active - 1; i >= 0; i--) {
      const advance = (drain + i * abandonRate) / uniform;
      const stay = 1 - (drain + (i + 1) * abandonRate) / uniform;
      const before = reached[i] ?? 0;
      const next = advance * (i === 0 ? 1 : (reached[i - 1] ?? 0)) + stay * before;
      reached[i] = next;
      change = Math.max(change, Math.abs(next - before));
    }
    // Poisson(ΛT; 0) multiplies u_0 = 0, so the first weight that counts is k = 1.
    logWeight += logMean - Math.log(k);
    const weight = Math.exp(logWeight);
    cumulative += weight;
    for (let i = 0; i < active; i++) within[i] = (within[i] ?? 0) + weight * (reached[i] ?? 0);
    // Past the mode the Poisson weights fall faster than geometrically: the tail is below the last one.
    const poissonDone = k > mean && weight < NEGLIGIBLE * cumulative;
    const settled = active === states && change < NEGLIGIBLE;
    if (poissonDone) break;
    if (settled) {
      const rest = Math.max(0, 1 - cumulative - Math.exp(-mean));
      for (let i = 0; i < states; i++) within[i] = (within[i] ?? 0) + rest * (reached[i] ?? 0);
      break;
    }
  }
  return within;
}

function erlangA(
  agents: number,
  load: IntervalLoad,
  patienceSeconds: number,
  targetSeconds: number,
): QueueOutcome {
  const arrivalRate = load.arrivals / load.intervalSeconds;
  const serviceRate = 1 / load.ahtSeconds;
  const abandonRate = 1 / patienceSeconds;
  const traffic = (load.arrivals * load.ahtSeconds) / load.intervalSeconds;
  const chain = erlangAChain(agents, arrivalRate, serviceRate, abandonRate);
  const drain = agents * serviceRate;

  let probabilityWait = 0;
  let queueLength = 0;
  let answeredWaitTotal = 0;
  let phaseTime = 0;
  for (let j = 0; j < chain.waiting.length; j++) {
    const p = chain.waiting[j] ?? 0;
    probabilityWait += p;
    queueLength += j * p;
    phaseTime += 1 / (drain + (j + 1) * abandonRate);
    answeredWaitTotal += p * (drain / (drain + (j + 1) * abandonRate)) * phaseTime;
  }
  const abandonment = Math.min(1, (abandonRate * queueLength) / arrivalRate);
  const answered = 1 - abandonment;
  const within = answeredWithin(chain.waiting.length, drain, abandonRate, targetSeconds);
  let serviceLevel = chain.noWait;
  for (let j = 0; j < chain.waiting.length; j++) serviceLevel += (chain.waiting[j] ?? 0) * (within[j] ?? 0);

  return {
    agents,
    trafficErlangs: traffic,
    probabilityWait: Math.min(1, probabilityWait),
    serviceLevel: Math.min(1, Math.max(0, serviceLevel)),
    asa: agents === 0 || answered <= 0 ? null : answeredWaitTotal / answered,
    abandonment,
    occupancy: agents === 0 ? 0 : Math.min(1, (traffic * answered) / agents),
    stable: true,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------------------

const hasPatience = (load: IntervalLoad): load is IntervalLoad & { patienceSeconds: number } =>
  load.patienceSeconds !== undefined && Number.isFinite(load.patienceSeconds);

/** What `agents` agents deliver in one interval under the model, with the service level at `targetSeconds`. */
export function queueOutcome(
  model: QueueModel,
  load: IntervalLoad,
  agents: number,
  targetSeconds: number,
): QueueOutcome {
  checkLoad(load);
  checkWholeNumber('agents', agents);
  if (agents > MAX_AGENTS) throw new RangeError(`agents must be at most ${MAX_AGENTS}, got ${agents}`);
  checkNonNegative('targetSeconds', targetSeconds);
  const traffic = (load.arrivals * load.ahtSeconds) / load.intervalSeconds;
  if (load.arrivals === 0) return idleOutcome(agents, 0);
  // Erlang A with nobody abandoning is Erlang C.
  if (model === 'erlang-a' && hasPatience(load))
    return erlangA(agents, load, load.patienceSeconds, targetSeconds);
  return erlangC(agents, traffic, load.ahtSeconds, targetSeconds);
}

function meets(outcome: QueueOutcome, target: StaffingTarget, maxOccupancy: number): boolean {
  if (!outcome.stable || outcome.occupancy > maxOccupancy) return false;
  switch (target.kind) {
    case 'service-level':
      return outcome.serviceLevel >= target.share;
    case 'asa':
      return outcome.asa !== null && outcome.asa <= target.seconds;
    case 'abandonment':
      return outcome.abandonment <= target.share;
    default: {
      const unreachable: never = target;
      throw new RangeError(`unknown staffing target ${JSON.stringify(unreachable)}`);
    }
  }
}

/**
 * The smallest number of agents that meets the target with occupancy at most the cap. Every measure
 * improves as agents are added (service level up; ASA, abandonment down), so the search doubles until
 * the target is met and then halves back. Occupancy is not monotone under Erlang A at low staffing, so
 * the cap is met by stepping up from there. Under Erlang C nobody abandons: an abandonment target asks
 * only for a stable queue.
 */
export function requiredAgents(
  model: QueueModel,
  load: IntervalLoad,
  target: StaffingTarget,
  options: StaffingOptions = {},
): QueueOutcome {
  checkLoad(load);
  checkTarget(target);
  const maxOccupancy = options.maxOccupancy ?? 1;
  if (!Number.isFinite(maxOccupancy) || maxOccupancy <= 0 || maxOccupancy > 1)
    throw new RangeError(`maxOccupancy must be a share in (0, 1], got ${maxOccupancy}`);
  const reportSeconds =
    target.kind === 'service-level'
      ? target.seconds
      : (options.serviceLevelSeconds ?? DEFAULT_SERVICE_LEVEL_SECONDS);
  checkNonNegative('serviceLevelSeconds', reportSeconds);
  if (load.arrivals === 0) return idleOutcome(0, 0);

  const at = (agents: number) => queueOutcome(model, load, agents, reportSeconds);
  const ok = (outcome: QueueOutcome) => meets(outcome, target, 1);
  // Far below the traffic with very long patience the line outgrows the model; such a staffing
  // misses every target, so the search moves on.
  const meetsAt = (agents: number): QueueOutcome | null => {
    try {
      const outcome = at(agents);
      return ok(outcome) ? outcome : null;
    } catch (error) {
      if (error instanceof QueueTooLongError) return null;
      throw error;
    }
  };
  const traffic = (load.arrivals * load.ahtSeconds) / load.intervalSeconds;
  // Checked before any loop: the search starts above the traffic, and Erlang B costs a step per agent.
  if (traffic > MAX_AGENTS)
    throw new RangeError(
      `the traffic of ${traffic} Erlangs needs more than ${MAX_AGENTS} agents (trafficErlangs = arrivals × ahtSeconds ÷ intervalSeconds)`,
    );
  // Erlang C needs more agents than traffic; Erlang A may need fewer, so it searches from 0.
  let low = model === 'erlang-c' || !hasPatience(load) ? Math.floor(traffic) : -1;
  let high = Math.max(1, Math.ceil(traffic) + 1);
  let best = meetsAt(high);
  while (best === null) {
    low = high;
    high *= 2;
    if (high > MAX_AGENTS) throw new RangeError(`the target needs more than ${MAX_AGENTS} agents`);
    best = meetsAt(high);
  }
  // low fails (or is below any sensible count), high meets the target.
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    const outcome = meetsAt(middle);
    if (outcome) {
      high = middle;
      best = outcome;
    } else low = middle;
  }
  // The cap: occupancy = traffic × (1 − abandonment) ÷ n, and abandonment only falls as agents are
  // added, so no count below traffic × (1 − abandonment here) ÷ cap meets it: jump there (under Erlang C
  // straight to ⌈traffic ÷ cap⌉), not one agent at a time.
  while (best.occupancy > maxOccupancy) {
    const next = Math.max(best.agents + 1, Math.ceil((traffic * (1 - best.abandonment)) / maxOccupancy));
    if (next > MAX_AGENTS)
      throw new RangeError(`the occupancy cap ${maxOccupancy} needs more than ${MAX_AGENTS} agents`);
    best = at(next);
  }
  return best;
}

/**
 * Chat: an agent handles up to `concurrency` chats at once. Modelled as `concurrency` slots per agent,
 * each slot a server working one chat at the per-chat handle time (measured while chats run side by
 * side, so it is longer than a chat handled alone). The slots needed come from the queue model; the
 * agents are those slots rounded up to whole agents, and the outcome is the one at all their slots.
 */
export function requiredChatAgents(
  model: QueueModel,
  load: IntervalLoad,
  concurrency: number,
  target: StaffingTarget,
  options: StaffingOptions = {},
): QueueOutcome & { slots: number } {
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new RangeError(`concurrency must be a whole number >= 1, got ${concurrency}`);
  const needed = requiredAgents(model, load, target, options);
  const agents = Math.ceil(needed.agents / concurrency);
  const slots = agents * concurrency;
  const reportSeconds =
    target.kind === 'service-level'
      ? target.seconds
      : (options.serviceLevelSeconds ?? DEFAULT_SERVICE_LEVEL_SECONDS);
  const outcome = slots === needed.agents ? needed : queueOutcome(model, load, slots, reportSeconds);
  return { ...outcome, agents, slots };
}

/** What a number of chat agents delivers: their slots as servers. */
export function chatOutcome(
  model: QueueModel,
  load: IntervalLoad,
  agents: number,
  concurrency: number,
  targetSeconds: number,
): QueueOutcome & { slots: number } {
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new RangeError(`concurrency must be a whole number >= 1, got ${concurrency}`);
  checkWholeNumber('agents', agents);
  const slots = agents * concurrency;
  return { ...queueOutcome(model, load, slots, targetSeconds), agents, slots };
}

export interface WrittenWorkInput {
  /** Items arriving in each interval, in order. */
  arrivals: number[];
  intervalSeconds: number;
  /** Mean handling time of one item, seconds. */
  ahtSeconds: number;
  /** Every item must be handled within this many seconds of arriving. */
  responseTargetSeconds: number;
  /** Busy share of an agent's interval at most this, in (0, 1]. */
  maxOccupancy: number;
}

/**
 * E-mail and social: nobody waits on the line, but every item must be handled within the response
 * target. With w = max(1, ⌊response target ÷ interval⌋), each interval's work (items × AHT) is spread
 * evenly over its own and the next w − 1 intervals. Handled first in, first out at that pace, an item
 * arriving a share f into interval s is done at (s + f·w)·interval, no later than its arrival plus
 * w·interval ≤ the response target (and never before it arrives).
 * Agents per interval = ⌈work planned there ÷ (interval × occupancy cap)⌉. Backlog is the work arrived
 * and not yet planned done at each interval's end, in seconds of work; work of the last w − 1 intervals
 * planned past the end of the list stays in the final backlog.
 */
export function writtenWorkStaffing(input: WrittenWorkInput): { agents: number[]; backlogSeconds: number[] } {
  checkPositive('intervalSeconds', input.intervalSeconds);
  checkPositive('ahtSeconds', input.ahtSeconds);
  checkPositive('responseTargetSeconds', input.responseTargetSeconds);
  if (!Number.isFinite(input.maxOccupancy) || input.maxOccupancy <= 0 || input.maxOccupancy > 1)
    throw new RangeError(`maxOccupancy must be a share in (0, 1], got ${input.maxOccupancy}`);
  input.arrivals.forEach((count, index) => {
    checkNonNegative(`arrivals[${index}]`, count);
  });

  const spread = Math.max(1, Math.floor(input.responseTargetSeconds / input.intervalSeconds));
  const capacity = input.intervalSeconds * input.maxOccupancy;
  const work = input.arrivals.map((count) => count * input.ahtSeconds);
  const agents: number[] = [];
  const backlogSeconds: number[] = [];
  let arrived = 0;
  let done = 0;
  for (let t = 0; t < work.length; t++) {
    let planned = 0;
    for (let s = Math.max(0, t - spread + 1); s <= t; s++) planned += (work[s] ?? 0) / spread;
    arrived += work[t] ?? 0;
    done += planned;
    // A hair of rounding must not turn exactly 2 agents of work into 3.
    agents.push(Math.max(0, Math.ceil(planned / capacity - 1e-9)));
    backlogSeconds.push(Math.max(0, arrived - done));
  }
  return { agents, backlogSeconds };
}
