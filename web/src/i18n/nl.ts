import accountMessages from './nl/account.js';
import agentsMessages from './nl/agents.js';
import alertsMessages from './nl/alerts.js';
import auditMessages from './nl/audit.js';
import benchmarksMessages from './nl/benchmarks.js';
import breakdownMessages from './nl/breakdown.js';
import businessMessages from './nl/business.js';
import commonMessages from './nl/common.js';
import contactsMessages from './nl/contacts.js';
import dashboardsMessages from './nl/dashboards.js';
import filtersMessages from './nl/filters.js';
import headlinesMessages from './nl/headlines.js';
import heatmapMessages from './nl/heatmap.js';
import importsMessages from './nl/imports.js';
import jobsMessages from './nl/jobs.js';
import kpis from './nl/kpis.js';
import loginMessages from './nl/login.js';
import noticesMessages from './nl/notices.js';
import nowMessages from './nl/now.js';
import overviewMessages from './nl/overview.js';
import qaMessages from './nl/qa.js';
import qaManageMessages from './nl/qa-manage.js';
import reportsMessages from './nl/reports.js';
import settingsMessages from './nl/settings.js';
import surveysMessages from './nl/surveys.js';
import tablesMessages from './nl/tables.js';
import targetsMessages from './nl/targets.js';
import timeMessages from './nl/time.js';
import tokensMessages from './nl/tokens.js';
import trendsMessages from './nl/trends.js';
import usersMessages from './nl/users.js';
import webhooksMessages from './nl/webhooks.js';
import wordsMessages from './nl/words.js';
import workforceMessages from './nl/workforce.js';
import type { Bundle } from './types.js';

const nl: Bundle = {
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

export default nl;
