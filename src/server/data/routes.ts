/**
 * The state of the imported data: data-quality notices and the repair of rows the facts rebuild cannot
 * use. Who may call each is in ./policy.ts.
 */
import { createRoute } from '@hono/zod-openapi';
import { authed, json, SIGNED_IN } from '../routes.js';
import { DataQualityList, RepairReport } from './schemas.js';

export const getDataQuality = createRoute({
  operationId: 'getDataQuality',
  security: SIGNED_IN,
  tags: ['kpi'],
  method: 'get',
  path: '/api/data-quality',
  summary:
    'The implausible values imports found, per day, source, file and problem (`servicemeter data-quality`)',
  responses: { 200: json(DataQualityList, 'Data-quality notices'), ...authed },
});

export const getRepair = createRoute({
  operationId: 'getRepair',
  security: SIGNED_IN,
  tags: ['settings'],
  method: 'get',
  path: '/api/repair',
  summary:
    'The rows the facts rebuild cannot use (a time or date out of range), per table and reason; changes nothing (`servicemeter repair --dry-run`)',
  responses: { 200: json(RepairReport, 'What a repair would put aside'), ...authed },
});

export const repair = createRoute({
  operationId: 'repair',
  security: SIGNED_IN,
  tags: ['settings'],
  method: 'post',
  path: '/api/repair',
  summary:
    'Moves the rows the facts rebuild cannot use to the quarantine table and rebuilds the facts (`servicemeter repair`)',
  responses: { 200: json(RepairReport, 'What was put aside'), ...authed },
});
