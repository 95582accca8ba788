/**
 * Themes: terms grouped under a name the team chose (saved in words_themes), and groups of terms
 * that occur in the same texts, suggested until someone saves them. A term belongs to one saved
 * theme at most, so a term's theme is never ambiguous in the topics.
 */
import { randomBytes } from 'node:crypto';
import type { Engine, Row } from '../../core/engine.js';
import { err, ok, type Result } from '../../core/result.js';
import { suggestThemes } from '../../core/words/distinctive.js';
import { sqlInstant } from '../audit.js';
import type { TermFilters, Theme, WordsProblem } from './contract.js';
import { invalid, SqlParams, textWhere, type WordsVisibility } from './filters.js';

const NAME_LIMIT = 60;
const TERM_LIMIT = 60;
const TERMS_PER_THEME = 200;
export const THEMES_LIMIT = 500;
/** The period's most frequent terms that suggestions are looked for among. */
const SUGGESTION_TERMS = 60;
const SUGGESTION_MIN_TEXTS = 3;

export interface ThemeInput {
  name?: unknown;
  terms?: unknown;
  pinned?: unknown;
}

type Issue = { path: string; message: string };

function themeOf(row: Row): Theme {
  return {
    id: String(row.id),
    name: String(row.name),
    terms: JSON.parse(String(row.terms ?? '[]')) as string[],
    pinned: row.pinned === true,
    suggested: false,
  };
}

export async function savedThemes(engine: Engine): Promise<Theme[]> {
  const rows = await engine.all(
    'SELECT id, name, terms, pinned FROM words_themes ORDER BY pinned DESC, lower(name), id',
  );
  return rows.map(themeOf);
}

/** Each term of a saved theme, with that theme's id. */
export async function themeOfTerm(engine: Engine): Promise<Map<string, string>> {
  const of = new Map<string, string>();
  for (const theme of await savedThemes(engine)) for (const term of theme.terms) of.set(term, theme.id);
  return of;
}

async function findTheme(engine: Engine, id: string): Promise<Theme | null> {
  const rows = await engine.all(
    `SELECT id, name, terms, pinned FROM words_themes WHERE id = ${engine.dialect.placeholder(1)}`,
    [id],
  );
  return rows[0] ? themeOf(rows[0]) : null;
}

/** A saved theme by id, or not_found. */
export async function getTheme(engine: Engine, id: string): Promise<Result<Theme, WordsProblem>> {
  const theme = await findTheme(engine, id);
  return theme ? ok(theme) : err({ kind: 'not_found', what: `theme ${id}` });
}

/**
 * The saved themes, then, given a period, the themes suggested from its most frequent terms that
 * no saved theme holds: terms found in largely the same texts.
 */
export async function listThemes(
  engine: Engine,
  period?: { filters: TermFilters; visibility: WordsVisibility },
): Promise<Theme[]> {
  const saved = await savedThemes(engine);
  if (!period) return saved;
  const taken = new Set(saved.flatMap((t) => t.terms));
  const params = new SqlParams(engine);
  const where = textWhere(params, period.filters, period.visibility);
  const takenList = [...taken];
  const rows = await engine.all(
    `WITH texts AS (SELECT i.item_key FROM text_items i WHERE ${where}),
     top AS (
       SELECT t.term FROM text_terms t JOIN texts x ON x.item_key = t.item_key
       ${takenList.length > 0 ? `WHERE t.term NOT IN (${params.list(takenList)})` : ''}
       GROUP BY t.term HAVING COUNT(DISTINCT t.item_key) >= ${SUGGESTION_MIN_TEXTS}
       ORDER BY COUNT(DISTINCT t.item_key) DESC, t.term LIMIT ${SUGGESTION_TERMS})
     SELECT t.term, t.item_key FROM text_terms t JOIN texts x ON x.item_key = t.item_key
     WHERE t.term IN (SELECT term FROM top)`,
    params.values,
  );
  const textsOf = new Map<string, Set<string>>();
  for (const row of rows) {
    const term = String(row.term);
    let texts = textsOf.get(term);
    if (!texts) {
      texts = new Set();
      textsOf.set(term, texts);
    }
    texts.add(String(row.item_key));
  }
  const byFrequency = [...textsOf.keys()].sort(
    (a, b) => (textsOf.get(b)?.size ?? 0) - (textsOf.get(a)?.size ?? 0) || a.localeCompare(b),
  );
  const groups = suggestThemes(byFrequency, (term) => textsOf.get(term) ?? new Set<string>());
  const suggested = groups
    .filter((terms) => terms.length > 0)
    .map((terms) => ({
      id: `suggested:${terms[0]}`,
      name: terms.slice(0, 3).join(', '),
      terms,
      pinned: false,
      suggested: true,
    }));
  return [...saved, ...suggested];
}

