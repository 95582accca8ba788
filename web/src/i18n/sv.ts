import accountMessages from './sv/account.js';
import agentsMessages from './sv/agents.js';
import alertsMessages from './sv/alerts.js';
import auditMessages from './sv/audit.js';
import benchmarksMessages from './sv/benchmarks.js';
import breakdownMessages from './sv/breakdown.js';
import businessMessages from './sv/business.js';
import commonMessages from './sv/common.js';
import contactsMessages from './sv/contacts.js';
import dashboardsMessages from './sv/dashboards.js';
import filtersMessages from './sv/filters.js';
import headlinesMessages from './sv/headlines.js';
import heatmapMessages from './sv/heatmap.js';
import importsMessages from './sv/imports.js';
import jobsMessages from './sv/jobs.js';
import kpis from './sv/kpis.js';
import loginMessages from './sv/login.js';
import noticesMessages from './sv/notices.js';
import nowMessages from './sv/now.js';
import overviewMessages from './sv/overview.js';
import qaMessages from './sv/qa.js';
import qaManageMessages from './sv/qa-manage.js';
import reportsMessages from './sv/reports.js';
import settingsMessages from './sv/settings.js';
import surveysMessages from './sv/surveys.js';
import tablesMessages from './sv/tables.js';
import targetsMessages from './sv/targets.js';
import timeMessages from './sv/time.js';
import tokensMessages from './sv/tokens.js';
import trendsMessages from './sv/trends.js';
import usersMessages from './sv/users.js';
import webhooksMessages from './sv/webhooks.js';
import wordsMessages from './sv/words.js';
import workforceMessages from './sv/workforce.js';
import type { Bundle } from './types.js';

const sv: Bundle = {
  messages: {
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
  },
  kpis,
};

export default sv;
