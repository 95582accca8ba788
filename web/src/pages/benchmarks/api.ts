import type { InferRequestType, InferResponseType } from 'hono/client';
import { type Api, call, client } from '../../api.js';

/** The benchmarks API as the dashboard calls it; the shapes are inferred from the server's routes. */
type Benchmarks = Api['benchmarks'];
export type BenchmarkList = InferResponseType<Benchmarks['$get'], 200>;
export type Benchmark = BenchmarkList['benchmarks'][number];
export type Comparison = InferResponseType<Benchmarks['compare']['$get'], 200>;
export type ComparisonRow = Comparison['rows'][number];
export type CompareQuery = InferRequestType<Benchmarks['compare']['$get']>['query'];
export type YearOverYear = InferResponseType<Benchmarks['year-over-year']['$get'], 200>;
export type YearOverYearQuery = InferRequestType<Benchmarks['year-over-year']['$get']>['query'];
export type CompetitorFigure = InferRequestType<Benchmarks[':id']['$put']>['json'];

const benchmarks = client.api.benchmarks;
const init = (signal?: AbortSignal) => ({ init: { signal: signal ?? null } });

export const benchmarksApi = {
  list: (signal?: AbortSignal) => call(benchmarks.$get({ query: {} }, init(signal))),
  compare: (query: CompareQuery, signal?: AbortSignal) =>
    call(benchmarks.compare.$get({ query }, init(signal))),
  yearOverYear: (query: YearOverYearQuery, signal?: AbortSignal) =>
    call(benchmarks['year-over-year'].$get({ query }, init(signal))),
  put: (id: string, figure: CompetitorFigure) =>
    call(benchmarks[':id'].$put({ param: { id }, json: figure })),
  remove: (id: string) => call(benchmarks[':id'].$delete({ param: { id } })),
};
