import { type KeyboardEvent, useId, useMemo, useRef, useState } from 'react';
import { useApi } from '../../api.js';
import { useAppData } from '../../app-data.js';
import { usePageTitle } from '../../components/Layout.js';
import { ErrorState, Loading } from '../../components/States.js';
import {
  DASH,
  formatCount,
  formatDay,
  formatDuration,
  formatNumber,
  formatPercent,
  weekdayName,
} from '../../format.js';
import { type MessageKey, useI18n } from '../../i18n/index.js';
import { useLabels } from '../../labels.js';
import { useSearchParams } from '../../router.js';
import {
  INTERVALS,
  type IntervalMinutes,
  QUEUE_MODELS,
  STAFFED_CHANNELS,
  type StaffedChannel,
  type StaffingInterval,
  type StaffingWeek,
  workforceApi,
} from './api.js';
import { timeLabel, useDebounced, useWeek, WeekPicker } from './controls.js';
import {
  agentsText,
  EMPTY_WHAT_IF,
  type HeatCell,
  staffingHeatmap,
  TONE_MARK,
  type WhatIfField,
  type WhatIfForm,
  whatIfOf,
} from './heatmap.js';
import { WorkforceNav } from './WorkforceNav.js';

function isChannel(value: string | null): value is StaffedChannel {
  return (STAFFED_CHANNELS as readonly string[]).includes(value ?? '');
}

function isInterval(value: number): value is IntervalMinutes {
  return (INTERVALS as readonly number[]).includes(value);
}

/**
 * The staffing week: per interval the agents required for the target, to schedule with shrinkage,
 * scheduled and available, as a heatmap of times of day by days, with a what-if panel that
 * recomputes the week as its fields change.
 */
export function Staffing() {
  const { t } = useI18n();
  usePageTitle(t('workforce.staffing.title'));
  const id = useId();
  const { filterValues } = useAppData();
  const labels = useLabels();
  const [params, update] = useSearchParams();
  const [monday, setMonday] = useWeek();
  const channel: StaffedChannel = isChannel(params.get('channel'))
    ? (params.get('channel') as StaffedChannel)
    : 'phone';
  const askedInterval = Number(params.get('interval'));
  const interval = isInterval(askedInterval) ? askedInterval : undefined;
  const team = params.get('team') ?? '';
  const [form, setForm] = useState<WhatIfForm>(EMPTY_WHAT_IF);
  const settledForm = useDebounced(form, 400);
  const { whatIf, invalid } = useMemo(() => whatIfOf(settledForm), [settledForm]);
  const typedInvalid = useMemo(() => whatIfOf(form).invalid, [form]);

  const query = {
    channel,
    week: monday,
    ...(interval ? { intervalMinutes: interval } : {}),
    ...(team ? { teamId: team } : {}),
    whatIf,
  };
  const week = useApi(JSON.stringify(query), (signal) => workforceApi.staffing(query, signal));
  const data = week.state === 'ok' ? week.data : null;
  const whatIfActive = Object.keys(whatIf).length > 0;

  return (
    <section aria-labelledby={`${id}-title`} className="wf-page">
      <WorkforceNav />
      <h1 id={`${id}-title`}>{t('workforce.staffing.title')}</h1>
      <p className="hint">{t('workforce.staffing.intro')}</p>
      <div className="field-row wf-controls">
        <div className="field">
          <label htmlFor={`${id}-channel`}>{t('workforce.field.channel')}</label>
          <select
            id={`${id}-channel`}
            value={channel}
            data-testid="staffing-channel"
            onChange={(e) => update((p) => p.set('channel', e.target.value), true)}
          >
            {STAFFED_CHANNELS.map((c) => (
              <option key={c} value={c}>
                {labels.value('channel', c)}
              </option>
            ))}
          </select>
        </div>
        <WeekPicker monday={monday} onChange={setMonday} />
        <div className="field">
          <label htmlFor={`${id}-interval`}>{t('workforce.field.interval')}</label>
          <select
            id={`${id}-interval`}
            value={interval ?? data?.intervalMinutes ?? ''}
            data-testid="staffing-interval"
            onChange={(e) => update((p) => p.set('interval', e.target.value), true)}
          >
            {interval === undefined && !data ? <option value="" /> : null}
            {INTERVALS.map((m) => (
              <option key={m} value={m}>
                {t('workforce.interval.minutes', { minutes: m })}
              </option>
            ))}
          </select>
        </div>
        {filterValues.team.length > 1 ? (
          <div className="field">
            <label htmlFor={`${id}-team`}>{t('workforce.field.team')}</label>
            <select
              id={`${id}-team`}
              value={team}
              onChange={(e) =>
                update((p) => (e.target.value ? p.set('team', e.target.value) : p.delete('team')), true)
              }
            >
              <option value="">{t('workforce.field.allTeams')}</option>
              {filterValues.team.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name ?? x.id}
                </option>
              ))}
            </select>
          </div>
        ) : null}
      </div>
      <div className="wf-staffing-layout">
        <div className="wf-staffing-main">
          {week.state === 'loading' ? <Loading /> : null}
          {week.state === 'error' && !week.stale ? (
            <ErrorState error={week.error} onRetry={week.reload} />
          ) : null}
          {data ? <StaffingResult week={data} busy={week.stale} whatIfActive={whatIfActive} /> : null}
        </div>
        <WhatIfPanel
          form={form}
          invalid={[...new Set([...invalid, ...typedInvalid])]}
          onChange={setForm}
          showPatience={data ? data.model === 'erlang-a' || data.patience !== null : channel === 'phone'}
          queued={channel === 'phone' || channel === 'chat'}
        />
      </div>
    </section>
  );
}

