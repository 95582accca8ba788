import { describe, expect, test } from 'vitest';
import { ScorecardDefinition } from '../../../../src/core/qa/scorecard.js';
import {
  addCategory,
  addGroup,
  categoriesByGroup,
  definitionProblems,
  emptyScorecard,
  freeId,
  linesOf,
  moveCategory,
  removeCategory,
  removeGroup,
  renameCategory,
  replaceCategory,
  shareOf,
  slugOf,
  withGroup,
  withLink,
} from './scorecard-edit.js';

/** A support scorecard as the schema reads it: a critical accuracy category in a group, tone without. */
function scorecard(): ScorecardDefinition {
  return ScorecardDefinition.parse({
    name: 'Support',
    groups: [{ id: 'knowledge', name: 'Knowledge' }],
    categories: [
      { id: 'accuracy', name: 'Accuracy', scale: 'pass_fail', critical: true, group: 'knowledge' },
      { id: 'tone', name: 'Tone', weight: 2 },
    ],
  });
}

describe('scorecard editing', () => {
  test('a new scorecard has one category and passes the server schema once named', () => {
    const fresh = renameCategory(emptyScorecard('Chat'), 0, 'Greeting', new Set());
    expect(fresh.categories.map((c) => c.id)).toEqual(['greeting']);
    expect(definitionProblems(fresh)).toEqual([]);
    expect(ScorecardDefinition.safeParse(fresh).success).toBe(true);
    expect(ScorecardDefinition.parse(fresh)).toEqual(fresh);
  });

  test('ids are slugs of the name, unique, and a saved category keeps its id', () => {
    expect(slugOf('Tone of voice!')).toBe('tone_of_voice');
    expect(slugOf('  1st reply ')).toBe('st_reply');
    expect(slugOf('礼貌')).toBe('category');
    expect(freeId(['tone', 'tone_2'], 'tone')).toBe('tone_3');
    const more = addCategory(scorecard(), 'Tone');
    expect(more.categories[2]?.id).toBe('tone_2');
    const renamed = renameCategory(scorecard(), 1, 'Tone of voice', new Set(['accuracy', 'tone']));
    expect(renamed.categories[1]).toMatchObject({ id: 'tone', name: 'Tone of voice' });
    const unsaved = renameCategory(more, 2, 'Empathy', new Set(['accuracy', 'tone']));
    expect(unsaved.categories[2]?.id).toBe('empathy');
  });

  test('moving and removing categories, the last one stays', () => {
    const moved = moveCategory(scorecard(), 0, 1);
    expect(moved.categories.map((c) => c.id)).toEqual(['tone', 'accuracy']);
    expect(moveCategory(scorecard(), 0, -1)).toEqual(scorecard());
    const one = removeCategory(scorecard(), 0);
    expect(one.categories.map((c) => c.id)).toEqual(['tone']);
    expect(removeCategory(one, 0)).toEqual(one);
  });

  test('removing a group keeps its categories, ungrouped', () => {
    const grouped = addGroup(scorecard(), 'Soft skills');
    expect(grouped.groups.map((g) => g.id)).toEqual(['knowledge', 'soft_skills']);
    const removed = removeGroup(scorecard(), 'knowledge');
    expect(removed.groups).toEqual([]);
    expect(removed.categories[0]).not.toHaveProperty('group');
    expect(definitionProblems(removed)).toEqual([]);
  });

  test('groups order the categories as the review screen shows them', () => {
    const withTone = replaceCategory(
      addGroup(scorecard(), 'Soft skills'),
      1,
      withGroup(scorecard().categories[1] as never, 'soft_skills'),
    );
    const extra = addCategory(withTone, 'Closing');
    expect(categoriesByGroup(extra).map((s) => [s.group?.id ?? null, s.categories.map((c) => c.id)])).toEqual(
      [
        ['knowledge', ['accuracy']],
        ['soft_skills', ['tone']],
        [null, ['closing']],
      ],
    );
  });

  test('the problems found are the ones the server refuses', () => {
    const base = scorecard();
    const broken: ScorecardDefinition = {
      ...base,
      name: ' ',
      categories: [
        { ...(base.categories[0] as ScorecardDefinition['categories'][number]), group: 'nowhere', weight: 0 },
        { ...(base.categories[1] as ScorecardDefinition['categories'][number]), id: 'accuracy', weight: 0 },
        withLink(
          { ...(base.categories[1] as ScorecardDefinition['categories'][number]), id: 'Bad id' },
          'not a link',
        ),
      ],
    };
    expect(definitionProblems(broken)).toEqual([
      { path: 'name', reason: 'required' },
      { path: 'categories.0.group', reason: 'group' },
      { path: 'categories.1.id', reason: 'duplicate' },
      { path: 'categories.2.id', reason: 'id' },
      { path: 'categories.2.link', reason: 'link' },
    ]);
    expect(ScorecardDefinition.safeParse(broken).success).toBe(false);
    const noWeight = { ...base, categories: base.categories.map((c) => ({ ...c, weight: 0 })) };
    expect(definitionProblems(noWeight)).toEqual([{ path: 'categories', reason: 'weight' }]);
    expect(ScorecardDefinition.safeParse(noWeight).success).toBe(false);
  });

  test('links are set and cleared, percents clamped, phrase lists cleaned', () => {
    const category = scorecard().categories[1] as ScorecardDefinition['categories'][number];
    expect(withLink(category, ' https://example.com/guide ').link).toBe('https://example.com/guide');
    expect(withLink(withLink(category, 'https://example.com'), '')).not.toHaveProperty('link');
    expect(shareOf(80)).toBe(0.8);
    expect(shareOf(140)).toBe(1);
    expect(shareOf(Number.NaN)).toBe(0);
    expect(linesOf(' hello \n\nhi\nhello\n')).toEqual(['hello', 'hi']);
  });
});
