/**
 * The demo team's workforce settings and marked days, written after the import as a team lead
 * would set them in the dashboard, and the workforce facts rebuilt at the demo's own "now".
 *
 * The marked days: the carrier disruption of February (the week the contacts rise by about a
 * third, see generate.ts) as a past event, so the forecast learns it as a one-off, and the summer
 * sale in the week after the data, which the staffing plan should meet with more agents. No sale
 * is marked inside the data: the demo's contacts have none, and a marked event the arrivals do
 * not show would teach the forecast a wrong factor.
 */
import type { Engine } from '../../core/engine.js';
import { rebuildWorkforceFacts } from '../workforce/facts.js';
import { addMarkedDay } from '../workforce/marked-days.js';
import { addDays, mondayOf } from '../workforce/series.js';
import { updateWorkforceSettings } from '../workforce/settings.js';
import { PERIOD_FIRST_DAY, PERIOD_LAST_DAY } from './scenario.js';

/** What the demo's team lead chose: half-hour planning, Erlang A, two chats at once. */
export const DEMO_WORKFORCE_SETTINGS = {
  graceMinutes: 5,
  intervalMinutes: 30,
  model: 'erlang-a',
  chatConcurrency: 2,
  maxOccupancy: 0.85,
} as const;

/** Factor of the carrier disruption week (weekMultiplier in generate.ts). */
const DISRUPTION_FACTOR = 1.3;
/** The disruption week: the period's week 6 (DISRUPTION_WEEK in generate.ts), Monday to Sunday. */
const DISRUPTION_DAYS = [0, 1, 2, 3, 4, 5, 6].map((offset) => addDays(PERIOD_FIRST_DAY, 6 * 7 + offset));
const SALE_FACTOR = 1.6;

export interface DemoMarkedDay {
  day: string;
  channel: null;
  kind: 'event';
  factor: number;
  label: string;
}

/** The marked days: the past disruption, and the sale on the Wednesday and Thursday after the data. */
export function demoMarkedDays(): DemoMarkedDay[] {
  const nextMonday = addDays(mondayOf(PERIOD_LAST_DAY), 7);
  return [
    ...DISRUPTION_DAYS.map((day) => ({
      day,
      channel: null,
      kind: 'event' as const,
      factor: DISRUPTION_FACTOR,
      label: 'Carrier disruption',
    })),
    ...[2, 3].map((offset) => ({
      day: addDays(nextMonday, offset),
      channel: null,
      kind: 'event' as const,
      factor: SALE_FACTOR,
      label: 'Summer sale',
    })),
  ];
}

/**
 * Stores the settings and marked days, then rebuilds the workforce facts at `now`: the demo's
 * clock (its last day), so the weeks of schedule after the data are still to come, not missed.
 */
export async function createDemoWorkforce(engine: Engine, now: Date): Promise<void> {
  const settings = await updateWorkforceSettings(engine, DEMO_WORKFORCE_SETTINGS, now);
  if (!settings.ok) throw new Error(`demo workforce settings: ${JSON.stringify(settings.error)}`);
  for (const day of demoMarkedDays()) {
    const added = await addMarkedDay(engine, day, null, now);
    if (!added.ok && added.error.kind !== 'conflict')
      throw new Error(`demo marked day ${day.day}: ${JSON.stringify(added.error)}`);
  }
  await rebuildWorkforceFacts(engine, now);
}