function StaffingResult({
  week,
  busy,
  whatIfActive,
}: {
  week: StaffingWeek;
  busy: boolean;
  whatIfActive: boolean;
}) {
  const { t, locale } = useI18n();
  const labels = useLabels();
  const map = useMemo(() => staffingHeatmap(week), [week]);
  const [focus, setFocus] = useState<[number, number]>([0, 0]);
  const [shown, setShown] = useState<HeatCell | null>(null);
  const table = useRef<HTMLTableElement>(null);
  const number = (n: number, digits: number) => formatNumber(locale, n, digits);
  const hours = (n: number) => formatNumber(locale, n, 1);
  const stateName = (tone: string) => t(`workforce.staffing.state.${tone}` as MessageKey);

  if (map.rows.length === 0) return <p>{t('workforce.staffing.empty')}</p>;

  const onKeyDown = (event: KeyboardEvent) => {
    const [r, c] = focus;
    const last = map.rows.length - 1;
    const moves: Record<string, [number, number]> = {
      ArrowUp: [Math.max(0, r - 1), c],
      ArrowDown: [Math.min(last, r + 1), c],
      ArrowLeft: [r, Math.max(0, c - 1)],
      ArrowRight: [r, Math.min(6, c + 1)],
      Home: [r, 0],
      End: [r, 6],
    };
    const next = moves[event.key];
    if (!next) return;
    event.preventDefault();
    setFocus(next);
    table.current?.querySelector<HTMLElement>(`[data-cell="${next[0]}-${next[1]}"]`)?.focus();
  };

  const dayName = (day: string) => {
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay() || 7;
    return weekdayName(locale, weekday, 'short');
  };

  return (
    <div className={busy ? 'wf-result is-busy' : 'wf-result'} aria-busy={busy} data-testid="staffing-result">
      <p data-testid="staffing-used">
        {t('workforce.staffing.used', {
          model: t(`workforce.model.${week.model}` as MessageKey),
          target: targetText(t, locale, week.target),
          shrinkage: formatPercent(locale, week.shrinkage.value),
          source: week.shrinkage.measured
            ? t('workforce.staffing.shrinkageMeasured')
            : t('workforce.staffing.shrinkageSet'),
        })}{' '}
        {week.patience
          ? week.patience.meanSeconds === null
            ? t('workforce.staffing.patienceUnknown')
            : week.patience.setByWhatIf
              ? t('workforce.staffing.patienceSet', {
                  seconds: formatDuration(locale, week.patience.meanSeconds),
                })
              : t('workforce.staffing.patience', {
                  seconds: formatDuration(locale, week.patience.meanSeconds),
                  abandoned: formatCount(locale, week.patience.abandoned),
                })
          : null}{' '}
        {week.concurrency
          ? t('workforce.staffing.concurrency', { n: formatCount(locale, week.concurrency) })
          : null}
        {whatIfActive ? <strong className="wf-whatif-flag"> {t('workforce.whatIf.active')}</strong> : null}
      </p>
      <p data-testid="staffing-totals">
        <strong>{t('workforce.staffing.totals')}:</strong>{' '}
        {t('workforce.staffing.totalsLine', {
          arrivals: formatCount(locale, week.totals.forecastArrivals),
          required: hours(week.totals.requiredHours),
          scheduled: hours(week.totals.scheduledHours),
          under: formatCount(locale, week.totals.underIntervals),
          over: formatCount(locale, week.totals.overIntervals),
        })}
      </p>
      <Legend />
      <div className="table-wrap">
        <table className="wf-heatmap" ref={table} onKeyDown={onKeyDown} data-testid="staffing-heatmap">
          <caption>
            {t('workforce.staffing.caption', {
              channel: labels.value('channel', week.channel),
              week: formatDay(locale, week.weekStart.slice(0, 10)),
              timezone: week.timezone,
            })}
          </caption>
          <thead>
            <tr>
              <td />
              {map.days.map((day) => (
                <th scope="col" key={day} className="wf-col">
                  {dayName(day)}
                  <span className="wf-day-date"> {formatDay(locale, day)}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {map.rows.map((row, r) => (
              <tr key={row.time}>
                <th scope="row" className="num">
                  {timeLabel(locale, row.time)}
                </th>
                {row.cells.map((cell, c) => {
                  const iv = cell.interval;
                  const open = iv !== null && cell.tone !== 'closed';
                  const label = open
                    ? t('workforce.staffing.cellLabel', {
                        day: formatDay(locale, cell.day),
                        time: timeLabel(locale, cell.time),
                        state: stateName(cell.tone),
                        required: agentsText(iv.requiredScheduled, number),
                        scheduled: agentsText(iv.scheduled, number),
                        available: agentsText(iv.available, number),
                      })
                    : t('workforce.staffing.cellClosed', {
                        day: formatDay(locale, cell.day),
                        time: timeLabel(locale, cell.time),
                      });
                  return (
                    <td key={cell.day}>
                      <button
                        type="button"
                        className={`wf-cell wf-${cell.tone}`}
                        data-cell={`${r}-${c}`}
                        data-state={cell.tone}
                        tabIndex={focus[0] === r && focus[1] === c ? 0 : -1}
                        aria-label={label}
                        title={label}
                        onFocus={() => {
                          setFocus([r, c]);
                          setShown(cell);
                        }}
                        onMouseEnter={() => setShown(cell)}
                        onClick={() => setShown(cell)}
                      >
                        {open ? (
                          <>
                            <span className="wf-mark" aria-hidden="true">
                              {TONE_MARK[cell.tone]}
                            </span>
                            {t('workforce.staffing.cellText', {
                              required: agentsText(iv.requiredScheduled, number),
                              scheduled: agentsText(iv.scheduled, number),
                              available: agentsText(iv.available, number),
                            })}
                          </>
                        ) : null}
                      </button>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('workforce.staffing.totals')}</th>
              {map.totals.map((day) => (
                <td key={day.day} className="wf-day-total">
                  {t('workforce.staffing.dayTotal', {
                    required: hours(day.requiredHours),
                    scheduled: hours(day.scheduledHours),
                  })}
                  {day.under > 0 ? (
                    <span className="wf-under-count">
                      {' '}
                      {TONE_MARK.under} {formatCount(locale, day.under)}
                    </span>
                  ) : null}
                </td>
              ))}
            </tr>
          </tfoot>
        </table>
      </div>
      <IntervalDetail cell={shown} week={week} />
    </div>
  );
}

type Translate = ReturnType<typeof useI18n>['t'];

function targetText(t: Translate, locale: string, target: StaffingWeek['target']): string {
  if ('responseTargetSeconds' in target)
    return t('workforce.staffing.target.response', {
      seconds: formatDuration(locale, target.responseTargetSeconds),
    });
  switch (target.kind) {
    case 'service-level':
      return t('workforce.staffing.target.sl', {
        share: formatPercent(locale, target.share, 0),
        seconds: formatDuration(locale, target.seconds),
      });
    case 'asa':
      return t('workforce.staffing.target.asa', { seconds: formatDuration(locale, target.seconds) });
    case 'abandonment':
      return t('workforce.staffing.target.abandonment', { share: formatPercent(locale, target.share) });
  }
}

function Legend() {
  const { t } = useI18n();
  const tones = ['under', 'ok', 'over', 'closed'] as const;
  return (
    <div className="wf-legend" data-testid="staffing-legend">
      <strong>{t('workforce.staffing.legend')}:</strong>
      <ul>
        {tones.map((tone) => (
          <li key={tone}>
            <span className={`wf-swatch wf-${tone}`} aria-hidden="true">
              {TONE_MARK[tone]}
            </span>{' '}
            {t(`workforce.staffing.state.${tone}` as MessageKey)}
          </li>
        ))}
        <li>{t('workforce.staffing.legendCell')}</li>
      </ul>
    </div>
  );
}

function IntervalDetail({ cell, week }: { cell: HeatCell | null; week: StaffingWeek }) {
  const { t, locale } = useI18n();
  const iv: StaffingInterval | null = cell?.interval ?? null;
  const outcome = (o: StaffingInterval['atRequired']) =>
    o ? (
      <>
        <td className="num">{formatPercent(locale, o.serviceLevel)}</td>
        <td className="num">{o.asa === null ? DASH : formatDuration(locale, o.asa)}</td>
        <td className="num">{formatPercent(locale, o.abandonment)}</td>
        <td className="num">{formatPercent(locale, o.occupancy)}</td>
      </>
    ) : (
      <td colSpan={4}>{t('workforce.staffing.noOutcome')}</td>
    );
  return (
    <section className="wf-detail" aria-live="polite" data-testid="staffing-detail">
      <h2>{t('workforce.staffing.detail')}</h2>
      {!cell || !iv ? (
        <p className="hint">{t('workforce.staffing.detailHint')}</p>
      ) : (
        <>
          <p>
            <strong>
              {formatDay(locale, cell.day)} {timeLabel(locale, cell.time)}
            </strong>{' '}
            — {t(`workforce.staffing.state.${cell.tone}` as MessageKey)} ({week.timezone})
          </p>
          <dl className="wf-facts">
            <dt>{t('workforce.staffing.forecastVolume')}</dt>
            <dd>{formatNumber(locale, iv.forecastArrivals, 1)}</dd>
            <dt>{t('workforce.staffing.handleTime')}</dt>
            <dd>{formatDuration(locale, iv.ahtSeconds)}</dd>
            <dt>{t('workforce.staffing.required')}</dt>
            <dd>{formatNumber(locale, iv.required, 1)}</dd>
            <dt>{t('workforce.staffing.toSchedule')}</dt>
            <dd>{formatNumber(locale, iv.requiredScheduled, 1)}</dd>
            <dt>{t('workforce.staffing.scheduled')}</dt>
            <dd>{formatNumber(locale, iv.scheduled, 1)}</dd>
            <dt>{t('workforce.staffing.available')}</dt>
            <dd>{formatNumber(locale, iv.available, 1)}</dd>
          </dl>
          <table className="wf-outcomes">
            <thead>
              <tr>
                <td />
                <th scope="col" className="num">
                  {t('workforce.staffing.serviceLevel')}
                </th>
                <th scope="col" className="num">
                  {t('workforce.staffing.asa')}
                </th>
                <th scope="col" className="num">
                  {t('workforce.staffing.abandonment')}
                </th>
                <th scope="col" className="num">
                  {t('workforce.staffing.occupancy')}
                </th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">{t('workforce.staffing.atRequired')}</th>
                {outcome(iv.atRequired)}
              </tr>
              <tr>
                <th scope="row">{t('workforce.staffing.atScheduled')}</th>
                {outcome(iv.atScheduled)}
              </tr>
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

const WHAT_IF_FIELDS: { field: WhatIfField; label: MessageKey; placeholder: string; queuedOnly?: boolean }[] =
  [
    { field: 'volumePercent', label: 'workforce.whatIf.volume', placeholder: '+10' },
    { field: 'handleTimePercent', label: 'workforce.whatIf.handleTime', placeholder: '-5' },
    { field: 'serviceLevel', label: 'workforce.whatIf.serviceLevel', placeholder: '80/20', queuedOnly: true },
    { field: 'shrinkagePercent', label: 'workforce.whatIf.shrinkage', placeholder: '30' },
    { field: 'patienceSeconds', label: 'workforce.whatIf.patience', placeholder: '90', queuedOnly: true },
  ];

function WhatIfPanel({
  form,
  invalid,
  onChange,
  showPatience,
  queued,
}: {
  form: WhatIfForm;
  invalid: WhatIfField[];
  onChange: (form: WhatIfForm) => void;
  showPatience: boolean;
  queued: boolean;
}) {
  const { t } = useI18n();
  const id = useId();
  return (
    <aside className="panel wf-whatif" aria-labelledby={`${id}-title`} data-testid="what-if">
      <h2 id={`${id}-title`}>{t('workforce.whatIf.title')}</h2>
      <p className="hint">{t('workforce.whatIf.intro')}</p>
      {WHAT_IF_FIELDS.filter(
        (f) => (queued || !f.queuedOnly) && (f.field !== 'patienceSeconds' || showPatience),
      ).map(({ field, label, placeholder }) => {
        const wrong = invalid.includes(field);
        return (
          <div className="field" key={field}>
            <label htmlFor={`${id}-${field}`}>{t(label)}</label>
            <input
              id={`${id}-${field}`}
              inputMode={field === 'serviceLevel' ? 'text' : 'decimal'}
              placeholder={placeholder}
              value={form[field]}
              aria-invalid={wrong || undefined}
              aria-describedby={wrong ? `${id}-${field}-error` : undefined}
              data-testid={`what-if-${field}`}
              onChange={(e) => onChange({ ...form, [field]: e.target.value })}
            />
            {wrong ? (
              <span className="field-error" id={`${id}-${field}-error`}>
                {t('workforce.whatIf.invalid')}
              </span>
            ) : null}
          </div>
        );
      })}
      {queued ? (
        <div className="field">
          <label htmlFor={`${id}-model`}>{t('workforce.whatIf.model')}</label>
          <select
            id={`${id}-model`}
            value={form.model}
            data-testid="what-if-model"
            onChange={(e) => onChange({ ...form, model: e.target.value as WhatIfForm['model'] })}
          >
            <option value="">{t('workforce.whatIf.modelDefault')}</option>
            {QUEUE_MODELS.map((m) => (
              <option key={m} value={m}>
                {t(`workforce.model.${m}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <button type="button" className="secondary" onClick={() => onChange(EMPTY_WHAT_IF)}>
        {t('workforce.whatIf.reset')}
      </button>
    </aside>
  );
}
