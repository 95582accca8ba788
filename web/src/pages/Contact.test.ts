import { describe, expect, it } from 'vitest';
import { interpolate, loadBundle, type MessageKey, type Params } from '../i18n/index.js';
import { makeLabels } from '../labels.js';
import { factSentences } from './Contact.js';

async function english() {
  const { messages } = await loadBundle('en');
  const t = (key: MessageKey, params?: Params) => interpolate(messages[key] ?? key, params);
  return { i18n: { t, locale: 'en' as const }, labels: makeLabels({ t }, { team: [], agent: [] }) };
}

describe('the contact summary', () => {
  it('says business hours for a business-hours figure, and calendar time when only that is known', async () => {
    const { i18n, labels } = await english();
    const lines = factSentences(
      { frt_s: 7200, frt_bh_s: 3600, first_resolution_s: 5400, first_resolution_bh_s: null },
      i18n,
      labels,
    );
    expect(lines).toContain('First response after 1 hr (business hours) · 2 hr in calendar time');
    expect(lines).toContain('Resolved after 1 hr 30 min (calendar time)');
  });

  it('answers first-contact resolution as the server counts it, and not at all when it does not count', async () => {
    const { i18n, labels } = await english();
    // One touch and not reopened, but the KPI's answer (false here) is the one said.
    const counted = factSentences(
      { first_resolution_s: 60, touches: 1, reopened_within_7d: false, first_contact_resolution: false },
      i18n,
      labels,
    );
    expect(counted).toContain('Resolved at first contact: No');
    const uncounted = factSentences(
      { first_resolution_s: 60, touches: 0, first_contact_resolution: null },
      i18n,
      labels,
    );
    expect(uncounted.some((line) => line.startsWith('Resolved at first contact'))).toBe(false);
  });
});
