import type { QaScale, ScorecardCategory, ScorecardDefinition } from '../../../../src/core/qa/scorecard.js';
import { CHANNELS, QA_ROOT_CAUSES } from '../../../../src/core/schema.js';

/**
 * What the scorecard editor does to a definition, as pure functions: each returns a new definition
 * and leaves the one given alone. The server validates a saved definition
 * (src/core/qa/scorecard.ts); `definitionProblems` finds the same mistakes first, so the editor can
 * point at the category before anything is sent.
 */
export type { QaScale, ScorecardCategory, ScorecardDefinition };

/** The scales a category is rated on (QA_SCALES in src/core/qa/scorecard.ts). */
export const SCALES: readonly QaScale[] = ['pass_fail', '1-3', '1-5'];
export { CHANNELS, QA_ROOT_CAUSES };

const SLUG = /^[a-z][a-z0-9_]{0,39}$/;

export function isSlug(id: string): boolean {
  return SLUG.test(id);
}

/** A slug from a name: `Tone of voice` → `tone_of_voice`; `category` when nothing is left. */
export function slugOf(name: string, fallback = 'category'): string {
  const slug = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[^a-z]+/, '')
    .replace(/_+$/, '')
    .slice(0, 40)
    .replace(/_+$/, '');
  return slug || fallback;
}

/** The first free id of the form `<stem>`, `<stem>_2`, … among `taken`. */
export function freeId(taken: Iterable<string>, stem: string): string {
  const used = new Set(taken);
  if (!used.has(stem)) return stem;
  for (let n = 2; ; n++) {
    const candidate = `${stem.slice(0, 36)}_${n}`;
    if (!used.has(candidate)) return candidate;
  }
}

/** A category as the schema fills it in: 1–5, weight 1, not applicable allowed, not critical. */
export function newCategory(definition: ScorecardDefinition, name = ''): ScorecardCategory {
  return {
    id: freeId(
      definition.categories.map((c) => c.id),
      slugOf(name),
    ),
    name,
    description: '',
    scale: '1-5',
    weight: 1,
    allowNotApplicable: true,
    critical: false,
    passMark: 0.5,
  };
}

/** A new scorecard with one category to fill in, and the schema's defaults. */
export function emptyScorecard(name: string): ScorecardDefinition {
  const base: ScorecardDefinition = {
    name,
    description: '',
    categories: [],
    groups: [],
    passMark: 0.8,
    criticalScope: 'review',
    rootCauses: [...QA_ROOT_CAUSES],
    channels: [],
    teams: [],
  };
  return { ...base, categories: [newCategory(base)] };
}

export function addCategory(definition: ScorecardDefinition, name = ''): ScorecardDefinition {
  return { ...definition, categories: [...definition.categories, newCategory(definition, name)] };
}

export function replaceCategory(
  definition: ScorecardDefinition,
  index: number,
  category: ScorecardCategory,
): ScorecardDefinition {
  return {
    ...definition,
    categories: definition.categories.map((c, i) => (i === index ? category : c)),
  };
}

/** Changes a category; a new name gives a category that was never saved a matching id. */
export function renameCategory(
  definition: ScorecardDefinition,
  index: number,
  name: string,
  savedIds: ReadonlySet<string>,
): ScorecardDefinition {
  const category = definition.categories[index];
  if (!category) return definition;
  // A saved category keeps its id: ratings of earlier reviews and training needs refer to it.
  const id = savedIds.has(category.id)
    ? category.id
    : freeId(
        definition.categories.filter((_, i) => i !== index).map((c) => c.id),
        slugOf(name),
      );
  return replaceCategory(definition, index, { ...category, name, id });
}

export function moveCategory(
  definition: ScorecardDefinition,
  index: number,
  by: -1 | 1,
): ScorecardDefinition {
  const target = index + by;
  if (target < 0 || target >= definition.categories.length) return definition;
  const categories = [...definition.categories];
  const [moved] = categories.splice(index, 1);
  if (!moved) return definition;
  categories.splice(target, 0, moved);
  return { ...definition, categories };
}

/** Removes a category; the last one stays, as a scorecard needs at least one. */
export function removeCategory(definition: ScorecardDefinition, index: number): ScorecardDefinition {
  if (definition.categories.length <= 1 || !definition.categories[index]) return definition;
  return { ...definition, categories: definition.categories.filter((_, i) => i !== index) };
}

export function addGroup(definition: ScorecardDefinition, name: string): ScorecardDefinition {
  const id = freeId(
    definition.groups.map((g) => g.id),
    slugOf(name, 'group'),
  );
  return { ...definition, groups: [...definition.groups, { id, name }] };
}

