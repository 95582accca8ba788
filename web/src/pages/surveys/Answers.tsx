import { type FormEvent, useId, useState } from 'react';
import { useApi } from '../../api.js';
import { useAppData, useCan } from '../../app-data.js';
import { ErrorState, Loading } from '../../components/States.js';
import { formatInstant } from '../../format.js';
import { type MessageKey, useI18n } from '../../i18n/index.js';
import { useLabels } from '../../labels.js';
import { Link } from '../../router.js';
import { type AnswerQuery, answerSearch, type SurveyAnswer, surveysApi } from './api.js';

/** The ways an answer comes in (SURVEY_VIAS in src/core/schema.ts), each with its name. */
const VIAS = new Set(['email', 'link', 'public', 'qr', 'widget', 'wave', 'import']);

/** Answers asked per page; "More" asks for the next. */
const PAGE = 50;

interface Filter {
  scoreMin: string;
  scoreMax: string;
  agent: string;
  channel: string;
  from: string;
  to: string;
  q: string;
}

const NO_FILTER: Filter = { scoreMin: '', scoreMax: '', agent: '', channel: '', from: '', to: '', q: '' };

/** The query of a filter: the period's days are whole days in the team's time zone, sent as dates. */
export function answerQuery(filter: Filter, surveyId: string | undefined, cursor?: string): AnswerQuery {
  const number = (s: string) => (s.trim() === '' || Number.isNaN(Number(s)) ? undefined : Number(s));
  const text = (s: string) => (s.trim() === '' ? undefined : s.trim());
  const query: AnswerQuery = { limit: PAGE };
  const put = <K extends keyof AnswerQuery>(key: K, value: AnswerQuery[K] | undefined) => {
    if (value !== undefined) query[key] = value;
  };
  put('survey', surveyId);
  put('scoreMin', number(filter.scoreMin));
  put('scoreMax', number(filter.scoreMax));
  put('agent', text(filter.agent));
  put('channel', text(filter.channel));
  put('from', text(filter.from));
  put('to', text(filter.to));
  put('q', text(filter.q));
  put('cursor', cursor);
  return query;
}

/**
 * Answers and their comments, newest first, with filters and a search in the comments. The API
 * gives an agent only the answers credited to them; the agent filter is not offered to them.
 */
