/**
 * The people figures: per agent employed in the range their tenure, FTE, paid hours, contacts
 * resolved per paid hour, training days and (money roles only) hourly cost; and first-contact
 * resolution and CSAT of new agents against experienced ones, by the catalog's own definitions so
 * that the numbers are the KPI engine's.
 */
import { noonOfDate } from '../../core/business/days.js';
import { rateBook } from '../../core/business/money.js';
import type { Engine } from '../../core/engine.js';
import { findKpi } from '../../core/kpi/catalog.js';
import type { CountMeasure, KpiDefinition } from '../../core/kpi/define.js';
import { exprSql } from '../../core/kpi/expr.js';
import { SOURCES } from '../../core/kpi/sources.js';
import { err, ok, type Result } from '../../core/result.js';
import { wilsonInterval } from '../../core/stats.js';
import { reportingCurrencyOf } from './clv.js';
import { Conditions, rangeProblem } from './cohorts.js';
import {
  type BusinessActor,
  type BusinessProblem,
  type BusinessRange,
  MONEY_ROLES,
  type PeopleView,
} from './contract.js';
import { getBusinessSettings } from './settings.js';

const DAY_MS = 86_400_000;
const YEAR_DAYS = 365.25;

export const PEOPLE_ROLES: readonly BusinessActor['role'][] = ['admin', 'finance', 'manager'];

const seesMoney = (actor: BusinessActor) => (MONEY_ROLES as readonly string[]).includes(actor.role);
const dayText = (value: unknown) =>
  value === null || value === undefined ? null : String(value).slice(0, 10);
const numberOrNull = (value: unknown) => (value === null || value === undefined ? null : Number(value));

