import { type FormEvent, useId, useState } from 'react';
import { type ApiProblem, useApi } from '../../api.js';
import { useAppData } from '../../app-data.js';
import { ErrorState } from '../../components/States.js';
import { Tabs } from '../../components/Tabs.js';
import { TextField } from '../../components/TextField.js';
import { formatInstant } from '../../format.js';
import { LOCALE_NAMES, type MessageKey, useI18n } from '../../i18n/index.js';
import { type SurveySettings, type SurveyStatus, type SurveyView, surveysApi } from './api.js';
import {
  addLanguage,
  BUILT_IN_LANGUAGES,
  isLanguageTag,
  missingTexts,
  moveQuestion,
  newQuestion,
  QUESTION_TYPES,
  type Question,
  type QuestionType,
  removeLanguage,
  removeQuestion,
  replaceQuestion,
  type SurveyDefinition,
  setText,
  type Texts,
  withType,
} from './definition-edit.js';
import { SurveyPreview } from './Preview.js';
import { SURVEY_STATUSES, statusKey } from './roles.js';

const MEASURES = ['csat', 'ces', 'helpful', 'stay', 'satisfaction', 'custom'] as const;
const DISPLAYS = ['stars', 'faces', 'thumbs', 'numbers', 'labels'] as const;

/** A language's name in itself where the dashboard knows it, else its tag. */
function languageName(tag: string): string {
  return (LOCALE_NAMES as Record<string, string>)[tag] ?? tag;
}

/**
 * The survey editor: its questions and their texts per language, its look, how it is sent, and a
 * preview of the page in every language it offers. Saving a changed definition makes a new version;
 * the answers given so far keep theirs.
 */
