import { describe, expect, test } from 'vitest';
import { surveyWaveJob } from './survey-wave.js';

describe('the survey-wave job', () => {
  test('takes the survey and an optional seed', () => {
    expect(surveyWaveJob.validate({ surveyId: 'rel', seed: 42 })).toEqual({
      ok: true,
      data: { surveyId: 'rel', seed: 42 },
    });
    expect(surveyWaveJob.validate({ surveyId: 'rel', seed: 1.5 })).toMatchObject({
      ok: false,
      error: [{ field: 'seed' }],
    });
    expect(surveyWaveJob.validate(null)).toMatchObject({ ok: false, error: [{ field: 'surveyId' }] });
    expect(surveyWaveJob.describe({ surveyId: 'rel' })).toBe('Send a wave of survey rel');
  });
});