export function renameGroup(definition: ScorecardDefinition, id: string, name: string): ScorecardDefinition {
  return { ...definition, groups: definition.groups.map((g) => (g.id === id ? { ...g, name } : g)) };
}

/** Removes a group; its categories stay, without a group. */
export function removeGroup(definition: ScorecardDefinition, id: string): ScorecardDefinition {
  return {
    ...definition,
    groups: definition.groups.filter((g) => g.id !== id),
    categories: definition.categories.map((c) => {
      if (c.group !== id) return c;
      const { group: _, ...rest } = c;
      return rest;
    }),
  };
}

/** Sets or clears a category's group. */
export function withGroup(category: ScorecardCategory, group: string | null): ScorecardCategory {
  const { group: _, ...rest } = category;
  return group ? { ...rest, group } : rest;
}

/** Sets or clears a category's link (an empty text clears it). */
export function withLink(category: ScorecardCategory, link: string): ScorecardCategory {
  const { link: _, ...rest } = category;
  return link.trim() ? { ...rest, link: link.trim() } : rest;
}

export function toggle<T>(list: readonly T[], value: T, on: boolean): T[] {
  const without = list.filter((v) => v !== value);
  return on ? [...without, value] : without;
}

/** Where a definition is wrong and why, as the server would say it (`categories.2.id`). */
export interface DefinitionProblem {
  path: string;
  reason: 'required' | 'id' | 'duplicate' | 'group' | 'weight' | 'link' | 'range';
}

function isUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** The mistakes the server's schema would refuse, found before saving. */
export function definitionProblems(definition: ScorecardDefinition): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  if (!definition.name.trim()) problems.push({ path: 'name', reason: 'required' });
  if (definition.passMark < 0 || definition.passMark > 1)
    problems.push({ path: 'passMark', reason: 'range' });
  const groupIds = new Set<string>();
  definition.groups.forEach((g, i) => {
    if (!g.name.trim()) problems.push({ path: `groups.${i}.name`, reason: 'required' });
    if (!isSlug(g.id)) problems.push({ path: `groups.${i}.id`, reason: 'id' });
    else if (groupIds.has(g.id)) problems.push({ path: `groups.${i}.id`, reason: 'duplicate' });
    groupIds.add(g.id);
  });
  const ids = new Set<string>();
  definition.categories.forEach((c, i) => {
    const at = `categories.${i}`;
    if (!c.name.trim()) problems.push({ path: `${at}.name`, reason: 'required' });
    if (!isSlug(c.id)) problems.push({ path: `${at}.id`, reason: 'id' });
    else if (ids.has(c.id)) problems.push({ path: `${at}.id`, reason: 'duplicate' });
    ids.add(c.id);
    if (c.group !== undefined && !groupIds.has(c.group))
      problems.push({ path: `${at}.group`, reason: 'group' });
    if (c.link !== undefined && !isUrl(c.link)) problems.push({ path: `${at}.link`, reason: 'link' });
    if (!(c.weight >= 0 && c.weight <= 100)) problems.push({ path: `${at}.weight`, reason: 'range' });
    if (!(c.passMark >= 0 && c.passMark <= 1)) problems.push({ path: `${at}.passMark`, reason: 'range' });
  });
  if (!definition.categories.some((c) => c.weight > 0))
    problems.push({ path: 'categories', reason: 'weight' });
  return problems;
}

/** The categories in the order the review screen lists them: by group, ungrouped last. */
export function categoriesByGroup(
  definition: ScorecardDefinition,
): { group: { id: string; name: string } | null; categories: ScorecardCategory[] }[] {
  const sections = definition.groups.map((group) => ({
    group,
    categories: definition.categories.filter((c) => c.group === group.id),
  }));
  const loose = definition.categories.filter(
    (c) => c.group === undefined || !definition.groups.some((g) => g.id === c.group),
  );
  return [
    ...sections.filter((s) => s.categories.length > 0),
    ...(loose.length ? [{ group: null, categories: loose }] : []),
  ];
}

/** Whether two definitions say the same (saving an unchanged one makes no new version). */
export function sameDefinition(a: ScorecardDefinition, b: ScorecardDefinition): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A share 0–1 as a whole percent for a number field, and back (clamped). */
export function percentOf(share: number): number {
  return Math.round(share * 1000) / 10;
}

export function shareOf(percent: number): number {
  if (!Number.isFinite(percent)) return 0;
  return Math.min(1, Math.max(0, percent / 100));
}

/** Phrases typed one a line, trimmed, blank lines and repeats left out. */
export function linesOf(text: string): string[] {
  return [
    ...new Set(
      text
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean),
    ),
  ];
}