export function SurveyEditor({
  survey,
  onSaved,
}: {
  survey: SurveyView;
  onSaved: (view: SurveyView) => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const [name, setName] = useState(survey.name);
  const [status, setStatus] = useState<SurveyStatus>(survey.status);
  const [definition, setDefinition] = useState<SurveyDefinition>(survey.definition);
  const [settings, setSettings] = useState<SurveySettings>(survey.settings);
  const [editLanguage, setEditLanguage] = useState(survey.definition.defaultLanguage);
  const [previewLanguage, setPreviewLanguage] = useState(survey.definition.defaultLanguage);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiProblem | null>(null);
  const [saved, setSaved] = useState<number | null>(null);
  const versions = useApi(`versions:${survey.id}:${survey.version}`, (signal) =>
    surveysApi.versions(survey.id, signal),
  );
  const language = definition.languages.includes(editLanguage) ? editLanguage : definition.defaultLanguage;
  const shownPreview = definition.languages.includes(previewLanguage)
    ? previewLanguage
    : definition.defaultLanguage;

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setSaved(null);
    const result = await surveysApi.update(survey.id, { name, status, definition, settings });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      setSaved(null);
      return;
    }
    setError(null);
    setSaved(result.data.version);
    versions.reload();
    onSaved(result.data);
  };

  const text = (texts: Texts | undefined) => texts?.[language] ?? '';
  const update = (change: (d: SurveyDefinition) => SurveyDefinition) => setDefinition((d) => change(d));
  const missing = missingTexts(definition, language);

  return (
    <form
      onSubmit={save}
      className="survey-editor"
      data-testid="survey-editor"
      aria-labelledby={`${id}-title`}
    >
      <h2 id={`${id}-title`} className="visually-hidden">
        {t('surveys.editor.title')}
      </h2>
      <div className="survey-editor-columns">
        <div className="survey-editor-form">
          <fieldset>
            <legend>{t('surveys.editor.general')}</legend>
            <div className="field-row">
              <TextField
                id={`${id}-name`}
                label={t('surveys.editor.name')}
                required
                maxLength={200}
                value={name}
                onChange={(e) => setName(e.target.value)}
              />
              <div className="field">
                <label htmlFor={`${id}-status`}>{t('surveys.editor.status')}</label>
                <select
                  id={`${id}-status`}
                  value={status}
                  onChange={(e) => setStatus(e.target.value as SurveyStatus)}
                >
                  {SURVEY_STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {t(statusKey(s))}
                    </option>
                  ))}
                </select>
              </div>
            </div>
          </fieldset>

          <Languages definition={definition} onChange={setDefinition} />

          <fieldset data-testid="survey-texts">
            <legend>{t('surveys.editor.texts')}</legend>
            <div className="field">
              <label htmlFor={`${id}-edit-language`}>{t('surveys.editor.textsLanguage')}</label>
              <select
                id={`${id}-edit-language`}
                data-testid="edit-language"
                value={language}
                onChange={(e) => setEditLanguage(e.target.value)}
              >
                {definition.languages.map((l) => (
                  <option key={l} value={l} lang={l}>
                    {languageName(l)}
                  </option>
                ))}
              </select>
            </div>
            {missing.length > 0 ? (
              <p className="hint" data-testid="missing-texts">
                {t('surveys.editor.missing', {
                  count: missing.length,
                  fallback: languageName(definition.defaultLanguage),
                })}
              </p>
            ) : null}
            <TextField
              id={`${id}-title-text`}
              label={t('surveys.editor.surveyTitle')}
              lang={language}
              maxLength={2000}
              value={text(definition.title)}
              onChange={(e) => update((d) => ({ ...d, title: setText(d.title, language, e.target.value) }))}
            />
            <TextField
              id={`${id}-intro`}
              label={t('surveys.editor.intro')}
              lang={language}
              maxLength={2000}
              value={text(definition.intro)}
              onChange={(e) => update((d) => ({ ...d, intro: setText(d.intro, language, e.target.value) }))}
            />
            <TextField
              id={`${id}-thanks`}
              label={t('surveys.editor.thanks')}
              lang={language}
              maxLength={2000}
              value={text(definition.thanks)}
              onChange={(e) => update((d) => ({ ...d, thanks: setText(d.thanks, language, e.target.value) }))}
            />
          </fieldset>

          <fieldset data-testid="survey-questions">
            <legend>{t('surveys.editor.questions')}</legend>
            <ol className="survey-question-list">
              {definition.questions.map((q, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: a question's id is edited in its own field, so only its place names it while the form is open.
                <li key={`${index}:${q.type}`} data-testid={`question-${q.id}`}>
                  <QuestionEditor
                    definition={definition}
                    question={q}
                    language={language}
                    onChange={(next) => update((d) => replaceQuestion(d, index, next))}
                  />
                  <div className="survey-question-actions">
                    <button
                      type="button"
                      className="secondary"
                      disabled={index === 0}
                      onClick={() => update((d) => moveQuestion(d, index, -1))}
                    >
                      {t('surveys.editor.up')}
                      <span className="visually-hidden"> {q.id}</span>
                    </button>
                    <button
                      type="button"
                      className="secondary"
                      disabled={index === definition.questions.length - 1}
                      onClick={() => update((d) => moveQuestion(d, index, 1))}
                    >
                      {t('surveys.editor.down')}
                      <span className="visually-hidden"> {q.id}</span>
                    </button>
                    <button
                      type="button"
                      className="danger"
                      disabled={definition.questions.length <= 1}
                      onClick={() => update((d) => removeQuestion(d, index))}
                    >
                      {t('surveys.editor.remove')}
                      <span className="visually-hidden"> {q.id}</span>
                    </button>
                  </div>
                </li>
              ))}
            </ol>
            <AddQuestion
              onAdd={(type) => update((d) => ({ ...d, questions: [...d.questions, newQuestion(d, type)] }))}
            />
          </fieldset>

          <fieldset>
            <legend>{t('surveys.editor.branding')}</legend>
            <div className="field-row">
              <TextField
                id={`${id}-logo`}
                label={t('surveys.editor.logoUrl')}
                type="url"
                maxLength={2000}
                value={definition.branding.logoUrl ?? ''}
                onChange={(e) => {
                  const logoUrl = e.target.value;
                  update((d) => {
                    const { logoUrl: _, ...branding } = d.branding;
                    return { ...d, branding: logoUrl ? { ...branding, logoUrl } : branding };
                  });
                }}
              />
              <div className="field">
                <label htmlFor={`${id}-colour`}>{t('surveys.editor.colour')}</label>
                <input
                  id={`${id}-colour`}
                  type="color"
                  value={definition.branding.colour}
                  onChange={(e) =>
                    update((d) => ({ ...d, branding: { ...d.branding, colour: e.target.value } }))
                  }
                />
              </div>
              <TextField
                id={`${id}-sender`}
                label={t('surveys.editor.senderName')}
                maxLength={100}
                value={definition.branding.senderName ?? ''}
                onChange={(e) => {
                  const senderName = e.target.value;
                  update((d) => {
                    const { senderName: _, ...branding } = d.branding;
                    return { ...d, branding: senderName ? { ...branding, senderName } : branding };
                  });
                }}
              />
            </div>
          </fieldset>

          <Distribution settings={settings} onChange={setSettings} type={definition.type} />

          {error ? <ErrorState error={error} /> : null}
          {saved !== null ? (
            <p className="notice" role="status" data-testid="saved">
              {t('surveys.editor.saved', { version: saved })}
            </p>
          ) : null}
          <p>
            <button type="submit" aria-busy={busy} data-testid="save-survey">
              {t('surveys.editor.save')}
            </button>
          </p>
        </div>

        <aside className="survey-editor-preview" aria-label={t('surveys.editor.preview')}>
          <h3>{t('surveys.editor.preview')}</h3>
          <Tabs
            label={t('surveys.editor.previewLanguage')}
            tabs={definition.languages.map((l) => ({ key: l, label: languageName(l) }))}
            selected={shownPreview}
            onSelect={setPreviewLanguage}
          >
            <SurveyPreview definition={definition} language={shownPreview} />
          </Tabs>
          <h3>{t('surveys.editor.versions')}</h3>
          {versions.state === 'error' ? (
            <ErrorState error={versions.error} onRetry={versions.reload} />
          ) : null}
          {versions.state === 'ok' ? (
            <VersionList versions={versions.data.versions} current={survey.version} />
          ) : null}
        </aside>
      </div>
    </form>
  );
}

