/**
 * Custom dashboards: tiles of any indicator, each a value, a chart or a table, in a 4-column grid,
 * with filters of their own on top of the dashboard's. A dashboard may open by default for a role;
 * one dashboard per role, set by an admin, and shared, since everyone of the role must be able to
 * read it.
 */
import { randomUUID } from 'node:crypto';
import type { Engine, Row } from '../../core/engine.js';
import { err, ok, type Result } from '../../core/result.js';
import { isoInstant, sqlInstant } from '../audit.js';
import { ROLES, type Role } from '../users.js';
import {
  type Dashboard,
  type DashboardTile,
  TILE_KINDS,
  type TileKind,
  type ViewsProblem,
} from './contract.js';
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
import { canChange, canRead, nameTakenIn } from './views.js';

export const TILES_MAX = 24;
const SPLITS = ['channel', 'team', 'agent'] as const;
const TITLE_MAX = 120;

type DashboardInput = Pick<Dashboard, 'name' | 'shared' | 'defaultFor' | 'state' | 'tiles'>;

const roles = (value: unknown): Role[] =>
  value == null || value === ''
    ? []
    : String(value)
        .split(',')
        .filter((r): r is Role => (ROLES as readonly string[]).includes(r));

function fromRow(row: Row): Dashboard {
  return {
    id: String(row.id),
    name: String(row.name),
    ownerId: String(row.owner_id),
    shared: row.shared === true || row.shared === 1,
    defaultFor: roles(row.default_for),
    state: JSON.parse(String(row.filters)) as Dashboard['state'],
    tiles: JSON.parse(String(row.tiles)) as DashboardTile[],
    createdAt: isoInstant(row.created_at) ?? '',
    updatedAt: isoInstant(row.updated_at) ?? '',
  };
}

/** The dashboard as stored, whoever asks: for the reports that run without a reader. */
export async function getDashboard(engine: Engine, id: string): Promise<Dashboard | null> {
  const rows = await engine.all(`SELECT * FROM dashboards WHERE id = ${engine.dialect.placeholder(1)}`, [id]);
  return rows[0] ? fromRow(rows[0]) : null;
}

/** The user's own dashboards and every shared one, by name. */
export async function listDashboards(engine: Engine, user: ViewsUser): Promise<Dashboard[]> {
  const rows = await engine.all(
    `SELECT * FROM dashboards WHERE owner_id = ${engine.dialect.placeholder(1)} OR shared ORDER BY lower(name), id`,
    [user.id],
  );
  return rows.map(fromRow);
}

/** Every dashboard, private ones too: for whoever holds the database file. */
export async function allDashboards(engine: Engine): Promise<Dashboard[]> {
  return (await engine.all('SELECT * FROM dashboards ORDER BY lower(name), id')).map(fromRow);
}

/** The dashboard a role opens on, or null when none is set. */
export async function defaultDashboard(engine: Engine, role: Role): Promise<Dashboard | null> {
  const rows = await engine.all(
    "SELECT * FROM dashboards WHERE shared AND default_for IS NOT NULL AND default_for <> ''",
  );
  return rows.map(fromRow).find((d) => d.defaultFor.includes(role)) ?? null;
}

export async function readDashboard(
  engine: Engine,
  user: ViewsUser,
  id: string,
): Promise<Result<Dashboard, ViewsProblem>> {
  const dashboard = await getDashboard(engine, id);
  if (!dashboard || !canRead(user, dashboard)) return err({ kind: 'not_found', what: `dashboard ${id}` });
  return ok(dashboard);
}

function checkInt(value: unknown, min: number, max: number, path: string, issues: Issue[]): number {
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
    issues.push({ path, message: `a whole number from ${min} to ${max}` });
    return min;
  }
  return value as number;
}

