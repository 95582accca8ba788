import type { Engine } from '../core/engine.js';
import { err, ok, type Result } from '../core/result.js';
import { kpiTargets, putKpiTargets } from './settings.js';
import { createUser, listUsers } from './users.js';

/** The demo database's admin. Documented in the README; never created outside `servicemeter demo`. */
export const DEMO_LOGIN = { email: 'demo@example.com', password: 'servicemeter-demo' } as const;

/** Targets that make the demo's target lines and tile colours meaningful. */
const DEMO_TARGETS = [
  { kpi: 'csat', channel: null, value: 0.85 },
  { kpi: 'nps', channel: null, value: 30 },
  { kpi: 'frt_within_target', channel: null, value: 0.8 },
  { kpi: 'service_level', channel: null, value: 0.8 },
  { kpi: 'abandonment_rate', channel: null, value: 0.05 },
  { kpi: 'fcr_rate', channel: null, value: 0.7 },
  { kpi: 'reopen_rate', channel: null, value: 0.1 },
  // Goals for the median first response, each tighter than its channel's per-contact deadline
  // (e-mail 1 h, chat 30 s, phone 20 s in the demo's thresholds): half the contacts well inside it.
  { kpi: 'frt', channel: 'email', value: 45 * 60 },
  { kpi: 'frt', channel: 'chat', value: 20 },
  { kpi: 'frt', channel: 'phone', value: 15 },
] as const;

/** Adds the demo admin and the demo targets, unless there already are users or targets. */
export async function prepareDemoAccess(engine: Engine): Promise<Result<{ created: boolean }, string>> {
  const users = await listUsers(engine);
  let created = false;
  if (!users.some((u) => u.email === DEMO_LOGIN.email)) {
    const user = await createUser(engine, { ...DEMO_LOGIN, name: 'Demo admin', role: 'admin' });
    if (!user.ok) return err(`cannot create the demo admin: ${user.error.kind}`);
    created = true;
  }
  if ((await kpiTargets(engine)).length === 0) {
    const targets = await putKpiTargets(
      engine,
      DEMO_TARGETS.map((t) => ({ ...t })),
    );
    if (!targets.ok) return err(`cannot set the demo targets: ${JSON.stringify(targets.error)}`);
  }
  return ok({ created });
}
