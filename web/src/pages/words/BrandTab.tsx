import { useEffect, useId, useState } from 'react';
import { type ApiProblem, useApi } from '../../api.js';
import { Chart, SERIES_COLOURS } from '../../components/Chart.js';
import { ErrorState } from '../../components/States.js';
import { formatCount, formatPercent, formatPeriod } from '../../format.js';
import { useI18n } from '../../i18n/index.js';
import { useLabels } from '../../labels.js';
import {
  ATTRIBUTE_STANCES,
  type AttributeProfileRow,
  type BrandAttribute,
  WORDS_LANGUAGES,
  wordsApi,
} from './api.js';
import { ToneBar } from './ToneBar.js';
import { editsWords, emptyWords, openMessages, wordsOf } from './view.js';
import { Answer, type Said, SaidNotice, Section, type WordsContext } from './Words.js';

export function BrandTab({ context }: { context: WordsContext }) {
  const { t } = useI18n();
  const profile = useApi(JSON.stringify({ q: context.query, g: context.grain }), (signal) =>
    wordsApi.profile(context.query, context.grain, signal),
  );
  return (
    <div data-testid="words-brand">
      <Section id="words-brand-profile" title={t('words.brand.profile')}>
        <Answer result={profile}>
          {(data) =>
            data.rows.length === 0 ? (
              <p className="muted">{t('words.brand.none')}</p>
            ) : (
              <>
                <div className="words-stances">
                  {ATTRIBUTE_STANCES.map((stance) => (
                    <ProfileTable
                      key={stance}
                      context={context}
                      stance={stance}
                      rows={data.rows.filter((row) => row.stance === stance)}
                    />
                  ))}
                </div>
                <ProfileTrend context={context} rows={data.rows} />
              </>
            )
          }
        </Answer>
      </Section>
      {editsWords(context.role) ? <AttributesEditor onSaved={profile.reload} /> : null}
    </div>
  );
}

