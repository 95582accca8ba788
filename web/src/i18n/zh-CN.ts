import type { Bundle } from './types.js';
import accountMessages from './zh-CN/account.js';
import agentsMessages from './zh-CN/agents.js';
import alertsMessages from './zh-CN/alerts.js';
import auditMessages from './zh-CN/audit.js';
import benchmarksMessages from './zh-CN/benchmarks.js';
import breakdownMessages from './zh-CN/breakdown.js';
import businessMessages from './zh-CN/business.js';
import commonMessages from './zh-CN/common.js';
import contactsMessages from './zh-CN/contacts.js';
import dashboardsMessages from './zh-CN/dashboards.js';
import filtersMessages from './zh-CN/filters.js';
import headlinesMessages from './zh-CN/headlines.js';
import heatmapMessages from './zh-CN/heatmap.js';
import importsMessages from './zh-CN/imports.js';
import jobsMessages from './zh-CN/jobs.js';
import kpis from './zh-CN/kpis.js';
import loginMessages from './zh-CN/login.js';
import noticesMessages from './zh-CN/notices.js';
import nowMessages from './zh-CN/now.js';
import overviewMessages from './zh-CN/overview.js';
import qaMessages from './zh-CN/qa.js';
import qaManageMessages from './zh-CN/qa-manage.js';
import reportsMessages from './zh-CN/reports.js';
import settingsMessages from './zh-CN/settings.js';
import surveysMessages from './zh-CN/surveys.js';
import tablesMessages from './zh-CN/tables.js';
import targetsMessages from './zh-CN/targets.js';
import timeMessages from './zh-CN/time.js';
import tokensMessages from './zh-CN/tokens.js';
import trendsMessages from './zh-CN/trends.js';
import usersMessages from './zh-CN/users.js';
import webhooksMessages from './zh-CN/webhooks.js';
import wordsMessages from './zh-CN/words.js';
import workforceMessages from './zh-CN/workforce.js';

const zhCN: Bundle = {
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

export default zhCN;
