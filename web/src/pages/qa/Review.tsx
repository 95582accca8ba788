import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { type ApiProblem, useApi } from '../../api.js';
import { useAppData } from '../../app-data.js';
import { usePageTitle } from '../../components/Layout.js';
import { ErrorState, Loading } from '../../components/States.js';
import { formatCount, formatDuration, formatInstant, formatPercent } from '../../format.js';
import { type MessageKey, useI18n } from '../../i18n/index.js';
import { useLabels } from '../../labels.js';
import { Link, navigate, useLocation } from '../../router.js';
import {
  type ContactRef,
  type QaRootCause,
  type QaScale,
  qaApi,
  type ReviewInput,
  type ReviewSubmission,
  reviewDetailPath,
  type ScorecardCategory,
  type ScorecardView,
  type Transcript,
  type TranscriptEntry,
} from './api.js';
import { type FocusedCategory, reviewKeyAction, SHORTCUTS } from './keyboard.js';
import { previewScore, scalePoints } from './scoring-preview.js';
import './qa.css';

/** Seconds of quiet after a change before the draft is saved. */
const DRAFT_DELAY_MS = 1200;

interface CategoryState {
  /** undefined: not rated yet; null: not applicable. */
  rating: number | null | undefined;
  comment: string;
  quote: string;
  rootCauses: QaRootCause[];
}

type Ratings = Record<string, CategoryState>;

const EMPTY: CategoryState = { rating: undefined, comment: '', quote: '', rootCauses: [] };

/**
 * The scorecard that applies to a contact, as the server picks it: an active one naming the
 * contact's channel or team first, else an active one naming neither.
 */
export function applicableScorecard(
  scorecards: readonly ScorecardView[],
  contact: { channel: string; teamId: string | null },
): ScorecardView | null {
  const active = scorecards.filter((s) => s.status === 'active');
  const named = active.find(
    (s) =>
      (s.definition.channels as readonly string[]).includes(contact.channel) ||
      (contact.teamId !== null && s.definition.teams.includes(contact.teamId)),
  );
  return (
    named ?? active.find((s) => s.definition.channels.length === 0 && s.definition.teams.length === 0) ?? null
  );
}

/** The categories in the order the screen walks them: by group as the scorecard lists its groups, ungrouped last. */
export function orderedCategories(definition: ScorecardView['definition']): ScorecardCategory[] {
  const rank = new Map(definition.groups.map((g, i) => [g.id, i]));
  return definition.categories
    .map((category, index) => ({ category, index }))
    .sort((a, b) => {
      const ga = a.category.group === undefined ? Number.MAX_SAFE_INTEGER : (rank.get(a.category.group) ?? 0);
      const gb = b.category.group === undefined ? Number.MAX_SAFE_INTEGER : (rank.get(b.category.group) ?? 0);
      return ga - gb || a.index - b.index;
    })
    .map((x) => x.category);
}

function inputOf(
  contact: ContactRef,
  scorecard: ScorecardView,
  ratings: Ratings,
  comment: string,
  extra: { assignmentId: string | null; kind: ReviewInput['kind']; sessionId: string | null },
  unratedAs: 'skip' | 'keep',
): ReviewSubmission {
  const list: ReviewSubmission['ratings'] = [];
  for (const category of scorecard.definition.categories) {
    const state = ratings[category.id] ?? EMPTY;
    if (state.rating === undefined && unratedAs === 'skip') continue;
    list.push({
      categoryId: category.id,
      rating: state.rating ?? null,
      comment: state.comment.trim() || null,
      quote: state.quote.trim() || null,
      rootCauses: state.rootCauses,
    });
  }
  return {
    contact,
    scorecardId: scorecard.id,
    ...(extra.kind ? { kind: extra.kind } : {}),
    ...(extra.assignmentId ? { assignmentId: extra.assignmentId } : {}),
    ...(extra.sessionId ? { calibrationSessionId: extra.sessionId } : {}),
    comment: comment.trim() || null,
    ratings: list,
  };
}

