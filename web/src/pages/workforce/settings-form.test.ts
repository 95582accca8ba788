import { describe, expect, test } from 'vitest';
import type { WorkforceSettings } from './api.js';
import { settingsFormOf, settingsOf } from './settings-form.js';

const DEFAULTS: WorkforceSettings = {
  graceMinutes: 5,
  intervalMinutes: 30,
  model: 'erlang-a',
  targets: {
    phone: { kind: 'service-level', share: 0.8, seconds: 20 },
    chat: { kind: 'service-level', share: 0.8, seconds: 30 },
    email: { responseTargetSeconds: 3600 },
    social: { responseTargetSeconds: 3600 },
  },
  chatConcurrency: 2,
  maxOccupancy: 0.85,
  shrinkage: null,
  writtenReplyMinutes: 5,
};

describe('the planning settings form', () => {
  test('shows the settings in percentages, minutes and 80/20, and reads them back unchanged', () => {
    const form = settingsFormOf(DEFAULTS);
    expect(form).toEqual({
      graceMinutes: '5',
      intervalMinutes: '30',
      model: 'erlang-a',
      phoneTarget: '80/20',
      chatTarget: '80/30',
      emailMinutes: '60',
      socialMinutes: '60',
      chatConcurrency: '2',
      maxOccupancyPercent: '85',
      shrinkagePercent: '',
      writtenReplyMinutes: '5',
    });
    expect(settingsOf(form, DEFAULTS)).toEqual({ ok: true, settings: DEFAULTS });
  });

  test('reads changes in the units shown', () => {
    const form = {
      ...settingsFormOf(DEFAULTS),
      shrinkagePercent: '32,5',
      phoneTarget: '90/15',
      emailMinutes: '120',
    };
    const read = settingsOf(form, DEFAULTS);
    expect(read.ok && read.settings.shrinkage).toBe(0.325);
    expect(read.ok && read.settings.targets.phone).toEqual({
      kind: 'service-level',
      share: 0.9,
      seconds: 15,
    });
    expect(read.ok && read.settings.targets.email).toEqual({ responseTargetSeconds: 7200 });
  });

  test('keeps a target that is not a service level when its field is left empty', () => {
    const current: WorkforceSettings = {
      ...DEFAULTS,
      targets: { ...DEFAULTS.targets, phone: { kind: 'asa', seconds: 30 } },
    };
    const form = settingsFormOf(current);
    expect(form.phoneTarget).toBe('');
    const read = settingsOf(form, current);
    expect(read.ok && read.settings.targets.phone).toEqual({ kind: 'asa', seconds: 30 });
  });

  test('names every field that does not read', () => {
    const form = {
      ...settingsFormOf(DEFAULTS),
      graceMinutes: '-1',
      intervalMinutes: '20',
      phoneTarget: '80',
      chatConcurrency: '1.5',
      maxOccupancyPercent: '20',
      shrinkagePercent: '100',
    };
    expect(settingsOf(form, DEFAULTS)).toEqual({
      ok: false,
      invalid: [
        'graceMinutes',
        'intervalMinutes',
        'phoneTarget',
        'chatConcurrency',
        'maxOccupancyPercent',
        'shrinkagePercent',
      ],
    });
  });
});
