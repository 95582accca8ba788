import accountMessages from './en/account.js';
import agentsMessages from './en/agents.js';
import alertsMessages from './en/alerts.js';
import auditMessages from './en/audit.js';
import benchmarksMessages from './en/benchmarks.js';
import breakdownMessages from './en/breakdown.js';
import businessMessages from './en/business.js';
import commonMessages from './en/common.js';
import contactsMessages from './en/contacts.js';
import dashboardsMessages from './en/dashboards.js';
import filtersMessages from './en/filters.js';
import headlinesMessages from './en/headlines.js';
import heatmapMessages from './en/heatmap.js';
import importsMessages from './en/imports.js';
import jobsMessages from './en/jobs.js';
import kpis from './en/kpis.js';
import loginMessages from './en/login.js';
import noticesMessages from './en/notices.js';
import nowMessages from './en/now.js';
import overviewMessages from './en/overview.js';
import qaMessages from './en/qa.js';
import qaManageMessages from './en/qa-manage.js';
import reportsMessages from './en/reports.js';
import settingsMessages from './en/settings.js';
import surveysMessages from './en/surveys.js';
import tablesMessages from './en/tables.js';
import targetsMessages from './en/targets.js';
import timeMessages from './en/time.js';
import tokensMessages from './en/tokens.js';
import trendsMessages from './en/trends.js';
import usersMessages from './en/users.js';
import webhooksMessages from './en/webhooks.js';
import wordsMessages from './en/words.js';
import workforceMessages from './en/workforce.js';
import type { Bundle } from './types.js';

/**
 * English: the reference locale. Its keys define `MessageKey`; every other locale must have each of
 * them and no other: each feature file of another locale is typed against the English one, so a
 * missing or extra key does not compile, and the `Bundle` type refuses a locale that leaves out a
 * feature. A page or feature keeps its messages in `<locale>/<feature>.ts`, spread in here and in each
 * locale file. `{name}` placeholders are filled by `t`.
 */
export const messages = {
  ...commonMessages,
  ...loginMessages,
  ...accountMessages,
  ...overviewMessages,
  ...headlinesMessages,
  ...noticesMessages,
  ...filtersMessages,
  ...trendsMessages,
  ...breakdownMessages,
  ...tablesMessages,
  ...heatmapMessages,
  ...agentsMessages,
  ...contactsMessages,
  ...timeMessages,
  ...targetsMessages,
  ...settingsMessages,
  ...usersMessages,
  ...tokensMessages,
  ...auditMessages,
  ...webhooksMessages,
  ...importsMessages,
  ...nowMessages,
  ...jobsMessages,
  ...surveysMessages,
  ...qaMessages,
  ...qaManageMessages,
  ...workforceMessages,
  ...businessMessages,
  ...dashboardsMessages,
  ...reportsMessages,
  ...alertsMessages,
  ...benchmarksMessages,
  ...wordsMessages,
};

const en: Bundle = { messages, kpis };
export default en;
