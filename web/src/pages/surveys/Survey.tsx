import { useId, useMemo } from 'react';
import { useApi } from '../../api.js';
import { readsAggregatesOnly, useAppData } from '../../app-data.js';
import { usePageTitle } from '../../components/Layout.js';
import { ErrorState, Loading } from '../../components/States.js';
import { type Tab, Tabs } from '../../components/Tabs.js';
import { useI18n } from '../../i18n/index.js';
import { Link, useSearchParams } from '../../router.js';
import { Answers } from './Answers.js';
import { type SurveyView, surveysApi } from './api.js';
import { mainQuestionOf, textIn } from './definition-edit.js';
import { SurveyEditor } from './Editor.js';
import { InvitationsPanel } from './Invitations.js';
import { SurveyResults } from './Results.js';
import { canEditSurveys, SURVEY_TYPE_KEYS, statusKey } from './roles.js';
import { SharePanel } from './Share.js';
import { WavesPanel } from './Waves.js';
import './surveys.css';

type SurveyTab = 'results' | 'answers' | 'invitations' | 'waves' | 'editor' | 'share';

/** One survey: its results, its answers and comments, and for those who manage it the editor and the links. */
export function SurveyPage({ surveyId }: { surveyId: string }) {
  const { t } = useI18n();
  const { user } = useAppData();
  const id = useId();
  const survey = useApi(`survey:${surveyId}`, (signal) => surveysApi.get(surveyId, signal));
  usePageTitle(survey.state === 'ok' ? survey.data.name : t('surveys.title'));
  const [search, update] = useSearchParams();
  const editable = canEditSurveys(user.role);
  const tabs: Tab<SurveyTab>[] = [
    { key: 'results', label: t('surveys.tab.results') },
    // Answers carry comments and name contacts: like the contact lists, not for viewers.
    ...(readsAggregatesOnly(user.role) ? [] : [{ key: 'answers' as const, label: t('surveys.tab.answers') }]),
    // What became of each invitation names customers and mail failures: for those who run the surveys.
    ...(editable ? [{ key: 'invitations' as const, label: t('surveys.tab.invitations') }] : []),
    ...(editable && survey.state === 'ok' && survey.data.type === 'relationship'
      ? [{ key: 'waves' as const, label: t('surveys.tab.waves') }]
      : []),
    ...(editable
      ? [
          { key: 'editor' as const, label: t('surveys.tab.editor') },
          { key: 'share' as const, label: t('surveys.tab.share') },
        ]
      : []),
  ];
  const asked = search.get('tab');
  const selected = tabs.find((tab) => tab.key === asked)?.key ?? 'results';

  return (
    <section aria-labelledby={`${id}-title`}>
      <p>
        <Link to="/surveys">← {t('surveys.title')}</Link>
      </p>
      {survey.state === 'loading' ? <Loading /> : null}
      {survey.state === 'error' ? <ErrorState error={survey.error} onRetry={survey.reload} /> : null}
      {survey.state === 'ok' ? (
        <>
          <h1 id={`${id}-title`}>{survey.data.name}</h1>
          <p className="muted" data-testid="survey-facts">
            {t(SURVEY_TYPE_KEYS[survey.data.type])} · {t(statusKey(survey.data.status))} ·{' '}
            {t('surveys.editor.version', { version: survey.data.version })} ·{' '}
            {survey.data.definition.languages.join(', ')}
          </p>
          <Tabs
            label={survey.data.name}
            tabs={tabs}
            selected={selected}
            onSelect={(key) => update((p) => p.set('tab', key), true)}
          >
            <Panel tab={selected} survey={survey.data} onSaved={survey.reload} />
          </Tabs>
        </>
      ) : null}
    </section>
  );
}

function Panel({ tab, survey, onSaved }: { tab: SurveyTab; survey: SurveyView; onSaved: () => void }) {
  const { locale } = useI18n();
  const questionNames = useMemo(
    () =>
      new Map(
        survey.definition.questions.map((q) => [
          q.id,
          textIn(q.text, locale, survey.definition.defaultLanguage) || q.id,
        ]),
      ),
    [survey, locale],
  );
  const main = mainQuestionOf(survey.definition);
  switch (tab) {
    case 'results':
      return <SurveyResults survey={survey} />;
    case 'answers':
      return (
        <Answers
          surveyId={survey.id}
          questionNames={questionNames}
          {...(main ? { mainQuestionName: questionNames.get(main.id) ?? main.id } : {})}
        />
      );
    case 'invitations':
      return <InvitationsPanel survey={survey} />;
    case 'waves':
      return <WavesPanel survey={survey} />;
    case 'editor':
      // A saved version reloads the survey around the editor, which keeps what it saved and says so.
      return <SurveyEditor survey={survey} onSaved={onSaved} />;
    case 'share':
      return <SharePanel survey={survey} />;
  }
}
