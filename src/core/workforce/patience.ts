/**
 * How long callers wait before giving up, from the team's own waits. Pure function, no IO.
 *
 * Patience is taken as exponential with mean 1 ÷ θ. A contact that abandoned after waiting w shows its
 * patience was w; a contact answered after waiting w only shows its patience was longer than w (a
 * censored observation). The likelihood is Π_abandoned θ·e^{−θw} · Π_answered e^{−θw}, whose maximum is at
 *   θ̂ = (number abandoned) ÷ (sum of all waits, abandoned and answered),
 * so the mean patience is (sum of all waits) ÷ (number abandoned): the estimator Mandelbaum and Zeltyn
 * use for Erlang A ("Estimating characteristics of queueing networks using transactional data", Queueing
 * Systems 29, 1998; "The impact of customers' patience on delay and abandonment", 2004). Contacts
 * answered at once add no waiting time and so change nothing. With nobody abandoning there is no
 * estimate (θ̂ = 0, infinite patience): the queue is Erlang C.
 */

export interface PatienceEstimate {
  /** Mean patience in seconds; null when nobody abandoned (model the queue with Erlang C). */
  meanSeconds: number | null;
  /** Contacts that abandoned while waiting. */
  abandoned: number;
  /** Total waiting time observed, abandoned and answered, in seconds. */
  observedSeconds: number;
}

function sumWaits(name: string, waits: readonly number[]): number {
  let total = 0;
  waits.forEach((wait, index) => {
    if (!Number.isFinite(wait) || wait < 0)
      throw new RangeError(`${name}[${index}] must be a wait in seconds >= 0, got ${wait}`);
    total += wait;
  });
  return total;
}

/** The maximum-likelihood mean patience, answered waits counted as censored observations. */
export function estimatePatience(input: {
  abandonedWaits: readonly number[];
  answeredWaits: readonly number[];
}): PatienceEstimate {
  const observedSeconds =
    sumWaits('abandonedWaits', input.abandonedWaits) + sumWaits('answeredWaits', input.answeredWaits);
  const abandoned = input.abandonedWaits.length;
  return { meanSeconds: abandoned === 0 ? null : observedSeconds / abandoned, abandoned, observedSeconds };
}
