import { useId, useMemo, useState } from 'react';
import type { ApiProblem } from '../../api.js';
import { useApi } from '../../api.js';
import { useAppData, useCan } from '../../app-data.js';
import { Chart, SERIES_COLOURS } from '../../components/Chart.js';
import { ErrorState } from '../../components/States.js';
import { formatCount, formatNumber, formatPercent, formatPeriod } from '../../format.js';
import { type MessageKey, useI18n } from '../../i18n/index.js';
import { useLabels } from '../../labels.js';
import { type DistinctiveTerm, TEXT_KINDS, type Theme, WORDS_LANGUAGES, wordsApi } from './api.js';
import { termChart, trendShares } from './charts.js';
import { editsWords, focusParam, openMessages, parseFocus } from './view.js';
import { Answer, EmptyWords, Section, useTopics, type WordsContext } from './Words.js';

/** Terms shown in the bar chart; the table lists all the server sent. */
const CHART_TERMS = 20;

export function TopicsTab({ context }: { context: WordsContext }) {
  const { t, locale } = useI18n();
  const focus = focusParam(context.view.focus);
  const topics = useTopics(context, focus);
  return (
    <div data-testid="words-topics">
      <FocusPicker context={context} />
      <Answer result={topics}>
        {(data) =>
          data.texts.focus + data.texts.rest === 0 ? (
            <EmptyWords />
          ) : (
            <>
              <p className="hint" data-testid="words-topics-texts">
                {t('words.topics.texts', {
                  focus: formatCount(locale, data.texts.focus),
                  rest: formatCount(locale, data.texts.rest),
                })}
              </p>
              <TermsSection context={context} terms={data.terms} themes={data.themes} />
              <TrendSection context={context} terms={data.terms} />
              <ThemesSection
                context={context}
                themes={data.themes}
                terms={data.terms}
                onChanged={topics.reload}
              />
            </>
          )
        }
      </Answer>
    </div>
  );
}

/** What the terms are compared within: all texts, or one channel, team, agent, topic, language, source or score. */
function FocusPicker({ context }: { context: WordsContext }) {
  const { t } = useI18n();
  const id = useId();
  const { filterValues } = useAppData();
  const can = useCan();
  const labels = useLabels();
  const focus = focusParam(context.view.focus);
  const option = (value: string, label: string) => (
    <option key={value} value={value}>
      {label}
    </option>
  );
  const focusLabel = (by: string, shown: string) =>
    t(`words.focus.${by}` as MessageKey, { value: shown }) as string;
  return (
    <div className="field words-focus">
      <label htmlFor={id}>{t('words.focus')}</label>
      <select
        id={id}
        data-testid="words-focus"
        value={focus}
        onChange={(e) =>
          context.update((p) => {
            const next = parseFocus(e.target.value);
            if (next.by === 'all') p.delete('focus');
            else p.set('focus', focusParam(next));
          })
        }
      >
        {option('all', t('words.focus.all'))}
        <optgroup label={labels.dimension('channel')}>
          {filterValues.channel.map((v) =>
            option(`channel:${v}`, focusLabel('channel', labels.value('channel', v))),
          )}
        </optgroup>
        {can.teamFilter && filterValues.team.length ? (
          <optgroup label={labels.dimension('team')}>
            {filterValues.team.map((v) => option(`team:${v.id}`, focusLabel('team', v.name ?? v.id)))}
          </optgroup>
        ) : null}
        {can.byAgent && filterValues.agent.length ? (
          <optgroup label={labels.dimension('agent')}>
            {filterValues.agent.map((v) => option(`agent:${v.id}`, focusLabel('agent', v.name ?? v.id)))}
          </optgroup>
        ) : null}
        {filterValues.topic.length ? (
          <optgroup label={labels.dimension('topic')}>
            {filterValues.topic.map((v) => option(`topic:${v}`, focusLabel('topic', v)))}
          </optgroup>
        ) : null}
        <optgroup label={t('words.language')}>
          {WORDS_LANGUAGES.map((l) => option(`language:${l}`, focusLabel('language', t(`words.lang.${l}`))))}
        </optgroup>
        <optgroup label={t('words.kind')}>
          {TEXT_KINDS.map((k) => option(`kind:${k}`, focusLabel('kind', t(`words.kindName.${k}`))))}
        </optgroup>
        <optgroup label={t('words.column.surveyScore')}>
          {option('score:low', t('words.focus.scoreLow'))}
          {option('score:high', t('words.focus.scoreHigh'))}
        </optgroup>
      </select>
    </div>
  );
}

