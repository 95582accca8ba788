import type { InferResponseType } from 'hono/client';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { type Api, type ApiProblem, call, client, useApi } from '../../api.js';
import { usePageTitle } from '../../components/Layout.js';
import { ErrorState, Loading } from '../../components/States.js';
import { TextField } from '../../components/TextField.js';
import { formatCount, formatInstant } from '../../format.js';
import { type MessageKey, useI18n } from '../../i18n/index.js';
import { scheduleInWords } from './schedule-words.js';

type JobList = InferResponseType<Api['jobs']['$get'], 200>;
type Job = JobList['jobs'][number];
type KindInfo = JobList['kinds'][number];
type Run = InferResponseType<Api['jobs'][':id']['runs']['$get'], 200>['runs'][number];

/** Read again this often while the page is open and visible: a run's progress and end show by themselves. */
const REFRESH_MS = 5000;

/** The schedules offered first; any other is typed as cron. */
const PRESETS = ['', '*/15 * * * *', '0 * * * *', '30 2 * * *', '0 7 * * 1-5'] as const;
const CUSTOM = 'custom';

/** Labels of the parameters the dashboard knows; another kind's are shown by their name. */
const PARAM_LABELS: Record<string, { label: MessageKey; hint?: MessageKey }> = {
  subdomain: { label: 'jobs.param.subdomain', hint: 'jobs.param.subdomainHint' },
  email: { label: 'jobs.param.email' },
  tokenEnv: { label: 'jobs.param.tokenEnv', hint: 'jobs.param.tokenEnvHint' },
  start: { label: 'jobs.param.start', hint: 'jobs.param.startHint' },
  surveyId: { label: 'jobs.param.surveyId' },
  ruleId: { label: 'jobs.param.ruleId' },
  period: { label: 'jobs.param.period', hint: 'jobs.param.periodHint' },
  since: { label: 'jobs.param.since' },
  seed: { label: 'jobs.param.seed' },
};

/** What a job of a known kind works on, in no language's words; other kinds show the server's description. */
const KIND_TARGETS: Record<string, (params: Job['params']) => string | null> = {
  'sync-zendesk': (params) => `${String(params.subdomain)}.zendesk.com, ${String(params.email)}`,
  rebuild: () => null,
  'survey-post-contact': (params) => String(params.surveyId),
  'survey-reminders': (params) => (params.surveyId === undefined ? null : String(params.surveyId)),
  'survey-wave': (params) => String(params.surveyId),
  'qa-sampling': (params) =>
    params.period === undefined
      ? String(params.ruleId)
      : `${String(params.ruleId)}, ${String(params.period)}`,
};

/** Parameters the form leaves to the API and the command line (a proxy or test server's address). */
const FORM_HIDES = new Set(['baseUrl']);

function useKindName() {
  const { t } = useI18n();
  return (kind: string) => {
    const key = `jobs.kind.${kind}` as MessageKey;
    const name = t(key);
    return name === key ? kind : name;
  };
}

