import { describe, expect, it } from 'vitest';
import { interpolate, loadBundle } from './i18n/index.js';
import { LOCALES } from './i18n/types.js';
import { problemTitle } from './problems.js';

const STATUSES = [0, 400, 401, 403, 404, 409, 429, 500];

describe('problem headlines', () => {
  for (const locale of LOCALES) {
    it(`${locale}: one headline per kind of problem, in the language, not the server's English`, async () => {
      const bundle = await loadBundle(locale);
      const t = (key: keyof typeof bundle.messages, params?: Record<string, string | number>) =>
        interpolate(bundle.messages[key], params);
      const titles = STATUSES.map((status) => problemTitle(t, { status, title: 'Server words' }));
      expect(new Set(titles).size).toBe(STATUSES.length);
      for (const title of titles) expect(title).not.toBe('Server words');
      expect(titles[3]).toBe(bundle.messages['error.forbidden']);
      expect(problemTitle(t, { status: 413, title: 'Payload Too Large' })).toBe(titles[1]);
      expect(problemTitle(t, { title: 'no status' })).toBe('no status');
    });
  }
});