export function Answers({
  surveyId,
  questionNames,
  mainQuestionName,
}: {
  surveyId?: string;
  /** The survey's questions by id, in the reader's language. */
  questionNames?: Map<string, string>;
  /** The question an invitation's own row answers (its question id is null). */
  mainQuestionName?: string;
}) {
  const { t, locale } = useI18n();
  const { filterValues, status, user } = useAppData();
  const can = useCan();
  const labels = useLabels();
  const id = useId();
  const [draft, setDraft] = useState<Filter>(NO_FILTER);
  const [filter, setFilter] = useState<Filter>(NO_FILTER);
  const [more, setMore] = useState<SurveyAnswer[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const query = answerQuery(filter, surveyId);
  const page = useApi(answerSearch(query), async (signal) => {
    const answer = await surveysApi.answers(query, signal);
    if (answer.ok) {
      setMore([]);
      setCursor(answer.data.nextCursor);
    }
    return answer;
  });

  const apply = (e: FormEvent) => {
    e.preventDefault();
    setFilter(draft);
  };
  const loadMore = async () => {
    if (!cursor || loadingMore) return;
    setLoadingMore(true);
    const next = await surveysApi.answers(answerQuery(filter, surveyId, cursor));
    setLoadingMore(false);
    if (next.ok) {
      setMore((shown) => [...shown, ...next.data.answers]);
      setCursor(next.data.nextCursor);
    }
  };
  const field = (key: keyof Filter) => ({
    id: `${id}-${key}`,
    value: draft[key],
    onChange: (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [key]: e.target.value })),
  });
  const rows = page.state === 'ok' ? [...page.data.answers, ...more] : [];
  const byAgent = user.role !== 'agent' && can.byAgent;
  const viaName = (via: string) => (VIAS.has(via) ? t(`surveys.via.${via}` as MessageKey) : via);

  return (
    <div className="survey-answers">
      <form onSubmit={apply} className="survey-answer-filters" data-testid="answer-filters">
        <div className="field-row">
          <div className="field">
            <label htmlFor={`${id}-q`}>{t('surveys.answers.search')}</label>
            <input type="search" maxLength={200} {...field('q')} />
          </div>
          <div className="field narrow">
            <label htmlFor={`${id}-scoreMin`}>{t('surveys.answers.scoreMin')}</label>
            <input type="number" min={0} max={10} {...field('scoreMin')} />
          </div>
          <div className="field narrow">
            <label htmlFor={`${id}-scoreMax`}>{t('surveys.answers.scoreMax')}</label>
            <input type="number" min={0} max={10} {...field('scoreMax')} />
          </div>
          {byAgent ? (
            <div className="field">
              <label htmlFor={`${id}-agent`}>{t('surveys.answers.agent')}</label>
              <select {...field('agent')}>
                <option value="">{t('surveys.answers.anyAgent')}</option>
                {filterValues.agent.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name ?? a.id}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          <div className="field">
            <label htmlFor={`${id}-channel`}>{t('surveys.answers.channel')}</label>
            <select {...field('channel')}>
              <option value="">{t('surveys.answers.anyChannel')}</option>
              {filterValues.channel.map((c) => (
                <option key={c} value={c}>
                  {labels.value('channel', c)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-from`}>{t('surveys.answers.from')}</label>
            <input type="date" {...field('from')} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-to`}>{t('surveys.answers.to')}</label>
            <input type="date" {...field('to')} />
          </div>
          <button type="submit">{t('surveys.answers.apply')}</button>
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setDraft(NO_FILTER);
              setFilter(NO_FILTER);
            }}
          >
            {t('surveys.answers.clear')}
          </button>
        </div>
      </form>
      {page.state === 'loading' ? <Loading /> : null}
      {page.state === 'error' ? <ErrorState error={page.error} onRetry={page.reload} /> : null}
      {page.state === 'ok' && rows.length === 0 ? (
        <p data-testid="no-answers">{t('surveys.answers.none')}</p>
      ) : null}
      {rows.length > 0 ? (
        <div className="table-wrap" aria-busy={page.stale}>
          <table data-testid="answers-table">
            <caption className="visually-hidden">{t('surveys.answers.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('surveys.answers.when')}</th>
                {surveyId ? null : <th scope="col">{t('surveys.answers.survey')}</th>}
                <th scope="col">{t('surveys.answers.question')}</th>
                <th scope="col" className="num">
                  {t('surveys.answers.score')}
                </th>
                <th scope="col">{t('surveys.answers.comment')}</th>
                {byAgent ? <th scope="col">{t('surveys.answers.agent')}</th> : null}
                <th scope="col">{t('surveys.answers.channel')}</th>
                <th scope="col">{t('surveys.answers.via')}</th>
                {can.drillDown ? <th scope="col">{t('surveys.answers.contact')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {rows.map((a) => (
                <tr key={a.key} data-testid="answer-row">
                  <td>{formatInstant(locale, a.respondedAt, status.timezone)}</td>
                  {surveyId ? null : <td>{a.surveyName ?? a.surveyId}</td>}
                  <td>
                    {a.questionId === null
                      ? (mainQuestionName ?? t('surveys.answers.mainQuestion'))
                      : (questionNames?.get(a.questionId) ?? a.questionId)}
                    {a.dimension ? (
                      <span className="muted"> · {labels.value('survey_dimension', a.dimension)}</span>
                    ) : null}
                  </td>
                  <td className="num">{scoreText(a)}</td>
                  <td className="survey-comment" data-testid="answer-comment">
                    {a.comment ?? (a.choices.length > 0 ? a.choices.join(', ') : '')}
                  </td>
                  {byAgent ? <td data-testid="answer-agent">{labels.agent(a.agentId)}</td> : null}
                  <td>{a.channel ? labels.value('channel', a.channel) : t('value.none')}</td>
                  <td>
                    {[a.via ? viaName(a.via) : null, a.sourceLabel, a.location].filter(Boolean).join(' · ')}
                  </td>
                  {can.drillDown ? (
                    <td>
                      {a.contactKey ? (
                        <Link
                          to={`/contacts/${encodeURIComponent(a.contactKey)}`}
                          data-testid="answer-contact"
                        >
                          {t('surveys.answers.openContact')}
                        </Link>
                      ) : (
                        t('value.none')
                      )}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {cursor ? (
        <p>
          <button type="button" className="secondary" onClick={() => void loadMore()} aria-busy={loadingMore}>
            {t('surveys.answers.more')}
          </button>
        </p>
      ) : null}
    </div>
  );
}

function scoreText(a: SurveyAnswer): string {
  if (a.score === null) return '';
  // Text and choice answers have no scale (0–0): the score alone says it.
  return a.scaleMax > a.scaleMin ? `${a.score} / ${a.scaleMax}` : String(a.score);
}