/** Jobs for admins: what the server runs by itself, when, how it went, and the buttons to steer it. */
export function Jobs() {
  const { t } = useI18n();
  usePageTitle(t('jobs.title'));
  const id = useId();
  const list = useApi('jobs', (signal) => call(client.api.jobs.$get({}, { init: { signal } })));
  const [error, setError] = useState<ApiProblem | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  const [history, setHistory] = useState<Job | null>(null);
  const { reload } = list;

  useEffect(() => {
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') reload();
    }, REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [reload]);

  const act = async (request: Promise<{ ok: true } | { ok: false; error: ApiProblem }>) => {
    const result = await request;
    setError(result.ok ? null : result.error);
    setAdded(null);
    reload();
  };
  const runNow = (job: Job) => act(call(client.api.jobs[':id'].run.$post({ param: { id: job.id } })));
  const setPaused = (job: Job, paused: boolean) =>
    act(call(client.api.jobs[':id'].$patch({ param: { id: job.id }, json: { paused } })));
  const remove = (job: Job) => {
    if (!window.confirm(t('jobs.confirmRemove', { name: job.name }))) return;
    if (history?.id === job.id) setHistory(null);
    void act(call(client.api.jobs[':id'].$delete({ param: { id: job.id } })));
  };

  return (
    <section aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>{t('jobs.title')}</h1>
      <p className="hint">{t('jobs.intro')}</p>
      {error ? <ErrorState error={error} /> : null}
      {added ? (
        <p className="notice" role="status">
          {t('jobs.added', { name: added })}
        </p>
      ) : null}
      {list.state === 'loading' ? <Loading /> : null}
      {list.state === 'error' ? <ErrorState error={list.error} onRetry={reload} /> : null}
      {list.state === 'ok' ? (
        <>
          <JobTable
            list={list.data}
            onRefresh={reload}
            onRun={(job) => void runNow(job)}
            onPause={(job, paused) => void setPaused(job, paused)}
            onRemove={remove}
            onHistory={setHistory}
          />
          {history ? <History job={history} onClose={() => setHistory(null)} /> : null}
          <AddJob
            kinds={list.data.kinds}
            teamZone={list.data.timezone}
            onAdded={(job) => {
              setError(null);
              setAdded(job.name);
              reload();
            }}
            onError={setError}
          />
        </>
      ) : null}
    </section>
  );
}

