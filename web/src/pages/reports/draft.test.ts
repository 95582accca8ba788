import { describe, expect, test } from 'vitest';
import en from '../../i18n/en.js';
import { interpolate, type MessageKey } from '../../i18n/index.js';
import { type ReportDraft, validateReport } from './draft.js';

const t = (key: MessageKey, params?: Record<string, string | number>) =>
  interpolate(en.messages[key], params);

const draft: ReportDraft = {
  name: ' Monday summary ',
  source: 'view:view-1',
  frequency: 'weekly',
  sendTime: '08:00',
  weekday: 1,
  monthDay: 5,
  attachPdf: true,
  attachCsv: false,
  recipients: [
    { userId: 'user-1', email: 'lead@example.com', locale: 'nl', timezone: 'Europe/Amsterdam' },
    { userId: null, email: ' boss@example.com ', locale: 'en', timezone: 'America/New_York' },
  ],
};

describe('the report form', () => {
  test('as the API takes it: the day field of its frequency only, outside addresses trimmed', () => {
    const checked = validateReport(draft, t);
    expect(checked).toEqual({
      ok: true,
      input: {
        name: 'Monday summary',
        source: { kind: 'view', id: 'view-1' },
        frequency: 'weekly',
        sendTime: '08:00',
        weekday: 1,
        monthDay: null,
        attachPdf: true,
        attachCsv: false,
        recipients: [
          { userId: 'user-1', email: 'lead@example.com', locale: 'nl', timezone: 'Europe/Amsterdam' },
          { userId: null, email: 'boss@example.com', locale: 'en', timezone: 'America/New_York' },
        ],
      },
    });
  });

  test('names the recipient and the field at fault', () => {
    const checked = validateReport(
      {
        ...draft,
        source: '',
        recipients: [{ userId: null, email: 'boss', locale: 'en', timezone: 'Mars/Olympus' }],
      },
      t,
    );
    expect(checked).toEqual({
      ok: false,
      problems: [
        'Choose a saved view or a dashboard to send.',
        'Recipient 1: “boss” is not an e-mail address.',
        'Recipient 1: “Mars/Olympus” is not a time zone.',
      ],
    });
    expect(validateReport({ ...draft, recipients: [] }, t)).toEqual({
      ok: false,
      problems: ['Add at least one recipient.'],
    });
  });
});