function validateTile(value: unknown, path: string, user: ViewsUser, issues: Issue[]): DashboardTile {
  if (!isRecord(value)) {
    issues.push({ path, message: 'a tile: {kpi, kind, width, height, filters, grain, split, title}' });
    return {
      id: '',
      kpi: '',
      kind: 'value',
      width: 1,
      height: 1,
      filters: {},
      grain: null,
      split: null,
      title: null,
    };
  }
  let id = value.id;
  if (id === undefined || id === null || id === '') id = randomUUID();
  else if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(id))
    issues.push({ path: `${path}.id`, message: 'letters, digits, - and _, at most 64' });
  const kind = value.kind ?? 'value';
  if (!(TILE_KINDS as readonly unknown[]).includes(kind))
    issues.push({ path: `${path}.kind`, message: `one of ${TILE_KINDS.join(', ')}` });
  const split = value.split ?? null;
  if (split !== null && !(SPLITS as readonly unknown[]).includes(split))
    issues.push({ path: `${path}.split`, message: `one of ${SPLITS.join(', ')}, or null` });
  else if (split === 'agent' && user.role === 'agent')
    issues.push({ path: `${path}.split`, message: 'agents cannot split by agent' });
  const title = value.title ?? null;
  if (title !== null && (typeof title !== 'string' || title.length > TITLE_MAX))
    issues.push({ path: `${path}.title`, message: `a text of at most ${TITLE_MAX} characters, or null` });
  return {
    id: String(id),
    kpi: checkKpi(value.kpi, `${path}.kpi`, issues),
    kind: kind as TileKind,
    width: checkInt(value.width ?? 1, 1, 4, `${path}.width`, issues),
    height: checkInt(value.height ?? 1, 1, 3, `${path}.height`, issues),
    filters: checkFilters(value.filters, `${path}.filters`, user, issues),
    grain: checkGrain(value.grain, `${path}.grain`, issues),
    split: split as DashboardTile['split'],
    title: typeof title === 'string' && title.trim() !== '' ? title.trim() : null,
  };
}

function validateDashboard(value: unknown, user: ViewsUser): Result<DashboardInput, ViewsProblem> {
  if (!isRecord(value)) return err({ kind: 'invalid', issues: [{ path: '', message: 'an object' }] });
  const issues: Issue[] = [];
  const name = checkName(value.name, issues);
  const shared = checkShared(value.shared, issues);
  const defaultIn = value.defaultFor ?? [];
  let defaultFor: Role[] = [];
  if (!Array.isArray(defaultIn) || !defaultIn.every((r) => (ROLES as readonly unknown[]).includes(r)))
    issues.push({ path: 'defaultFor', message: `a list of roles: ${ROLES.join(', ')}` });
  else defaultFor = [...new Set(defaultIn as Role[])];
  if (defaultFor.length > 0 && !shared)
    issues.push({ path: 'shared', message: 'a dashboard opened by default for a role must be shared' });
  const stateIn = isRecord(value.state) ? value.state : {};
  if (value.state !== undefined && !isRecord(value.state))
    issues.push({ path: 'state', message: 'an object with period, timezone, filters and grain' });
  const state = {
    period: checkPeriod(stateIn.period ?? { preset: 'last30' }, 'state.period', issues),
    timezone: checkTimeZone(stateIn.timezone ?? 'UTC', 'state.timezone', issues),
    filters: checkFilters(stateIn.filters, 'state.filters', user, issues),
    grain: checkGrain(stateIn.grain, 'state.grain', issues),
  };
  const tilesIn = value.tiles ?? [];
  let tiles: DashboardTile[] = [];
  if (!Array.isArray(tilesIn) || tilesIn.length > TILES_MAX)
    issues.push({ path: 'tiles', message: `a list of at most ${TILES_MAX} tiles` });
  else {
    tiles = tilesIn.map((t, i) => validateTile(t, `tiles.${i}`, user, issues));
    const seen = new Set<string>();
    tiles.forEach((t, i) => {
      if (seen.has(t.id)) issues.push({ path: `tiles.${i}.id`, message: 'two tiles share this id' });
      seen.add(t.id);
    });
  }
  if (issues.length > 0) return err({ kind: 'invalid', issues });
  return ok({ name, shared, defaultFor, state, tiles });
}

const sameRoles = (a: readonly Role[], b: readonly Role[]) =>
  a.length === b.length && a.every((r) => b.includes(r));

/** Takes the roles off every other dashboard: one default per role. */
async function claimRoles(engine: Engine, id: string, claimed: readonly Role[]) {
  if (claimed.length === 0) return;
  const p = engine.dialect.placeholder;
  const rows = await engine.all(
    `SELECT id, default_for FROM dashboards WHERE id <> ${p(1)} AND default_for IS NOT NULL AND default_for <> ''`,
    [id],
  );
  for (const row of rows) {
    const had = roles(row.default_for);
    const left = had.filter((r) => !claimed.includes(r));
    if (left.length !== had.length)
      await engine.run(`UPDATE dashboards SET default_for = ${p(1)} WHERE id = ${p(2)}`, [
        left.join(','),
        row.id,
      ]);
  }
}

