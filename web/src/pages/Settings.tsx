import { type FormEvent, useId, useState } from 'react';
import {
  type ApiProblem,
  type Calendar,
  call,
  client,
  type Settings,
  type SettingsTarget,
  type Threshold,
  useApi,
} from '../api.js';
import { findKpi, useAppData } from '../app-data.js';
import { DurationInput } from '../components/DurationInput.js';
import { usePageTitle } from '../components/Layout.js';
import { EditableRows, RuleTable } from '../components/RuleTable.js';
import { ErrorState, Loading } from '../components/States.js';
import { Tabs } from '../components/Tabs.js';
import { TextField } from '../components/TextField.js';
import { formatCount, formatDuration, formatDurationExact, formatNumber, weekdayName } from '../format.js';
import { type MessageKey, useI18n } from '../i18n/index.js';
import { useLabels } from '../labels.js';
import { useSearchParams } from '../router.js';

type Change = {
  settings: Settings;
  rebuild: { contacts: number; seconds: number; contactsWithoutCalendar: number } | null;
};
const TABS = ['calendars', 'teams', 'thresholds', 'targets'] as const;
type TabKey = (typeof TABS)[number];
const CHANNELS = ['email', 'chat', 'phone', 'social', 'web_form', 'in_person'] as const;
const METRICS = ['frt', 'service_level', 'short_abandon'] as const;

export function SettingsPage() {
  const { t } = useI18n();
  usePageTitle(t('nav.settings'));
  const { reloadStatus } = useAppData();
  const [params, update] = useSearchParams();
  const tab = (TABS.find((x) => x === params.get('tab')) ?? 'calendars') as TabKey;
  const loaded = useApi('settings', (signal) => call(client.api.settings.$get({}, { init: { signal } })));
  const [settings, setSettings] = useState<Settings | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<ApiProblem | null>(null);
  const { locale } = useI18n();
  const current = settings ?? (loaded.state === 'ok' ? loaded.data : null);

  const applied = (result: { ok: true; data: Change } | { ok: false; error: ApiProblem }) => {
    if (!result.ok) {
      setError(result.error);
      setMessage(null);
      return false;
    }
    setError(null);
    setSettings(result.data.settings);
    const r = result.data.rebuild;
    setMessage(
      r
        ? t('settings.rebuilt', {
            contacts: formatCount(locale, r.contacts),
            seconds: formatNumber(locale, r.seconds, 1),
          })
        : t('settings.saved'),
    );
    reloadStatus();
    return true;
  };

  return (
    <>
      <h1>{t('nav.settings')}</h1>
      <div aria-live="polite">
        {message ? (
          <p className="notice" role="status">
            {message}
          </p>
        ) : null}
      </div>
      {error ? <ErrorState error={error} /> : null}
      {loaded.state === 'loading' ? <Loading /> : null}
      {loaded.state === 'error' ? <ErrorState error={loaded.error} onRetry={loaded.reload} /> : null}
      {current ? (
        <Tabs
          label={t('nav.settings')}
          tabs={TABS.map((k) => ({ key: k, label: t(`settings.tab.${k}` as MessageKey) }))}
          selected={tab}
          onSelect={(k) => update((p) => p.set('tab', k), true)}
        >
          {tab === 'calendars' ? <Calendars settings={current} applied={applied} /> : null}
          {tab === 'teams' ? <Teams settings={current} applied={applied} /> : null}
          {tab === 'thresholds' ? <Thresholds settings={current} applied={applied} /> : null}
          {tab === 'targets' ? <Targets settings={current} applied={applied} /> : null}
        </Tabs>
      ) : null}
    </>
  );
}

type Applied = (result: { ok: true; data: Change } | { ok: false; error: ApiProblem }) => boolean;

function emptyCalendar(): Calendar {
  return {
    id: '',
    name: null,
    timezone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
    isDefault: false,
    intervals: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '17:00' })),
    holidays: [],
  };
}

