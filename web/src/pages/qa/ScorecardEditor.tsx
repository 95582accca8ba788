import { type FormEvent, useId, useMemo, useState } from 'react';
import { type ApiProblem, useApi } from '../../api.js';
import { useAppData } from '../../app-data.js';
import { usePageTitle } from '../../components/Layout.js';
import { MultiPicker } from '../../components/MultiPicker.js';
import { ErrorState, Loading } from '../../components/States.js';
import { TextField } from '../../components/TextField.js';
import { formatCount, formatInstant } from '../../format.js';
import { type MessageKey, useI18n } from '../../i18n/index.js';
import { useLabels } from '../../labels.js';
import { Link, navigate } from '../../router.js';
import { qaApi, qaManageApi, type ScorecardView } from './api.js';
import { canManageQa } from './manage.js';
import { QaNav } from './QaNav.js';
import { SCORECARD_STATUS_KEYS } from './Scorecards.js';
import {
  addCategory,
  addGroup,
  CHANNELS,
  type DefinitionProblem,
  definitionProblems,
  emptyScorecard,
  moveCategory,
  percentOf,
  QA_ROOT_CAUSES,
  type QaScale,
  removeCategory,
  removeGroup,
  renameCategory,
  renameGroup,
  replaceCategory,
  SCALES,
  type ScorecardCategory,
  type ScorecardDefinition,
  shareOf,
  toggle,
  withGroup,
  withLink,
} from './scorecard-edit.js';
import './qa-manage.css';

type Status = ScorecardView['status'];
const STATUSES: readonly Status[] = ['draft', 'active', 'archived'];

export const SCALE_KEYS: Record<QaScale, MessageKey> = {
  pass_fail: 'qaManage.scale.pass_fail',
  '1-3': 'qaManage.scale.1-3',
  '1-5': 'qaManage.scale.1-5',
};

export const ROOT_CAUSE_KEYS: Record<(typeof QA_ROOT_CAUSES)[number], MessageKey> = {
  knowledge: 'qaManage.rootCause.knowledge',
  process: 'qaManage.rootCause.process',
  tone: 'qaManage.rootCause.tone',
  brand_guide: 'qaManage.rootCause.brand_guide',
  tooling: 'qaManage.rootCause.tooling',
};

const PROBLEM_KEYS: Record<DefinitionProblem['reason'], MessageKey> = {
  required: 'qaManage.problem.required',
  id: 'qaManage.problem.id',
  duplicate: 'qaManage.problem.duplicate',
  group: 'qaManage.problem.group',
  weight: 'qaManage.problem.weight',
  link: 'qaManage.problem.link',
  range: 'qaManage.problem.range',
};

/** A scorecard to edit (`scorecardId`), or a new one when it is null. */
export function ScorecardEditorPage({ scorecardId }: { scorecardId: string | null }) {
  const { t } = useI18n();
  const { user } = useAppData();
  const scorecard = useApi(scorecardId ? `qa-scorecard:${scorecardId}` : null, (signal) =>
    qaApi.scorecard(scorecardId ?? '', signal),
  );
  usePageTitle(scorecard.state === 'ok' && scorecardId ? scorecard.data.name : t('qaManage.scorecards.new'));
  const editable = canManageQa(user.role);
  // Kept here: a saved version remounts the editor with what the server now holds.
  const [savedVersion, setSavedVersion] = useState<number | null>(null);
  return (
    <section>
      <QaNav />
      <p>
        <Link to="/qa/scorecards">← {t('qaManage.scorecards.title')}</Link>
      </p>
      {scorecardId === null ? (
        <ScorecardEditor saved={null} editable={editable} onSaved={() => {}} onChange={() => {}} />
      ) : (
        <>
          {scorecard.state === 'loading' ? <Loading /> : null}
          {scorecard.state === 'error' ? (
            <ErrorState error={scorecard.error} onRetry={scorecard.reload} />
          ) : null}
          {scorecard.state === 'ok' ? (
            <>
              <ScorecardEditor
                key={`${scorecard.data.id}:${scorecard.data.version}:${scorecard.data.status}`}
                saved={scorecard.data}
                editable={editable}
                onSaved={(version) => {
                  setSavedVersion(version);
                  scorecard.reload();
                }}
                onChange={() => setSavedVersion(null)}
              />
              {savedVersion !== null ? (
                <p className="notice" role="status" data-testid="scorecard-saved">
                  {t('qaManage.editor.saved', { version: savedVersion })}
                </p>
              ) : null}
              <Versions scorecardId={scorecard.data.id} version={scorecard.data.version} />
            </>
          ) : null}
        </>
      )}
    </section>
  );
}

