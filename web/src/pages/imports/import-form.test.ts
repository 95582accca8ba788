import { describe, expect, test } from 'vitest';
import { importQuery, progressShare } from './import-form.js';

describe('the import form', () => {
  test('sends only the choices made: no format means the server tells it from the files', () => {
    expect(importQuery('', false)).toEqual({});
    expect(importQuery('zendesk', true)).toEqual({ format: 'zendesk', skipBadRows: 'true' });
  });

  test('progress is a share of the bytes checked, unknown while loading and rebuilding', () => {
    const at = (phase: 'check' | 'load' | 'rebuild', bytesRead: number, totalBytes: number) =>
      progressShare({ phase, file: 'contacts.csv', bytesRead, totalBytes, rows: 0 });
    expect(at('check', 50, 200)).toBe(0.25);
    expect(at('check', 300, 200)).toBe(1);
    expect(at('check', 0, 0)).toBeNull();
    expect(at('load', 0, 0)).toBeNull();
    expect(progressShare(null)).toBeNull();
  });
});
