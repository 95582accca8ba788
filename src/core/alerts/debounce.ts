/**
 * When a rule's condition becomes an event: it must hold for `debounceMinutes` before the rule
 * fires, and be clear as long before it recovers, so that one noisy evaluation neither raises an
 * alert nor ends one. While firing nothing new is raised; each firing ends in exactly one recovery.
 */
import type { AlertCheck } from '../../services/alerts/contract.js';

export interface DebounceState {
  firing: boolean;
  /** When the rule last fired (while firing); null otherwise. */
  since: string | null;
  /**
   * Not firing: since when the condition has held. Firing: since when it has been clear.
   * Null: no change under way.
   */
  pendingSince: string | null;
}

export const QUIET: DebounceState = { firing: false, since: null, pendingSince: null };

export interface DebounceStep {
  state: DebounceState;
  event: 'fired' | 'recovered' | null;
}

const elapsedMinutes = (from: string, at: Date) => (at.getTime() - Date.parse(from)) / 60_000;

/**
 * The state after one evaluation. A check without a verdict (`holds: null`) stops a firing under
 * way, and neither advances nor stops a recovery: only a clear check (false) counts towards one.
 */
export function nextState(
  state: DebounceState,
  check: Pick<AlertCheck, 'holds'>,
  at: Date,
  debounceMinutes: number,
): DebounceStep {
  const now = at.toISOString();
  if (!state.firing) {
    if (check.holds !== true) return { state: { ...state, pendingSince: null }, event: null };
    const pendingSince = state.pendingSince ?? now;
    if (elapsedMinutes(pendingSince, at) >= debounceMinutes)
      return { state: { firing: true, since: now, pendingSince: null }, event: 'fired' };
    return { state: { ...state, pendingSince }, event: null };
  }
  if (check.holds === true) return { state: { ...state, pendingSince: null }, event: null };
  if (check.holds === null) return { state, event: null };
  const pendingSince = state.pendingSince ?? now;
  if (elapsedMinutes(pendingSince, at) >= debounceMinutes) return { state: { ...QUIET }, event: 'recovered' };
  return { state: { ...state, pendingSince }, event: null };
}
