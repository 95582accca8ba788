import { type FormEvent, useId, useState } from 'react';
import { type ApiProblem, useApi } from '../../api.js';
import { ErrorState, Loading } from '../../components/States.js';
import { TextField } from '../../components/TextField.js';
import { useI18n } from '../../i18n/index.js';
import { type PersonalLink, posterUrl, publicLinkPath, qrUrl, type SurveyView, surveysApi } from './api.js';

/** A text to paste elsewhere, shown whole and selectable, with a copy button saying whether it copied. */
export function Copyable({
  text,
  label,
  testId,
  block = false,
}: {
  text: string;
  label: string;
  testId: string;
  block?: boolean;
}) {
  const { t } = useI18n();
  const [said, setSaid] = useState<'copied' | 'failed' | null>(null);
  const copy = async () => {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(text);
      setSaid('copied');
    } catch {
      setSaid('failed');
    }
  };
  return (
    <div className="survey-copyable">
      {block ? (
        <pre className="secret" data-testid={testId}>
          {text}
        </pre>
      ) : (
        <code className="secret" data-testid={testId}>
          {text}
        </code>
      )}
      <button type="button" className="secondary" onClick={() => void copy()} data-testid={`${testId}-copy`}>
        {label}
      </button>
      <span role="status" className="muted">
        {said === 'copied'
          ? t('surveys.share.copied')
          : said === 'failed'
            ? t('surveys.share.copyFailed')
            : ''}
      </span>
    </div>
  );
}

/**
 * Handing a survey out: a personal link for one contact, the public link of each source, a QR code
 * and a printable poster per location, and the help-centre widget's script tag.
 */
export function SharePanel({ survey }: { survey: SurveyView }) {
  const { t } = useI18n();
  const origin = window.location.origin;
  return (
    <div className="survey-share" data-testid="survey-share">
      <PersonalLinkForm survey={survey} />
      <section>
        <h3>{t('surveys.share.public')}</h3>
        {survey.settings.publicSources.length === 0 ? (
          <p className="hint">{t('surveys.share.noSources')}</p>
        ) : (
          <ul className="survey-share-list">
            {survey.settings.publicSources.map((source) => (
              <li key={source}>
                <strong>{source}</strong>
                <Copyable
                  text={`${origin}${publicLinkPath(survey.id, source)}`}
                  label={t('surveys.share.copyLink')}
                  testId={`public-link-${source}`}
                />
              </li>
            ))}
          </ul>
        )}
      </section>
      <section>
        <h3>{t('surveys.share.locations')}</h3>
        {survey.settings.locations.length === 0 ? (
          <p className="hint">{t('surveys.share.noLocations')}</p>
        ) : (
          <ul className="survey-share-list">
            {survey.settings.locations.map((location) => (
              <li key={location} data-testid={`location-${location}`}>
                <strong>{location}</strong>
                <img
                  src={qrUrl(survey.id, location, 'svg')}
                  alt={t('surveys.share.qrAlt', { location })}
                  className="survey-qr"
                  width={160}
                  height={160}
                />
                <p>
                  <a href={qrUrl(survey.id, location, 'svg')} download={`${survey.id}-${location}.svg`}>
                    {t('surveys.share.qrSvg')}
                  </a>{' '}
                  ·{' '}
                  <a href={qrUrl(survey.id, location, 'png')} download={`${survey.id}-${location}.png`}>
                    {t('surveys.share.qrPng')}
                  </a>{' '}
                  ·{' '}
                  <a href={posterUrl(survey.id, location, 'A4')} download={`${survey.id}-${location}-A4.pdf`}>
                    {t('surveys.share.posterA4')}
                  </a>{' '}
                  ·{' '}
                  <a href={posterUrl(survey.id, location, 'A6')} download={`${survey.id}-${location}-A6.pdf`}>
                    {t('surveys.share.posterA6')}
                  </a>
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
      <Widget survey={survey} />
    </div>
  );
}

function PersonalLinkForm({ survey }: { survey: SurveyView }) {
  const { t } = useI18n();
  const id = useId();
  const [contactKey, setContactKey] = useState('');
  const [language, setLanguage] = useState('');
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiProblem | null>(null);
  const [link, setLink] = useState<PersonalLink | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    const made = await surveysApi.link(survey.id, {
      contactKey: contactKey.trim(),
      ...(language ? { language } : {}),
      ...(email.trim() ? { email: email.trim() } : {}),
    });
    setBusy(false);
    setError(made.ok ? null : made.error);
    setLink(made.ok ? made.data : null);
  };
  return (
    <form onSubmit={submit} aria-labelledby={`${id}-title`} data-testid="personal-link">
      <h3 id={`${id}-title`}>{t('surveys.share.personal')}</h3>
      <p className="hint">{t('surveys.share.personalHint', { days: survey.settings.linkDays })}</p>
      <div className="field-row">
        <TextField
          id={`${id}-contact`}
          label={t('surveys.share.contact')}
          required
          placeholder="zendesk|12345"
          maxLength={300}
          value={contactKey}
          onChange={(e) => setContactKey(e.target.value)}
        />
        <div className="field">
          <label htmlFor={`${id}-language`}>{t('surveys.share.language')}</label>
          <select id={`${id}-language`} value={language} onChange={(e) => setLanguage(e.target.value)}>
            <option value="">{t('surveys.share.browserLanguage')}</option>
            {survey.definition.languages.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </div>
        <TextField
          id={`${id}-email`}
          label={t('surveys.share.email')}
          type="email"
          maxLength={320}
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <button type="submit" aria-busy={busy}>
          {t('surveys.share.makeLink')}
        </button>
      </div>
      {error ? <ErrorState error={error} /> : null}
      {link ? (
        <div className="notice" role="status">
          <Copyable text={link.url} label={t('surveys.share.copyLink')} testId="personal-link-url" />
        </div>
      ) : null}
    </form>
  );
}

function Widget({ survey }: { survey: SurveyView }) {
  const { t } = useI18n();
  const widget = useApi(`widget:${survey.id}`, (signal) => surveysApi.widget(survey.id, signal));
  return (
    <section data-testid="survey-widget">
      <h3>{t('surveys.share.widget')}</h3>
      <p className="hint">{t('surveys.share.widgetHint')}</p>
      {widget.state === 'loading' ? <Loading /> : null}
      {widget.state === 'error' ? <ErrorState error={widget.error} onRetry={widget.reload} /> : null}
      {widget.state === 'ok' ? (
        <Copyable
          text={widget.data.snippet}
          label={t('surveys.share.copySnippet')}
          testId="widget-snippet"
          block
        />
      ) : null}
    </section>
  );
}
