import { type FormEvent, useId, useState } from 'react';
import { type ApiProblem, useApi } from '../../api.js';
import { usePageTitle } from '../../components/Layout.js';
import { ErrorState, Loading } from '../../components/States.js';
import { TextField } from '../../components/TextField.js';
import { formatCount } from '../../format.js';
import { type MessageKey, useI18n } from '../../i18n/index.js';
import { type CheckRuleView, qaManageApi } from './api.js';
import { type SettingField, settingFields, settingName } from './manage.js';
import { QaNav } from './QaNav.js';
import { linesOf } from './scorecard-edit.js';
import './qa-manage.css';

/** The check kinds the dashboard has words for; a kind it does not know shows its id. */
const KIND_KEYS: Record<string, MessageKey> = {
  greeting: 'qaManage.checks.kind.greeting',
  closing: 'qaManage.checks.kind.closing',
  customer_name: 'qaManage.checks.kind.customer_name',
  reply_time: 'qaManage.checks.kind.reply_time',
  forbidden_phrases: 'qaManage.checks.kind.forbidden_phrases',
  preferred_phrases: 'qaManage.checks.kind.preferred_phrases',
  spelling: 'qaManage.checks.kind.spelling',
  unanswered_gap: 'qaManage.checks.kind.unanswered_gap',
};

/** The settings the check kinds have (src/core/qa/checks.ts); another shows its key in words. */
const SETTING_KEYS: Record<string, MessageKey> = {
  phrases: 'qaManage.checks.setting.phrases',
  withinFirstCharacters: 'qaManage.checks.setting.withinFirstCharacters',
  withinLastCharacters: 'qaManage.checks.setting.withinLastCharacters',
  fallbackSeconds: 'qaManage.checks.setting.fallbackSeconds',
  minErrors: 'qaManage.checks.setting.minErrors',
  allow: 'qaManage.checks.setting.allow',
  hours: 'qaManage.checks.setting.hours',
};

/** Phrase lists come in every built-in language, even one that has none yet. */
const PHRASE_LANGUAGES = ['en', 'nl', 'sv', 'uk', 'zh-CN'] as const;

function languagesOf(lists: Record<string, string[]>): string[] {
  return [...new Set([...PHRASE_LANGUAGES, ...Object.keys(lists)])];
}

/**
 * The automatic checks run on every conversation: each rule can be switched off, renamed, and its
 * settings edited (phrase lists per language, thresholds). Checking again applies the changes to
 * the conversations already checked.
 */