function TermsSection({
  context,
  terms,
  themes,
}: {
  context: WordsContext;
  terms: DistinctiveTerm[];
  themes: Theme[];
}) {
  const { t, locale } = useI18n();
  const themeNames = new Map(themes.map((theme) => [theme.id, theme.name]));
  const shown = terms.slice(0, CHART_TERMS);
  const option = useMemo(() => termChart(shown, t('words.column.z')), [shown, t]);
  const messagesOf = (term: string) => context.update((p) => openMessages(p, { term }));
  const trendOf = (term: string) => context.update((p) => p.set('trend', term));
  return (
    <Section id="words-terms" title={t('words.topics.terms')}>
      {terms.length === 0 ? (
        <p className="muted">{t('words.topics.none')}</p>
      ) : (
        <>
          <Chart
            option={option}
            label={t('words.topics.chart')}
            testId="words-terms-chart"
            height={Math.max(200, shown.length * 22 + 60)}
            onClick={(click) => {
              const term = shown[shown.length - 1 - click.dataIndex];
              if (term) messagesOf(term.term);
            }}
          />
          <p className="hint">{t('words.zHint')}</p>
          <table className="words-terms" data-testid="words-terms-table">
            <thead>
              <tr>
                <th scope="col">{t('words.column.term')}</th>
                <th scope="col" className="num">
                  {t('words.column.inFocus')}
                </th>
                <th scope="col" className="num">
                  {t('words.column.inRest')}
                </th>
                <th scope="col" className="num">
                  {t('words.column.z')}
                </th>
                <th scope="col" className="num">
                  {t('words.column.negativeShare')}
                </th>
                <th scope="col">{t('words.column.theme')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('words.showMessages')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {terms.map((term) => (
                <tr key={term.term} data-term={term.term}>
                  <th scope="row" className="words-term">
                    {term.label}
                  </th>
                  <td className="num">{formatCount(locale, term.inFocus)}</td>
                  <td className="num">{formatCount(locale, term.inRest)}</td>
                  <td className="num">{formatNumber(locale, term.z, 1)}</td>
                  <td className="num">{formatPercent(locale, term.negativeShare)}</td>
                  <td>{term.themeId ? (themeNames.get(term.themeId) ?? '') : ''}</td>
                  <td className="words-actions">
                    <button type="button" className="link" onClick={() => trendOf(term.term)}>
                      {t('words.showTrend')}
                    </button>
                    {context.role !== 'viewer' ? (
                      <button
                        type="button"
                        className="link"
                        data-testid="words-term-messages"
                        onClick={() => messagesOf(term.term)}
                      >
                        {t('words.showMessages')}
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Section>
  );
}

function TrendSection({ context, terms }: { context: WordsContext; terms: DistinctiveTerm[] }) {
  const { t, locale } = useI18n();
  const term = context.view.trendTerm ?? terms[0]?.term ?? null;
  const label = terms.find((x) => x.term === term)?.label ?? term ?? '';
  const trend = useApi(term ? JSON.stringify({ q: context.query, term, g: context.grain }) : null, (signal) =>
    wordsApi.trend(context.query, term ?? '', context.grain, signal),
  );
  return (
    <Section id="words-trend" title={term ? t('words.trend.title', { term: label }) : t('words.showTrend')}>
      {term ? (
        <Answer result={trend}>
          {(data) => {
            const shares = trendShares(data.points);
            return (
              <Chart
                label={t('words.trend.share')}
                testId="words-trend-chart"
                height={220}
                option={{
                  color: SERIES_COLOURS,
                  tooltip: { trigger: 'axis' },
                  grid: { left: 48, right: 16, top: 16, bottom: 32 },
                  xAxis: {
                    type: 'category',
                    data: shares.map((p) => formatPeriod(locale, p.period, context.grain)),
                  },
                  yAxis: {
                    type: 'value',
                    axisLabel: { formatter: (v: number) => formatPercent(locale, v, 0) },
                  },
                  series: [{ name: t('words.trend.share'), type: 'line', data: shares.map((p) => p.share) }],
                }}
              />
            );
          }}
        </Answer>
      ) : (
        <p className="muted">{t('words.trend.none')}</p>
      )}
    </Section>
  );
}

function ThemesSection({
  context,
  themes,
  terms,
  onChanged,
}: {
  context: WordsContext;
  themes: Theme[];
  terms: DistinctiveTerm[];
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const editing = editsWords(context.role);
  const [selected, setSelected] = useState<string[]>([]);
  const [mergeName, setMergeName] = useState('');
  const [error, setError] = useState<ApiProblem | null>(null);
  const labels = new Map(terms.map((term) => [term.term, term.label]));
  const run = async (action: Promise<{ ok: boolean; error?: ApiProblem }>) => {
    const result = await action;
    if (!result.ok) {
      setError(result.error ?? null);
      return;
    }
    setError(null);
    setSelected([]);
    onChanged();
  };
  const saved = themes.filter((theme) => !theme.suggested);
  const suggested = themes.filter((theme) => theme.suggested);
  return (
    <Section id="words-themes" title={t('words.themes.title')}>
      {error ? <ErrorState error={error} /> : null}
      {themes.length === 0 ? <p className="muted">{t('words.themes.none')}</p> : null}
      <ul className="words-themes">
        {[...saved, ...suggested].map((theme) => (
          <li key={theme.id} data-testid="words-theme" data-suggested={theme.suggested}>
            {editing && !theme.suggested ? (
              <input
                type="checkbox"
                aria-label={t('words.themes.select', { name: theme.name })}
                checked={selected.includes(theme.id)}
                onChange={(e) =>
                  setSelected((s) => (e.target.checked ? [...s, theme.id] : s.filter((x) => x !== theme.id)))
                }
              />
            ) : null}{' '}
            <button
              type="button"
              className="link words-theme-name"
              onClick={() =>
                context.update((p) =>
                  theme.suggested
                    ? openMessages(p, { term: theme.terms[0] ?? '' })
                    : openMessages(p, { theme: theme.id }),
                )
              }
              disabled={context.role === 'viewer'}
            >
              {theme.name}
            </button>{' '}
            {theme.pinned ? <span className="badge">{t('words.themes.pinned')}</span> : null}
            {theme.suggested ? <span className="badge">{t('words.themes.suggested')}</span> : null}{' '}
            <span className="muted">{theme.terms.map((term) => labels.get(term) ?? term).join(', ')}</span>
            {editing ? (
              <span className="words-actions">
                {theme.suggested ? (
                  <button type="button" onClick={() => run(wordsApi.createTheme(theme.name, theme.terms))}>
                    {t('words.themes.keep')}
                  </button>
                ) : (
                  <>
                    <button
                      type="button"
                      className="secondary"
                      onClick={() => {
                        const name = window.prompt(t('words.themes.name'), theme.name)?.trim();
                        if (name && name !== theme.name) void run(wordsApi.updateTheme(theme.id, { name }));
                      }}
                    >
                      {t('words.themes.rename')}
                    </button>
                    <button
                      type="button"
                      className="secondary"
                      onClick={() => run(wordsApi.updateTheme(theme.id, { pinned: !theme.pinned }))}
                    >
                      {theme.pinned ? t('words.themes.unpin') : t('words.themes.pin')}
                    </button>
                    <button
                      type="button"
                      className="secondary"
                      onClick={() => run(wordsApi.deleteTheme(theme.id))}
                    >
                      {t('words.themes.delete')}
                    </button>
                  </>
                )}
              </span>
            ) : null}
          </li>
        ))}
      </ul>
      {editing && saved.length >= 2 ? (
        <form
          className="words-merge"
          onSubmit={(e) => {
            e.preventDefault();
            if (selected.length >= 2 && mergeName.trim())
              void run(wordsApi.mergeThemes(selected, mergeName.trim()));
          }}
        >
          <label htmlFor={`${id}-merge`}>{t('words.themes.mergeName')}</label>{' '}
          <input
            id={`${id}-merge`}
            value={mergeName}
            maxLength={80}
            onChange={(e) => setMergeName(e.target.value)}
          />{' '}
          <button type="submit" disabled={selected.length < 2 || !mergeName.trim()}>
            {t('words.themes.merge')}
          </button>
        </form>
      ) : null}
    </Section>
  );
}
