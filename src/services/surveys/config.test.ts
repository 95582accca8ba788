import { describe, expect, test } from 'vitest';
import { withDuckDb } from '../../../test/support/engines.js';
import { getSurveyConfig, setSurveyConfig } from './config.js';

describe('survey config', () => {
  test('the public address of the survey pages is an http or https address, nothing else', async () => {
    await withDuckDb([], async (db) => {
      for (const address of [
        'javascript:alert(1)',
        'data:text/html,<b>hi</b>',
        'ftp://files.example.org',
        'file:///etc/passwd',
        'mailto:support@example.org',
      ])
        await expect(setSurveyConfig(db, { publicBaseUrl: address }), address).rejects.toThrow(
          /publicBaseUrl: must be an http:\/\/ or https:\/\/ address/,
        );
      expect((await getSurveyConfig(db)).publicBaseUrl).toBeNull();
      expect(await setSurveyConfig(db, { publicBaseUrl: 'http://meter.example.org:8080' })).toMatchObject({
        publicBaseUrl: 'http://meter.example.org:8080',
      });
      expect(await setSurveyConfig(db, { publicBaseUrl: 'HTTPS://meter.example.org' })).toMatchObject({
        publicBaseUrl: 'HTTPS://meter.example.org',
      });
    });
  });
});
