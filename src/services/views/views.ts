/**
 * Saved views: a page of the dashboard with its period, filters and grain under a name. Private views
 * are the owner's alone; shared ones are listed for everyone signed in, and still show each reader
 * only what their role may see, since a view is a request answered by the scoped KPI endpoints.
 */
import { randomUUID } from 'node:crypto';
import type { Engine, Row } from '../../core/engine.js';
import { err, ok, type Result } from '../../core/result.js';
import { isoInstant, sqlInstant } from '../audit.js';
import type { SavedView, ViewState, ViewsProblem } from './contract.js';
import {
  checkFilters,
  checkGrain,
  checkKpi,
  checkName,
  checkPeriod,
  checkShared,
  checkTimeZone,
  type Issue,
  isRecord,
  type ViewsUser,
} from './validate.js';

export type { ViewsUser } from './validate.js';

export interface SavedViewInput {
  name: string;
  shared?: boolean;
  page: string;
  state: ViewState;
}

const PAGE = /^[a-z][a-z0-9-]*(\/[a-z0-9-]+)*$/;
const KPIS_MAX = 40;
const SEARCH_MAX = 2000;

function fromRow(row: Row): SavedView {
  return {
    id: String(row.id),
    name: String(row.name),
    ownerId: String(row.owner_id),
    shared: row.shared === true || row.shared === 1,
    page: String(row.page),
    state: JSON.parse(String(row.state)) as ViewState,
    createdAt: isoInstant(row.created_at) ?? '',
    updatedAt: isoInstant(row.updated_at) ?? '',
  };
}

/** The view as stored, whoever asks: for the reports and alerts that run without a reader. */
export async function getSavedView(engine: Engine, id: string): Promise<SavedView | null> {
  const rows = await engine.all(`SELECT * FROM saved_views WHERE id = ${engine.dialect.placeholder(1)}`, [
    id,
  ]);
  return rows[0] ? fromRow(rows[0]) : null;
}

/** The user's own views and every shared one, by name. */
export async function listSavedViews(engine: Engine, user: ViewsUser): Promise<SavedView[]> {
  const rows = await engine.all(
    `SELECT * FROM saved_views WHERE owner_id = ${engine.dialect.placeholder(1)} OR shared ORDER BY lower(name), id`,
    [user.id],
  );
  return rows.map(fromRow);
}

/** Every view, private ones too: for whoever holds the database file. */
export async function allSavedViews(engine: Engine): Promise<SavedView[]> {
  return (await engine.all('SELECT * FROM saved_views ORDER BY lower(name), id')).map(fromRow);
}

export const canRead = (user: ViewsUser, item: { ownerId: string; shared: boolean }) =>
  item.shared || item.ownerId === user.id;
export const canChange = (user: ViewsUser, item: { ownerId: string; shared: boolean }) =>
  item.ownerId === user.id || (item.shared && user.role === 'admin');

/** A view the user may read; another user's private view is answered as missing. */
export async function readSavedView(
  engine: Engine,
  user: ViewsUser,
  id: string,
): Promise<Result<SavedView, ViewsProblem>> {
  const view = await getSavedView(engine, id);
  if (!view || !canRead(user, view)) return err({ kind: 'not_found', what: `saved view ${id}` });
  return ok(view);
}

export function validateViewState(
  value: unknown,
  user: ViewsUser,
  issues: Issue[],
  path = 'state',
): ViewState {
  if (!isRecord(value)) {
    issues.push({ path, message: 'an object with period, timezone, filters, grain, kpis and search' });
    return { period: { preset: 'last30' }, timezone: 'UTC', filters: {}, grain: null, kpis: [], search: '' };
  }
  const kpisIn = value.kpis ?? [];
  let kpis: string[] = [];
  if (!Array.isArray(kpisIn) || kpisIn.length > KPIS_MAX)
    issues.push({ path: `${path}.kpis`, message: `a list of at most ${KPIS_MAX} indicators` });
  else kpis = kpisIn.map((k, i) => checkKpi(k, `${path}.kpis.${i}`, issues));
  const search = value.search ?? '';
  if (typeof search !== 'string' || search.length > SEARCH_MAX || (search !== '' && !search.startsWith('?')))
    issues.push({
      path: `${path}.search`,
      message: `empty or a query string starting with ?, at most ${SEARCH_MAX} characters`,
    });
  else {
    // The agent limit holds for the address too: the page reads its filters from it.
    const agents = new URLSearchParams(search).getAll('agent').flatMap((a) => a.split(','));
    if (user.role === 'agent' && agents.some((a) => a !== '' && a !== user.agentId))
      issues.push({ path: `${path}.search`, message: 'agents can filter only on themselves' });
  }
  return {
    period: checkPeriod(value.period, `${path}.period`, issues),
    timezone: checkTimeZone(value.timezone, `${path}.timezone`, issues),
    filters: checkFilters(value.filters, `${path}.filters`, user, issues),
    grain: checkGrain(value.grain, `${path}.grain`, issues),
    kpis: [...new Set(kpis)],
    search: typeof search === 'string' ? search : '',
  };
}

