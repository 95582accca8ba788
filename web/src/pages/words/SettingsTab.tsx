import { useEffect, useId, useState } from 'react';
import { type ApiProblem, useApi } from '../../api.js';
import { useAppData } from '../../app-data.js';
import { ErrorState, Loading } from '../../components/States.js';
import { formatCount, formatInstant } from '../../format.js';
import { useI18n } from '../../i18n/index.js';
import { TEXT_KINDS, type WordsSettings, wordsApi } from './api.js';
import { linesOf } from './view.js';
import { type Said, SaidNotice, Section } from './Words.js';

/** What is read and how (admins only): the sources, the team's own terms, the confidence below which a tone is unsure. */
export function SettingsTab() {
  const { t, locale } = useI18n();
  const { status } = useAppData();
  const id = useId();
  const current = useApi('words-settings', (signal) => wordsApi.settings(signal));
  const [draft, setDraft] = useState<WordsSettings | null>(null);
  const [dictionary, setDictionary] = useState('');
  const [error, setError] = useState<ApiProblem | null>(null);
  const [said, setSaid] = useState<Said | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (current.state !== 'ok') return;
    setDraft(current.data.settings);
    setDictionary(current.data.settings.dictionary.join('\n'));
  }, [current.state, current.data]);

  if (current.state === 'loading') return <Loading />;
  if (current.state === 'error') return <ErrorState error={current.error} onRetry={current.reload} />;
  if (!draft) return <Loading />;

  const done = (problem: ApiProblem | null, message: Said | null) => {
    setBusy(false);
    setError(problem);
    setSaid(message);
  };
  const save = async () => {
    setBusy(true);
    const result = await wordsApi.saveSettings({ ...draft, dictionary: linesOf(dictionary) });
    if (!result.ok) return done(result.error, null);
    done(null, { key: 'words.settings.saved' });
    current.reload();
  };
  const analyse = async (all: boolean) => {
    setBusy(true);
    const result = await wordsApi.analyse(all);
    if (!result.ok) return done(result.error, null);
    done(null, {
      key: 'words.settings.analysed',
      counts: { analysed: result.data.analysed, removed: result.data.removed },
    });
    current.reload();
  };

  return (
    <div data-testid="words-settings">
      {error ? <ErrorState error={error} /> : null}
      <SaidNotice said={said} testId="words-settings-said" />
      <p data-testid="words-settings-status">
        {t('words.settings.status', {
          texts: formatCount(locale, current.data.texts),
          when: current.data.lastAnalysedAt
            ? formatInstant(locale, current.data.lastAnalysedAt, status.timezone)
            : t('words.settings.never'),
        })}
      </p>
      <div className="words-actions">
        <button type="button" onClick={() => analyse(false)} disabled={busy} data-testid="words-analyse">
          {t('words.settings.analyse')}
        </button>
        <button type="button" className="secondary" onClick={() => analyse(true)} disabled={busy}>
          {t('words.settings.analyseAll')}
        </button>
      </div>
      <Section id="words-settings-form" title={t('words.tab.settings')}>
        <fieldset>
          <legend>{t('words.settings.sources')}</legend>
          {TEXT_KINDS.map((kind) => (
            <label key={kind} className="words-source">
              <input
                type="checkbox"
                checked={draft.sources[kind]}
                onChange={(e) =>
                  setDraft({ ...draft, sources: { ...draft.sources, [kind]: e.target.checked } })
                }
              />{' '}
              {t(`words.kindName.${kind}`)}
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor={`${id}-dictionary`}>{t('words.settings.dictionary')}</label>
          <textarea
            id={`${id}-dictionary`}
            rows={6}
            value={dictionary}
            aria-describedby={`${id}-dictionary-hint`}
            onChange={(e) => setDictionary(e.target.value)}
          />
          <p className="hint" id={`${id}-dictionary-hint`}>
            {t('words.settings.dictionaryHint')}
          </p>
        </div>
        <div className="field">
          <label htmlFor={`${id}-confidence`}>{t('words.settings.minConfidence')}</label>
          <input
            id={`${id}-confidence`}
            type="number"
            min={0.5}
            max={0.95}
            step={0.05}
            value={draft.minConfidence}
            aria-describedby={`${id}-confidence-hint`}
            onChange={(e) => setDraft({ ...draft, minConfidence: Number(e.target.value) })}
          />
          <p className="hint" id={`${id}-confidence-hint`}>
            {t('words.settings.minConfidenceHint')}
          </p>
        </div>
        <button type="button" onClick={save} disabled={busy} data-testid="words-settings-save">
          {t('words.settings.save')}
        </button>
      </Section>
    </div>
  );
}