function checkName(value: unknown, issues: Issue[]): string | undefined {
  if (typeof value !== 'string' || value.trim() === '' || value.trim().length > NAME_LIMIT) {
    issues.push({ path: 'name', message: `a name of 1–${NAME_LIMIT} characters` });
    return undefined;
  }
  return value.trim();
}

function checkTerms(value: unknown, issues: Issue[]): string[] | undefined {
  if (!Array.isArray(value) || value.length === 0 || value.length > TERMS_PER_THEME) {
    issues.push({ path: 'terms', message: `a list of 1–${TERMS_PER_THEME} terms` });
    return undefined;
  }
  const terms: string[] = [];
  value.forEach((term, index) => {
    const text = typeof term === 'string' ? term.trim().toLowerCase().replaceAll(/\s+/g, ' ') : '';
    if (text === '' || text.length > TERM_LIMIT)
      issues.push({ path: `terms.${index}`, message: `a term of 1–${TERM_LIMIT} characters` });
    else if (!terms.includes(text)) terms.push(text);
  });
  return terms;
}

function checkPinned(value: unknown, issues: Issue[]): boolean | undefined {
  if (typeof value !== 'boolean') {
    issues.push({ path: 'pinned', message: 'true or false' });
    return undefined;
  }
  return value;
}

/** A term already in another saved theme is refused: it would count in two. */
async function termsTaken(
  engine: Engine,
  terms: readonly string[],
  except: readonly string[],
): Promise<WordsProblem | null> {
  for (const theme of await savedThemes(engine)) {
    if (except.includes(theme.id)) continue;
    const shared = terms.filter((t) => theme.terms.includes(t));
    if (shared.length > 0)
      return {
        kind: 'conflict',
        message: `terms: ${shared.join(', ')} already in theme "${theme.name}" (${theme.id}); a term belongs to one theme`,
      };
  }
  return null;
}

async function insertTheme(engine: Engine, theme: Theme, now: Date): Promise<void> {
  const p = engine.dialect.placeholder;
  await engine.run(
    `INSERT INTO words_themes (id, name, terms, pinned, created_at, updated_at)
     VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, CAST(${p(5)} AS TIMESTAMP), CAST(${p(5)} AS TIMESTAMP))`,
    [theme.id, theme.name, JSON.stringify(theme.terms), theme.pinned, sqlInstant(now)],
  );
}

export async function createTheme(
  engine: Engine,
  input: ThemeInput,
  now: Date,
): Promise<Result<Theme, WordsProblem>> {
  const issues: Issue[] = [];
  const name = checkName(input.name, issues);
  const terms = checkTerms(input.terms, issues);
  const pinned = input.pinned === undefined ? false : checkPinned(input.pinned, issues);
  if (issues.length > 0 || name === undefined || terms === undefined || pinned === undefined)
    return err({ kind: 'invalid', issues });
  const [count] = await engine.all('SELECT COUNT(*) AS n FROM words_themes');
  if (Number(count?.n ?? 0) >= THEMES_LIMIT)
    return err(invalid('(body)', `at most ${THEMES_LIMIT} themes; merge or delete some first`));
  const taken = await termsTaken(engine, terms, []);
  if (taken) return err(taken);
  const theme: Theme = { id: randomBytes(6).toString('hex'), name, terms, pinned, suggested: false };
  await insertTheme(engine, theme, now);
  return ok(theme);
}