function isTextField(target: EventTarget | null, key: string): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable) return true;
  // A button or a link does its own thing with Enter and Space.
  return (tag === 'BUTTON' || tag === 'A') && (key === 'Enter' || key === ' ');
}

/** The review screen: the conversation beside the scorecard, scored with the mouse or the keyboard alone. */
export function ReviewScreen() {
  const { t } = useI18n();
  const { search } = useLocation();
  const source = search.get('source') ?? '';
  const externalId = search.get('id') ?? '';
  const contact = useMemo(() => ({ source, externalId }), [source, externalId]);
  const key = source && externalId ? `${source}|${externalId}` : null;
  const transcript = useApi(key, (signal) => qaApi.transcript(contact, signal));
  const scorecards = useApi('qa-scorecards', (signal) => qaApi.scorecards(signal));
  const draft = useApi(key, (signal) => qaApi.draft(contact, signal));
  usePageTitle(t('qa.review.title'));

  if (!key) return <ErrorState error={{ title: t('qa.review.noContact') }} />;
  const failed = [transcript, scorecards].find((x) => x.state === 'error');
  if (failed?.state === 'error')
    return (
      <ErrorState
        error={failed.error.status === 404 ? { title: t('qa.review.notFound') } : failed.error}
        onRetry={failed.error.status === 404 ? undefined : failed.reload}
      />
    );
  if (transcript.state !== 'ok' || scorecards.state !== 'ok' || draft.state === 'loading') return <Loading />;
  const fixed = search.get('scorecard');
  const list = scorecards.data.scorecards as ScorecardView[];
  const scorecard =
    (fixed ? list.find((s) => s.id === fixed) : null) ??
    applicableScorecard(list, {
      channel: transcript.data.contact.channel,
      teamId: transcript.data.contact.teamId,
    });
  if (!scorecard) return <ErrorState error={{ title: t('qa.review.noScorecard') }} />;
  const saved = draft.state === 'ok' ? (draft.data.draft as ReviewInput | null) : null;
  return (
    <ReviewForm
      key={`${key}|${scorecard.id}`}
      contact={contact}
      transcript={transcript.data as Transcript}
      scorecard={scorecard}
      draft={saved && saved.scorecardId === scorecard.id ? saved : null}
      assignmentId={search.get('assignment')}
      kind={(search.get('kind') as ReviewInput['kind'] | null) ?? undefined}
      sessionId={search.get('session')}
    />
  );
}

