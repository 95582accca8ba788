import { type FormEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import { type ApiProblem, useApi } from '../../api.js';
import { useAppData } from '../../app-data.js';
import { usePageTitle } from '../../components/Layout.js';
import { ErrorState, Loading } from '../../components/States.js';
import { formatDay, formatNumber, weekdayName } from '../../format.js';
import { type MessageKey, useI18n } from '../../i18n/index.js';
import { useLabels } from '../../labels.js';
import {
  type MarkedDayInput,
  SCHEDULE_ACTIVITIES,
  type ScheduleBlock,
  STAFFED_CHANNELS,
  workforceApi,
} from './api.js';
import { timeLabel, useWeek, WeekPicker } from './controls.js';
import { canPlanWorkforce } from './pages.js';
import {
  addDays,
  type BlockForm,
  type BlockFormProblem,
  blockFormOf,
  blockInputOf,
  instantOf,
  isDay,
  mondayOf,
  scheduleGrid,
  weekDays,
} from './schedule-grid.js';
import { WorkforceNav } from './WorkforceNav.js';

type Dialog =
  | { mode: 'add'; form: BlockForm }
  | { mode: 'edit'; form: BlockForm; block: ScheduleBlock }
  | null;

/**
 * The week's schedule: rows are agents, columns days, blocks coloured by activity with their times.
 * Admins and managers add, change, delete and copy blocks and mark days; an agent reads their own.
 */
export function Schedules() {
  const { t } = useI18n();
  const { user, status, filterValues } = useAppData();
  const planner = canPlanWorkforce(user.role);
  usePageTitle(planner ? t('workforce.schedules.title') : t('workforce.schedules.myTitle'));
  const id = useId();
  const zone = status.timezone;
  const [monday, setMonday] = useWeek();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const query = {
    from: instantOf(`${monday}T00:00`, zone),
    to: instantOf(`${addDays(monday, 7)}T00:00`, zone),
    ...(planner ? {} : { agent: user.agentId ?? '' }),
  };
  const schedule = useApi(JSON.stringify(query), (signal) => workforceApi.schedules(query, signal));
  const agents = useMemo(
    () =>
      planner
        ? [...filterValues.agent].sort((a, b) => (a.name ?? a.id).localeCompare(b.name ?? b.id))
        : filterValues.agent.filter((a) => a.id === user.agentId),
    [planner, filterValues.agent, user.agentId],
  );
  const rows = useMemo(
    () => (schedule.state === 'ok' ? scheduleGrid(schedule.data.blocks, monday, zone, agents) : []),
    [schedule, monday, zone, agents],
  );

  const saved = (text: string) => {
    setDialog(null);
    setNotice(text);
    schedule.reload();
  };

  return (
    <section aria-labelledby={`${id}-title`} className="wf-page">
      <WorkforceNav />
      <h1 id={`${id}-title`}>
        {planner ? t('workforce.schedules.title') : t('workforce.schedules.myTitle')}
      </h1>
      <p className="hint">
        {planner
          ? t('workforce.schedules.intro', { timezone: zone })
          : t('workforce.schedules.myIntro', { timezone: zone })}
      </p>
      <div className="field-row wf-controls">
        <WeekPicker monday={monday} onChange={setMonday} />
        {planner ? (
          <button
            type="button"
            onClick={() =>
              setDialog({
                mode: 'add',
                form: { agentId: '', day: monday, start: '09:00', end: '17:00', activity: 'phone', note: '' },
              })
            }
            data-testid="schedule-add"
          >
            {t('workforce.schedules.add')}
          </button>
        ) : null}
        {planner ? <CopyWeek monday={monday} onCopied={saved} /> : null}
      </div>
      {notice ? (
        <p role="status" className="notice" data-testid="schedule-notice">
          {notice}
        </p>
      ) : null}
      {schedule.state === 'loading' ? <Loading /> : null}
      {schedule.state === 'error' && !schedule.stale ? (
        <ErrorState error={schedule.error} onRetry={schedule.reload} />
      ) : null}
      {schedule.state === 'ok' ? (
        <WeekGrid
          rows={rows}
          monday={monday}
          busy={schedule.stale}
          planner={planner}
          onAdd={(agentId, day) =>
            setDialog({
              mode: 'add',
              form: { agentId, day, start: '09:00', end: '17:00', activity: 'phone', note: '' },
            })
          }
          onOpen={(block) => setDialog({ mode: 'edit', form: blockFormOf(block, zone), block })}
        />
      ) : null}
      <ActivityLegend />
      {planner && dialog ? (
        <BlockDialog
          dialog={dialog}
          agents={agents}
          zone={zone}
          onClose={() => setDialog(null)}
          onSaved={() => saved(t('workforce.schedules.saved'))}
          onDeleted={() => saved(t('workforce.schedules.deleted'))}
        />
      ) : null}
      {planner ? <MarkedDays /> : null}
    </section>
  );
}

function WeekGrid({
  rows,
  monday,
  busy,
  planner,
  onAdd,
  onOpen,
}: {
  rows: ReturnType<typeof scheduleGrid>;
  monday: string;
  busy: boolean;
  planner: boolean;
  onAdd: (agentId: string, day: string) => void;
  onOpen: (block: ScheduleBlock) => void;
}) {
  const { t, locale } = useI18n();
  const days = weekDays(monday);
  const activity = (a: string) => t(`workforce.activity.${a}` as MessageKey);
  if (rows.length === 0) return <p>{t('workforce.schedules.empty')}</p>;
  return (
    <div className={busy ? 'table-wrap is-busy' : 'table-wrap'} aria-busy={busy}>
      <table className="wf-schedule" data-testid="schedule-grid">
        <caption className="visually-hidden">
          {t('workforce.schedules.caption', { week: formatDay(locale, monday) })}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('workforce.schedules.agent')}</th>
            {days.map((day, i) => (
              <th scope="col" key={day}>
                {weekdayName(locale, i + 1, 'short')}{' '}
                <span className="wf-day-date">{formatDay(locale, day)}</span>
              </th>
            ))}
            <th scope="col" className="num">
              {t('workforce.schedules.contactHours')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.agentId} data-agent={row.agentId}>
              <th scope="row">{row.agentName}</th>
              {row.days.map((pieces, i) => {
                const day = days[i] ?? monday;
                return (
                  <td key={day} className="wf-day-cell">
                    <ul className="wf-blocks">
                      {pieces.map((piece) => {
                        const text = t('workforce.schedules.blockLabel', {
                          activity: activity(piece.block.activity),
                          from: timeLabel(locale, piece.startsLocal.slice(11, 16)),
                          to: timeLabel(locale, piece.endsLocal.slice(11, 16)),
                        });
                        const label = `${text}${piece.block.note ? ` — ${piece.block.note}` : ''}`;
                        const content = (
                          <>
                            <span className="wf-block-activity">{activity(piece.block.activity)}</span>{' '}
                            <span className="wf-block-time">
                              {piece.continuedFrom ? '… ' : ''}
                              {timeLabel(locale, piece.startsLocal.slice(11, 16))}–
                              {timeLabel(locale, piece.endsLocal.slice(11, 16))}
                              {piece.continuesAfter ? ' …' : ''}
                            </span>
                          </>
                        );
                        return (
                          <li key={`${piece.block.source}|${piece.block.externalId}`}>
                            {planner ? (
                              <button
                                type="button"
                                className={`wf-block wf-act-${piece.block.activity}`}
                                aria-label={`${t('workforce.schedules.edit')}: ${label}`}
                                title={label}
                                data-block={piece.block.externalId}
                                onClick={() => onOpen(piece.block)}
                              >
                                {content}
                              </button>
                            ) : (
                              <span
                                className={`wf-block wf-act-${piece.block.activity}`}
                                title={label}
                                data-block={piece.block.externalId}
                              >
                                {content}
                              </span>
                            )}
                          </li>
                        );
                      })}
                    </ul>
                    {planner ? (
                      <button
                        type="button"
                        className="link wf-add"
                        aria-label={t('workforce.schedules.addFor', {
                          agent: row.agentName,
                          day: formatDay(locale, day),
                        })}
                        onClick={() => onAdd(row.agentId, day)}
                      >
                        +
                      </button>
                    ) : null}
                  </td>
                );
              })}
              <td className="num">{formatNumber(locale, row.contactMinutes / 60, 1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ActivityLegend() {
  const { t } = useI18n();
  return (
    <ul className="wf-activity-legend" aria-label={t('workforce.staffing.legend')}>
      {SCHEDULE_ACTIVITIES.map((a) => (
        <li key={a}>
          <span className={`wf-block wf-act-${a}`}>{t(`workforce.activity.${a}` as MessageKey)}</span>
        </li>
      ))}
    </ul>
  );
}

const PROBLEM_TEXT: Record<BlockFormProblem, MessageKey> = {
  agent: 'workforce.schedules.problem.agent',
  day: 'workforce.schedules.problem.day',
  start: 'workforce.schedules.problem.start',
  end: 'workforce.schedules.problem.end',
};

/** Add or change a block: a modal dialog, Escape closes it, focus starts on its first field. */
function BlockDialog({
  dialog,
  agents,
  zone,
  onClose,
  onSaved,
  onDeleted,
}: {
  dialog: NonNullable<Dialog>;
  agents: readonly { id: string; name: string | null }[];
  zone: string;
  onClose: () => void;
  onSaved: () => void;
  onDeleted: () => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const ref = useRef<HTMLDialogElement>(null);
  const [form, setForm] = useState<BlockForm>(dialog.form);
  const [problems, setProblems] = useState<BlockFormProblem[]>([]);
  const [error, setError] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const element = ref.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);

  const field = <K extends keyof BlockForm>(key: K) => ({
    value: form[key],
    onChange: (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value }),
  });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const input = blockInputOf(form, zone);
    if (!input.ok) {
      setProblems(input.problems);
      return;
    }
    setProblems([]);
    setBusy(true);
    const result =
      dialog.mode === 'add'
        ? await workforceApi.addBlock(input.input)
        : await workforceApi.updateBlock(dialog.block, input.input);
    setBusy(false);
    if (result.ok) onSaved();
    else setError(result.error);
  };

  const remove = async () => {
    if (dialog.mode !== 'edit' || !window.confirm(t('workforce.schedules.confirmDelete'))) return;
    setBusy(true);
    const result = await workforceApi.removeBlock(dialog.block);
    setBusy(false);
    if (result.ok) onDeleted();
    else setError(result.error);
  };

  const problemOf = (key: BlockFormProblem) =>
    problems.includes(key) ? (
      <span className="field-error" id={`${id}-${key}-error`}>
        {t(PROBLEM_TEXT[key])}
      </span>
    ) : null;
  const invalid = (key: BlockFormProblem) => ({
    'aria-invalid': problems.includes(key) || undefined,
    'aria-describedby': problems.includes(key) ? `${id}-${key}-error` : undefined,
  });

  return (
    <dialog
      ref={ref}
      className="wf-dialog"
      aria-labelledby={`${id}-title`}
      onClose={onClose}
      data-testid="block-dialog"
    >
      <form onSubmit={submit}>
        <h2 id={`${id}-title`}>
          {dialog.mode === 'add' ? t('workforce.schedules.dialogAdd') : t('workforce.schedules.dialogEdit')}
        </h2>
        <div className="field">
          <label htmlFor={`${id}-agent`}>{t('workforce.schedules.field.agent')}</label>
          <select id={`${id}-agent`} {...field('agentId')} {...invalid('agent')} data-testid="block-agent">
            <option value="" />
            {agents.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name ?? a.id}
              </option>
            ))}
          </select>
          {problemOf('agent')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-day`}>{t('workforce.schedules.field.day')}</label>
          <input id={`${id}-day`} type="date" {...field('day')} {...invalid('day')} data-testid="block-day" />
          {problemOf('day')}
        </div>
        <div className="field-row">
          <div className="field">
            <label htmlFor={`${id}-start`}>{t('workforce.schedules.field.start')}</label>
            <input
              id={`${id}-start`}
              type="time"
              {...field('start')}
              {...invalid('start')}
              data-testid="block-start"
            />
            {problemOf('start')}
          </div>
          <div className="field">
            <label htmlFor={`${id}-end`}>{t('workforce.schedules.field.end')}</label>
            <input
              id={`${id}-end`}
              type="time"
              {...field('end')}
              {...invalid('end')}
              data-testid="block-end"
            />
            {problemOf('end')}
          </div>
        </div>
        <p className="hint">{t('workforce.schedules.endHint')}</p>
        <div className="field">
          <label htmlFor={`${id}-activity`}>{t('workforce.schedules.field.activity')}</label>
          <select id={`${id}-activity`} {...field('activity')} data-testid="block-activity">
            {SCHEDULE_ACTIVITIES.map((a) => (
              <option key={a} value={a}>
                {t(`workforce.activity.${a}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-note`}>{t('workforce.schedules.field.note')}</label>
          <input id={`${id}-note`} maxLength={500} {...field('note')} />
        </div>
        {error ? <ErrorState error={error} /> : null}
        <div className="wf-dialog-actions">
          <button type="submit" disabled={busy} data-testid="block-save">
            {t('action.save')}
          </button>
          <button type="button" className="secondary" onClick={() => ref.current?.close()}>
            {t('action.cancel')}
          </button>
          {dialog.mode === 'edit' ? (
            <button
              type="button"
              className="danger"
              disabled={busy}
              onClick={remove}
              data-testid="block-delete"
            >
              {t('action.delete')}
            </button>
          ) : null}
        </div>
      </form>
    </dialog>
  );
}

function CopyWeek({ monday, onCopied }: { monday: string; onCopied: (text: string) => void }) {
  const { t, locale } = useI18n();
  const id = useId();
  const [target, setTarget] = useState(addDays(monday, 7));
  const [error, setError] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => setTarget(addDays(monday, 7)), [monday]);
  const copy = async (event: FormEvent) => {
    event.preventDefault();
    if (!isDay(target)) return;
    const toWeek = mondayOf(target);
    setBusy(true);
    const result = await workforceApi.copyWeek({ fromWeek: monday, toWeek });
    setBusy(false);
    if (result.ok) {
      setError(null);
      const params = {
        count: result.data.copied,
        week: formatDay(locale, toWeek),
        skipped: result.data.skipped,
      };
      onCopied(
        result.data.skipped > 0
          ? t('workforce.schedules.copiedSkipped', params)
          : t('workforce.schedules.copied', params),
      );
    } else setError(result.error);
  };
  return (
    <form className="field-row wf-copy" onSubmit={copy}>
      <div className="field">
        <label htmlFor={`${id}-to`}>{t('workforce.schedules.copyTo')}</label>
        <input
          id={`${id}-to`}
          type="date"
          value={target}
          onChange={(e) => setTarget(e.target.value)}
          data-testid="copy-to"
        />
      </div>
      <button type="submit" className="secondary" disabled={busy || !isDay(target)} data-testid="copy-week">
        {t('workforce.schedules.copyWeek')}
      </button>
      {error ? <ErrorState error={error} /> : null}
    </form>
  );
}

/** Days the forecast treats apart: listed, added and removed here. */
function MarkedDays() {
  const { t, locale } = useI18n();
  const labels = useLabels();
  const id = useId();
  const days = useApi('workforce-marked-days', (signal) => workforceApi.markedDays(signal));
  const empty: MarkedDayInput = { day: '', channel: null, kind: 'event', factor: null, label: '' };
  const [input, setInput] = useState<MarkedDayInput>(empty);
  const [factor, setFactor] = useState('');
  const [invalid, setInvalid] = useState(false);
  const [error, setError] = useState<ApiProblem | null>(null);

  const add = async (event: FormEvent) => {
    event.preventDefault();
    const factorValue = factor.trim() === '' ? null : Number(factor.replace(',', '.'));
    const factorOk = factorValue === null || (Number.isFinite(factorValue) && factorValue > 0);
    if (!isDay(input.day) || !input.label.trim() || !factorOk) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    const result = await workforceApi.addMarkedDay({
      ...input,
      label: input.label.trim(),
      factor: input.kind === 'event' ? factorValue : null,
    });
    if (result.ok) {
      setError(null);
      setInput(empty);
      setFactor('');
      days.reload();
    } else setError(result.error);
  };

  const remove = async (dayId: string) => {
    const result = await workforceApi.removeMarkedDay(dayId);
    if (result.ok) days.reload();
    else setError(result.error);
  };

  return (
    <section aria-labelledby={`${id}-title`} className="panel wf-marked">
      <h2 id={`${id}-title`}>{t('workforce.marked.title')}</h2>
      <p className="hint">{t('workforce.marked.intro')}</p>
      {days.state === 'loading' ? <Loading /> : null}
      {days.state === 'error' ? <ErrorState error={days.error} onRetry={days.reload} /> : null}
      {days.state === 'ok' && days.data.length === 0 ? <p>{t('workforce.marked.empty')}</p> : null}
      {days.state === 'ok' && days.data.length > 0 ? (
        <div className="table-wrap">
          <table data-testid="marked-days">
            <caption className="visually-hidden">{t('workforce.marked.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('workforce.marked.day')}</th>
                <th scope="col">{t('workforce.marked.label')}</th>
                <th scope="col">{t('workforce.marked.kind')}</th>
                <th scope="col">{t('workforce.marked.channel')}</th>
                <th scope="col" className="num">
                  {t('workforce.marked.factor')}
                </th>
                <td />
              </tr>
            </thead>
            <tbody>
              {[...days.data]
                .sort((a, b) => a.day.localeCompare(b.day))
                .map((d) => (
                  <tr key={d.id}>
                    <td>{formatDay(locale, d.day)}</td>
                    <th scope="row">{d.label}</th>
                    <td>{t(`workforce.marked.kind.${d.kind}`)}</td>
                    <td>
                      {d.channel ? labels.value('channel', d.channel) : t('workforce.marked.everyChannel')}
                    </td>
                    <td className="num">
                      {d.kind === 'closed'
                        ? ''
                        : d.factor === null
                          ? t('workforce.marked.learnt')
                          : `× ${formatNumber(locale, d.factor, 2)}`}
                    </td>
                    <td>
                      <button type="button" className="secondary" onClick={() => void remove(d.id)}>
                        {t('workforce.marked.remove', { label: d.label })}
                      </button>
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <form className="field-row" onSubmit={add} data-testid="marked-day-form">
        <div className="field">
          <label htmlFor={`${id}-day`}>{t('workforce.marked.day')}</label>
          <input
            id={`${id}-day`}
            type="date"
            value={input.day}
            onChange={(e) => setInput({ ...input, day: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-label`}>{t('workforce.marked.label')}</label>
          <input
            id={`${id}-label`}
            maxLength={200}
            value={input.label}
            onChange={(e) => setInput({ ...input, label: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-kind`}>{t('workforce.marked.kind')}</label>
          <select
            id={`${id}-kind`}
            value={input.kind}
            onChange={(e) => setInput({ ...input, kind: e.target.value === 'closed' ? 'closed' : 'event' })}
          >
            <option value="event">{t('workforce.marked.kind.event')}</option>
            <option value="closed">{t('workforce.marked.kind.closed')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-channel`}>{t('workforce.marked.channel')}</label>
          <select
            id={`${id}-channel`}
            value={input.channel ?? ''}
            onChange={(e) => {
              const channel = STAFFED_CHANNELS.find((c) => c === e.target.value) ?? null;
              setInput({ ...input, channel });
            }}
          >
            <option value="">{t('workforce.marked.everyChannel')}</option>
            {STAFFED_CHANNELS.map((c) => (
              <option key={c} value={c}>
                {labels.value('channel', c)}
              </option>
            ))}
          </select>
        </div>
        {input.kind === 'event' ? (
          <div className="field">
            <label htmlFor={`${id}-factor`}>{t('workforce.marked.factor')}</label>
            <input
              id={`${id}-factor`}
              inputMode="decimal"
              placeholder="1.5"
              value={factor}
              onChange={(e) => setFactor(e.target.value)}
            />
          </div>
        ) : null}
        <button type="submit">{t('workforce.marked.add')}</button>
        {invalid ? <p className="field-error">{t('workforce.marked.invalid')}</p> : null}
      </form>
      {error ? <ErrorState error={error} /> : null}
    </section>
  );
}