export async function updateTheme(
  engine: Engine,
  id: string,
  input: ThemeInput,
  now: Date,
): Promise<Result<Theme, WordsProblem>> {
  const issues: Issue[] = [];
  const known = new Set(['name', 'terms', 'pinned']);
  for (const field of Object.keys(input))
    if (!known.has(field))
      issues.push({ path: field, message: 'not a field of a theme (name, terms, pinned)' });
  const name = input.name === undefined ? undefined : checkName(input.name, issues);
  const terms = input.terms === undefined ? undefined : checkTerms(input.terms, issues);
  const pinned = input.pinned === undefined ? undefined : checkPinned(input.pinned, issues);
  if (issues.length > 0) return err({ kind: 'invalid', issues });
  const theme = await findTheme(engine, id);
  if (!theme) return err({ kind: 'not_found', what: `theme ${id}` });
  if (terms) {
    const taken = await termsTaken(engine, terms, [id]);
    if (taken) return err(taken);
  }
  const changed: Theme = {
    ...theme,
    ...(name !== undefined ? { name } : {}),
    ...(terms !== undefined ? { terms } : {}),
    ...(pinned !== undefined ? { pinned } : {}),
  };
  const p = engine.dialect.placeholder;
  await engine.run(
    `UPDATE words_themes SET name = ${p(1)}, terms = ${p(2)}, pinned = ${p(3)}, updated_at = CAST(${p(4)} AS TIMESTAMP)
     WHERE id = ${p(5)}`,
    [changed.name, JSON.stringify(changed.terms), changed.pinned, sqlInstant(now), id],
  );
  return ok(changed);
}

/**
 * Several saved themes as one, under a new name: the first keeps its id and takes every term of
 * the others (pinned when any was), the others are deleted.
 */
export async function mergeThemes(
  engine: Engine,
  input: { ids?: unknown; name?: unknown },
  now: Date,
): Promise<Result<Theme, WordsProblem>> {
  const issues: Issue[] = [];
  const name = checkName(input.name, issues);
  const ids = Array.isArray(input.ids) ? [...new Set(input.ids)] : [];
  if (ids.length < 2 || ids.length > 50 || ids.some((id) => typeof id !== 'string' || id === ''))
    issues.push({ path: 'ids', message: 'the ids of 2–50 different saved themes' });
  if (issues.length > 0 || name === undefined) return err({ kind: 'invalid', issues });
  const themes: Theme[] = [];
  for (const id of ids as string[]) {
    const theme = await findTheme(engine, id);
    if (!theme) return err({ kind: 'not_found', what: `theme ${id}` });
    themes.push(theme);
  }
  const [first, ...others] = themes as [Theme, ...Theme[]];
  const merged: Theme = {
    id: first.id,
    name,
    terms: [...new Set(themes.flatMap((t) => t.terms))],
    pinned: themes.some((t) => t.pinned),
    suggested: false,
  };
  const p = engine.dialect.placeholder;
  await engine.transaction(async () => {
    for (const other of others) await engine.run(`DELETE FROM words_themes WHERE id = ${p(1)}`, [other.id]);
    await engine.run(
      `UPDATE words_themes SET name = ${p(1)}, terms = ${p(2)}, pinned = ${p(3)}, updated_at = CAST(${p(4)} AS TIMESTAMP)
       WHERE id = ${p(5)}`,
      [merged.name, JSON.stringify(merged.terms), merged.pinned, sqlInstant(now), merged.id],
    );
  });
  return ok(merged);
}

export async function deleteTheme(engine: Engine, id: string): Promise<Result<{ id: string }, WordsProblem>> {
  const theme = await findTheme(engine, id);
  if (!theme) return err({ kind: 'not_found', what: `theme ${id}` });
  await engine.run(`DELETE FROM words_themes WHERE id = ${engine.dialect.placeholder(1)}`, [id]);
  return ok({ id });
}
