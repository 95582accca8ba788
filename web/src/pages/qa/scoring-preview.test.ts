import { describe, expect, it } from 'vitest';
import type { ScorecardDefinition } from './api.js';
import { previewScore, scalePoints } from './scoring-preview.js';

const definition: ScorecardDefinition = {
  name: 'Chat',
  description: '',
  passMark: 0.8,
  criticalScope: 'review',
  rootCauses: ['knowledge', 'tone'],
  channels: [],
  teams: [],
  groups: [],
  categories: [
    {
      id: 'tone',
      name: 'Tone',
      description: '',
      scale: '1-5',
      weight: 1,
      allowNotApplicable: true,
      critical: false,
      passMark: 0.5,
    },
    {
      id: 'solution',
      name: 'Solution',
      description: '',
      scale: '1-3',
      weight: 2,
      allowNotApplicable: true,
      critical: false,
      passMark: 0.5,
    },
    {
      id: 'privacy',
      name: 'Privacy',
      description: '',
      scale: 'pass_fail',
      weight: 1,
      allowNotApplicable: false,
      critical: true,
      passMark: 0.5,
    },
  ],
};

describe('scalePoints', () => {
  it('lists every point of a scale', () => {
    expect(scalePoints('pass_fail')).toEqual([0, 1]);
    expect(scalePoints('1-3')).toEqual([1, 2, 3]);
    expect(scalePoints('1-5')).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('previewScore', () => {
  it('scores the categories rated so far, weighted, leaving out the unrated and not applicable', () => {
    // tone 4 on 1–5 = 0.75 (weight 1), solution 3 on 1–3 = 1 (weight 2): (0.75 + 2) ÷ 3 = 0.9167
    const score = previewScore(definition, { tone: { rating: 4 }, solution: { rating: 3 } });
    expect(score.score).toBeCloseTo(2.75 / 3, 6);
    expect(score.passed).toBe(true);
    expect(previewScore(definition, { tone: { rating: null }, solution: { rating: 2 } }).score).toBe(0.5);
    expect(previewScore(definition, {}).score).toBeNull();
  });

  it('gives 0 when a critical category fails', () => {
    const score = previewScore(definition, {
      tone: { rating: 5 },
      solution: { rating: 3 },
      privacy: { rating: 0 },
    });
    expect(score.score).toBe(0);
    expect(score.criticalFailed).toBe(true);
    expect(score.passed).toBe(false);
  });
});