function ReviewForm({
  contact,
  transcript,
  scorecard,
  draft,
  assignmentId,
  kind,
  sessionId,
}: {
  contact: ContactRef;
  transcript: Transcript;
  scorecard: ScorecardView;
  draft: ReviewInput | null;
  assignmentId: string | null;
  kind: ReviewInput['kind'];
  sessionId: string | null;
}) {
  const { t, locale } = useI18n();
  const labels = useLabels();
  const { status } = useAppData();
  const categories = useMemo(() => orderedCategories(scorecard.definition), [scorecard]);
  const [ratings, setRatings] = useState<Ratings>(() => {
    const start: Ratings = {};
    for (const r of draft?.ratings ?? [])
      start[r.categoryId] = {
        rating: r.rating,
        comment: r.comment ?? '',
        quote: r.quote ?? '',
        rootCauses: (r.rootCauses ?? []) as QaRootCause[],
      };
    return start;
  });
  const [comment, setComment] = useState(draft?.comment ?? '');
  const [focused, setFocused] = useState(0);
  const [openComments, setOpenComments] = useState<Set<string>>(
    () => new Set(draft?.ratings.filter((r) => r.comment || r.quote).map((r) => r.categoryId) ?? []),
  );
  const [help, setHelp] = useState(false);
  const [draftState, setDraftState] = useState<{ savedAt: string | null; error: ApiProblem | null }>({
    savedAt: null,
    error: null,
  });
  const [submitting, setSubmitting] = useState(false);
  const [problem, setProblem] = useState<{ title: string; issues?: string[] } | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const categoryRefs = useRef<(HTMLElement | null)[]>([]);
  const commentRefs = useRef<Map<string, HTMLTextAreaElement | null>>(new Map());
  const transcriptRef = useRef<HTMLElement | null>(null);
  const changed = useRef(false);
  const extra = { assignmentId, kind, sessionId };

  const preview = useMemo(() => previewScore(scorecard.definition, ratings), [scorecard, ratings]);
  const unrated = categories.filter((c) => (ratings[c.id] ?? EMPTY).rating === undefined);

  const update = useCallback((categoryId: string, change: Partial<CategoryState>) => {
    changed.current = true;
    setRatings((all) => ({ ...all, [categoryId]: { ...(all[categoryId] ?? EMPTY), ...change } }));
  }, []);

  // The draft saves itself after a pause in the reviewer's changes.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a change of the ratings or the comment is the trigger.
  useEffect(() => {
    if (!changed.current) return;
    const timer = setTimeout(() => {
      void qaApi.saveDraft(inputOf(contact, scorecard, ratings, comment, extra, 'skip')).then((result) => {
        if (result.ok) setDraftState({ savedAt: result.data.savedAt, error: null });
        else setDraftState((s) => ({ ...s, error: result.error }));
      });
    }, DRAFT_DELAY_MS);
    return () => clearTimeout(timer);
  }, [ratings, comment]);

  const focusCategory = useCallback(
    (index: number) => {
      const next = Math.max(0, Math.min(categories.length - 1, index));
      setFocused(next);
      categoryRefs.current[next]?.focus();
    },
    [categories.length],
  );

  const attachQuote = useCallback(
    (text: string) => {
      const category = categories[focused];
      if (!category) return;
      const quote = text.trim();
      if (!quote) {
        setAnnouncement(t('qa.review.noSelection'));
        return;
      }
      update(category.id, { quote });
      setOpenComments((open) => new Set(open).add(category.id));
      setAnnouncement(t('qa.review.quoteAttached', { category: category.name }));
    },
    [categories, focused, t, update],
  );

  const selectedTranscriptText = (): string => {
    const selection = window.getSelection();
    if (!selection || selection.isCollapsed || !transcriptRef.current) return '';
    const node = selection.anchorNode;
    return node && transcriptRef.current.contains(node) ? selection.toString() : '';
  };

  const submit = async () => {
    if (submitting) return;
    if (unrated.length > 0) {
      setProblem({
        title: t('qa.review.unrated', { categories: unrated.map((c) => c.name).join(', ') }),
      });
      const first = categories.indexOf(unrated[0] as ScorecardCategory);
      focusCategory(first);
      return;
    }
    setSubmitting(true);
    setProblem(null);
    const result = await qaApi.submit(inputOf(contact, scorecard, ratings, comment, extra, 'keep'));
    setSubmitting(false);
    if (result.ok) {
      navigate(reviewDetailPath(result.data.id));
      return;
    }
    setProblem({ title: result.error.detail ?? result.error.title, issues: result.error.issues });
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const category = categories[focused];
    const focusedCategory: FocusedCategory | null = category
      ? {
          scale: category.scale as QaScale,
          allowNotApplicable: category.allowNotApplicable,
          last: focused === categories.length - 1,
        }
      : null;
    const action = reviewKeyAction(
      {
        key: event.key,
        ctrlKey: event.ctrlKey,
        metaKey: event.metaKey,
        altKey: event.altKey,
        inField: isTextField(event.target, event.key),
      },
      focusedCategory,
    );
    if (!action) return;
    event.preventDefault();
    switch (action.type) {
      case 'move':
        focusCategory(focused + action.delta);
        break;
      case 'rate':
        if (category) update(category.id, { rating: action.rating });
        break;
      case 'notApplicable':
        if (category) update(category.id, { rating: null });
        break;
      case 'comment':
        if (category) {
          setOpenComments((open) => new Set(open).add(category.id));
          // The field exists after the next render.
          setTimeout(() => commentRefs.current.get(category.id)?.focus(), 0);
        }
        break;
      case 'quote':
        attachQuote(selectedTranscriptText());
        break;
      case 'submit':
        void submit();
        break;
      case 'help':
        setHelp((h) => !h);
        break;
      case 'leaveField':
        focusCategory(focused);
        break;
      default:
        break;
    }
  };

  // The shortcuts work wherever the focus is on the page (after selecting words in the
  // conversation, say); the latest handler is read through a ref so the listener stays one.
  const keyHandler = useRef(onKeyDown);
  keyHandler.current = onKeyDown;
  useEffect(() => {
    const listener = (event: KeyboardEvent) => keyHandler.current(event);
    document.addEventListener('keydown', listener);
    return () => document.removeEventListener('keydown', listener);
  }, []);

  // The first category has the focus when the screen opens, so the keys work at once.
  useEffect(() => {
    categoryRefs.current[0]?.focus();
  }, []);

  const groupName = (id: string | undefined) =>
    id === undefined ? null : (scorecard.definition.groups.find((g) => g.id === id)?.name ?? id);

  return (
    <div className="qa-review" data-testid="qa-review">
      <div className="page-head">
        <div>
          <h1>{t('qa.review.title')}</h1>
          <p className="muted">
            {transcript.contact.source} · {transcript.contact.externalId}
            {transcript.contact.subject ? ` — ${transcript.contact.subject}` : ''}
          </p>
        </div>
        <button type="button" className="secondary" onClick={() => setHelp((h) => !h)} aria-expanded={help}>
          {t('qa.keys.title')}
        </button>
      </div>
      {help ? <ShortcutHelp onClose={() => setHelp(false)} /> : null}
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      <div className="qa-review-grid">
        <section
          className="panel qa-transcript"
          aria-labelledby="qa-transcript-title"
          ref={(el) => {
            transcriptRef.current = el;
          }}
        >
          <h2 id="qa-transcript-title">{t('qa.transcript.title')}</h2>
          <ContactFigures transcript={transcript} />
          {transcript.checks.length > 0 ? (
            <ul className="qa-check-hits" aria-label={t('qa.transcript.contactChecks')}>
              {transcript.checks.map((check) => (
                <li key={check.ruleId} className="qa-check-hit">
                  {check.label}
                  {check.detail ? ` — ${check.detail}` : ''}
                </li>
              ))}
            </ul>
          ) : null}
          <ol className="qa-turns">
            {transcript.entries.map((entry, index) => (
              <TranscriptTurn
                key={entry.eventId ?? `${entry.occurredAt}-${index}`}
                entry={entry}
                timeZone={status.timezone}
                onQuote={entry.body ? () => attachQuote(entry.body ?? '') : null}
                quoteLabel={t('qa.transcript.quoteTurn', {
                  category: categories[focused]?.name ?? '',
                })}
              />
            ))}
          </ol>
          {transcript.entries.length === 0 ? <p className="muted">{t('qa.transcript.empty')}</p> : null}
        </section>
        <section className="panel qa-scorecard" aria-labelledby="qa-scorecard-title">
          <h2 id="qa-scorecard-title">{scorecard.name}</h2>
          <div className="qa-preview" data-testid="qa-preview" aria-live="polite">
            <span className="qa-preview-score">
              {t('qa.review.score')}:{' '}
              <strong>
                {preview.score === null ? t('qa.review.noScore') : formatPercent(locale, preview.score, 0)}
              </strong>
            </span>{' '}
            {preview.score !== null ? (
              <span className={preview.passed ? 'badge better' : 'badge worse'}>
                {preview.passed ? t('qa.review.passed') : t('qa.review.failed')}
              </span>
            ) : null}{' '}
            {preview.criticalFailed ? (
              <span className="badge worse">{t('qa.review.criticalFailed')}</span>
            ) : null}
            <span className="muted">
              {' '}
              {t('qa.review.progress', {
                rated: formatCount(locale, categories.length - unrated.length),
                total: formatCount(locale, categories.length),
              })}
            </span>
          </div>
          {categories.map((category, index) => {
            const state = ratings[category.id] ?? EMPTY;
            const group = groupName(category.group);
            const previous = index > 0 ? categories[index - 1]?.group : undefined;
            const score =
              state.rating === undefined || state.rating === null
                ? null
                : scoreOf(category.scale as QaScale, state.rating);
            const low = score !== null && score < category.passMark;
            return (
              <div key={category.id}>
                {group && (index === 0 || previous !== category.group) ? (
                  <h3 className="qa-group">{group}</h3>
                ) : null}
                <section
                  ref={(el) => {
                    categoryRefs.current[index] = el;
                  }}
                  // biome-ignore lint/a11y/noNoninteractiveTabindex: a category takes the focus so that one key rates it.
                  tabIndex={0}
                  className={`qa-category${index === focused ? ' focused' : ''}${low ? ' low' : ''}`}
                  aria-labelledby={`qa-cat-${category.id}`}
                  aria-describedby={`qa-cat-${category.id}-state`}
                  data-testid={`qa-category-${category.id}`}
                  onFocus={() => setFocused(index)}
                >
                  <div className="qa-category-head">
                    <h4 id={`qa-cat-${category.id}`}>
                      {category.name}
                      {category.critical ? (
                        <span className="badge worse qa-critical" title={t('qa.review.criticalHint')}>
                          {t('qa.review.critical')}
                        </span>
                      ) : null}
                    </h4>
                    {category.link ? (
                      <a href={category.link} target="_blank" rel="noopener noreferrer">
                        {t('qa.review.guide')}
                      </a>
                    ) : null}
                  </div>
                  {category.description ? <p className="muted">{category.description}</p> : null}
                  <p id={`qa-cat-${category.id}-state`} className="visually-hidden">
                    {state.rating === undefined
                      ? t('qa.review.notRated')
                      : state.rating === null
                        ? t('qa.review.notApplicable')
                        : t('qa.review.rated', {
                            rating: ratingLabel(t, category.scale as QaScale, state.rating),
                          })}
                  </p>
                  {/* biome-ignore lint/a11y/useSemanticElements: a row of toggle buttons reads better than radios for one-key rating. */}
                  <div
                    className="qa-scale"
                    role="group"
                    aria-label={t('qa.review.ratingOf', { category: category.name })}
                  >
                    {scalePoints(category.scale as QaScale).map((point) => (
                      <button
                        key={point}
                        type="button"
                        className={state.rating === point ? 'qa-point selected' : 'qa-point'}
                        aria-pressed={state.rating === point}
                        onClick={() => update(category.id, { rating: point })}
                      >
                        {ratingLabel(t, category.scale as QaScale, point)}
                      </button>
                    ))}
                    {category.allowNotApplicable ? (
                      <button
                        type="button"
                        className={state.rating === null ? 'qa-point selected' : 'qa-point'}
                        aria-pressed={state.rating === null}
                        onClick={() => update(category.id, { rating: null })}
                      >
                        {t('qa.review.na')}
                      </button>
                    ) : null}
                  </div>
                  {low && scorecard.definition.rootCauses.length > 0 ? (
                    <fieldset className="qa-root-causes">
                      <legend>{t('qa.review.rootCauses')}</legend>
                      {scorecard.definition.rootCauses.map((cause) => (
                        <label key={cause}>
                          <input
                            type="checkbox"
                            checked={state.rootCauses.includes(cause)}
                            onChange={(e) =>
                              update(category.id, {
                                rootCauses: e.target.checked
                                  ? [...state.rootCauses, cause]
                                  : state.rootCauses.filter((c) => c !== cause),
                              })
                            }
                          />{' '}
                          {t(`qa.rootCause.${cause}` as MessageKey)}
                        </label>
                      ))}
                    </fieldset>
                  ) : null}
                  {openComments.has(category.id) ? (
                    <div className="qa-category-notes">
                      <label>
                        {t('qa.review.comment')}
                        <textarea
                          ref={(el) => {
                            commentRefs.current.set(category.id, el);
                          }}
                          rows={2}
                          value={state.comment}
                          onChange={(e) => update(category.id, { comment: e.target.value })}
                        />
                      </label>
                      {state.quote ? (
                        <blockquote className="qa-quote" data-testid={`qa-quote-${category.id}`}>
                          {state.quote}{' '}
                          <button
                            type="button"
                            className="link"
                            onClick={() => update(category.id, { quote: '' })}
                          >
                            {t('qa.review.removeQuote')}
                          </button>
                        </blockquote>
                      ) : null}
                    </div>
                  ) : (
                    <button
                      type="button"
                      className="link"
                      onClick={() => {
                        setOpenComments((open) => new Set(open).add(category.id));
                        setTimeout(() => commentRefs.current.get(category.id)?.focus(), 0);
                      }}
                    >
                      {t('qa.review.addComment')}
                    </button>
                  )}
                </section>
              </div>
            );
          })}
          <label className="qa-overall">
            {t('qa.review.overallComment')}
            <textarea
              rows={3}
              value={comment}
              onChange={(e) => {
                changed.current = true;
                setComment(e.target.value);
              }}
            />
          </label>
          {problem ? (
            <div className="notice error" role="alert">
              {problem.title}
              {problem.issues?.length ? (
                <ul>
                  {problem.issues.map((issue) => (
                    <li key={issue}>{issue}</li>
                  ))}
                </ul>
              ) : null}
            </div>
          ) : null}
          <div className="qa-actions">
            <button type="button" onClick={() => void submit()} disabled={submitting}>
              {t('qa.review.submit')}
            </button>
            <span className="muted" aria-live="polite" data-testid="qa-draft-state">
              {draftState.error
                ? t('qa.review.draftFailed')
                : draftState.savedAt
                  ? t('qa.review.draftSaved', {
                      time: formatInstant(locale, draftState.savedAt, status.timezone),
                    })
                  : ''}
            </span>
            <Link to="/qa/queue">{t('qa.review.back')}</Link>
          </div>
          <p className="muted qa-key-hint">{t('qa.keys.hint')}</p>
          <p className="visually-hidden">{labels.agent(transcript.contact.assigneeId)}</p>
        </section>
      </div>
    </div>
  );
}