function validateView(value: unknown, user: ViewsUser): Result<SavedViewInput, ViewsProblem> {
  const issues: Issue[] = [];
  if (!isRecord(value)) return err({ kind: 'invalid', issues: [{ path: '', message: 'an object' }] });
  const name = checkName(value.name, issues);
  const shared = checkShared(value.shared, issues);
  if (typeof value.page !== 'string' || !PAGE.test(value.page) || value.page.length > 64)
    issues.push({ path: 'page', message: 'the page of the dashboard, such as overview or trends' });
  const state = validateViewState(value.state, user, issues);
  if (issues.length > 0) return err({ kind: 'invalid', issues });
  return ok({ name, shared, page: String(value.page), state });
}

async function nameTaken(
  engine: Engine,
  table: string,
  ownerId: string,
  name: string,
  except: string | null,
) {
  const p = engine.dialect.placeholder;
  const rows = await engine.all(
    `SELECT id FROM ${table} WHERE owner_id = ${p(1)} AND lower(name) = lower(${p(2)}) AND id <> ${p(3)}`,
    [ownerId, name, except ?? ''],
  );
  return rows.length > 0;
}

export { nameTaken as nameTakenIn };

export async function createSavedView(
  engine: Engine,
  user: ViewsUser,
  input: unknown,
  now = new Date(),
): Promise<Result<SavedView, ViewsProblem>> {
  const valid = validateView(input, user);
  if (!valid.ok) return valid;
  const v = valid.data;
  const id = randomUUID();
  const created = await engine.transaction(async () => {
    if (await nameTaken(engine, 'saved_views', user.id, v.name, null)) return false;
    await engine.insertRows(
      'saved_views',
      ['id', 'name', 'owner_id', 'shared', 'page', 'state', 'created_at', 'updated_at'],
      [[id, v.name, user.id, v.shared, v.page, JSON.stringify(v.state), sqlInstant(now), sqlInstant(now)]],
    );
    return true;
  });
  if (!created)
    return err({ kind: 'conflict', reason: `you already have a view named ${JSON.stringify(v.name)}` });
  return ok((await getSavedView(engine, id)) as SavedView);
}

/** Replaces a view; fields left out keep their value. */
export async function updateSavedView(
  engine: Engine,
  user: ViewsUser,
  id: string,
  input: unknown,
  now = new Date(),
): Promise<Result<SavedView, ViewsProblem>> {
  const current = await readSavedView(engine, user, id);
  if (!current.ok) return current;
  if (!canChange(user, current.data))
    return err({ kind: 'forbidden', reason: 'only the owner or an admin may change a shared view' });
  if (!isRecord(input)) return err({ kind: 'invalid', issues: [{ path: '', message: 'an object' }] });
  const { name, shared, page, state } = current.data;
  const valid = validateView({ name, shared, page, state, ...input }, user);
  if (!valid.ok) return valid;
  const v = valid.data;
  const p = engine.dialect.placeholder;
  const owner = current.data.ownerId;
  const changed = await engine.transaction(async () => {
    if (await nameTaken(engine, 'saved_views', owner, v.name, id)) return false;
    await engine.run(
      `UPDATE saved_views SET name = ${p(1)}, shared = ${p(2)}, page = ${p(3)}, state = ${p(4)}, updated_at = ${p(5)} WHERE id = ${p(6)}`,
      [v.name, v.shared, v.page, JSON.stringify(v.state), sqlInstant(now), id],
    );
    return true;
  });
  if (!changed)
    return err({ kind: 'conflict', reason: `a view named ${JSON.stringify(v.name)} already exists` });
  return ok((await getSavedView(engine, id)) as SavedView);
}

export async function deleteSavedView(
  engine: Engine,
  user: ViewsUser,
  id: string,
): Promise<Result<SavedView, ViewsProblem>> {
  const current = await readSavedView(engine, user, id);
  if (!current.ok) return current;
  if (!canChange(user, current.data))
    return err({ kind: 'forbidden', reason: 'only the owner or an admin may delete a shared view' });
  await engine.run(`DELETE FROM saved_views WHERE id = ${engine.dialect.placeholder(1)}`, [id]);
  return ok(current.data);
}
