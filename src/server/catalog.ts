import { KPIS } from '../core/kpi/catalog.js';
import { statFor } from '../core/kpi/compile.js';
import type { KpiDefinition, KpiFormat } from '../core/kpi/define.js';
import type { Expr } from '../core/kpi/expr.js';
import { GRAINS, TIME_DIMENSIONS } from '../core/kpi/query.js';
import { DIMENSIONS, type Dimension, SOURCES } from '../core/kpi/sources.js';
import { listsContacts } from '../services/contacts.js';
import type { Baseline, KpiTarget } from '../services/targets/contract.js';
import { LOCALES } from '../services/users.js';
import type { Catalog, CatalogKpi } from './schemas.js';

const UNITS: Record<KpiFormat, CatalogKpi['unit']> = {
  count: 'count',
  percent: 'fraction',
  duration: 'seconds',
  score: 'score',
  nps: 'points',
  money: 'money',
  rate: 'rate',
};

function hasBusinessTwin(expr: Expr | undefined): boolean {
  if (!expr) return false;
  switch (expr.op) {
    case 'col':
      return expr.business !== undefined;
    case 'lit':
      return false;
    case 'cmp':
      return hasBusinessTwin(expr.left) || hasBusinessTwin(expr.right);
    case 'and':
    case 'or':
      return expr.items.some(hasBusinessTwin);
    case 'in':
    case 'not':
    case 'isNull':
    case 'isNotNull':
      return hasBusinessTwin(expr.expr);
    default:
      return false;
  }
}

/** Business hours change a value only where a column it reads has a business-hours twin. */
function hoursApply(kpi: KpiDefinition): boolean {
  const m = kpi.value;
  const measured =
    (m.kind === 'duration' && m.business !== undefined) ||
    (m.kind === 'ratio' && (hasBusinessTwin(m.numerator.where) || hasBusinessTwin(m.denominator.where))) ||
    (m.kind === 'count' && hasBusinessTwin(m.where)) ||
    (m.kind === 'quotient' && (hasBusinessTwin(m.numerator.where) || hasBusinessTwin(m.denominator.where)));
  return measured || hasBusinessTwin(kpi.where);
}

function catalogKpi(kpi: KpiDefinition): CatalogKpi {
  const dims = SOURCES[kpi.source].dimensions as Partial<Record<Dimension, string>>;
  return {
    id: kpi.id,
    label: kpi.label,
    definition: kpi.definition,
    options: kpi.options ?? null,
    format: kpi.format,
    unit: UNITS[kpi.format],
    better: kpi.better,
    source: kpi.source,
    defaultStat: statFor(kpi, {}) ?? null,
    defaultHours: kpi.defaultHours ?? 'business',
    hoursApply: hoursApply(kpi),
    dimensions: DIMENSIONS.filter((d) => dims[d] !== undefined || (d === 'agent' && kpi.agentColumn)),
    stock: kpi.value.kind === 'stock',
    money: kpi.money === true,
    minGrain: kpi.minGrain ?? null,
    drillDown: listsContacts(kpi),
  };
}

export function buildCatalog(targets: readonly KpiTarget[], baselines: readonly Baseline[] = []): Catalog {
  return {
    kpis: KPIS.map(catalogKpi),
    dimensions: [...DIMENSIONS],
    timeDimensions: [...TIME_DIMENSIONS],
    grains: [...GRAINS],
    stats: ['median', 'p90', 'mean'],
    targets: targets.map((t) => ({ ...t })),
    baselines: baselines.map((b) => ({
      id: b.id,
      kpi: b.kpi,
      channel: b.channel,
      team: b.team,
      agent: b.agent,
      from: b.from,
      to: b.to,
      value: b.value,
      n: b.n,
    })),
    locales: [...LOCALES],
  };
}
