import { describe, expect, it } from 'vitest';
import { outgoingMail } from './serving.js';

describe('serve’s mail options', () => {
  it('is off without a mail server', () => {
    expect(outgoingMail({}, {})).toBeNull();
  });

  it('takes the options, else the environment', () => {
    const fromOptions = outgoingMail(
      {
        smtp: 'smtp://u:p@127.0.0.1:2525',
        mailFrom: 'surveys@acme.test',
        publicUrl: 'https://meter.acme.test',
      },
      {},
    );
    expect(fromOptions).toMatchObject({ from: 'surveys@acme.test', publicUrl: 'https://meter.acme.test' });
    fromOptions?.mailer.close();
    const fromEnv = outgoingMail(
      {},
      { SERVICEMETER_SMTP_URL: 'smtps://u:p@mail.acme.test', SERVICEMETER_MAIL_FROM: 'surveys@acme.test' },
    );
    expect(fromEnv).toMatchObject({ from: 'surveys@acme.test', publicUrl: null });
    fromEnv?.mailer.close();
  });

  it('says what is wrong, never showing the password', () => {
    expect(() => outgoingMail({ smtp: 'smtp://u:hunter2@mail.acme.test' }, {})).toThrow(/give --mail-from/);
    expect(() => outgoingMail({ mailFrom: 'surveys@acme.test' }, {})).toThrow(/needs a mail server/);
    expect(() => outgoingMail({ smtp: 'http://u:hunter2@mail.acme.test', mailFrom: 'a@b.c' }, {})).toThrow(
      /scheme http/,
    );
    try {
      outgoingMail({ smtp: 'http://u:hunter2@mail.acme.test', mailFrom: 'a@b.c' }, {});
    } catch (error) {
      expect(String(error)).not.toContain('hunter2');
    }
    expect(() =>
      outgoingMail({ smtp: 'smtp://mail.acme.test', mailFrom: 'surveys', publicUrl: undefined }, {}),
    ).toThrow(/--mail-from surveys/);
    expect(() =>
      outgoingMail({ smtp: 'smtp://mail.acme.test', mailFrom: 'a@b.c', publicUrl: 'meter.acme.test' }, {}),
    ).toThrow(/--public-url/);
  });
});