export async function createDashboard(
  engine: Engine,
  user: ViewsUser,
  input: unknown,
  now = new Date(),
): Promise<Result<Dashboard, ViewsProblem>> {
  const valid = validateDashboard(input, user);
  if (!valid.ok) return valid;
  const d = valid.data;
  if (d.defaultFor.length > 0 && user.role !== 'admin')
    return err({ kind: 'forbidden', reason: 'only an admin may make a dashboard the default of a role' });
  const id = randomUUID();
  const created = await engine.transaction(async () => {
    if (await nameTakenIn(engine, 'dashboards', user.id, d.name, null)) return false;
    await claimRoles(engine, id, d.defaultFor);
    await engine.insertRows(
      'dashboards',
      ['id', 'name', 'owner_id', 'shared', 'default_for', 'filters', 'tiles', 'created_at', 'updated_at'],
      [
        [
          id,
          d.name,
          user.id,
          d.shared,
          d.defaultFor.join(','),
          JSON.stringify(d.state),
          JSON.stringify(d.tiles),
          sqlInstant(now),
          sqlInstant(now),
        ],
      ],
    );
    return true;
  });
  if (!created)
    return err({ kind: 'conflict', reason: `you already have a dashboard named ${JSON.stringify(d.name)}` });
  return ok((await getDashboard(engine, id)) as Dashboard);
}

/** Replaces a dashboard; fields left out keep their value. */
export async function updateDashboard(
  engine: Engine,
  user: ViewsUser,
  id: string,
  input: unknown,
  now = new Date(),
): Promise<Result<Dashboard, ViewsProblem>> {
  const current = await readDashboard(engine, user, id);
  if (!current.ok) return current;
  const c = current.data;
  // An admin may change the default roles of any shared dashboard, even one they do not own.
  if (!canChange(user, c))
    return err({ kind: 'forbidden', reason: 'only the owner or an admin may change a shared dashboard' });
  if (!isRecord(input)) return err({ kind: 'invalid', issues: [{ path: '', message: 'an object' }] });
  const valid = validateDashboard(
    { name: c.name, shared: c.shared, defaultFor: c.defaultFor, state: c.state, tiles: c.tiles, ...input },
    user,
  );
  if (!valid.ok) return valid;
  const d = valid.data;
  if (!sameRoles(d.defaultFor, c.defaultFor) && user.role !== 'admin')
    return err({ kind: 'forbidden', reason: 'only an admin may make a dashboard the default of a role' });
  const p = engine.dialect.placeholder;
  const changed = await engine.transaction(async () => {
    if (await nameTakenIn(engine, 'dashboards', c.ownerId, d.name, id)) return false;
    await claimRoles(engine, id, d.defaultFor);
    await engine.run(
      `UPDATE dashboards SET name = ${p(1)}, shared = ${p(2)}, default_for = ${p(3)}, filters = ${p(4)}, tiles = ${p(5)}, updated_at = ${p(6)} WHERE id = ${p(7)}`,
      [
        d.name,
        d.shared,
        d.defaultFor.join(','),
        JSON.stringify(d.state),
        JSON.stringify(d.tiles),
        sqlInstant(now),
        id,
      ],
    );
    return true;
  });
  if (!changed)
    return err({ kind: 'conflict', reason: `a dashboard named ${JSON.stringify(d.name)} already exists` });
  return ok((await getDashboard(engine, id)) as Dashboard);
}

export async function deleteDashboard(
  engine: Engine,
  user: ViewsUser,
  id: string,
): Promise<Result<Dashboard, ViewsProblem>> {
  const current = await readDashboard(engine, user, id);
  if (!current.ok) return current;
  if (!canChange(user, current.data))
    return err({ kind: 'forbidden', reason: 'only the owner or an admin may delete a shared dashboard' });
  await engine.run(`DELETE FROM dashboards WHERE id = ${engine.dialect.placeholder(1)}`, [id]);
  return ok(current.data);
}