export function Checks() {
  const { t, locale } = useI18n();
  usePageTitle(t('qaManage.checks.title'));
  const id = useId();
  const rules = useApi('qa-checks', (signal) => qaManageApi.checks(signal));
  const [running, setRunning] = useState(false);
  const [ran, setRan] = useState<{ checked: number; hits: number } | null>(null);
  const [error, setError] = useState<ApiProblem | null>(null);
  // A saved rule comes back with a new `updatedAt`, so its editor is made anew by the reload; the
  // page remembers which one was saved so the new editor still says so.
  const [justSaved, setJustSaved] = useState<string | null>(null);
  const runAll = async () => {
    setRunning(true);
    const result = await qaManageApi.runChecks();
    setRunning(false);
    if (!result.ok) setError(result.error);
    else {
      setError(null);
      setRan(result.data);
    }
  };
  return (
    <section aria-labelledby={`${id}-title`}>
      <QaNav />
      <div className="page-head">
        <h1 id={`${id}-title`}>{t('qaManage.checks.title')}</h1>
        <div className="page-actions">
          <button type="button" aria-busy={running} onClick={() => void runAll()} data-testid="run-checks">
            {t('qaManage.checks.run')}
          </button>
        </div>
      </div>
      <p className="hint">{t('qaManage.checks.intro')}</p>
      {error ? <ErrorState error={error} /> : null}
      {ran ? (
        <p role="status" data-testid="checks-ran">
          {t('qaManage.checks.ran', {
            checked: formatCount(locale, ran.checked),
            hits: formatCount(locale, ran.hits),
          })}
        </p>
      ) : null}
      {rules.state === 'loading' ? <Loading /> : null}
      {rules.state === 'error' ? <ErrorState error={rules.error} onRetry={rules.reload} /> : null}
      {rules.state === 'ok' && rules.data.rules.length === 0 ? <p>{t('qaManage.checks.none')}</p> : null}
      {rules.state === 'ok' ? (
        <ul className="qa-category-list">
          {rules.data.rules.map((rule) => (
            <RuleEditor
              key={`${rule.id}:${rule.updatedAt ?? ''}`}
              rule={rule}
              savedBefore={justSaved === rule.id}
              onSaved={() => {
                setJustSaved(rule.id);
                rules.reload();
              }}
            />
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function RuleEditor({
  rule,
  savedBefore,
  onSaved,
}: {
  rule: CheckRuleView;
  /** The rule was saved from this page and nothing changed since: the confirmation stays. */
  savedBefore: boolean;
  onSaved: () => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const [label, setLabel] = useState(rule.label);
  const [enabled, setEnabled] = useState(rule.enabled);
  const [fields, setFields] = useState<SettingField[]>(() => settingFields(rule.settings));
  // Lists are edited as text (one a line) and read back on saving, so a blank line can be typed.
  const [texts, setTexts] = useState<Record<string, string>>(() => {
    const out: Record<string, string> = {};
    for (const f of settingFields(rule.settings)) {
      if (f.kind === 'list') out[f.key] = f.value.join('\n');
      if (f.kind === 'perLanguage')
        for (const [language, list] of Object.entries(f.value)) out[`${f.key}.${language}`] = list.join('\n');
    }
    return out;
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiProblem | null>(null);
  const [saved, setSaved] = useState(savedBefore);

  const setField = (index: number, field: SettingField) => {
    setFields(fields.map((f, i) => (i === index ? field : f)));
    setSaved(false);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const settings: Record<string, unknown> = { ...rule.settings };
    for (const f of fields) {
      if (f.kind === 'list') settings[f.key] = linesOf(texts[f.key] ?? '');
      else if (f.kind === 'perLanguage')
        settings[f.key] = Object.fromEntries(
          languagesOf(f.value).map((language) => [language, linesOf(texts[`${f.key}.${language}`] ?? '')]),
        );
      else settings[f.key] = f.value;
    }
    setBusy(true);
    const result = await qaManageApi.updateCheck(rule.id, {
      label: label.trim() || rule.label,
      enabled,
      settings,
    });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setError(null);
    setSaved(true);
    onSaved();
  };

  const kindKey = KIND_KEYS[rule.kind];
  const nameOf = (key: string) => {
    const known = SETTING_KEYS[key];
    return known ? t(known) : settingName(key);
  };
  return (
    <li className="qa-category" data-testid={`check-${rule.id}`}>
      <form onSubmit={submit} aria-label={rule.label}>
        <h2>{rule.label}</h2>
        <p className="muted">{kindKey ? t(kindKey) : rule.kind}</p>
        {error ? <ErrorState error={error} /> : null}
        <div className="field-row">
          <label className="field checkbox">
            <input
              type="checkbox"
              checked={enabled}
              onChange={(e) => {
                setEnabled(e.target.checked);
                setSaved(false);
              }}
            />{' '}
            {t('qaManage.checks.enabled')}
          </label>
          <TextField
            id={`${id}-label`}
            label={t('qaManage.checks.label')}
            value={label}
            maxLength={200}
            onChange={(e) => {
              setLabel(e.target.value);
              setSaved(false);
            }}
          />
        </div>
        {fields.map((f, index) => {
          const fieldId = `${id}-${f.key}`;
          switch (f.kind) {
            case 'number':
              return (
                <div className="field narrow" key={f.key}>
                  <label htmlFor={fieldId}>{nameOf(f.key)}</label>
                  <input
                    id={fieldId}
                    type="number"
                    min={0}
                    step="any"
                    value={f.value}
                    onChange={(e) =>
                      setField(index, {
                        ...f,
                        value: Number.isFinite(e.target.valueAsNumber) ? e.target.valueAsNumber : 0,
                      })
                    }
                  />
                </div>
              );
            case 'boolean':
              return (
                <label className="field checkbox" key={f.key}>
                  <input
                    type="checkbox"
                    checked={f.value}
                    onChange={(e) => setField(index, { ...f, value: e.target.checked })}
                  />{' '}
                  {nameOf(f.key)}
                </label>
              );
            case 'text':
              return (
                <TextField
                  key={f.key}
                  id={fieldId}
                  label={nameOf(f.key)}
                  value={f.value}
                  onChange={(e) => setField(index, { ...f, value: e.target.value })}
                />
              );
            case 'list':
              return (
                <div className="field" key={f.key}>
                  <label htmlFor={fieldId}>{nameOf(f.key)}</label>
                  <textarea
                    id={fieldId}
                    value={texts[f.key] ?? ''}
                    onChange={(e) => {
                      setTexts({ ...texts, [f.key]: e.target.value });
                      setSaved(false);
                    }}
                  />
                </div>
              );
            case 'perLanguage':
              return (
                <fieldset key={f.key}>
                  <legend>
                    {nameOf(f.key)} <span className="hint">{t('qaManage.checks.onePerLine')}</span>
                  </legend>
                  <div className="qa-setting-languages">
                    {languagesOf(f.value).map((language) => (
                      <div className="field" key={language}>
                        <label htmlFor={`${fieldId}-${language}`}>{language}</label>
                        <textarea
                          id={`${fieldId}-${language}`}
                          lang={language}
                          value={texts[`${f.key}.${language}`] ?? ''}
                          onChange={(e) => {
                            setTexts({ ...texts, [`${f.key}.${language}`]: e.target.value });
                            setSaved(false);
                          }}
                        />
                      </div>
                    ))}
                  </div>
                </fieldset>
              );
            default:
              return null;
          }
        })}
        <div className="field-row">
          <button type="submit" aria-busy={busy}>
            {t('qaManage.action.save')}
          </button>
          {saved ? <span role="status">{t('qaManage.checks.saved')}</span> : null}
        </div>
      </form>
    </li>
  );
}
