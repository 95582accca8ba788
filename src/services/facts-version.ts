import type { Engine } from '../core/engine.js';

/**
 * When the facts were last rebuilt (`facts_state.rebuilt_at` as text), null before the first
 * rebuild: what the kept KPI answers, the rebuild's summary and the ClickHouse copies are keyed by.
 */
export async function factsVersion(engine: Engine): Promise<string | null> {
  const rows = await engine.all('SELECT CAST(rebuilt_at AS VARCHAR) AS at FROM facts_state');
  return rows[0]?.at == null ? null : String(rows[0].at);
}
