import { everyRole, type Policies, roles } from '../access.js';

/**
 * Every role reads the figures and the comparisons: an agent's comparison is their team's figures
 * (scoped like the KPI endpoints), money figures only for the money roles (handlers.ts). Competitor
 * figures are entered and removed by admins and managers.
 */
export const BENCHMARKS_POLICIES: Policies = {
  listBenchmarks: everyRole,
  compareBenchmarks: everyRole,
  getYearOverYear: everyRole,
  putBenchmark: roles('admin', 'manager'),
  deleteBenchmark: roles('admin', 'manager'),
};
