import { InvalidArgumentError } from 'commander';
import { DateTime } from 'luxon';
import { localDateTimeProblem } from '../core/date-range.js';
import type { Engine } from '../core/engine.js';
import { KPIS } from '../core/kpi/catalog.js';
import { GRAINS, TIME_DIMENSIONS } from '../core/kpi/query.js';
import { DIMENSIONS, type Dimension } from '../core/kpi/sources.js';
import { isTimeZone } from '../core/time-zone.js';
import { filterValues } from '../services/data-status.js';
import { CliError } from './database.js';
import { didYouMean, either, nearest } from './suggest.js';

/*
 * The parsers of the `kpi` options. Each refuses a mistake as the option is read, in one line
 * naming what is wrong and what would be right, before any database is opened. Commander prefixes
 * the message with "option '--x <v>' argument '…' is invalid."
 */

const KPI_IDS = KPIS.map((k) => k.id);
const GROUPINGS: readonly string[] = [...DIMENSIONS, ...TIME_DIMENSIONS];

function entries(value: string): string[] {
  return value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

/** `--from`, `--to`: a local date or date-time, as the API takes it. */
export function dateArgument(value: string): string {
  const problem = localDateTimeProblem(value);
  if (problem !== null) throw new InvalidArgumentError(problem);
  return value;
}

/** `--timezone`: an IANA zone, written as the runtime names it (`europe/amsterdam` → `Europe/Amsterdam`). */
export function timeZoneArgument(value: string): string {
  if (isTimeZone(value)) return new Intl.DateTimeFormat('en', { timeZone: value }).resolvedOptions().timeZone;
  const near = nearest(value, Intl.supportedValuesOf('timeZone'));
  throw new InvalidArgumentError(
    near.length > 0
      ? `not an IANA time zone; did you mean ${either(near)}?`
      : 'not an IANA time zone, e.g. Europe/Amsterdam or UTC',
  );
}

/** `--kpi`: catalog ids, in any case (`FRT` is `frt`). */
export function kpiIdsArgument(value: string): string[] {
  const ids = entries(value).map((id) => id.toLowerCase());
  if (ids.length === 0) throw new InvalidArgumentError('expected KPI ids, comma-separated, e.g. frt,csat');
  for (const id of ids) {
    if (KPI_IDS.includes(id)) continue;
    const near = nearest(id, KPI_IDS);
    throw new InvalidArgumentError(
      near.length > 0
        ? `unknown KPI '${id}'; did you mean ${either(near)}? (servicemeter kpis lists them all)`
        : `unknown KPI '${id}'; known: ${KPI_IDS.join(', ')}`,
    );
  }
  return ids;
}

/** `--by`: dimensions and at most one grain, in any case. */
export function byArgument(value: string): string[] {
  const names = entries(value).map((name) => name.toLowerCase());
  const choices = `dimensions: ${GROUPINGS.join(', ')}; grains: ${GRAINS.join(', ')}`;
  if (names.length === 0) throw new InvalidArgumentError(`expected a comma-separated list of ${choices}`);
  for (const name of names) {
    if (GROUPINGS.includes(name) || (GRAINS as readonly string[]).includes(name)) continue;
    throw new InvalidArgumentError(
      `no dimension or grain '${name}'${didYouMean(name, [...GROUPINGS, ...GRAINS])} (${choices})`,
    );
  }
  const grains = names.filter((name) => (GRAINS as readonly string[]).includes(name));
  if (grains.length > 1) throw new InvalidArgumentError(`at most one grain, got ${grains.join(' and ')}`);
  return names;
}

export type Filters = Partial<Record<Dimension, string[]>>;

/** `--filter dimension=value|value`, repeatable: a repeated dimension keeps the values of each. */
export function filterArgument(value: string, previous: Filters = {}): Filters {
  const split = value.indexOf('=');
  const key = (split < 0 ? value : value.slice(0, split)).trim().toLowerCase();
  const values =
    split < 0
      ? []
      : value
          .slice(split + 1)
          .split('|')
          .filter((v) => v !== '');
  if (key === '' || values.length === 0)
    throw new InvalidArgumentError('expected dimension=value[|value…], e.g. channel=chat|email');
  if (!(DIMENSIONS as readonly string[]).includes(key))
    throw new InvalidArgumentError(
      `unknown filter key '${key}'${didYouMean(key, DIMENSIONS)} (filter keys: ${DIMENSIONS.join(', ')})`,
    );
  const dimension = key as Dimension;
  return { ...previous, [dimension]: [...new Set([...(previous[dimension] ?? []), ...values])] };
}

/** `2026-03-05` or `2026-03-05T10:00` as one comparable text, `2026-03-05T00:00:00`. */
function comparable(local: string): string {
  const [date, time = '00:00'] = local.split('T');
  return `${date}T${time.length === 5 ? `${time}:00` : time}`;
}

/** `--from` must come before `--to`, which ends the range and is not part of it. */
export function checkRangeOrder(from: string | undefined, to: string | undefined): void {
  if (from === undefined || to === undefined) return;
  const start = comparable(from);
  const end = comparable(to);
  if (start < end) return;
  if (start === end) {
    const oneDay =
      from.length === 10
        ? ` (--to ${DateTime.fromISO(from).plus({ days: 1 }).toFormat('yyyy-LL-dd')} gives one day)`
        : '';
    throw new CliError(
      `--from and --to are both ${from}: an empty range, as --to is not part of it${oneDay}`,
    );
  }
  throw new CliError(`--from ${from} is after --to ${to}; --from starts the range, --to ends it (exclusive)`);
}

/**
 * Every filter value must be one the data has: a misspelt one would select nothing and show n 0
 * as if it were a finding. Teams and agents are filtered by id; a name given instead is pointed
 * to its id.
 */
export async function checkFilterValues(db: Engine, filters: Filters): Promise<void> {
  const wanted = Object.entries(filters) as [Dimension, string[]][];
  if (wanted.length === 0) return;
  const known = await filterValues(db, null);
  for (const [dimension, values] of wanted) {
    const listed = known[dimension];
    const ids = listed.map((v) => (typeof v === 'string' ? v : v.id));
    const names = new Map(
      listed.flatMap((v) => (typeof v !== 'string' && v.name ? [[v.name.toLowerCase(), v.id] as const] : [])),
    );
    for (const value of values) {
      if (ids.includes(value)) continue;
      const named = names.get(value.toLowerCase());
      const where = `--filter ${dimension}=${value}: no ${dimension} '${value}' in the data`;
      if (named !== undefined) throw new CliError(`${where}; ${dimension}s are filtered by id: ${named}`);
      const near = nearest(value, ids);
      if (near.length > 0) throw new CliError(`${where}; did you mean ${either(near)}?`);
      if (ids.length === 0) throw new CliError(`${where}, which has no ${dimension} values`);
      const shown = ids.slice(0, 12).join(', ');
      throw new CliError(`${where}; it has ${shown}${ids.length > 12 ? ` … (${ids.length} in all)` : ''}`);
    }
  }
}
