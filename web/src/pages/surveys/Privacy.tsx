import { type FormEvent, useId, useState } from 'react';
import { type ApiProblem, useApi } from '../../api.js';
import { ErrorState, Loading } from '../../components/States.js';
import { TextField } from '../../components/TextField.js';
import { formatCount } from '../../format.js';
import { useI18n } from '../../i18n/index.js';
import { type ErasedCounts, type SurveyConfig, surveysApi } from './api.js';

/**
 * The survey settings of the whole team, for admins: how long answers are kept, whether erasure
 * keeps answers anonymised, the address customers reach the survey pages at and the default look;
 * and erasing a customer on request.
 */
export function SurveyAdmin() {
  const { t } = useI18n();
  const id = useId();
  const config = useApi('survey-config', (signal) => surveysApi.config(signal));
  return (
    <section aria-labelledby={`${id}-title`} data-testid="survey-admin">
      <h2 id={`${id}-title`}>{t('surveys.config.title')}</h2>
      {config.state === 'loading' ? <Loading /> : null}
      {config.state === 'error' ? <ErrorState error={config.error} onRetry={config.reload} /> : null}
      {config.state === 'ok' ? (
        <>
          <ConfigForm config={config.data} onSaved={config.reload} />
          <EraseCustomer keepAnonymised={config.data.keepAnonymised} />
        </>
      ) : null}
    </section>
  );
}

function ConfigForm({ config, onSaved }: { config: SurveyConfig; onSaved: () => void }) {
  const { t } = useI18n();
  const id = useId();
  const [retention, setRetention] = useState(
    config.retentionDays === null ? '' : String(config.retentionDays),
  );
  const [keepAnonymised, setKeepAnonymised] = useState(config.keepAnonymised);
  const [baseUrl, setBaseUrl] = useState(config.publicBaseUrl ?? '');
  const [logoUrl, setLogoUrl] = useState(config.defaultBranding.logoUrl ?? '');
  const [colour, setColour] = useState(config.defaultBranding.colour);
  const [senderName, setSenderName] = useState(config.defaultBranding.senderName ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiProblem | null>(null);
  const [saved, setSaved] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    const result = await surveysApi.putConfig({
      // Empty means no period: answers are kept until erased.
      retentionDays: retention.trim() === '' ? null : Number(retention),
      keepAnonymised,
      publicBaseUrl: baseUrl.trim() === '' ? null : baseUrl.trim().replace(/\/+$/, ''),
      defaultBranding: {
        colour,
        ...(logoUrl.trim() ? { logoUrl: logoUrl.trim() } : {}),
        ...(senderName.trim() ? { senderName: senderName.trim() } : {}),
      },
    });
    setBusy(false);
    setError(result.ok ? null : result.error);
    setSaved(result.ok);
    if (result.ok) onSaved();
  };

  return (
    <form onSubmit={submit} data-testid="survey-config">
      <div className="field-row">
        <TextField
          id={`${id}-retention`}
          label={t('surveys.config.retentionDays')}
          type="number"
          min={1}
          max={36_500}
          step={1}
          value={retention}
          onChange={(e) => {
            setRetention(e.target.value);
            setSaved(false);
          }}
        />
        <TextField
          id={`${id}-base`}
          label={t('surveys.config.publicBaseUrl')}
          type="url"
          maxLength={500}
          placeholder="https://meter.example.com"
          value={baseUrl}
          onChange={(e) => {
            setBaseUrl(e.target.value);
            setSaved(false);
          }}
        />
      </div>
      <p className="hint">{t('surveys.config.retentionHint')}</p>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={keepAnonymised}
          onChange={(e) => {
            setKeepAnonymised(e.target.checked);
            setSaved(false);
          }}
        />{' '}
        {t('surveys.config.keepAnonymised')}
      </label>
      <fieldset>
        <legend>{t('surveys.config.defaultBranding')}</legend>
        <div className="field-row">
          <TextField
            id={`${id}-logo`}
            label={t('surveys.editor.logoUrl')}
            type="url"
            maxLength={2000}
            value={logoUrl}
            onChange={(e) => {
              setLogoUrl(e.target.value);
              setSaved(false);
            }}
          />
          <div className="field">
            <label htmlFor={`${id}-colour`}>{t('surveys.editor.colour')}</label>
            <input
              id={`${id}-colour`}
              type="color"
              value={colour}
              onChange={(e) => {
                setColour(e.target.value);
                setSaved(false);
              }}
            />
          </div>
          <TextField
            id={`${id}-sender`}
            label={t('surveys.editor.senderName')}
            maxLength={100}
            value={senderName}
            onChange={(e) => {
              setSenderName(e.target.value);
              setSaved(false);
            }}
          />
        </div>
      </fieldset>
      {error ? <ErrorState error={error} /> : null}
      {saved ? (
        <p className="notice" role="status" data-testid="config-saved">
          {t('surveys.config.saved')}
        </p>
      ) : null}
      <p>
        <button type="submit" aria-busy={busy} data-testid="save-config">
          {t('surveys.config.save')}
        </button>
      </p>
    </form>
  );
}

function EraseCustomer({ keepAnonymised: keepByDefault }: { keepAnonymised: boolean }) {
  const { t, locale } = useI18n();
  const id = useId();
  const [email, setEmail] = useState('');
  const [customerId, setCustomerId] = useState('');
  const [keepAnonymised, setKeepAnonymised] = useState(keepByDefault);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiProblem | null>(null);
  const [erased, setErased] = useState<ErasedCounts | null>(null);
  const who = email.trim() || customerId.trim();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || !who) return;
    // Erasure cannot be undone: the admin says yes to exactly whom.
    if (!window.confirm(t('surveys.erase.confirm', { who }))) return;
    setBusy(true);
    const result = await surveysApi.erase({
      ...(email.trim() ? { email: email.trim() } : {}),
      ...(customerId.trim() ? { customerId: customerId.trim() } : {}),
      keepAnonymised,
    });
    setBusy(false);
    setError(result.ok ? null : result.error);
    setErased(result.ok ? result.data : null);
  };

  return (
    <form onSubmit={submit} aria-labelledby={`${id}-title`} data-testid="erase-customer">
      <h3 id={`${id}-title`}>{t('surveys.erase.title')}</h3>
      <p className="hint">{t('surveys.erase.hint')}</p>
      <div className="field-row">
        <TextField
          id={`${id}-email`}
          label={t('surveys.erase.email')}
          type="email"
          maxLength={320}
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <TextField
          id={`${id}-customer`}
          label={t('surveys.erase.customerId')}
          maxLength={500}
          value={customerId}
          onChange={(e) => setCustomerId(e.target.value)}
        />
      </div>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={keepAnonymised}
          onChange={(e) => setKeepAnonymised(e.target.checked)}
        />{' '}
        {t('surveys.erase.keepAnonymised')}
      </label>
      {error ? <ErrorState error={error} /> : null}
      {erased ? (
        <p className="notice" role="status" data-testid="erased">
          {t('surveys.erase.done', {
            invitations: formatCount(locale, erased.invitations),
            answers: formatCount(locale, erased.answers),
            contacts: formatCount(locale, erased.contacts),
          })}
        </p>
      ) : null}
      <p>
        <button type="submit" className="danger" aria-busy={busy} disabled={!who} data-testid="erase">
          {t('surveys.erase.submit')}
        </button>
      </p>
    </form>
  );
}