function ScorecardEditor({
  saved,
  editable,
  onSaved,
  onChange,
}: {
  saved: ScorecardView | null;
  editable: boolean;
  onSaved: (version: number) => void;
  onChange: () => void;
}) {
  const { t, locale } = useI18n();
  const { filterValues } = useAppData();
  const labels = useLabels();
  const id = useId();
  const [definition, setDefinition] = useState<ScorecardDefinition>(
    () => saved?.definition ?? emptyScorecard(''),
  );
  const [status, setStatus] = useState<Status>(saved?.status ?? 'active');
  const [groupName, setGroupName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiProblem | null>(null);
  const [tried, setTried] = useState(false);
  // Saved categories keep their ids: earlier ratings and training needs refer to them.
  const savedIds = useMemo(() => new Set(saved?.definition.categories.map((c) => c.id) ?? []), [saved]);
  const problems = definitionProblems(definition);
  const problemAt = (path: string) => problems.find((p) => p.path === path);

  const change = (next: ScorecardDefinition) => {
    setDefinition(next);
    onChange();
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (busy || problems.length > 0) return;
    setBusy(true);
    setError(null);
    const result = saved
      ? await qaManageApi.updateScorecard(saved.id, { definition, status })
      : await qaManageApi.createScorecard({ definition, status });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    if (!saved) {
      navigate(`/qa/scorecards/${encodeURIComponent(result.data.id)}`);
      return;
    }
    onSaved(result.data.version);
  };

  const problemText = (p: DefinitionProblem | undefined) =>
    p ? (
      <span className="qa-problems" role="alert">
        {t(PROBLEM_KEYS[p.reason])}
      </span>
    ) : null;

  const setCategory = (index: number, category: ScorecardCategory) =>
    change(replaceCategory(definition, index, category));

  return (
    <form onSubmit={submit} aria-labelledby={`${id}-title`} data-testid="scorecard-editor">
      <h1 id={`${id}-title`}>{saved ? saved.name : t('qaManage.scorecards.new')}</h1>
      {saved ? (
        <p className="muted" data-testid="scorecard-facts">
          {t(SCORECARD_STATUS_KEYS[saved.status])} ·{' '}
          {t('qaManage.editor.version', { version: saved.version })}
        </p>
      ) : (
        <p className="hint">{t('qaManage.editor.intro')}</p>
      )}
      {error ? <ErrorState error={error} /> : null}
      <fieldset disabled={!editable}>
        <legend>{t('qaManage.editor.general')}</legend>
        <div className="field-row">
          <TextField
            id={`${id}-name`}
            label={t('qaManage.editor.name')}
            value={definition.name}
            maxLength={120}
            required
            onChange={(e) => change({ ...definition, name: e.target.value })}
          />
          <div className="field narrow">
            <label htmlFor={`${id}-status`}>{t('qaManage.column.status')}</label>
            <select id={`${id}-status`} value={status} onChange={(e) => setStatus(e.target.value as Status)}>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(SCORECARD_STATUS_KEYS[s])}
                </option>
              ))}
            </select>
          </div>
          <div className="field narrow">
            <label htmlFor={`${id}-pass`}>{t('qaManage.editor.passMark')}</label>
            <input
              id={`${id}-pass`}
              type="number"
              min={0}
              max={100}
              step={1}
              value={percentOf(definition.passMark)}
              onChange={(e) => change({ ...definition, passMark: shareOf(e.target.valueAsNumber) })}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-scope`}>{t('qaManage.editor.criticalScope')}</label>
            <select
              id={`${id}-scope`}
              value={definition.criticalScope}
              onChange={(e) =>
                change({
                  ...definition,
                  criticalScope: e.target.value as ScorecardDefinition['criticalScope'],
                })
              }
            >
              <option value="review">{t('qaManage.editor.criticalScope.review')}</option>
              <option value="group">{t('qaManage.editor.criticalScope.group')}</option>
            </select>
          </div>
        </div>
        {tried ? problemText(problemAt('name')) : null}
        <div className="field">
          <label htmlFor={`${id}-description`}>{t('qaManage.editor.description')}</label>
          <textarea
            id={`${id}-description`}
            value={definition.description}
            maxLength={2000}
            onChange={(e) => change({ ...definition, description: e.target.value })}
          />
        </div>
        <div className="field-row">
          <MultiPicker
            label={t('qaManage.editor.channels')}
            options={CHANNELS.map((c) => ({ value: c, label: labels.value('channel', c) }))}
            selected={definition.channels}
            onChange={(values) =>
              change({ ...definition, channels: values as ScorecardDefinition['channels'] })
            }
          />
          <MultiPicker
            label={t('qaManage.editor.teams')}
            options={filterValues.team.map((team) => ({ value: team.id, label: team.name ?? team.id }))}
            selected={definition.teams}
            onChange={(values) => change({ ...definition, teams: values })}
          />
        </div>
        <p className="hint">{t('qaManage.editor.appliesHint')}</p>
        <fieldset>
          <legend>{t('qaManage.editor.rootCauses')}</legend>
          {QA_ROOT_CAUSES.map((cause) => (
            <label key={cause} className="field checkbox">
              <input
                type="checkbox"
                checked={definition.rootCauses.includes(cause)}
                onChange={(e) =>
                  change({
                    ...definition,
                    rootCauses: toggle(definition.rootCauses, cause, e.target.checked),
                  })
                }
              />{' '}
              {t(ROOT_CAUSE_KEYS[cause])}
            </label>
          ))}
        </fieldset>
      </fieldset>

      <fieldset disabled={!editable}>
        <legend>{t('qaManage.editor.groups')}</legend>
        {definition.groups.length === 0 ? <p className="hint">{t('qaManage.editor.noGroups')}</p> : null}
        {definition.groups.map((group, index) => (
          <div className="field-row" key={group.id}>
            <TextField
              id={`${id}-group-${group.id}`}
              label={t('qaManage.editor.groupName', { id: group.id })}
              value={group.name}
              maxLength={120}
              onChange={(e) => change(renameGroup(definition, group.id, e.target.value))}
            />
            <button
              type="button"
              className="secondary"
              onClick={() => change(removeGroup(definition, group.id))}
            >
              {t('qaManage.editor.removeGroup', { name: group.name || group.id })}
            </button>
            {tried ? problemText(problemAt(`groups.${index}.name`)) : null}
          </div>
        ))}
        <div className="field-row">
          <TextField
            id={`${id}-new-group`}
            label={t('qaManage.editor.newGroup')}
            value={groupName}
            maxLength={120}
            onChange={(e) => setGroupName(e.target.value)}
          />
          <button
            type="button"
            className="secondary"
            disabled={!groupName.trim()}
            onClick={() => {
              change(addGroup(definition, groupName.trim()));
              setGroupName('');
            }}
          >
            {t('qaManage.editor.addGroup')}
          </button>
        </div>
      </fieldset>

      <fieldset disabled={!editable}>
        <legend>{t('qaManage.editor.categories')}</legend>
        {tried ? problemText(problemAt('categories')) : null}
        <ol className="qa-category-list">
          {definition.categories.map((category, index) => (
            <CategoryEditor
              // biome-ignore lint/suspicious/noArrayIndexKey: an unsaved category's id follows its name as it is typed; its place is what stays, and every field is controlled.
              key={index}
              index={index}
              count={definition.categories.length}
              category={category}
              groups={definition.groups}
              problems={tried ? problems.filter((p) => p.path.startsWith(`categories.${index}.`)) : []}
              onName={(name) => change(renameCategory(definition, index, name, savedIds))}
              onChange={(next) => setCategory(index, next)}
              onMove={(by) => change(moveCategory(definition, index, by))}
              onRemove={() => change(removeCategory(definition, index))}
            />
          ))}
        </ol>
        <button type="button" className="secondary" onClick={() => change(addCategory(definition))}>
          {t('qaManage.editor.addCategory')}
        </button>
      </fieldset>

      {editable ? (
        <div className="field-row">
          <button type="submit" aria-busy={busy} data-testid="save-scorecard">
            {saved ? t('qaManage.editor.save') : t('qaManage.editor.create')}
          </button>
          {tried && problems.length > 0 ? (
            <span className="qa-problems" role="alert">
              {t('qaManage.editor.fix', { count: formatCount(locale, problems.length) })}
            </span>
          ) : null}
        </div>
      ) : null}
    </form>
  );
}

function CategoryEditor({
  index,
  count,
  category,
  groups,
  problems,
  onName,
  onChange,
  onMove,
  onRemove,
}: {
  index: number;
  count: number;
  category: ScorecardCategory;
  groups: ScorecardDefinition['groups'];
  problems: DefinitionProblem[];
  onName: (name: string) => void;
  onChange: (category: ScorecardCategory) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const at = (field: string) => problems.find((p) => p.path === `categories.${index}.${field}`);
  const show = (field: string) => {
    const p = at(field);
    return p ? (
      <span className="qa-problems" role="alert">
        {t(PROBLEM_KEYS[p.reason])}
      </span>
    ) : null;
  };
  const title = category.name || t('qaManage.editor.categoryNumber', { n: index + 1 });
  return (
    <li
      className={`qa-category${category.critical ? ' critical' : ''}`}
      data-testid={`category-${index}`}
      aria-label={title}
    >
      <div className="field-row">
        <TextField
          id={`${id}-name`}
          label={t('qaManage.editor.categoryName')}
          value={category.name}
          maxLength={120}
          onChange={(e) => onName(e.target.value)}
        />
        <div className="field narrow">
          <label htmlFor={`${id}-scale`}>{t('qaManage.editor.scale')}</label>
          <select
            id={`${id}-scale`}
            value={category.scale}
            onChange={(e) => onChange({ ...category, scale: e.target.value as QaScale })}
          >
            {SCALES.map((scale) => (
              <option key={scale} value={scale}>
                {t(SCALE_KEYS[scale])}
              </option>
            ))}
          </select>
        </div>
        <div className="field narrow">
          <label htmlFor={`${id}-weight`}>{t('qaManage.editor.weight')}</label>
          <input
            id={`${id}-weight`}
            type="number"
            min={0}
            max={100}
            step="any"
            value={category.weight}
            onChange={(e) =>
              onChange({
                ...category,
                weight: Number.isFinite(e.target.valueAsNumber) ? e.target.valueAsNumber : 0,
              })
            }
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-group`}>{t('qaManage.editor.group')}</label>
          <select
            id={`${id}-group`}
            value={category.group ?? ''}
            onChange={(e) => onChange(withGroup(category, e.target.value || null))}
          >
            <option value="">{t('qaManage.editor.noGroup')}</option>
            {groups.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name || g.id}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p className="muted">
        {t('qaManage.editor.categoryId', { id: category.id })} {show('id')} {show('name')} {show('group')}
        {show('weight')}
      </p>
      <div className="field">
        <label htmlFor={`${id}-description`}>{t('qaManage.editor.categoryDescription')}</label>
        <textarea
          id={`${id}-description`}
          value={category.description}
          maxLength={2000}
          onChange={(e) => onChange({ ...category, description: e.target.value })}
        />
      </div>
      <div className="field-row">
        <label className="field checkbox">
          <input
            type="checkbox"
            checked={category.allowNotApplicable}
            onChange={(e) => onChange({ ...category, allowNotApplicable: e.target.checked })}
          />{' '}
          {t('qaManage.editor.allowNotApplicable')}
        </label>
        <label className="field checkbox">
          <input
            type="checkbox"
            checked={category.critical}
            data-testid={`category-${index}-critical`}
            onChange={(e) => onChange({ ...category, critical: e.target.checked })}
          />{' '}
          {t('qaManage.editor.critical')}
        </label>
        {category.critical ? (
          <div className="field narrow">
            <label htmlFor={`${id}-pass`}>{t('qaManage.editor.categoryPassMark')}</label>
            <input
              id={`${id}-pass`}
              type="number"
              min={0}
              max={100}
              step={1}
              value={percentOf(category.passMark)}
              onChange={(e) => onChange({ ...category, passMark: shareOf(e.target.valueAsNumber) })}
            />
          </div>
        ) : null}
        <TextField
          id={`${id}-link`}
          label={t('qaManage.editor.link')}
          type="url"
          placeholder="https://"
          value={category.link ?? ''}
          onChange={(e) => onChange(withLink(category, e.target.value))}
        />
        {show('link')}
      </div>
      <div className="qa-category-actions">
        <button
          type="button"
          className="secondary"
          disabled={index === 0}
          onClick={() => onMove(-1)}
          aria-label={t('qaManage.editor.moveUp', { name: title })}
        >
          ↑
        </button>
        <button
          type="button"
          className="secondary"
          disabled={index === count - 1}
          onClick={() => onMove(1)}
          aria-label={t('qaManage.editor.moveDown', { name: title })}
        >
          ↓
        </button>
        <button type="button" className="secondary" disabled={count <= 1} onClick={onRemove}>
          {t('qaManage.editor.removeCategory', { name: title })}
        </button>
      </div>
    </li>
  );
}

/** The versions a scorecard went through; a review keeps the one it was given with. */
function Versions({ scorecardId, version }: { scorecardId: string; version: number }) {
  const { t, locale } = useI18n();
  const { status } = useAppData();
  const versions = useApi(`qa-scorecard-versions:${scorecardId}:${version}`, (signal) =>
    qaManageApi.scorecardVersions(scorecardId, signal),
  );
  return (
    <section aria-label={t('qaManage.editor.versions')}>
      <h2>{t('qaManage.editor.versions')}</h2>
      {versions.state === 'loading' ? <Loading /> : null}
      {versions.state === 'error' ? <ErrorState error={versions.error} onRetry={versions.reload} /> : null}
      {versions.state === 'ok' ? (
        <ol reversed className="survey-versions" data-testid="scorecard-versions">
          {[...versions.data.versions]
            .sort((a, b) => b.version - a.version)
            .map((v) => (
              <li key={v.version}>
                {t('qaManage.editor.versionLine', {
                  version: v.version,
                  categories: formatCount(locale, v.definition.categories.length),
                  at: formatInstant(locale, v.createdAt, status.timezone),
                })}
              </li>
            ))}
        </ol>
      ) : null}
    </section>
  );
}