function Calendars({ settings, applied }: { settings: Settings; applied: Applied }) {
  const { t } = useI18n();
  const [editing, setEditing] = useState<{ calendar: Calendar; isNew: boolean } | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async (calendar: Calendar) => {
    setBusy(true);
    const { id, ...body } = calendar;
    const ok = applied(await call(client.api.settings.calendars[':id'].$put({ param: { id }, json: body })));
    setBusy(false);
    if (ok) setEditing(null);
  };
  const remove = async (id: string) => {
    if (!window.confirm(t('settings.confirmDelete', { name: id }))) return;
    setBusy(true);
    applied(await call(client.api.settings.calendars[':id'].$delete({ param: { id } })));
    setBusy(false);
  };

  if (editing) {
    return (
      <CalendarEditor
        calendar={editing.calendar}
        isNew={editing.isNew}
        busy={busy}
        onSave={save}
        onCancel={() => setEditing(null)}
      />
    );
  }
  return (
    <section aria-labelledby="calendars-title">
      <h2 id="calendars-title">{t('settings.tab.calendars')}</h2>
      <p className="hint">{t('settings.calendarsIntro')}</p>
      {settings.calendars.length === 0 ? <p>{t('settings.noCalendars')}</p> : null}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('settings.calendarId')}</th>
              <th scope="col">{t('user.name')}</th>
              <th scope="col">{t('filter.timezone')}</th>
              <th scope="col">{t('settings.default')}</th>
              <th scope="col">{t('settings.intervals')}</th>
              <th scope="col">{t('settings.holidays')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('column.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {settings.calendars.map((c) => (
              <tr key={c.id}>
                <th scope="row">{c.id}</th>
                <td>{c.name ?? ''}</td>
                <td>{c.timezone}</td>
                <td>{c.isDefault ? t('value.yes') : ''}</td>
                <td>{c.intervals.length}</td>
                <td>{c.holidays.length}</td>
                <td className="page-actions">
                  <button
                    type="button"
                    className="secondary"
                    onClick={() => setEditing({ calendar: c, isNew: false })}
                  >
                    {t('action.edit')}
                    <span className="visually-hidden"> {c.id}</span>
                  </button>
                  <button type="button" className="danger" disabled={busy} onClick={() => remove(c.id)}>
                    {t('action.delete')}
                    <span className="visually-hidden"> {c.id}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        <button type="button" onClick={() => setEditing({ calendar: emptyCalendar(), isNew: true })}>
          {t('settings.newCalendar')}
        </button>
      </p>
    </section>
  );
}

function CalendarEditor({
  calendar: initial,
  isNew,
  busy,
  onSave,
  onCancel,
}: {
  calendar: Calendar;
  isNew: boolean;
  busy: boolean;
  onSave: (c: Calendar) => void;
  onCancel: () => void;
}) {
  const { t, locale } = useI18n();
  const id = useId();
  const [c, setC] = useState<Calendar>(initial);
  const zones = (() => {
    try {
      return Intl.supportedValuesOf('timeZone');
    } catch {
      return [c.timezone];
    }
  })();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSave(c);
  };
  return (
    <form onSubmit={submit} aria-labelledby={`${id}-title`} data-testid="calendar-form">
      <h2 id={`${id}-title`}>
        {isNew ? t('settings.newCalendar') : t('settings.editCalendar', { id: c.id })}
      </h2>
      <div className="field-row">
        {isNew ? (
          <TextField
            id={`${id}-id`}
            label={t('settings.calendarId')}
            required
            pattern="[A-Za-z0-9_.\-]+"
            value={c.id}
            onChange={(e) => setC({ ...c, id: e.target.value })}
          />
        ) : null}
        <TextField
          id={`${id}-name`}
          label={t('user.name')}
          value={c.name ?? ''}
          onChange={(e) => setC({ ...c, name: e.target.value || null })}
        />
        <div className="field">
          <label htmlFor={`${id}-tz`}>{t('filter.timezone')}</label>
          <select
            id={`${id}-tz`}
            value={c.timezone}
            onChange={(e) => setC({ ...c, timezone: e.target.value })}
          >
            {zones.map((z) => (
              <option key={z}>{z}</option>
            ))}
          </select>
        </div>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={c.isDefault}
            onChange={(e) => setC({ ...c, isDefault: e.target.checked })}
          />{' '}
          {t('settings.isDefault')}
        </label>
      </div>
      <h3>{t('settings.intervals')}</h3>
      <p className="hint">{t('settings.intervalsHint')}</p>
      <EditableRows
        headers={[t('settings.weekday'), t('settings.start'), t('settings.end')]}
        rows={c.intervals}
        onChange={(intervals) => setC({ ...c, intervals })}
        rowName={(i) => t('settings.intervalN', { n: i + 1 })}
        newRow={() => ({ weekday: 1, start: '09:00', end: '17:00' })}
        addLabel={t('settings.addInterval')}
        cells={(x, i, set) => (
          <>
            <td>
              <select
                aria-label={t('settings.intervalWeekday', { n: i + 1 })}
                value={x.weekday}
                onChange={(e) => set({ weekday: Number(e.target.value) })}
              >
                {[1, 2, 3, 4, 5, 6, 7].map((d) => (
                  <option key={d} value={d}>
                    {weekdayName(locale, d, 'long')}
                  </option>
                ))}
              </select>
            </td>
            <td>
              <input
                aria-label={t('settings.intervalStart', { n: i + 1 })}
                required
                pattern="([01][0-9]|2[0-3]):[0-5][0-9]"
                placeholder="09:00"
                inputMode="numeric"
                value={x.start}
                onChange={(e) => set({ start: e.target.value })}
              />
            </td>
            <td>
              <input
                aria-label={t('settings.intervalEnd', { n: i + 1 })}
                required
                pattern="([01][0-9]|2[0-3]):[0-5][0-9]|24:00"
                placeholder="17:00"
                value={x.end}
                onChange={(e) => set({ end: e.target.value })}
              />
            </td>
          </>
        )}
      />
      <h3>{t('settings.holidays')}</h3>
      <EditableRows
        headers={[t('settings.date'), t('user.name')]}
        rows={c.holidays}
        onChange={(holidays) => setC({ ...c, holidays })}
        rowName={(i) => t('settings.holidayN', { n: i + 1 })}
        newRow={() => ({ date: '', name: null })}
        addLabel={t('settings.addHoliday')}
        cells={(h, i, set) => (
          <>
            <td>
              <input
                type="date"
                required
                aria-label={t('settings.holidayDate', { n: i + 1 })}
                value={h.date}
                onChange={(e) => set({ date: e.target.value })}
              />
            </td>
            <td>
              <input
                aria-label={t('settings.holidayName', { n: i + 1 })}
                value={h.name ?? ''}
                onChange={(e) => set({ name: e.target.value || null })}
              />
            </td>
          </>
        )}
      />
      <p className="hint">{t('settings.rebuildHint')}</p>
      <div className="page-actions">
        <button type="submit" disabled={busy}>
          {busy ? t('settings.saving') : t('action.save')}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t('action.cancel')}
        </button>
      </div>
    </form>
  );
}

