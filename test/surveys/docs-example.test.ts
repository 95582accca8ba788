import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { SurveyDefinition, SurveySettings } from '../../src/core/surveys/definition.js';

const DOC = new URL('../../docs/surveys.md', import.meta.url);

test('the survey definition docs/surveys.md shows is one `surveys add` takes', () => {
  const section = readFileSync(DOC, 'utf8').split('\n## A definition\n')[1] ?? '';
  const example = /```json\n([\s\S]*?)\n```/.exec(section)?.[1];
  if (!example) throw new Error('docs/surveys.md: the "A definition" section has no json example');
  const { name, definition, settings } = JSON.parse(example) as {
    name: string;
    definition: unknown;
    settings: unknown;
  };
  expect(name).toBeTruthy();
  const parsed = SurveyDefinition.safeParse(definition);
  expect(parsed.error?.issues ?? []).toEqual([]);
  expect(SurveySettings.safeParse(settings).error?.issues ?? []).toEqual([]);
});
