import { type FormEvent, useId, useState } from 'react';
import { type ApiProblem, useApi } from '../../api.js';
import { useAppData } from '../../app-data.js';
import { usePageTitle } from '../../components/Layout.js';
import { ErrorState, Loading } from '../../components/States.js';
import { TextField } from '../../components/TextField.js';
import { formatCount, formatInstant, formatPercent } from '../../format.js';
import { type MessageKey, useI18n } from '../../i18n/index.js';
import { Link, navigate } from '../../router.js';
import { Answers } from './Answers.js';
import { type SurveySummary, type SurveyType, surveysApi } from './api.js';
import { SurveyAdmin } from './Privacy.js';
import { canEditSurveys, SURVEY_TYPE_KEYS, statusKey } from './roles.js';
import './surveys.css';

const NEW_TYPES: readonly SurveyType[] = [
  'post_contact',
  'self_service',
  'relationship',
  'suggestion',
  'custom',
];

/**
 * The Surveys section's first page: for those who manage surveys, every survey with its response
 * rate and a way to start a new one from a type; for an agent, the answers credited to them.
 */
export function Surveys() {
  const { t } = useI18n();
  const { user } = useAppData();
  usePageTitle(t('surveys.title'));
  const id = useId();
  if (user.role === 'agent')
    return (
      <section aria-labelledby={`${id}-title`}>
        <h1 id={`${id}-title`}>{t('surveys.myAnswers')}</h1>
        <p className="hint">{t('surveys.myAnswersIntro')}</p>
        <Answers />
      </section>
    );
  return <SurveyList />;
}

function SurveyList() {
  const { t, locale } = useI18n();
  const { user, status } = useAppData();
  const id = useId();
  const list = useApi('surveys', (signal) => surveysApi.list(signal));
  const editable = canEditSurveys(user.role);
  return (
    <section aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>{t('surveys.title')}</h1>
      <p className="hint">{t('surveys.intro')}</p>
      {editable ? <NewSurvey /> : null}
      {list.state === 'loading' ? <Loading /> : null}
      {list.state === 'error' ? <ErrorState error={list.error} onRetry={list.reload} /> : null}
      {list.state === 'ok' && list.data.surveys.length === 0 ? <p>{t('surveys.none')}</p> : null}
      {list.state === 'ok' && list.data.surveys.length > 0 ? (
        <div className="table-wrap">
          <table data-testid="surveys-table">
            <caption className="visually-hidden">{t('surveys.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('surveys.column.name')}</th>
                <th scope="col">{t('surveys.column.type')}</th>
                <th scope="col">{t('surveys.column.status')}</th>
                <th scope="col">{t('surveys.column.languages')}</th>
                <th scope="col" className="num">
                  {t('surveys.column.version')}
                </th>
                <th scope="col" className="num">
                  {t('surveys.column.sent')}
                </th>
                <th scope="col" className="num">
                  {t('surveys.column.answered')}
                </th>
                <th scope="col" className="num">
                  {t('surveys.column.responseRate')}
                </th>
                <th scope="col">{t('surveys.column.lastAnswer')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.surveys.map((s: SurveySummary) => (
                <tr key={s.id} data-testid={`survey-${s.id}`}>
                  <th scope="row">
                    <Link to={`/surveys/${encodeURIComponent(s.id)}`}>{s.name}</Link>
                  </th>
                  <td>{t(SURVEY_TYPE_KEYS[s.type])}</td>
                  <td>{t(statusKey(s.status))}</td>
                  <td>{s.languages.join(', ')}</td>
                  <td className="num">{formatCount(locale, s.version)}</td>
                  <td className="num">{s.sent === null ? t('value.none') : formatCount(locale, s.sent)}</td>
                  <td className="num">
                    {s.answered === null ? t('value.none') : formatCount(locale, s.answered)}
                  </td>
                  <td className="num" data-testid="response-rate">
                    {s.responseRate === null ? t('value.none') : formatPercent(locale, s.responseRate)}
                  </td>
                  <td>
                    {s.lastAnswerAt
                      ? formatInstant(locale, s.lastAnswerAt, status.timezone)
                      : t('value.none')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {user.role === 'admin' ? <SurveyAdmin /> : null}
    </section>
  );
}

/** A new survey starts from its type's template, in every built-in language, and opens in the editor. */
function NewSurvey() {
  const { t } = useI18n();
  const id = useId();
  const [type, setType] = useState<SurveyType>('post_contact');
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiProblem | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    const created = await surveysApi.create({ type, name: name.trim() || t(SURVEY_TYPE_KEYS[type]) });
    setBusy(false);
    if (!created.ok) {
      setError(created.error);
      return;
    }
    navigate(`/surveys/${encodeURIComponent(created.data.id)}?tab=editor`);
  };

  return (
    <form onSubmit={submit} aria-labelledby={`${id}-title`} data-testid="new-survey">
      <h2 id={`${id}-title`}>{t('surveys.new')}</h2>
      {error ? <ErrorState error={error} /> : null}
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-type`}>{t('surveys.newType')}</label>
          <select id={`${id}-type`} value={type} onChange={(e) => setType(e.target.value as SurveyType)}>
            {NEW_TYPES.map((value) => (
              <option key={value} value={value}>
                {t(SURVEY_TYPE_KEYS[value])}
              </option>
            ))}
          </select>
        </div>
        <TextField
          id={`${id}-name`}
          label={t('surveys.newName')}
          maxLength={200}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <button type="submit" aria-busy={busy}>
          {t('surveys.create')}
        </button>
      </div>
      <p className="hint">{t(`surveys.typeHint.${type}` as MessageKey)}</p>
    </form>
  );
}