function Teams({ settings, applied }: { settings: Settings; applied: Applied }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const set = async (id: string, calendarId: string | null) => {
    setBusy(true);
    applied(await call(client.api.settings.teams[':id'].$patch({ param: { id }, json: { calendarId } })));
    setBusy(false);
  };
  return (
    <section aria-labelledby="teams-title">
      <h2 id="teams-title">{t('settings.tab.teams')}</h2>
      <p className="hint">{t('settings.teamsIntro')}</p>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('dimension.team')}</th>
            <th scope="col">{t('settings.calendar')}</th>
          </tr>
        </thead>
        <tbody>
          {settings.teams.map((team) => (
            <tr key={team.id}>
              <th scope="row">{team.name ?? team.id}</th>
              <td>
                <select
                  aria-label={t('settings.teamCalendar', { team: team.name ?? team.id })}
                  disabled={busy}
                  value={team.calendarId ?? ''}
                  onChange={(e) => set(team.id, e.target.value || null)}
                >
                  <option value="">{t('settings.useDefault')}</option>
                  {settings.calendars.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name ?? c.id}
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The channels as options of a select, by their labels. */
function ChannelOptions() {
  const labels = useLabels();
  return (
    <>
      {CHANNELS.map((ch) => (
        <option key={ch} value={ch}>
          {labels.value('channel', ch)}
        </option>
      ))}
    </>
  );
}

/**
 * The first-response deadline or service-level time of each channel for all teams, as set or by
 * default: `Chat 30 sec, E-mail 1 hr`.
 */
function useChannelTimes(settings: Settings) {
  const { locale } = useI18n();
  const labels = useLabels();
  return (metric: 'frt' | 'service_level', only: string | null = null): string => {
    const defaults = metric === 'frt' ? settings.defaults.frt : settings.defaults.serviceLevel;
    return CHANNELS.filter((ch) => only === null || ch === only)
      .map((ch) => {
        const row = settings.thresholds.find(
          (r) => r.metric === metric && r.channel === ch && r.teamId === null,
        );
        return [ch, row ? row.seconds : defaults[ch]] as const;
      })
      .filter(([, seconds]) => seconds != null)
      .map(([ch, seconds]) => `${labels.value('channel', ch)} ${formatDuration(locale, seconds)}`)
      .join(', ');
  };
}

function Thresholds({ settings, applied }: { settings: Settings; applied: Applied }) {
  const { t, locale } = useI18n();
  const defaults = settings.defaults;
  const perChannel = (seconds: Partial<Record<string, number | null>>) =>
    CHANNELS.filter((ch) => seconds[ch] != null)
      .map((ch) => `${labels.value('channel', ch)} ${formatDuration(locale, seconds[ch])}`)
      .join(', ');
  const labels = useLabels();
  return (
    <RuleTable<Threshold>
      id="thresholds"
      title={t('settings.tab.thresholds')}
      intro={
        <>
          <p className="hint">{t('settings.thresholdsIntro')}</p>
          <p className="hint">
            {t('settings.thresholdDefaults', {
              frt: perChannel(defaults.frt),
              sl: perChannel(defaults.serviceLevel),
              abandon: formatDuration(locale, defaults.shortAbandon),
            })}
          </p>
          <p className="hint">{t('targets.timeHint', { example: formatDurationExact(locale, 5400) })}</p>
        </>
      }
      headers={[
        t('settings.metric'),
        t('dimension.channel'),
        t('dimension.team'),
        t('targets.time'),
        t('control.hours'),
      ]}
      initial={settings.thresholds}
      newRow={() => ({ metric: 'frt', channel: 'email', teamId: null, seconds: 3600, hours: null })}
      addLabel={t('settings.addRow')}
      save={async (thresholds) =>
        applied(await call(client.api.settings.thresholds.$put({ json: { thresholds } })))
      }
      footer={<p className="hint">{t('settings.rebuildHint')}</p>}
      cells={(r, i, set) => (
        <>
          <td>
            <select
              aria-label={t('settings.rowMetric', { n: i + 1 })}
              value={r.metric}
              onChange={(e) => set({ metric: e.target.value as Threshold['metric'] })}
            >
              {METRICS.map((m) => (
                <option key={m} value={m}>
                  {t(`metric.${m}` as MessageKey)}
                </option>
              ))}
            </select>
          </td>
          <td>
            <select
              aria-label={t('settings.rowChannel', { n: i + 1 })}
              value={r.channel}
              onChange={(e) => set({ channel: e.target.value as Threshold['channel'] })}
            >
              <ChannelOptions />
            </select>
          </td>
          <td>
            <select
              aria-label={t('settings.rowTeam', { n: i + 1 })}
              value={r.teamId ?? ''}
              onChange={(e) => set({ teamId: e.target.value || null })}
            >
              <option value="">{t('settings.allTeams')}</option>
              {settings.teams.map((team) => (
                <option key={team.id} value={team.id}>
                  {team.name ?? team.id}
                </option>
              ))}
            </select>
          </td>
          <td>
            <DurationInput
              label={t(THRESHOLD_FIELD[r.metric], { n: i + 1 })}
              seconds={r.seconds}
              onChange={(seconds) => set({ seconds })}
            />
          </td>
          <td>
            <select
              aria-label={t('settings.rowHours', { n: i + 1 })}
              value={r.hours ?? ''}
              onChange={(e) => set({ hours: (e.target.value || null) as Threshold['hours'] })}
            >
              <option value="">{t('settings.hoursDefault')}</option>
              <option value="business">{t('hours.business')}</option>
              <option value="calendar">{t('hours.calendar')}</option>
            </select>
          </td>
        </>
      )}
    />
  );
}

/** The time field of a threshold row is named by what it is, so its errors say which one. */
const THRESHOLD_FIELD: Record<Threshold['metric'], MessageKey> = {
  frt: 'targets.rowDeadline',
  service_level: 'targets.rowAnswerTime',
  short_abandon: 'targets.rowAbandonLimit',
};

type TargetFormat = 'count' | 'percent' | 'duration' | 'score' | 'nps' | 'money' | 'rate';

/** The range a KPI target of each format may take, in the unit it is entered in. */
const TARGET_RANGE: Partial<Record<TargetFormat, { min: number; max?: number; error: MessageKey }>> = {
  percent: { min: 0, max: 100, error: 'targets.error.percent' },
  nps: { min: -100, max: 100, error: 'targets.error.nps' },
  count: { min: 0, error: 'targets.error.negativeValue' },
};

/**
 * KPI targets are stored in the KPI's unit (a fraction for shares, seconds for durations) and
 * entered in the reader's: shares in percent, durations as a time. Each row says what its number
 * is compared with, so a target of the median first response is not taken for the deadline of
 * each contact (a threshold).
 */
function Targets({ settings, applied }: { settings: Settings; applied: Applied }) {
  const { t, kpiName } = useI18n();
  const { catalog } = useAppData();
  const channelTimes = useChannelTimes(settings);
  const formatOf = (kpiId: string): TargetFormat => findKpi(catalog, kpiId)?.format ?? 'count';
  const hintOf = (r: SettingsTarget): string | null => {
    switch (r.kpi) {
      case 'frt':
        return t('targets.hint.frt');
      case 'frt_within_target':
        return t('targets.hint.frtWithinTarget', { deadlines: channelTimes('frt', r.channel) || '—' });
      case 'service_level':
        return t('targets.hint.serviceLevel', { times: channelTimes('service_level', r.channel) || '—' });
      default:
        return null;
    }
  };
  return (
    <RuleTable<SettingsTarget>
      id="targets"
      title={t('settings.tab.targets')}
      intro={<p className="hint">{t('settings.targetsIntro')}</p>}
      headers={[t('control.kpi'), t('dimension.channel'), t('settings.targetValue')]}
      initial={settings.targets}
      newRow={() => ({ kpi: 'csat', channel: null, value: 0.85 })}
      addLabel={t('settings.addTarget')}
      save={async (targets) => applied(await call(client.api.settings.targets.$put({ json: { targets } })))}
      cells={(r, i, set) => {
        const format = formatOf(r.kpi);
        const hint = hintOf(r);
        const hintId = `targets-hint-${i}`;
        return (
          <>
            <td>
              <select
                aria-label={t('settings.rowKpi', { n: i + 1 })}
                value={r.kpi}
                // A number of one unit means nothing in another: 0.85 is 85 % but not a time.
                onChange={(e) =>
                  set({
                    kpi: e.target.value,
                    value: formatOf(e.target.value) === format ? r.value : Number.NaN,
                  })
                }
              >
                {catalog.kpis.map((k) => (
                  <option key={k.id} value={k.id}>
                    {kpiName(k.id)}
                  </option>
                ))}
              </select>
            </td>
            <td>
              <select
                aria-label={t('settings.rowChannel', { n: i + 1 })}
                value={r.channel ?? ''}
                onChange={(e) => set({ channel: (e.target.value || null) as SettingsTarget['channel'] })}
              >
                <option value="">{t('settings.allChannels')}</option>
                <ChannelOptions />
              </select>
            </td>
            <td>
              {format === 'duration' ? (
                <DurationInput
                  label={t('settings.rowTarget', { n: i + 1 })}
                  seconds={r.value}
                  onChange={(value) => set({ value })}
                />
              ) : (
                <TargetNumber
                  format={format}
                  label={t('settings.rowTarget', { n: i + 1 })}
                  value={r.value}
                  onChange={(value) => set({ value })}
                  describedBy={hint ? hintId : undefined}
                />
              )}
              {hint ? (
                <p className="hint target-hint" id={hintId}>
                  {hint}
                </p>
              ) : null}
            </td>
          </>
        );
      }}
    />
  );
}

/** A target as a number in the unit it is read in: a share in percent (85 → 0.85), NPS in points. */
function TargetNumber({
  format,
  label,
  value,
  onChange,
  describedBy,
}: {
  format: TargetFormat;
  label: string;
  value: number;
  onChange: (value: number) => void;
  describedBy?: string;
}) {
  const { t } = useI18n();
  const scale = format === 'percent' ? 100 : 1;
  const range = TARGET_RANGE[format];
  const unit: MessageKey =
    format === 'percent' ? 'unit.percent' : format === 'nps' ? 'unit.points' : 'unit.value';
  const shown = Number.isFinite(value) ? Math.round(value * scale * 1e6) / 1e6 : Number.NaN;
  const problem =
    range && Number.isFinite(shown) && (shown < range.min || (range.max !== undefined && shown > range.max))
      ? t(range.error, { field: label })
      : null;
  return (
    <span className="target-number">
      <input
        type="number"
        step="any"
        required
        min={range?.min}
        max={range?.max}
        aria-label={label}
        aria-invalid={problem ? true : undefined}
        aria-describedby={describedBy}
        value={Number.isFinite(shown) ? shown : ''}
        ref={(el) => el?.setCustomValidity(problem ?? '')}
        onChange={(e) => onChange(e.target.valueAsNumber / scale)}
      />{' '}
      <span className="muted">{t(unit)}</span>
      {problem ? <span className="field-error">{problem}</span> : null}
    </span>
  );
}