export async function peopleView(
  engine: Engine,
  range: BusinessRange,
  actor: BusinessActor,
): Promise<Result<PeopleView, BusinessProblem>> {
  if (!PEOPLE_ROLES.includes(actor.role))
    return err({ kind: 'forbidden', reason: 'the people figures are for admins, finance and managers' });
  const problem = rangeProblem(range);
  if (problem) return err(problem);
  const settings = await getBusinessSettings(engine);
  const lastDay = new Date(Date.parse(`${range.to}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10);

  const ledger = new Conditions(1).during('day', range).add(() => 'agent_id IS NOT NULL');
  const trained = new Conditions(ledger.params.length + 1).during('day', range);
  const employed = new Conditions(ledger.params.length + trained.params.length + 1)
    .add((p) => `p.hired_on < CAST(${p(range.to)} AS DATE)`)
    .add((p) => `(p.left_on IS NULL OR p.left_on >= CAST(${p(range.from)} AS DATE))`)
    .within('a.team_id', range.team);
  const rows = await engine.all(
    `SELECT p.agent_id, a.name, a.team_id, p.hired_on, p.left_on, p.fte, p.hourly_cost, p.currency,
            l.paid_hours, l.resolved, pf.training_days
     FROM people p
     LEFT JOIN agents a ON a.id = p.agent_id
     LEFT JOIN (
       SELECT agent_id, sum(paid_hours) AS paid_hours, sum(resolved) AS resolved
       FROM business_ledger_facts ${ledger.where} GROUP BY agent_id
     ) l ON l.agent_id = p.agent_id
     LEFT JOIN (
       SELECT agent_id, sum(training_days) AS training_days
       FROM business_people_facts ${trained.where} GROUP BY agent_id
     ) pf ON pf.agent_id = p.agent_id
     ${employed.where}
     ORDER BY p.agent_id`,
    [...ledger.params, ...trained.params, ...employed.params],
  );

  const money = seesMoney(actor);
  const currency = await reportingCurrencyOf(engine);
  const hourlyCostIn = money ? await converter(engine, currency, lastDay) : () => null;
  const agents: PeopleView['agents'] = rows.map((row) => {
    const hiredOn = dayText(row.hired_on);
    const leftOn = dayText(row.left_on);
    const end = leftOn !== null && leftOn < lastDay ? leftOn : lastDay;
    const tenureYears =
      hiredOn === null ? null : Math.max(0, (Date.parse(end) - Date.parse(hiredOn)) / DAY_MS / YEAR_DAYS);
    const paidHours = numberOrNull(row.paid_hours);
    const resolved = Number(row.resolved ?? 0);
    const cost = numberOrNull(row.hourly_cost);
    return {
      agentId: String(row.agent_id),
      name: row.name === null ? String(row.agent_id) : String(row.name),
      teamId: row.team_id === null ? null : String(row.team_id),
      hiredOn,
      leftOn,
      tenureYears,
      fte: row.fte === null ? 1 : Number(row.fte),
      paidHours,
      resolved,
      resolvedPerPaidHour: paidHours === null || paidHours <= 0 ? null : resolved / paidHours,
      trainingDays: Number(row.training_days ?? 0),
      hourlyCost:
        cost === null
          ? null
          : hourlyCostIn(cost, row.currency === null ? currency : String(row.currency).toUpperCase()),
    };
  });

  return ok({
    currency,
    agents,
    tenureGroups: await tenureGroups(engine, range, settings.newAgentDays),
    newAgentDays: settings.newAgentDays,
  });
}

/** An hourly cost in the reporting currency, at the rate of the range's last day; null without one. */
async function converter(
  engine: Engine,
  currency: string | null,
  day: string,
): Promise<(amount: number, from: string | null) => number | null> {
  const rates = await engine.all('SELECT currency, valid_from, rate FROM exchange_rates');
  const book = rateBook(
    currency,
    rates.map((r) => ({
      currency: String(r.currency).toUpperCase(),
      validFromDay: noonOfDate(String(r.valid_from)),
      rate: Number(r.rate),
    })),
  );
  return (amount, from) => (from === null ? null : book.convert(amount, from, noonOfDate(day)));
}

/** The KPI's own rows, numerator and denominator, as SQL over its source aliased `f`. */
function kpiParts(id: 'fcr_rate' | 'csat') {
  const kpi = findKpi(id) as KpiDefinition;
  if (kpi.value.kind !== 'ratio') throw new Error(`${id} is no longer a share: the tenure groups need one`);
  const source = SOURCES[kpi.source] as { table: string; dimensions: { agent?: string; team?: string } };
  const column = (name: string) => `f.${name}`;
  const condition = (measure: CountMeasure) =>
    measure.where ? exprSql(measure.where, (c) => column(c.name)) : 'TRUE';
  return {
    kpi,
    table: source.table,
    agent: column(kpi.agentColumn ?? source.dimensions.agent ?? 'agent_id'),
    team: column(source.dimensions.team ?? 'team_id'),
    time: column(kpi.timeColumn),
    where: kpi.where ? exprSql(kpi.where, (c) => column(c.name)) : 'TRUE',
    numerator: condition(kpi.value.numerator),
    denominator: condition(kpi.value.denominator),
  };
}

type Share = PeopleView['tenureGroups'][number]['fcr'];

/**
 * First-contact resolution and CSAT of new and experienced agents: a row counts for the group its
 * agent was in at the row's own time (employed fewer than newAgentDays, or more). Agents without a
 * people row are in neither.
 */
async function tenureGroups(
  engine: Engine,
  range: BusinessRange,
  newAgentDays: number,
): Promise<PeopleView['tenureGroups']> {
  const shares = new Map<string, { fcr: Share; csat: Share }>();
  const agents = new Map<string, Set<string>>();
  for (const [name, id] of [
    ['fcr', 'fcr_rate'],
    ['csat', 'csat'],
  ] as const) {
    const parts = kpiParts(id);
    const becomesExperienced = engine.dialect.addSeconds(
      'CAST(p.hired_on AS TIMESTAMP)',
      String(newAgentDays * 86_400),
    );
    const conditions = new Conditions()
      .during(parts.time, range)
      .add(() => parts.where)
      .within(parts.team, range.team);
    const rows = await engine.all(
      `SELECT CASE WHEN ${parts.time} < ${becomesExperienced} THEN 'new' ELSE 'experienced' END AS tenure,
              ${parts.agent} AS agent_id,
              count(CASE WHEN ${parts.denominator} AND ${parts.numerator} THEN 1 END) AS successes,
              count(CASE WHEN ${parts.denominator} THEN 1 END) AS n
       FROM ${parts.table} f JOIN people p ON p.agent_id = ${parts.agent}
       ${conditions.where}
       GROUP BY 1, 2`,
      conditions.params,
    );
    const totals = new Map<string, { successes: number; n: number }>();
    for (const row of rows) {
      const group = String(row.tenure);
      const total = totals.get(group) ?? { successes: 0, n: 0 };
      total.successes += Number(row.successes);
      total.n += Number(row.n);
      totals.set(group, total);
      if (Number(row.n) > 0) {
        const set = agents.get(group) ?? new Set<string>();
        set.add(String(row.agent_id));
        agents.set(group, set);
      }
    }
    for (const group of ['new', 'experienced']) {
      const total = totals.get(group) ?? { successes: 0, n: 0 };
      const entry = shares.get(group) ?? { fcr: emptyShare(), csat: emptyShare() };
      entry[name] = {
        value: total.n === 0 ? null : total.successes / total.n,
        n: total.n,
        interval: wilsonInterval(total.successes, total.n),
      };
      shares.set(group, entry);
    }
  }
  return (['new', 'experienced'] as const).map((group) => ({
    group,
    agents: agents.get(group)?.size ?? 0,
    fcr: shares.get(group)?.fcr ?? emptyShare(),
    csat: shares.get(group)?.csat ?? emptyShare(),
  }));
}

const emptyShare = (): Share => ({ value: null, n: 0, interval: null });
