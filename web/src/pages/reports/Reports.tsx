import { type FormEvent, useId, useState } from 'react';
import { type ApiProblem, useApi } from '../../api.js';
import { useAppData } from '../../app-data.js';
import { usePageTitle } from '../../components/Layout.js';
import { ErrorState, Loading } from '../../components/States.js';
import { TextField } from '../../components/TextField.js';
import { DASH, formatCount, formatInstant } from '../../format.js';
import { LOCALE_NAMES, LOCALES, type Locale, useI18n } from '../../i18n/index.js';
import {
  REPORT_FREQUENCIES,
  type Report,
  type ReportDelivery,
  type ReportFrequency,
  type ReportInput,
  type ReportSourceOption,
  reportsApi,
} from './api.js';
import { type DraftRecipient, type ReportDraft, validateReport } from './draft.js';
import { browserTimeZone, nextSending, scheduleInWords } from './schedule.js';
import './reports.css';

/** Roles that may send a report to others than themselves, as the server decides it. */
function sendsToOthers(role: string): boolean {
  return role === 'admin' || role === 'manager';
}

/** The earliest next sending over a report's recipients, each in their own time zone. */
function nextOf(report: Report, now: Date): Date | null {
  if (report.paused || report.recipients.length === 0) return null;
  let first: Date | null = null;
  for (const r of report.recipients) {
    try {
      const next = nextSending(report, r.timezone, now);
      if (!first || next < first) first = next;
    } catch {
      // A time zone the browser does not know: that recipient's time is the server's to tell.
    }
  }
  return first;
}

/** Scheduled reports: the list, a form to schedule or change one, sending now and the history. */
export function Reports() {
  const { t } = useI18n();
  usePageTitle(t('reports.title'));
  const id = useId();
  const { user } = useAppData();
  const list = useApi('reports', (signal) => reportsApi.list(signal));
  const sources = useApi('report-sources', (signal) => reportsApi.sources(signal));
  const users = useApi(user.role === 'admin' ? 'report-users' : null, (signal) => reportsApi.users(signal));
  const [editing, setEditing] = useState<Report | null>(null);
  const [error, setError] = useState<ApiProblem | null>(null);
  const [said, setSaid] = useState<string | null>(null);
  const { reload } = list;

  const options = sources.state === 'ok' ? sources.data : [];
  const people =
    users.state === 'ok'
      ? users.data.users
          .filter((u) => !u.disabled)
          .map((u) => ({ id: u.id, email: u.email, name: u.name, locale: u.locale }))
      : [{ id: user.id, email: user.email, name: user.name, locale: user.locale }];

  return (
    <section aria-labelledby={`${id}-title`} data-testid="reports-page">
      <h1 id={`${id}-title`}>{t('reports.title')}</h1>
      <p className="hint">{t('reports.intro')}</p>
      {error ? <ErrorState error={error} /> : null}
      {said ? (
        <p className="notice" role="status" data-testid="reports-said">
          {said}
        </p>
      ) : null}
      {list.state === 'loading' ? <Loading /> : null}
      {list.state === 'error' ? <ErrorState error={list.error} onRetry={reload} /> : null}
      {list.state === 'ok' ? (
        <ReportTable
          reports={list.data.reports}
          sources={options}
          onEdit={(r) => {
            setEditing(r);
            setSaid(null);
          }}
          onChanged={(message) => {
            setError(null);
            setSaid(message);
            reload();
          }}
          onError={setError}
        />
      ) : null}
      <ReportForm
        key={editing?.id ?? 'new'}
        editing={editing}
        sources={options}
        people={people}
        onSaved={(report) => {
          setEditing(null);
          setError(null);
          setSaid(t('reports.saved', { name: report.name }));
          reload();
        }}
        onCancel={() => setEditing(null)}
        onError={setError}
      />
    </section>
  );
}

function sourceName(
  report: Report,
  sources: readonly ReportSourceOption[],
  t: ReturnType<typeof useI18n>['t'],
) {
  const found = sources.find((s) => s.kind === report.source.kind && s.id === report.source.id);
  const name = found?.name ?? t('reports.source.missing', { id: report.source.id });
  return t(report.source.kind === 'view' ? 'reports.source.view' : 'reports.source.dashboard', { name });
}

