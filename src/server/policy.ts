import type { Policies } from './access.js';
import { ALERTS_POLICIES } from './alerts/policy.js';
import { AUDIT_POLICIES } from './audit/policy.js';
import { BACKUP_POLICIES } from './backup/policy.js';
import { BENCHMARKS_POLICIES } from './benchmarks/policy.js';
import { BUSINESS_POLICIES } from './business/policy.js';
import { CONTACTS_POLICIES } from './contacts/policy.js';
import { DATA_POLICIES } from './data/policy.js';
import { IMPORTS_POLICIES } from './imports/policy.js';
import { JOBS_POLICIES } from './jobs/policy.js';
import { KPIS_POLICIES } from './kpis/policy.js';
import { NOW_POLICIES } from './now/policy.js';
import { QA_POLICIES } from './qa/policy.js';
import { REPORTS_POLICIES } from './reports/policy.js';
import { SCORECARDS_POLICIES } from './scorecards/policy.js';
import { SESSION_POLICIES } from './session/policy.js';
import { SETTINGS_POLICIES } from './settings/policy.js';
import { SURVEYS_POLICIES } from './surveys/policy.js';
import { TARGETS_POLICIES } from './targets/policy.js';
import { TOKENS_POLICIES } from './tokens/policy.js';
import { USERS_POLICIES } from './users/policy.js';
import { VIEWS_POLICIES } from './views/policy.js';
import { WEBHOOKS_POLICIES } from './webhooks/policy.js';
import { WORDS_POLICIES } from './words/policy.js';
import { WORKFORCE_POLICIES } from './workforce/policy.js';

export type { Policy, RolePolicy } from './access.js';

/** Every feature's policies; a new feature adds its `<feature>/policy.ts` here. */
const FEATURE_POLICIES: readonly Policies[] = [
  SESSION_POLICIES,
  KPIS_POLICIES,
  DATA_POLICIES,
  CONTACTS_POLICIES,
  SCORECARDS_POLICIES,
  SETTINGS_POLICIES,
  USERS_POLICIES,
  TOKENS_POLICIES,
  AUDIT_POLICIES,
  WEBHOOKS_POLICIES,
  IMPORTS_POLICIES,
  JOBS_POLICIES,
  NOW_POLICIES,
  BACKUP_POLICIES,
  SURVEYS_POLICIES,
  QA_POLICIES,
  REPORTS_POLICIES,
  ALERTS_POLICIES,
  WORKFORCE_POLICIES,
  BUSINESS_POLICIES,
  BENCHMARKS_POLICIES,
  VIEWS_POLICIES,
  TARGETS_POLICIES,
  WORDS_POLICIES,
];

/** One table from the features' tables; an operationId two features claim is a mistake, not an override. */
export function assemblePolicies(tables: readonly Policies[]): Policies {
  const all: Policies = {};
  for (const table of tables)
    for (const [operationId, policy] of Object.entries(table)) {
      if (operationId in all) throw new Error(`two policies for operation ${operationId}`);
      all[operationId] = policy;
    }
  return all;
}

/**
 * The single table of who may call what, by operationId, assembled from the features'
 * `src/server/<feature>/policy.ts`. The authorization middleware refuses an operation that is
 * missing here, and a test calls every operation of the OpenAPI document as each role. Data
 * scoping inside an operation (an agent sees only their own contacts and their team's aggregates)
 * is in scope.ts.
 */
export const POLICIES: Policies = assemblePolicies(FEATURE_POLICIES);