function ProfileTable({
  context,
  stance,
  rows,
}: {
  context: WordsContext;
  stance: 'intended' | 'feared';
  rows: AttributeProfileRow[];
}) {
  const { t, locale } = useI18n();
  const labels = useLabels();
  const title = stance === 'intended' ? t('words.brand.intended') : t('words.brand.feared');
  return (
    <div className={`words-stance words-stance-${stance}`}>
      <h3>{title}</h3>
      <table data-testid={`words-profile-${stance}`}>
        <thead>
          <tr>
            <th scope="col">{t('words.column.attribute')}</th>
            <th scope="col" className="num">
              {t('words.column.mentions')}
            </th>
            <th scope="col" className="num">
              {t('words.column.share')}
            </th>
            <th scope="col">{t('words.column.tone')}</th>
            <th scope="col">{t('words.column.byChannel')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.attributeId} data-attribute={row.name}>
              <th scope="row">
                {context.role !== 'viewer' ? (
                  <button
                    type="button"
                    className="link"
                    onClick={() => context.update((p) => openMessages(p, { attribute: row.attributeId }))}
                  >
                    {row.name}
                  </button>
                ) : (
                  row.name
                )}
              </th>
              <td className="num" data-testid="words-attribute-mentions">
                {formatCount(locale, row.mentions)}
              </td>
              <td className="num">{formatPercent(locale, row.share)}</td>
              <td className="words-tone-cell">
                <ToneBar counts={row.tone} />
              </td>
              <td>
                {Object.entries(row.byChannel)
                  .sort((a, b) => b[1] - a[1])
                  .map(
                    ([channel, n]) =>
                      // Survey comments without a contact have no channel: the service counts them as unknown.
                      `${channel === 'unknown' ? t('words.channel.none') : labels.value('channel', channel)} ${formatCount(locale, n)}`,
                  )
                  .join(', ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ProfileTrend({ context, rows }: { context: WordsContext; rows: AttributeProfileRow[] }) {
  const { t, locale } = useI18n();
  const periods = rows[0]?.trend.map((p) => p.period) ?? [];
  return (
    <Chart
      label={t('words.brand.trend')}
      testId="words-brand-chart"
      height={240}
      option={{
        color: SERIES_COLOURS,
        tooltip: { trigger: 'axis' },
        legend: { top: 0 },
        grid: { left: 48, right: 16, top: 32, bottom: 32 },
        xAxis: { type: 'category', data: periods.map((p) => formatPeriod(locale, p, context.grain)) },
        yAxis: { type: 'value', minInterval: 1 },
        series: rows.map((row) => ({
          name: row.name,
          type: 'line',
          lineStyle: row.stance === 'feared' ? { type: 'dashed' } : undefined,
          data: row.trend.map((p) => p.mentions),
        })),
      }}
    />
  );
}

interface Draft {
  id: string;
  name: string;
  stance: 'intended' | 'feared';
  words: Record<(typeof WORDS_LANGUAGES)[number], string>;
}

function toDraft(attribute: BrandAttribute): Draft {
  const words = emptyWords();
  for (const language of WORDS_LANGUAGES) words[language] = (attribute.words[language] ?? []).join(', ');
  return { id: attribute.id, name: attribute.name, stance: attribute.stance, words };
}

function fromDraft(draft: Draft): BrandAttribute {
  const words: BrandAttribute['words'] = {};
  for (const language of WORDS_LANGUAGES) {
    const list = wordsOf(draft.words[language]);
    if (list.length) words[language] = list;
  }
  return { id: draft.id, name: draft.name.trim(), stance: draft.stance, words };
}

let drafted = 0;
/** An id for a new attribute, unique on the page; the server keeps it. */
function newId(): string {
  drafted += 1;
  return `attribute-${Date.now().toString(36)}-${drafted}`;
}

function AttributesEditor({ onSaved }: { onSaved: () => void }) {
  const { t } = useI18n();
  const id = useId();
  const list = useApi('words-attributes', (signal) => wordsApi.attributes(signal));
  const [drafts, setDrafts] = useState<Draft[] | null>(null);
  const [error, setError] = useState<ApiProblem | null>(null);
  const [said, setSaid] = useState<Said | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (list.state === 'ok') setDrafts(list.data.attributes.map(toDraft));
  }, [list.state, list.data]);
  const edit = (index: number, change: Partial<Draft>) =>
    setDrafts((all) => (all ?? []).map((d, i) => (i === index ? { ...d, ...change } : d)));
  const save = async () => {
    if (!drafts) return;
    setBusy(true);
    const result = await wordsApi.saveAttributes(drafts.map(fromDraft));
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      setSaid(null);
      return;
    }
    setError(null);
    setSaid({ key: 'words.brand.saved' });
    setDrafts(result.data.attributes.map(toDraft));
    onSaved();
  };
  return (
    <Section id="words-attributes" title={t('words.brand.editor')}>
      {list.state === 'error' ? <ErrorState error={list.error} onRetry={list.reload} /> : null}
      {error ? <ErrorState error={error} /> : null}
      <SaidNotice said={said} testId="words-attributes-saved" />
      <p className="hint">{t('words.brand.wordsHint')}</p>
      {(drafts ?? []).map((draft, index) => (
        <fieldset key={draft.id} className="words-attribute" data-testid="words-attribute">
          <legend>{draft.name || t('words.brand.name')}</legend>
          <div className="field-row">
            <div className="field">
              <label htmlFor={`${id}-${index}-name`}>{t('words.brand.name')}</label>
              <input
                id={`${id}-${index}-name`}
                value={draft.name}
                maxLength={60}
                onChange={(e) => edit(index, { name: e.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor={`${id}-${index}-stance`}>{t('words.brand.stance')}</label>
              <select
                id={`${id}-${index}-stance`}
                value={draft.stance}
                onChange={(e) => edit(index, { stance: e.target.value as Draft['stance'] })}
              >
                <option value="intended">{t('words.brand.intended')}</option>
                <option value="feared">{t('words.brand.feared')}</option>
              </select>
            </div>
          </div>
          <div className="words-attribute-words">
            {WORDS_LANGUAGES.map((language) => (
              <div className="field" key={language}>
                <label htmlFor={`${id}-${index}-${language}`}>
                  {t('words.brand.words', { language: t(`words.lang.${language}`) })}
                </label>
                <textarea
                  id={`${id}-${index}-${language}`}
                  lang={language === 'zh' ? 'zh-CN' : language}
                  rows={2}
                  value={draft.words[language]}
                  onChange={(e) => edit(index, { words: { ...draft.words, [language]: e.target.value } })}
                />
              </div>
            ))}
          </div>
          <button
            type="button"
            className="secondary"
            onClick={() => setDrafts((all) => (all ?? []).filter((_, i) => i !== index))}
          >
            {t('words.brand.remove')}
          </button>
        </fieldset>
      ))}
      <div className="words-actions">
        <button
          type="button"
          className="secondary"
          data-testid="words-attribute-add"
          onClick={() =>
            setDrafts((all) => [
              ...(all ?? []),
              { id: newId(), name: '', stance: 'intended', words: emptyWords() },
            ])
          }
        >
          {t('words.brand.add')}
        </button>
        <button type="button" onClick={save} disabled={busy || !drafts} data-testid="words-attributes-save">
          {t('words.brand.save')}
        </button>
      </div>
    </Section>
  );
}