function JobTable({
  list,
  onRefresh,
  onRun,
  onPause,
  onRemove,
  onHistory,
}: {
  list: JobList;
  onRefresh: () => void;
  onRun: (job: Job) => void;
  onPause: (job: Job, paused: boolean) => void;
  onRemove: (job: Job) => void;
  onHistory: (job: Job) => void;
}) {
  const { t, locale } = useI18n();
  const kindName = useKindName();
  /** The kind and what it works on, in the reader's language where the dashboard knows the kind. */
  const summary = (job: Job) => {
    const known = job.kind in KIND_TARGETS;
    const target = known ? KIND_TARGETS[job.kind]?.(job.params) : job.description;
    return target ? `${kindName(job.kind)} · ${target}` : kindName(job.kind);
  };
  if (list.jobs.length === 0) return <p>{t('jobs.none')}</p>;
  return (
    <>
      <p>
        <button type="button" className="secondary" onClick={onRefresh}>
          {t('jobs.refresh')}
        </button>
      </p>
      <div className="table-wrap">
        <table className="jobs-table" data-testid="jobs-table">
          <caption className="visually-hidden">{t('jobs.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('jobs.column.name')}</th>
              <th scope="col">{t('jobs.column.schedule')}</th>
              <th scope="col">{t('jobs.column.nextRun')}</th>
              <th scope="col">{t('jobs.column.lastRun')}</th>
              <th scope="col" className="num">
                {t('jobs.column.attempts')}
              </th>
              <th scope="col">
                <span className="visually-hidden">{t('jobs.column.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.jobs.map((job) => {
              const running = list.running?.jobId === job.id ? list.running : null;
              const zone = job.timezone;
              return (
                <tr key={job.id} data-testid={`job-${job.id}`}>
                  <th scope="row">
                    {job.name}
                    <br />
                    <span className="muted">{summary(job)}</span>
                  </th>
                  <td data-testid="job-schedule">
                    {t('jobs.schedule.inZone', { schedule: scheduleInWords(job.schedule, t, locale), zone })}
                  </td>
                  <td data-testid="job-next">
                    {job.runningSince ? (
                      <span role="status">
                        {t('jobs.runningSince', { time: formatInstant(locale, job.runningSince, zone) })}
                        {running?.progress ? (
                          <>
                            <br />
                            <span className="muted">{running.progress}</span>
                          </>
                        ) : null}
                      </span>
                    ) : job.runRequestedAt ? (
                      t('jobs.requested')
                    ) : job.paused ? (
                      t('jobs.paused')
                    ) : job.nextRunAt ? (
                      formatInstant(locale, job.nextRunAt, zone)
                    ) : (
                      t('jobs.noNextRun')
                    )}
                  </td>
                  <td data-testid="job-last">
                    {job.lastOutcome === null ? (
                      t('jobs.neverRan')
                    ) : (
                      <>
                        <span className={`jobs-outcome jobs-outcome-${job.lastOutcome}`}>
                          {t(`jobs.outcome.${job.lastOutcome}`)}
                        </span>{' '}
                        {formatInstant(locale, job.lastFinishedAt, zone)}
                      </>
                    )}
                    {job.lastError !== null && job.lastOutcome !== 'ok' ? (
                      <span className="muted jobs-error">
                        <br />
                        {t('jobs.lastError', {
                          time: formatInstant(locale, job.lastErrorAt, zone),
                          error: job.lastError,
                        })}
                      </span>
                    ) : null}
                  </td>
                  <td className="num" data-testid="job-attempts">
                    {formatCount(locale, job.attempts)}
                  </td>
                  <td>
                    <div className="jobs-actions">
                      <button
                        type="button"
                        className="secondary"
                        onClick={() => onRun(job)}
                        aria-label={`${t('jobs.runNow')}: ${job.name}`}
                      >
                        {t('jobs.runNow')}
                      </button>
                      <button
                        type="button"
                        className="secondary"
                        onClick={() => onPause(job, !job.paused)}
                        aria-label={`${t(job.paused ? 'jobs.resume' : 'jobs.pause')}: ${job.name}`}
                      >
                        {t(job.paused ? 'jobs.resume' : 'jobs.pause')}
                      </button>
                      <button
                        type="button"
                        className="secondary"
                        onClick={() => onHistory(job)}
                        aria-label={`${t('jobs.history')}: ${job.name}`}
                      >
                        {t('jobs.history')}
                      </button>
                      <button
                        type="button"
                        className="danger"
                        onClick={() => onRemove(job)}
                        aria-label={`${t('jobs.remove')}: ${job.name}`}
                      >
                        {t('jobs.remove')}
                      </button>
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** A job's last runs, newest first. */
function History({ job, onClose }: { job: Job; onClose: () => void }) {
  const { t, locale } = useI18n();
  const id = useId();
  const runs = useApi(`job-runs-${job.id}`, (signal) =>
    call(client.api.jobs[':id'].runs.$get({ param: { id: job.id } }, { init: { signal } })),
  );
  const zone = job.timezone;
  const outcome = (run: Run) => t(`jobs.outcome.${run.outcome}`);
  return (
    <section aria-labelledby={`${id}-title`} className="jobs-history" data-testid="job-history">
      <h2 id={`${id}-title`}>{t('jobs.historyOf', { name: job.name })}</h2>
      {runs.state === 'loading' ? <Loading /> : null}
      {runs.state === 'error' ? <ErrorState error={runs.error} onRetry={runs.reload} /> : null}
      {runs.state === 'ok' && runs.data.runs.length === 0 ? <p>{t('jobs.history.none')}</p> : null}
      {runs.state === 'ok' && runs.data.runs.length > 0 ? (
        <div className="table-wrap">
          <table className="jobs-table">
            <thead>
              <tr>
                <th scope="col">{t('jobs.history.started')}</th>
                <th scope="col">{t('jobs.history.finished')}</th>
                <th scope="col">{t('jobs.history.outcome')}</th>
              </tr>
            </thead>
            <tbody>
              {runs.data.runs.map((run) => (
                <tr key={`${run.startedAt}-${run.finishedAt}`}>
                  <td>{formatInstant(locale, run.startedAt, zone)}</td>
                  <td>{formatInstant(locale, run.finishedAt, zone)}</td>
                  <td>
                    <span className={`jobs-outcome jobs-outcome-${run.outcome}`}>{outcome(run)}</span>
                    {run.error ? (
                      <span className="muted jobs-error">
                        <br />
                        {run.error}
                      </span>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <button type="button" className="link" onClick={onClose}>
        {t('action.done')}
      </button>
    </section>
  );
}

function AddJob({
  kinds,
  teamZone,
  onAdded,
  onError,
}: {
  kinds: readonly KindInfo[];
  teamZone: string;
  onAdded: (job: Job) => void;
  onError: (error: ApiProblem) => void;
}) {
  const { t, locale } = useI18n();
  const kindName = useKindName();
  const id = useId();
  const [kind, setKind] = useState(kinds[0]?.kind ?? '');
  const [name, setName] = useState('');
  const [preset, setPreset] = useState<string>(PRESETS[3]);
  const [cron, setCron] = useState('');
  const [timezone, setTimezone] = useState('');
  const [params, setParams] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const fields = (kinds.find((k) => k.kind === kind)?.fields ?? []).filter((f) => !FORM_HIDES.has(f.name));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    const given = Object.fromEntries(
      fields.map((f) => [f.name, (params[f.name] ?? '').trim()] as const).filter(([, v]) => v !== ''),
    );
    const schedule = preset === CUSTOM ? cron.trim() : preset;
    const result = await call(
      client.api.jobs.$post({
        json: {
          kind,
          ...(name.trim() ? { name: name.trim() } : {}),
          params: given,
          schedule: schedule === '' ? null : schedule,
          ...(timezone.trim() ? { timezone: timezone.trim() } : {}),
        },
      }),
    );
    setBusy(false);
    if (!result.ok) {
      onError(result.error);
      return;
    }
    setName('');
    setParams({});
    onAdded(result.data);
  };

  return (
    <form onSubmit={submit} aria-labelledby={`${id}-title`} className="jobs-add" data-testid="add-job">
      <h2 id={`${id}-title`}>{t('jobs.add')}</h2>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-kind`}>{t('jobs.add.kind')}</label>
          <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.target.value)}>
            {kinds.map((k) => (
              <option key={k.kind} value={k.kind}>
                {kindName(k.kind)}
              </option>
            ))}
          </select>
        </div>
        <TextField
          id={`${id}-name`}
          label={t('jobs.add.name')}
          maxLength={100}
          placeholder={kind}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-schedule`}>{t('jobs.add.schedule')}</label>
          <select id={`${id}-schedule`} value={preset} onChange={(e) => setPreset(e.target.value)}>
            {PRESETS.map((p) => (
              <option key={p} value={p}>
                {scheduleInWords(p === '' ? null : p, t, locale)}
              </option>
            ))}
            <option value={CUSTOM}>{t('jobs.add.custom')}</option>
          </select>
        </div>
        {preset === CUSTOM ? (
          <TextField
            id={`${id}-cron`}
            label={t('jobs.add.cron')}
            required
            placeholder="30 2 * * *"
            aria-describedby={`${id}-cron-hint`}
            value={cron}
            onChange={(e) => setCron(e.target.value)}
          />
        ) : null}
        <TextField
          id={`${id}-timezone`}
          label={t('jobs.add.timezone')}
          placeholder={teamZone}
          aria-describedby={`${id}-timezone-hint`}
          value={timezone}
          onChange={(e) => setTimezone(e.target.value)}
        />
      </div>
      {preset === CUSTOM ? (
        <p className="hint" id={`${id}-cron-hint`}>
          {t('jobs.add.cronHint')}
        </p>
      ) : null}
      <p className="hint" id={`${id}-timezone-hint`}>
        {t('jobs.add.timezoneHint')}
      </p>
      {fields.map((field) => {
        const known = PARAM_LABELS[field.name];
        return (
          <div key={field.name}>
            <TextField
              id={`${id}-param-${field.name}`}
              label={known ? t(known.label) : field.name}
              required={field.required}
              aria-describedby={known?.hint ? `${id}-param-${field.name}-hint` : undefined}
              value={params[field.name] ?? ''}
              onChange={(e) => setParams({ ...params, [field.name]: e.target.value })}
            />
            {known?.hint ? (
              <p className="hint" id={`${id}-param-${field.name}-hint`}>
                {t(known.hint)}
              </p>
            ) : null}
          </div>
        );
      })}
      {/* Not disabled while busy: a disabled button loses the keyboard focus. */}
      <button type="submit" aria-busy={busy}>
        {t('jobs.add.submit')}
      </button>
    </form>
  );
}