function VersionList({
  versions,
  current,
}: {
  versions: { version: number; createdAt: string }[];
  current: number;
}) {
  const { t, locale } = useI18n();
  const { status } = useAppData();
  return (
    <ol className="survey-versions" data-testid="survey-versions" reversed>
      {[...versions]
        .sort((a, b) => b.version - a.version)
        .map((v) => (
          <li key={v.version} value={v.version}>
            {t('surveys.editor.version', { version: v.version })} ·{' '}
            {formatInstant(locale, v.createdAt, status.timezone)}
            {v.version === current ? <strong> · {t('surveys.editor.current')}</strong> : null}
          </li>
        ))}
    </ol>
  );
}

/** The survey's languages: the built-in ones one click away, any other by its tag. */
function Languages({
  definition,
  onChange,
}: {
  definition: SurveyDefinition;
  onChange: (next: SurveyDefinition) => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const [tag, setTag] = useState('');
  const [refused, setRefused] = useState(false);
  const addTag = () => {
    const wanted = tag.trim();
    if (!isLanguageTag(wanted)) {
      setRefused(true);
      return;
    }
    setRefused(false);
    setTag('');
    onChange(addLanguage(definition, wanted));
  };
  const absent = BUILT_IN_LANGUAGES.filter((l) => !definition.languages.includes(l));
  return (
    <fieldset data-testid="survey-languages">
      <legend>{t('surveys.editor.languages')}</legend>
      <ul className="chips">
        {definition.languages.map((l) => (
          <li key={l} className="chip" lang={l}>
            {languageName(l)}
            {l === definition.defaultLanguage ? (
              <span className="muted"> ({t('surveys.editor.default')})</span>
            ) : (
              <>
                {' '}
                <button
                  type="button"
                  className="link"
                  onClick={() => onChange({ ...definition, defaultLanguage: l })}
                >
                  {t('surveys.editor.makeDefault')}
                  <span className="visually-hidden"> {languageName(l)}</span>
                </button>{' '}
                <button
                  type="button"
                  aria-label={t('surveys.editor.removeLanguage', { language: languageName(l) })}
                  onClick={() => onChange(removeLanguage(definition, l))}
                >
                  ×
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
      {absent.length > 0 ? (
        <p>
          {absent.map((l) => (
            <button
              key={l}
              type="button"
              className="secondary"
              lang={l}
              onClick={() => onChange(addLanguage(definition, l))}
            >
              + {languageName(l)}
            </button>
          ))}
        </p>
      ) : null}
      <div className="field-row">
        <TextField
          id={`${id}-tag`}
          label={t('surveys.editor.addLanguage')}
          placeholder="de, fr, pt-BR"
          maxLength={35}
          value={tag}
          aria-invalid={refused || undefined}
          aria-describedby={`${id}-tag-hint`}
          onChange={(e) => setTag(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              addTag();
            }
          }}
        />
        <button type="button" className="secondary" onClick={addTag}>
          {t('surveys.editor.add')}
        </button>
      </div>
      <p className={refused ? 'field-error' : 'hint'} id={`${id}-tag-hint`}>
        {t(refused ? 'surveys.editor.badTag' : 'surveys.editor.tagHint')}
      </p>
    </fieldset>
  );
}

function AddQuestion({ onAdd }: { onAdd: (type: QuestionType) => void }) {
  const { t } = useI18n();
  const id = useId();
  const [type, setType] = useState<QuestionType>('rating');
  return (
    <div className="field-row">
      <div className="field">
        <label htmlFor={`${id}-type`}>{t('surveys.editor.newQuestionType')}</label>
        <select id={`${id}-type`} value={type} onChange={(e) => setType(e.target.value as QuestionType)}>
          {QUESTION_TYPES.map((q) => (
            <option key={q} value={q}>
              {t(`surveys.question.${q}` as MessageKey)}
            </option>
          ))}
        </select>
      </div>
      <button type="button" className="secondary" onClick={() => onAdd(type)} data-testid="add-question">
        {t('surveys.editor.addQuestion')}
      </button>
    </div>
  );
}

function QuestionEditor({
  definition,
  question,
  language,
  onChange,
}: {
  definition: SurveyDefinition;
  question: Question;
  language: string;
  onChange: (next: Question) => void;
}) {
  const { t } = useI18n();
  const id = useId();
  return (
    <div className="survey-question-editor">
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-type`}>{t('surveys.editor.questionType')}</label>
          <select
            id={`${id}-type`}
            value={question.type}
            onChange={(e) => onChange(withType(definition, question, e.target.value as QuestionType))}
          >
            {QUESTION_TYPES.map((q) => (
              <option key={q} value={q}>
                {t(`surveys.question.${q}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        <TextField
          id={`${id}-id`}
          label={t('surveys.editor.questionId')}
          pattern="[a-z][a-z0-9_]{0,39}"
          maxLength={40}
          required
          value={question.id}
          onChange={(e) => onChange({ ...question, id: e.target.value })}
        />
        <div className="field checkbox">
          <input
            id={`${id}-required`}
            type="checkbox"
            checked={question.required}
            onChange={(e) => onChange({ ...question, required: e.target.checked })}
          />
          <label htmlFor={`${id}-required`}>{t('surveys.editor.required')}</label>
        </div>
      </div>
      <TextField
        id={`${id}-text`}
        label={t('surveys.editor.questionText', { language: languageName(language) })}
        lang={language}
        maxLength={2000}
        value={question.text[language] ?? ''}
        onChange={(e) => onChange({ ...question, text: setText(question.text, language, e.target.value) })}
      />
      {question.type === 'rating' ? (
        <div className="field-row">
          <div className="field">
            <label htmlFor={`${id}-measure`}>{t('surveys.editor.measure')}</label>
            <select
              id={`${id}-measure`}
              value={question.measure}
              onChange={(e) =>
                onChange({ ...question, measure: e.target.value as (typeof MEASURES)[number] })
              }
            >
              {MEASURES.map((m) => (
                <option key={m} value={m}>
                  {t(`surveys.measure.${m}` as MessageKey)}
                </option>
              ))}
            </select>
          </div>
          <div className="field narrow">
            <label htmlFor={`${id}-min`}>{t('surveys.editor.scaleMin')}</label>
            <select
              id={`${id}-min`}
              value={question.scale.min}
              onChange={(e) =>
                onChange({ ...question, scale: { ...question.scale, min: Number(e.target.value) } })
              }
            >
              <option value={0}>0</option>
              <option value={1}>1</option>
            </select>
          </div>
          <div className="field narrow">
            <label htmlFor={`${id}-max`}>{t('surveys.editor.scaleMax')}</label>
            <input
              id={`${id}-max`}
              type="number"
              min={question.scale.min + 1}
              max={10}
              value={question.scale.max}
              onChange={(e) =>
                onChange({ ...question, scale: { ...question.scale, max: Number(e.target.value) } })
              }
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-display`}>{t('surveys.editor.display')}</label>
            <select
              id={`${id}-display`}
              value={question.display}
              onChange={(e) =>
                onChange({ ...question, display: e.target.value as (typeof DISPLAYS)[number] })
              }
            >
              {DISPLAYS.map((d) => (
                <option key={d} value={d}>
                  {t(`surveys.display.${d}` as MessageKey)}
                </option>
              ))}
            </select>
          </div>
          <TextField
            id={`${id}-dimension`}
            label={t('surveys.editor.dimension')}
            maxLength={60}
            value={question.dimension ?? ''}
            onChange={(e) => {
              const { dimension: _, ...rest } = question;
              onChange(e.target.value ? { ...rest, dimension: e.target.value } : rest);
            }}
          />
        </div>
      ) : null}
      {question.type === 'single' || question.type === 'multiple' ? (
        <fieldset>
          <legend>{t('surveys.editor.options')}</legend>
          <ol>
            {question.options.map((o, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: an option's id is edited in its own field, so only its place names it while the form is open.
              <li key={`${i}:${o.id}`} className="field-row">
                <TextField
                  id={`${id}-option-${i}-id`}
                  label={t('surveys.editor.optionId')}
                  pattern="[a-z][a-z0-9_]{0,39}"
                  maxLength={40}
                  required
                  value={o.id}
                  onChange={(e) =>
                    onChange({
                      ...question,
                      options: question.options.map((x, j) => (j === i ? { ...x, id: e.target.value } : x)),
                    })
                  }
                />
                <TextField
                  id={`${id}-option-${i}-text`}
                  label={t('surveys.editor.optionText', { language: languageName(language) })}
                  lang={language}
                  maxLength={2000}
                  value={o.text[language] ?? ''}
                  onChange={(e) =>
                    onChange({
                      ...question,
                      options: question.options.map((x, j) =>
                        j === i ? { ...x, text: setText(x.text, language, e.target.value) } : x,
                      ),
                    })
                  }
                />
                <button
                  type="button"
                  className="secondary"
                  disabled={question.options.length <= 2}
                  onClick={() =>
                    onChange({ ...question, options: question.options.filter((_, j) => j !== i) })
                  }
                >
                  {t('surveys.editor.removeOption')}
                  <span className="visually-hidden"> {o.id}</span>
                </button>
              </li>
            ))}
          </ol>
          <button
            type="button"
            className="secondary"
            disabled={question.options.length >= 30}
            onClick={() =>
              onChange({
                ...question,
                options: [
                  ...question.options,
                  { id: `option_${question.options.length + 1}`, text: { [definition.defaultLanguage]: '' } },
                ],
              })
            }
          >
            {t('surveys.editor.addOption')}
          </button>
        </fieldset>
      ) : null}
      {question.type === 'text' ? (
        <div className="field">
          <label htmlFor={`${id}-comment-on`}>{t('surveys.editor.commentOn')}</label>
          <select
            id={`${id}-comment-on`}
            value={question.commentOn ?? ''}
            onChange={(e) => {
              const { commentOn: _, ...rest } = question;
              onChange(e.target.value ? { ...rest, commentOn: e.target.value } : rest);
            }}
          >
            <option value="">{t('surveys.editor.commentOnNone')}</option>
            {definition.questions
              .filter((q) => q.id !== question.id && q.type !== 'text')
              .map((q) => (
                <option key={q.id} value={q.id}>
                  {q.id}
                </option>
              ))}
          </select>
        </div>
      ) : null}
    </div>
  );
}

/** A list of words typed as one line, separated by commas; kept as typed while it is edited. */
function ListField({
  id,
  label,
  value,
  onChange,
}: {
  id: string;
  label: string;
  value: readonly string[];
  onChange: (next: string[]) => void;
}) {
  const [typed, setTyped] = useState(value.join(', '));
  return (
    <TextField
      id={id}
      label={label}
      value={typed}
      onChange={(e) => {
        setTyped(e.target.value);
        onChange(
          e.target.value
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
        );
      }}
    />
  );
}

function NumberField({
  id,
  label,
  value,
  min,
  max,
  onChange,
}: {
  id: string;
  label: string;
  value: number | null;
  min: number;
  max: number;
  onChange: (next: number | null) => void;
}) {
  return (
    <div className="field narrow">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        min={min}
        max={max}
        value={value ?? ''}
        onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))}
      />
    </div>
  );
}

/** How the survey is sent: after contacts, in waves, by link, at locations; not part of a version. */
function Distribution({
  settings,
  onChange,
  type,
}: {
  settings: SurveySettings;
  onChange: (next: SurveySettings) => void;
  type: SurveyDefinition['type'];
}) {
  const { t } = useI18n();
  const id = useId();
  const post = settings.postContact;
  const wave = settings.wave;
  const setPost = (patch: Partial<SurveySettings['postContact']>) =>
    onChange({ ...settings, postContact: { ...post, ...patch } });
  const setWave = (patch: Partial<SurveySettings['wave']>) =>
    onChange({ ...settings, wave: { ...wave, ...patch } });
  const rules = (key: 'channels' | 'teams' | 'tags', label: MessageKey) => (
    <div className="field-row">
      <ListField
        id={`${id}-${key}-include`}
        label={t('surveys.settings.include', { what: t(label) })}
        value={post[key].include}
        onChange={(include) => setPost({ [key]: { ...post[key], include } })}
      />
      <ListField
        id={`${id}-${key}-exclude`}
        label={t('surveys.settings.exclude', { what: t(label) })}
        value={post[key].exclude}
        onChange={(exclude) => setPost({ [key]: { ...post[key], exclude } })}
      />
    </div>
  );
  return (
    <fieldset data-testid="survey-distribution">
      <legend>{t('surveys.settings.title')}</legend>
      <details open={type === 'post_contact'}>
        <summary>{t('surveys.settings.postContact')}</summary>
        <div className="field checkbox">
          <input
            id={`${id}-post-enabled`}
            type="checkbox"
            checked={post.enabled}
            onChange={(e) => setPost({ enabled: e.target.checked })}
          />
          <label htmlFor={`${id}-post-enabled`}>{t('surveys.settings.postEnabled')}</label>
        </div>
        <div className="field-row">
          <NumberField
            id={`${id}-delay`}
            label={t('surveys.settings.delay')}
            value={post.delayMinutes}
            min={0}
            max={60 * 24 * 30}
            onChange={(v) => setPost({ delayMinutes: v ?? 0 })}
          />
          <NumberField
            id={`${id}-fatigue`}
            label={t('surveys.settings.fatigue')}
            value={post.fatigueDays}
            min={0}
            max={3650}
            onChange={(v) => setPost({ fatigueDays: v ?? 0 })}
          />
          <NumberField
            id={`${id}-reminder`}
            label={t('surveys.settings.reminder')}
            value={post.reminderAfterHours}
            min={1}
            max={24 * 60}
            onChange={(v) => setPost({ reminderAfterHours: v })}
          />
        </div>
        {rules('channels', 'surveys.settings.channels')}
        {rules('teams', 'surveys.settings.teams')}
        {rules('tags', 'surveys.settings.tags')}
        <div className="field checkbox">
          <input
            id={`${id}-outbound`}
            type="checkbox"
            checked={post.includeOutbound}
            onChange={(e) => setPost({ includeOutbound: e.target.checked })}
          />
          <label htmlFor={`${id}-outbound`}>{t('surveys.settings.outbound')}</label>
        </div>
      </details>
      <details open={type === 'relationship'}>
        <summary>{t('surveys.settings.wave')}</summary>
        <div className="field checkbox">
          <input
            id={`${id}-wave-enabled`}
            type="checkbox"
            checked={wave.enabled}
            onChange={(e) => setWave({ enabled: e.target.checked })}
          />
          <label htmlFor={`${id}-wave-enabled`}>{t('surveys.settings.waveEnabled')}</label>
        </div>
        <div className="field-row">
          <TextField
            id={`${id}-schedule`}
            label={t('surveys.settings.schedule')}
            maxLength={100}
            value={wave.schedule}
            onChange={(e) => setWave({ schedule: e.target.value })}
          />
          <TextField
            id={`${id}-timezone`}
            label={t('surveys.settings.timezone')}
            maxLength={64}
            value={wave.timezone}
            onChange={(e) => setWave({ timezone: e.target.value })}
          />
          <NumberField
            id={`${id}-sample`}
            label={t('surveys.settings.sample')}
            value={Math.round(wave.sample * 100)}
            min={0}
            max={100}
            onChange={(v) => setWave({ sample: (v ?? 100) / 100 })}
          />
          <div className="field">
            <label htmlFor={`${id}-audience`}>{t('surveys.settings.audience')}</label>
            <select
              id={`${id}-audience`}
              value={wave.audience}
              onChange={(e) => setWave({ audience: e.target.value as 'contacts' | 'list' })}
            >
              <option value="contacts">{t('surveys.settings.audience.contacts')}</option>
              <option value="list">{t('surveys.settings.audience.list')}</option>
            </select>
          </div>
          <NumberField
            id={`${id}-wave-reminder`}
            label={t('surveys.settings.reminder')}
            value={wave.reminderAfterHours}
            min={1}
            max={24 * 60}
            onChange={(v) => setWave({ reminderAfterHours: v })}
          />
        </div>
      </details>
      <details>
        <summary>{t('surveys.settings.links')}</summary>
        <div className="field-row">
          <NumberField
            id={`${id}-link-days`}
            label={t('surveys.settings.linkDays')}
            value={settings.linkDays}
            min={1}
            max={365}
            onChange={(v) => onChange({ ...settings, linkDays: v ?? 14 })}
          />
          <ListField
            id={`${id}-sources`}
            label={t('surveys.settings.publicSources')}
            value={settings.publicSources}
            onChange={(publicSources) => onChange({ ...settings, publicSources })}
          />
          <ListField
            id={`${id}-locations`}
            label={t('surveys.settings.locations')}
            value={settings.locations}
            onChange={(locations) => onChange({ ...settings, locations })}
          />
        </div>
        <p className="hint">{t('surveys.settings.slugHint')}</p>
        <div className="field checkbox">
          <input
            id={`${id}-widget`}
            type="checkbox"
            checked={settings.widget}
            onChange={(e) => onChange({ ...settings, widget: e.target.checked })}
          />
          <label htmlFor={`${id}-widget`}>{t('surveys.settings.widget')}</label>
        </div>
      </details>
    </fieldset>
  );
}