function ReportTable({
  reports,
  sources,
  onEdit,
  onChanged,
  onError,
}: {
  reports: readonly Report[];
  sources: readonly ReportSourceOption[];
  onEdit: (report: Report) => void;
  onChanged: (message: string | null) => void;
  onError: (error: ApiProblem) => void;
}) {
  const { t, locale } = useI18n();
  const tz = browserTimeZone();
  const now = new Date();
  const [history, setHistory] = useState<string | null>(null);
  if (reports.length === 0) return <p data-testid="reports-none">{t('reports.none')}</p>;

  const act = async <T,>(request: Promise<{ ok: true; data: T } | { ok: false; error: ApiProblem }>) => {
    const result = await request;
    if (!result.ok) onError(result.error);
    return result.ok ? result.data : null;
  };
  const sendNow = async (report: Report) => {
    const count = report.recipients.length;
    if (!window.confirm(t('reports.confirmSend', { name: report.name, count }))) return;
    const sent = await act(reportsApi.send(report.id));
    if (sent)
      onChanged(
        t('reports.sentTo', {
          sent: formatCount(locale, sent.sent.filter((s) => s.status === 'sent').length),
          count: formatCount(locale, sent.sent.length),
        }),
      );
  };
  const preview = async (report: Report) => {
    // Opened before the answer, or the browser takes the new tab for a pop-up nobody asked for.
    const tab = window.open('', '_blank');
    const pdf = await reportsApi.previewPdf(report.id);
    if (!pdf.ok) {
      tab?.close();
      onError(pdf.error);
      return;
    }
    const url = URL.createObjectURL(pdf.data);
    if (tab) tab.location.href = url;
    else window.location.assign(url);
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  };

  return (
    <div className="table-wrap">
      <table className="reports-table" data-testid="reports-table">
        <caption className="visually-hidden">{t('reports.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('reports.column.name')}</th>
            <th scope="col">{t('reports.column.source')}</th>
            <th scope="col">{t('reports.column.schedule')}</th>
            <th scope="col">{t('reports.column.recipients')}</th>
            <th scope="col">{t('reports.column.lastSent')}</th>
            <th scope="col">{t('reports.column.next')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('column.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {reports.map((report) => {
            const next = nextOf(report, now);
            return (
              <tr key={report.id} data-testid={`report-${report.name}`}>
                <th scope="row">
                  {report.name}
                  {report.paused ? (
                    <span className="badge reports-paused"> {t('reports.paused')}</span>
                  ) : null}
                </th>
                <td>{sourceName(report, sources, t)}</td>
                <td data-testid="report-schedule">{scheduleInWords(report, t, locale)}</td>
                <td>
                  <ul className="reports-recipients">
                    {report.recipients.map((r) => (
                      <li key={r.email} data-testid="report-recipient">
                        {r.email}{' '}
                        <span className="muted">
                          ({LOCALE_NAMES[r.locale as Locale] ?? r.locale}, {r.timezone})
                        </span>
                      </li>
                    ))}
                  </ul>
                </td>
                <td>
                  {report.lastSentAt ? formatInstant(locale, report.lastSentAt, tz) : t('reports.neverSent')}
                </td>
                <td data-testid="report-next">
                  {next
                    ? t('reports.nextIn', {
                        when: formatInstant(locale, next.toISOString(), tz),
                        timezone: tz,
                      })
                    : DASH}
                </td>
                <td>
                  <div className="reports-actions">
                    <button type="button" className="secondary" onClick={() => onEdit(report)}>
                      {t('reports.edit')}
                      <span className="visually-hidden"> {report.name}</span>
                    </button>
                    <button
                      type="button"
                      className="secondary"
                      onClick={async () => {
                        if (await act(reportsApi.update(report.id, { paused: !report.paused })))
                          onChanged(null);
                      }}
                    >
                      {t(report.paused ? 'reports.resume' : 'reports.pause')}
                      <span className="visually-hidden"> {report.name}</span>
                    </button>
                    <button type="button" className="secondary" onClick={() => void sendNow(report)}>
                      {t('reports.sendNow')}
                      <span className="visually-hidden"> {report.name}</span>
                    </button>
                    <button type="button" className="secondary" onClick={() => void preview(report)}>
                      {t('reports.preview')}
                      <span className="visually-hidden"> {report.name}</span>
                    </button>
                    <button
                      type="button"
                      className="secondary"
                      aria-expanded={history === report.id}
                      onClick={() => setHistory(history === report.id ? null : report.id)}
                    >
                      {t('reports.history')}
                      <span className="visually-hidden"> {report.name}</span>
                    </button>
                    <button
                      type="button"
                      className="danger"
                      onClick={async () => {
                        if (!window.confirm(t('reports.confirmDelete', { name: report.name }))) return;
                        if (await act(reportsApi.remove(report.id))) onChanged(null);
                      }}
                    >
                      {t('reports.delete')}
                      <span className="visually-hidden"> {report.name}</span>
                    </button>
                  </div>
                  {history === report.id ? <DeliveryHistory reportId={report.id} /> : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function DeliveryHistory({ reportId }: { reportId: string }) {
  const { t, locale } = useI18n();
  const tz = browserTimeZone();
  const list = useApi(`report-deliveries-${reportId}`, (signal) => reportsApi.deliveries(reportId, signal));
  if (list.state === 'loading') return <Loading />;
  if (list.state === 'error') return <ErrorState error={list.error} onRetry={list.reload} />;
  const deliveries: readonly ReportDelivery[] = list.data.deliveries;
  if (deliveries.length === 0) return <p className="muted">{t('reports.historyNone')}</p>;
  return (
    <table className="reports-history" data-testid="report-history">
      <caption>{t('reports.history')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('reports.column.period')}</th>
          <th scope="col">{t('reports.column.recipient')}</th>
          <th scope="col">{t('reports.column.status')}</th>
          <th scope="col">{t('reports.column.sentAt')}</th>
        </tr>
      </thead>
      <tbody>
        {deliveries.map((d) => (
          <tr key={`${d.period}-${d.recipient}`}>
            <td>{d.period}</td>
            <td>{d.recipient}</td>
            <td>
              {t(`reports.status.${d.status}`)}
              {d.error ? <span className="muted"> — {d.error}</span> : null}
            </td>
            <td>{formatInstant(locale, d.sentAt ?? d.claimedAt, tz)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

interface Person {
  id: string;
  email: string;
  name: string | null;
  locale: string;
}

function draftOf(report: Report | null, me: Person): ReportDraft {
  if (report)
    return {
      name: report.name,
      source: `${report.source.kind}:${report.source.id}`,
      frequency: report.frequency,
      sendTime: report.sendTime,
      weekday: report.weekday ?? 1,
      monthDay: report.monthDay ?? 1,
      attachPdf: report.attachPdf,
      attachCsv: report.attachCsv,
      recipients: report.recipients.map((r) => ({
        userId: r.userId,
        email: r.email,
        locale: r.locale as Locale,
        timezone: r.timezone,
      })),
    };
  return {
    name: '',
    source: '',
    frequency: 'weekly',
    sendTime: '08:00',
    weekday: 1,
    monthDay: 1,
    attachPdf: true,
    attachCsv: false,
    recipients: [
      { userId: me.id, email: me.email, locale: me.locale as Locale, timezone: browserTimeZone() },
    ],
  };
}

function ReportForm({
  editing,
  sources,
  people,
  onSaved,
  onCancel,
  onError,
}: {
  editing: Report | null;
  sources: readonly ReportSourceOption[];
  people: readonly Person[];
  onSaved: (report: Report) => void;
  onCancel: () => void;
  onError: (error: ApiProblem) => void;
}) {
  const { t, locale } = useI18n();
  const { user } = useAppData();
  const id = useId();
  const me: Person = { id: user.id, email: user.email, name: user.name, locale: user.locale };
  const [draft, setDraft] = useState<ReportDraft>(() => draftOf(editing, me));
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const others = sendsToOthers(user.role);
  const set = (patch: Partial<ReportDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const setRecipient = (i: number, patch: Partial<DraftRecipient>) =>
    set({ recipients: draft.recipients.map((r, j) => (j === i ? { ...r, ...patch } : r)) });
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const checked = validateReport(draft, t);
    setProblems(checked.ok ? [] : checked.problems);
    if (!checked.ok) return;
    setBusy(true);
    const input: ReportInput = checked.input;
    const result = editing ? await reportsApi.update(editing.id, input) : await reportsApi.create(input);
    setBusy(false);
    if (!result.ok) {
      onError(result.error);
      return;
    }
    if (!editing) setDraft(draftOf(null, me));
    onSaved(result.data);
  };

  const views = sources.filter((s) => s.kind === 'view');
  const dashboards = sources.filter((s) => s.kind === 'dashboard');
  return (
    <form
      onSubmit={submit}
      className="reports-form"
      aria-labelledby={`${id}-title`}
      data-testid="report-form"
      noValidate
    >
      <h2 id={`${id}-title`}>
        {editing ? t('reports.editTitle', { name: editing.name }) : t('reports.add')}
      </h2>
      {problems.length > 0 ? (
        <ul className="field-error" role="alert" data-testid="report-problems">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ) : null}
      <div className="field-row">
        <TextField
          id={`${id}-name`}
          label={t('reports.field.name')}
          maxLength={200}
          value={draft.name}
          onChange={(e) => set({ name: e.target.value })}
        />
        <div className="field">
          <label htmlFor={`${id}-source`}>{t('reports.field.source')}</label>
          <select id={`${id}-source`} value={draft.source} onChange={(e) => set({ source: e.target.value })}>
            <option value="">{DASH}</option>
            {views.length > 0 ? (
              <optgroup label={t('reports.group.views')}>
                {views.map((s) => (
                  <option key={s.id} value={`view:${s.id}`}>
                    {s.name}
                  </option>
                ))}
              </optgroup>
            ) : null}
            {dashboards.length > 0 ? (
              <optgroup label={t('reports.group.dashboards')}>
                {dashboards.map((s) => (
                  <option key={s.id} value={`dashboard:${s.id}`}>
                    {s.name}
                  </option>
                ))}
              </optgroup>
            ) : null}
          </select>
        </div>
      </div>
      {sources.length === 0 ? <p className="hint">{t('reports.noSources')}</p> : null}
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-frequency`}>{t('reports.field.frequency')}</label>
          <select
            id={`${id}-frequency`}
            value={draft.frequency}
            onChange={(e) => set({ frequency: e.target.value as ReportFrequency })}
          >
            {REPORT_FREQUENCIES.map((f) => (
              <option key={f} value={f}>
                {t(`reports.frequency.${f}`)}
              </option>
            ))}
          </select>
        </div>
        {draft.frequency === 'weekly' ? (
          <div className="field">
            <label htmlFor={`${id}-weekday`}>{t('reports.field.weekday')}</label>
            <select
              id={`${id}-weekday`}
              value={draft.weekday}
              onChange={(e) => set({ weekday: Number(e.target.value) })}
            >
              {[1, 2, 3, 4, 5, 6, 7].map((d) => (
                <option key={d} value={d}>
                  {new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(
                    new Date(Date.UTC(2024, 0, d)),
                  )}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        {draft.frequency === 'monthly' ? (
          <div className="field">
            <label htmlFor={`${id}-monthday`}>{t('reports.field.monthDay')}</label>
            <select
              id={`${id}-monthday`}
              value={draft.monthDay}
              onChange={(e) => set({ monthDay: Number(e.target.value) })}
            >
              {Array.from({ length: 28 }, (_, i) => i + 1).map((d) => (
                <option key={d} value={d}>
                  {formatCount(locale, d)}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <TextField
          id={`${id}-time`}
          label={t('reports.field.time')}
          type="time"
          value={draft.sendTime}
          onChange={(e) => set({ sendTime: e.target.value })}
        />
      </div>
      <div className="field-row">
        <label className="checkbox">
          <input
            type="checkbox"
            checked={draft.attachPdf}
            onChange={(e) => set({ attachPdf: e.target.checked })}
          />{' '}
          {t('reports.field.attachPdf')}
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={draft.attachCsv}
            onChange={(e) => set({ attachCsv: e.target.checked })}
          />{' '}
          {t('reports.field.attachCsv')}
        </label>
      </div>
      <fieldset className="reports-recipient-list">
        <legend>{t('reports.recipients')}</legend>
        <p className="hint">{others ? t('reports.recipientsHint') : t('reports.onlyYourself')}</p>
        <datalist id={`${id}-zones`}>
          {zones.map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
        {draft.recipients.map((r, i) => {
          const row = t('reports.recipient.row', { n: i + 1 });
          return (
            <fieldset
              className="field-row reports-recipient"
              // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity until saved; an address may be typed twice.
              key={i}
              data-testid={`recipient-${i}`}
            >
              <legend className="visually-hidden">{row}</legend>
              {r.userId !== null ? (
                <div className="field">
                  <label htmlFor={`${id}-user-${i}`}>{t('reports.recipient.user')}</label>
                  <select
                    id={`${id}-user-${i}`}
                    value={r.userId}
                    onChange={(e) => {
                      const person = people.find((p) => p.id === e.target.value);
                      if (person)
                        setRecipient(i, {
                          userId: person.id,
                          email: person.email,
                          locale: person.locale as Locale,
                        });
                    }}
                  >
                    {(people.some((p) => p.id === r.userId)
                      ? people
                      : [...people, { id: r.userId, email: r.email, name: null, locale: r.locale }]
                    ).map((p) => (
                      <option key={p.id} value={p.id}>
                        {p.id === user.id
                          ? t('reports.recipient.me', { name: p.name ?? p.email })
                          : (p.name ?? p.email)}
                      </option>
                    ))}
                  </select>
                </div>
              ) : (
                <TextField
                  id={`${id}-email-${i}`}
                  label={t('reports.recipient.email')}
                  type="email"
                  value={r.email}
                  onChange={(e) => setRecipient(i, { email: e.target.value })}
                />
              )}
              <div className="field">
                <label htmlFor={`${id}-locale-${i}`}>{t('reports.recipient.language')}</label>
                <select
                  id={`${id}-locale-${i}`}
                  value={r.locale}
                  onChange={(e) => setRecipient(i, { locale: e.target.value as Locale })}
                >
                  {LOCALES.map((l) => (
                    <option key={l} value={l} lang={l}>
                      {LOCALE_NAMES[l]}
                    </option>
                  ))}
                </select>
              </div>
              <TextField
                id={`${id}-tz-${i}`}
                label={t('reports.recipient.timezone')}
                list={`${id}-zones`}
                value={r.timezone}
                onChange={(e) => setRecipient(i, { timezone: e.target.value })}
              />
              <button
                type="button"
                className="link"
                onClick={() => set({ recipients: draft.recipients.filter((_, j) => j !== i) })}
              >
                {t('reports.removeRecipient', { n: i + 1 })}
              </button>
            </fieldset>
          );
        })}
        <p className="reports-add-recipient">
          {/* Without others to send to, a second row for oneself would only send the report twice. */}
          {others || draft.recipients.length === 0 ? (
            <button
              type="button"
              className="secondary"
              onClick={() => {
                const next = others
                  ? (people.find((p) => !draft.recipients.some((r) => r.userId === p.id)) ?? me)
                  : me;
                set({
                  recipients: [
                    ...draft.recipients,
                    {
                      userId: next.id,
                      email: next.email,
                      locale: next.locale as Locale,
                      timezone: browserTimeZone(),
                    },
                  ],
                });
              }}
            >
              {t('reports.addUser')}
            </button>
          ) : null}
          {others ? (
            <button
              type="button"
              className="secondary"
              onClick={() =>
                set({
                  recipients: [
                    ...draft.recipients,
                    { userId: null, email: '', locale, timezone: browserTimeZone() },
                  ],
                })
              }
            >
              {t('reports.addOutside')}
            </button>
          ) : null}
        </p>
      </fieldset>
      <div className="field-row">
        <button type="submit" aria-busy={busy} data-testid="report-save">
          {editing ? t('action.save') : t('reports.create')}
        </button>
        {editing ? (
          <button type="button" className="secondary" onClick={onCancel}>
            {t('action.cancel')}
          </button>
        ) : null}
      </div>
    </form>
  );
}
