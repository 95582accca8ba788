import type { Bundle } from './types.js';
import accountMessages from './uk/account.js';
import agentsMessages from './uk/agents.js';
import alertsMessages from './uk/alerts.js';
import auditMessages from './uk/audit.js';
import benchmarksMessages from './uk/benchmarks.js';
import breakdownMessages from './uk/breakdown.js';
import businessMessages from './uk/business.js';
import commonMessages from './uk/common.js';
import contactsMessages from './uk/contacts.js';
import dashboardsMessages from './uk/dashboards.js';
import filtersMessages from './uk/filters.js';
import headlinesMessages from './uk/headlines.js';
import heatmapMessages from './uk/heatmap.js';
import importsMessages from './uk/imports.js';
import jobsMessages from './uk/jobs.js';
import kpis from './uk/kpis.js';
import loginMessages from './uk/login.js';
import noticesMessages from './uk/notices.js';
import nowMessages from './uk/now.js';
import overviewMessages from './uk/overview.js';
import qaMessages from './uk/qa.js';
import qaManageMessages from './uk/qa-manage.js';
import reportsMessages from './uk/reports.js';
import settingsMessages from './uk/settings.js';
import surveysMessages from './uk/surveys.js';
import tablesMessages from './uk/tables.js';
import targetsMessages from './uk/targets.js';
import timeMessages from './uk/time.js';
import tokensMessages from './uk/tokens.js';
import trendsMessages from './uk/trends.js';
import usersMessages from './uk/users.js';
import webhooksMessages from './uk/webhooks.js';
import wordsMessages from './uk/words.js';
import workforceMessages from './uk/workforce.js';

const uk: Bundle = {
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

export default uk;
