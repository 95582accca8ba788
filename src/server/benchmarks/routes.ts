/**
 * Benchmarks and competitors: the published figures that come with servicemeter and the team's own
 * (imported, or competitor figures entered here), the team's value beside them, and every indicator
 * set against the same span a year before. Who may call each is in ./policy.ts.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { body, json, problems, SIGNED_IN } from '../routes.js';
import {
  BenchmarkComparisonList,
  BenchmarkId,
  BenchmarkList,
  BenchmarkListQuery,
  BenchmarkSchema,
  CompareQuery,
  CompetitorFigureSchema,
  YearOverYearQuery,
  YearOverYearSchema,
} from './schemas.js';

const tags = ['benchmarks'];
const reading = problems(400, 401, 403);

export const listBenchmarks = createRoute({
  operationId: 'listBenchmarks',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/benchmarks',
  summary:
    'The published figures (shipped and imported) and the competitor figures, with source, year, industry, region and channel',
  request: { query: BenchmarkListQuery },
  responses: { 200: json(BenchmarkList, 'The figures'), ...reading },
});

export const compareBenchmarks = createRoute({
  operationId: 'compareBenchmarks',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/benchmarks/compare',
  summary:
    "The team's value of each indicator with figures to compare, beside the published and competitor figures",
  request: { query: CompareQuery },
  responses: { 200: json(BenchmarkComparisonList, 'The comparison'), ...problems(400, 401, 403, 503) },
});

export const getYearOverYear = createRoute({
  operationId: 'getYearOverYear',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/benchmarks/year-over-year',
  summary:
    'Each indicator for the year (the year to date while it runs) against the same span a year before: the change and whether it improved',
  request: { query: YearOverYearQuery },
  responses: { 200: json(YearOverYearSchema, 'Year over year'), ...problems(400, 401, 403, 503) },
});

export const putBenchmark = createRoute({
  operationId: 'putBenchmark',
  security: SIGNED_IN,
  tags,
  method: 'put',
  path: '/api/benchmarks/{id}',
  summary:
    'Enter or replace a competitor figure (from mystery shopping, public reviews, surveys asking customers to compare)',
  request: { params: BenchmarkId, body: body(CompetitorFigureSchema) },
  responses: { 200: json(BenchmarkSchema, 'Stored'), ...problems(400, 401, 403, 409) },
});

export const deleteBenchmark = createRoute({
  operationId: 'deleteBenchmark',
  security: SIGNED_IN,
  tags,
  method: 'delete',
  path: '/api/benchmarks/{id}',
  summary: 'Delete an imported or entered figure; the shipped published figures cannot be deleted',
  request: { params: BenchmarkId },
  responses: { 200: json(z.object({ deleted: z.string() }), 'Deleted'), ...problems(401, 403, 404, 409) },
});
