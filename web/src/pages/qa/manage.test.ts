import { describe, expect, test } from 'vitest';
import { SamplingRule } from '../../../../src/core/qa/sampling.js';
import {
  canSeeQaPage,
  cleanFilters,
  contactsOf,
  daysBefore,
  emptySamplingRule,
  idsOf,
  QA_MANAGE_PAGES,
  reviewDrillHref,
  samplingRuleOf,
  settingFields,
  settingName,
} from './manage.js';

describe('who sees the quality coach’s pages', () => {
  test('managers and admins all, an agent coaching only, a viewer the overview only', () => {
    for (const page of QA_MANAGE_PAGES) {
      expect(canSeeQaPage('admin', page)).toBe(true);
      expect(canSeeQaPage('manager', page)).toBe(true);
    }
    expect(QA_MANAGE_PAGES.filter((p) => canSeeQaPage('agent', p))).toEqual(['coaching']);
    expect(QA_MANAGE_PAGES.filter((p) => canSeeQaPage('viewer', p))).toEqual(['quality']);
  });
});

describe('sampling rules in the editor', () => {
  test('a new rule with reviewers and cleaned filters is one the server accepts', () => {
    const rule = {
      ...emptySamplingRule('Weekly chat'),
      reviewers: idsOf('coach-1, coach-2\ncoach-1'),
      filters: cleanFilters({
        channels: ['chat'],
        teams: [],
        lowCsat: true,
        reopened: false,
        newAgentDays: 0,
      }),
    };
    expect(rule.reviewers).toEqual(['coach-1', 'coach-2']);
    expect(rule.filters).toEqual({ channels: ['chat'], lowCsat: true });
    expect(SamplingRule.safeParse(rule).success).toBe(true);
  });

  test('a stored rule reads back with the server’s nulls as the editor’s blanks', () => {
    const stored = SamplingRule.parse({ name: 'Daily', schedule: 'daily', perAgent: 3, reviewers: ['r1'] });
    const read = samplingRuleOf(stored as unknown as Record<string, unknown>, 'fallback');
    expect(read).toMatchObject({
      name: 'Daily',
      schedule: 'daily',
      perAgent: 3,
      reviewers: ['r1'],
      dueDays: 7,
    });
    expect(read).not.toHaveProperty('scorecardId');
    expect(read).not.toHaveProperty('seed');
    const again = { ...read, filters: cleanFilters(read.filters) };
    expect(SamplingRule.parse(again)).toEqual(stored);
    expect(samplingRuleOf({}, 'Unnamed')).toEqual(emptySamplingRule('Unnamed'));
  });
});

describe('calibration contacts pasted', () => {
  test('pipes, tabs and commas; repeats dropped; lines that name nothing reported', () => {
    const parsed = contactsOf('zendesk|101\n\nzendesk\t102\nchatwoot, 7\nzendesk|101\nnothing here\n');
    expect(parsed.contacts).toEqual([
      { source: 'zendesk', externalId: '101' },
      { source: 'zendesk', externalId: '102' },
      { source: 'chatwoot', externalId: '7' },
    ]);
    expect(parsed.invalidLines).toEqual([6]);
  });
});

describe('check rule settings', () => {
  test('numbers, flags, lists and lists per language become fields; anything else is kept out', () => {
    const fields = settingFields({
      maxGapHours: 24,
      ignoreNames: true,
      phrases: { en: ['no problem'], nl: ['geen probleem'] },
      allow: ['servicemeter'],
      nested: { deep: { x: 1 } },
    });
    expect(fields.map((f) => [f.key, f.kind])).toEqual([
      ['maxGapHours', 'number'],
      ['ignoreNames', 'boolean'],
      ['phrases', 'perLanguage'],
      ['allow', 'list'],
    ]);
    expect(settingName('maxGapHours')).toBe('max gap hours');
  });

  test('a default period counts back calendar days', () => {
    expect(daysBefore('2026-03-01', 1)).toBe('2026-02-28');
    expect(daysBefore('2026-03-01T08:30:00.000Z', 1)).toBe('2026-02-28');
  });
});

describe('drilling down from a review indicator', () => {
  test('lists the reviews of the period, of the one agent filtered, disputed ones for the dispute rate', () => {
    const range = { from: '2026-11-01T00:00:00.000Z', to: '2026-11-30T23:59:59.999Z' };
    expect(reviewDrillHref('qa_score', range, { agent: ['ann'] })).toBe(
      '/qa/reviews?agent=ann&from=2026-11-01&to=2026-11-30',
    );
    expect(reviewDrillHref('qa_dispute_rate', null, { agent: ['ann', 'bob'] })).toBe(
      '/qa/reviews?disputed=true',
    );
    expect(reviewDrillHref('qa_coverage', range)).toBeNull();
    expect(reviewDrillHref('csat', range)).toBeNull();
  });
});
