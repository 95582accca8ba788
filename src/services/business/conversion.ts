/**
 * Conversion after contact: the share of contacts (of known customers, created in the range)
 * followed by an order of the same customer within conversionDays, per channel, team or agent,
 * with Wilson intervals; against a baseline of customers on the books without a contact.
 */
import type { Engine } from '../../core/engine.js';
import { err, ok, type Result } from '../../core/result.js';
import { wilsonInterval } from '../../core/stats.js';
import { Conditions, rangeProblem } from './cohorts.js';
import type { BusinessActor, BusinessProblem, BusinessRange, ConversionView } from './contract.js';
import { getBusinessSettings } from './settings.js';

export const CONVERSION_GROUPS = ['channel', 'team', 'agent'] as const;
export type ConversionGroup = (typeof CONVERSION_GROUPS)[number];

const GROUP_COLUMN: Record<ConversionGroup, string> = {
  channel: 'f.channel',
  team: 'f.team_id',
  agent: 'f.assignee_id',
};
const GROUP_LABEL: Record<ConversionGroup, string> = {
  channel: 'f.channel',
  team: 't.name',
  agent: 'a.name',
};
const NO_KEY: Record<ConversionGroup, string> = {
  channel: 'no channel',
  team: 'no team',
  agent: 'no agent',
};

const method = (days: number) =>
  `A contact converts when its customer placed a paid order within ${days} days after it was created; contacts of unknown customers are left out, and a contact whose ${days} days run past the data's end may still convert. Baseline: per month of the range, the customers on the books that month without a contact in it, leaving out the month a customer was new in (it holds the order that made them a customer, where a contact counts only orders after it); the share who ordered in the month, times ${days} ÷ the month's days (at most 1), is their chance of ordering in any ${days} days, added up over the months. Its interval is a Wilson interval on those customer-months. Not a randomised comparison: customers who contact the team differ from those who do not (they have an order to ask about, a problem, a question before buying), so the difference is no effect of the contact.`;

/** Agents never; viewers not per agent: a colleague's conversion is an agent's figure. */
function refusal(actor: BusinessActor, by: ConversionGroup): BusinessProblem | null {
  if (actor.role === 'agent')
    return { kind: 'forbidden', reason: 'agents do not see conversion after contact' };
  if (by === 'agent' && actor.role === 'viewer')
    return { kind: 'forbidden', reason: 'viewers see conversion per channel or team, not per agent' };
  return null;
}

export async function conversionView(
  engine: Engine,
  range: BusinessRange,
  by: ConversionGroup,
  actor: BusinessActor,
): Promise<Result<ConversionView, BusinessProblem>> {
  if (!CONVERSION_GROUPS.includes(by))
    return err({
      kind: 'invalid',
      issues: [{ path: 'by', message: `expected ${CONVERSION_GROUPS.join(', ')}, got '${by}'` }],
    });
  const refused = refusal(actor, by);
  if (refused) return err(refused);
  const problem = rangeProblem(range);
  if (problem) return err(problem);
  const { conversionDays } = await getBusinessSettings(engine);

  const contacts = new Conditions()
    .during('f.created_at', range)
    .within('f.segment', range.segment)
    .within('f.acquisition_channel', range.acquisitionChannel)
    .within('f.team_id', range.team);
  const rows = await engine.all(
    // A contact whose window is still open (ordered_after null) is not yet converted or not.
    `SELECT ${GROUP_COLUMN[by]} AS group_key, max(${GROUP_LABEL[by]}) AS label, count(f.ordered_after) AS contacts,
            count(CASE WHEN f.ordered_after THEN 1 END) AS converted
     FROM business_contact_facts f
     LEFT JOIN teams t ON t.id = f.team_id
     LEFT JOIN agents a ON a.id = f.assignee_id
     ${contacts.where}
     GROUP BY 1
     ORDER BY 1`,
    contacts.params,
  );

  return ok({
    by,
    conversionDays,
    method: method(conversionDays),
    rows: rows.map((row) => {
      const n = Number(row.contacts);
      const converted = Number(row.converted);
      const key = row.group_key === null ? '' : String(row.group_key);
      return {
        key,
        label: row.label === null ? (key === '' ? NO_KEY[by] : key) : String(row.label),
        contacts: n,
        converted,
        rate: n === 0 ? null : converted / n,
        interval: wilsonInterval(converted, n),
      };
    }),
    baseline: await baseline(engine, range, conversionDays),
  });
}

/**
 * Customers without a contact in a month: their chance of ordering in any `days` of it. A new
 * customer's first month is left out: it always holds the acquisition order, while a contact
 * converts only on orders after it, so those months would inflate the baseline.
 */
async function baseline(
  engine: Engine,
  range: BusinessRange,
  days: number,
): Promise<ConversionView['baseline']> {
  const monthOfFrom = `${range.from.slice(0, 7)}-01`;
  const months = new Conditions()
    .during('month_start', { from: monthOfFrom, to: range.to })
    .within('segment', range.segment)
    .within('acquisition_channel', range.acquisitionChannel)
    .add(() => 'NOT COALESCE(contacted, FALSE)')
    .add(() => 'NOT COALESCE(is_new, FALSE)');
  const rows = await engine.all(
    `SELECT ${engine.dialect.dateTrunc('month', 'month_start')} AS month, count(*) AS customers,
            count(CASE WHEN ordered THEN 1 END) AS ordered
     FROM business_customer_month_facts
     ${months.where}
     GROUP BY 1`,
    months.params,
  );
  let n = 0;
  let expected = 0;
  for (const row of rows) {
    const start = new Date(`${String(row.month).slice(0, 10)}T00:00:00Z`);
    const daysInMonth = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 0)).getUTCDate();
    n += Number(row.customers);
    expected += Number(row.ordered) * Math.min(1, days / daysInMonth);
  }
  return { rate: n === 0 ? null : expected / n, interval: wilsonInterval(expected, n), n };
}