function scoreOf(scale: QaScale, rating: number): number {
  const [min, max] = scale === 'pass_fail' ? [0, 1] : scale === '1-3' ? [1, 3] : [1, 5];
  return (rating - min) / (max - min);
}

export function ratingLabel(t: (key: MessageKey) => string, scale: QaScale, rating: number): string {
  if (scale === 'pass_fail') return rating >= 1 ? t('qa.review.pass') : t('qa.review.fail');
  return String(rating);
}

function ContactFigures({ transcript }: { transcript: Transcript }) {
  const { t, locale } = useI18n();
  const labels = useLabels();
  const { figures, contact } = transcript;
  const duration = (s: number | null) => (s === null ? t('value.none') : formatDuration(locale, s));
  return (
    <dl className="facts qa-figures" data-testid="qa-figures">
      <dt>{labels.dimension('agent')}</dt>
      <dd>{labels.agent(contact.assigneeId)}</dd>
      <dt>{labels.dimension('channel')}</dt>
      <dd>{labels.value('channel', contact.channel)}</dd>
      <dt>{t('qa.figures.frt')}</dt>
      <dd>{duration(figures.frtSeconds)}</dd>
      <dt>{t('qa.figures.handle')}</dt>
      <dd>{duration(figures.handleSeconds)}</dd>
      <dt>{t('qa.figures.resolution')}</dt>
      <dd>{duration(figures.resolutionSeconds)}</dd>
      <dt>{t('qa.figures.replies')}</dt>
      <dd>{formatCount(locale, figures.replies)}</dd>
      <dt>{t('qa.figures.reopens')}</dt>
      <dd>{formatCount(locale, figures.reopens)}</dd>
      {figures.survey.map((answer, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: answers have no id here and never reorder.
        <div key={index} className="qa-figure-survey">
          <dt>{labels.value('survey_kind', answer.kind)}</dt>
          <dd>
            {answer.score === null
              ? t('value.none')
              : t('qa.figures.surveyScore', {
                  score: formatCount(locale, answer.score),
                  max: formatCount(locale, answer.scaleMax),
                })}
            {answer.comment ? (
              <>
                {' '}
                <q className="qa-survey-comment">{answer.comment}</q>
              </>
            ) : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function TranscriptTurn({
  entry,
  timeZone,
  onQuote,
  quoteLabel,
}: {
  entry: TranscriptEntry;
  timeZone: string;
  onQuote: (() => void) | null;
  quoteLabel: string;
}) {
  const { t, locale } = useI18n();
  const labels = useLabels();
  const who =
    entry.kind === 'internal_note'
      ? 'note'
      : entry.actor === 'customer' || entry.actor === 'agent' || entry.actor === 'bot'
        ? entry.actor
        : 'system';
  const speaker =
    who === 'agent' && entry.agentId
      ? labels.agent(entry.agentId)
      : who === 'note'
        ? t('qa.transcript.note')
        : labels.value('actor', entry.actor);
  return (
    <li
      className={`qa-turn qa-turn-${who}${entry.checks.length ? ' qa-turn-hit' : ''}`}
      data-testid="qa-turn"
    >
      <div className="qa-turn-head">
        <span className="qa-turn-who">{speaker}</span>{' '}
        <span className="muted">
          {entry.kind === 'survey_answer'
            ? t('qa.transcript.surveyAnswer')
            : labels.value('event', entry.kind)}{' '}
          · {formatInstant(locale, entry.occurredAt, timeZone)}
        </span>
        {onQuote ? (
          <button type="button" className="link qa-quote-turn" onClick={onQuote}>
            {quoteLabel}
          </button>
        ) : null}
      </div>
      {entry.body ? <p className="qa-turn-body">{entry.body}</p> : null}
      {!entry.body && entry.detail ? (
        <p className="muted">
          {entry.kind === 'status_change' ? labels.value('status', entry.detail) : entry.detail}
        </p>
      ) : null}
      {entry.checks.length > 0 ? (
        <ul className="qa-check-hits" aria-label={t('qa.transcript.checks')}>
          {entry.checks.map((check) => (
            <li key={check.ruleId} className="qa-check-hit">
              {check.label}
              {check.detail ? ` — ${check.detail}` : ''}
            </li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}

export function ShortcutHelp({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  return (
    <section className="panel qa-shortcuts" aria-labelledby="qa-shortcuts-title" data-testid="qa-shortcuts">
      <h2 id="qa-shortcuts-title">{t('qa.keys.title')}</h2>
      <dl>
        {SHORTCUTS.map((s) => (
          <div key={s.help}>
            <dt>
              {s.keys.map((k, i) => (
                <span key={k}>
                  {i > 0 ? ' ' : ''}
                  <kbd>{k}</kbd>
                </span>
              ))}
            </dt>
            <dd>{t(`qa.keys.${s.help}` as MessageKey)}</dd>
          </div>
        ))}
      </dl>
      <button type="button" className="secondary" onClick={onClose}>
        {t('action.done')}
      </button>
    </section>
  );
}
