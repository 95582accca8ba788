import { type FormEvent, useId, useState } from 'react';
import { type ApiProblem, useApi } from '../../api.js';
import { usePageTitle } from '../../components/Layout.js';
import { ErrorState, Loading } from '../../components/States.js';
import { type MessageKey, useI18n } from '../../i18n/index.js';
import { INTERVALS, QUEUE_MODELS, type WorkforceSettings as Settings, workforceApi } from './api.js';
import { type SettingsField, type SettingsForm, settingsFormOf, settingsOf } from './settings-form.js';
import { WorkforceNav } from './WorkforceNav.js';

const TEXT_FIELDS: { field: SettingsField; label: MessageKey; placeholder?: string }[] = [
  { field: 'graceMinutes', label: 'workforce.settings.grace' },
  { field: 'phoneTarget', label: 'workforce.settings.phoneTarget', placeholder: '80/20' },
  { field: 'chatTarget', label: 'workforce.settings.chatTarget', placeholder: '80/30' },
  { field: 'chatConcurrency', label: 'workforce.settings.concurrency' },
  { field: 'emailMinutes', label: 'workforce.settings.emailTarget' },
  { field: 'socialMinutes', label: 'workforce.settings.socialTarget' },
  { field: 'maxOccupancyPercent', label: 'workforce.settings.maxOccupancy' },
  { field: 'shrinkagePercent', label: 'workforce.settings.shrinkage' },
  { field: 'writtenReplyMinutes', label: 'workforce.settings.writtenReply' },
];

/** What the staffing week aims for and assumes, set by a team lead. */
export function WorkforceSettings() {
  const { t } = useI18n();
  usePageTitle(t('workforce.settings.title'));
  const id = useId();
  const settings = useApi('workforce-settings', (signal) => workforceApi.settings(signal));
  return (
    <section aria-labelledby={`${id}-title`} className="wf-page">
      <WorkforceNav />
      <h1 id={`${id}-title`}>{t('workforce.settings.title')}</h1>
      <p className="hint">{t('workforce.settings.intro')}</p>
      {settings.state === 'loading' ? <Loading /> : null}
      {settings.state === 'error' ? <ErrorState error={settings.error} onRetry={settings.reload} /> : null}
      {settings.state === 'ok' ? <SettingsEditor current={settings.data} /> : null}
    </section>
  );
}

function SettingsEditor({ current }: { current: Settings }) {
  const { t } = useI18n();
  const id = useId();
  const [saved, setSaved] = useState<Settings>(current);
  const [form, setForm] = useState<SettingsForm>(() => settingsFormOf(current));
  const [invalid, setInvalid] = useState<SettingsField[]>([]);
  const [error, setError] = useState<ApiProblem | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const change = (next: SettingsForm) => {
    setForm(next);
    setDone(false);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const read = settingsOf(form, saved);
    if (!read.ok) {
      setInvalid(read.invalid);
      return;
    }
    setInvalid([]);
    setBusy(true);
    const result = await workforceApi.updateSettings(read.settings);
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setError(null);
    setSaved(result.data);
    setForm(settingsFormOf(result.data));
    setDone(true);
  };

  const kept = (field: 'phoneTarget' | 'chatTarget') => {
    const target = field === 'phoneTarget' ? saved.targets.phone : saved.targets.chat;
    return target.kind === 'service-level'
      ? null
      : t('workforce.settings.targetKept', {
          target: target.kind === 'asa' ? 'ASA' : t('workforce.staffing.abandonment'),
        });
  };

  return (
    <form className="panel wf-settings" onSubmit={submit} data-testid="workforce-settings" noValidate>
      <div className="field">
        <label htmlFor={`${id}-interval`}>{t('workforce.settings.interval')}</label>
        <select
          id={`${id}-interval`}
          value={form.intervalMinutes}
          onChange={(e) => change({ ...form, intervalMinutes: e.target.value })}
        >
          {INTERVALS.map((m) => (
            <option key={m} value={m}>
              {t('workforce.interval.minutes', { minutes: m })}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-model`}>{t('workforce.settings.model')}</label>
        <select
          id={`${id}-model`}
          value={form.model}
          onChange={(e) => change({ ...form, model: e.target.value })}
        >
          {QUEUE_MODELS.map((m) => (
            <option key={m} value={m}>
              {t(`workforce.model.${m}` as MessageKey)}
            </option>
          ))}
        </select>
      </div>
      {TEXT_FIELDS.map(({ field, label, placeholder }) => {
        const wrong = invalid.includes(field);
        const note = field === 'phoneTarget' || field === 'chatTarget' ? kept(field) : null;
        return (
          <div className="field" key={field}>
            <label htmlFor={`${id}-${field}`}>{t(label)}</label>
            <input
              id={`${id}-${field}`}
              inputMode={field.endsWith('Target') ? 'text' : 'decimal'}
              placeholder={placeholder}
              value={form[field]}
              aria-invalid={wrong || undefined}
              data-testid={`settings-${field}`}
              onChange={(e) => change({ ...form, [field]: e.target.value })}
            />
            {note ? <span className="hint">{note}</span> : null}
          </div>
        );
      })}
      {invalid.length > 0 ? (
        <p className="form-error" role="alert">
          {t('workforce.settings.invalid')}
        </p>
      ) : null}
      {error ? <ErrorState error={error} /> : null}
      <div className="wf-dialog-actions">
        <button type="submit" disabled={busy} data-testid="settings-save">
          {t('action.save')}
        </button>
        {done ? (
          <span role="status" data-testid="settings-saved">
            {t('workforce.settings.saved')}
          </span>
        ) : null}
      </div>
    </form>
  );
}
