import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { type ApiProblem, call, client, type ImportJob, type ImportJobList, useApi } from '../../api.js';
import { useAppData } from '../../app-data.js';
import { ErrorState, Loading } from '../../components/States.js';
import { formatInstant, formatNumber } from '../../format.js';
import { useI18n } from '../../i18n/index.js';
import { importQuery, progressShare, type SourceFormatChoice } from './import-form.js';

const FINISHED = new Set(['succeeded', 'failed']);

/**
 * Imports for admins and managers: files sent to the server, imported in turn as the command line
 * does, followed live (Server-Sent Events) to their result, with the rows refused and why.
 */
export function Imports() {
  const { t, locale } = useI18n();
  const { reloadStatus } = useAppData();
  const id = useId();
  const list = useApi('imports', (signal) => call(client.api.imports.$get({}, { init: { signal } })));
  const [files, setFiles] = useState<File[]>([]);
  const [mapping, setMapping] = useState<File | null>(null);
  const [format, setFormat] = useState('');
  const [skipBadRows, setSkipBadRows] = useState(false);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<ApiProblem | null>(null);
  const [job, setJob] = useState<ImportJob | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const tz = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const formats: SourceFormatChoice[] = list.state === 'ok' ? list.data.formats : [];
  const chosen = formats.find((f) => f.name === format);

  const jobId = job?.id ?? null;
  const finished = job ? FINISHED.has(job.state) : true;
  // Follows the import until it ends; the stream ends itself with `result` or `failed`.
  // biome-ignore lint/correctness/useExhaustiveDependencies: one stream per job, opened while it runs.
  useEffect(() => {
    if (jobId === null || finished) return;
    const events = new EventSource(`/api/imports/${encodeURIComponent(jobId)}/events`);
    const take = (event: MessageEvent<string>) => setJob(JSON.parse(event.data) as ImportJob);
    events.addEventListener('state', take);
    events.addEventListener('progress', (event: MessageEvent<string>) => {
      const progress = JSON.parse(event.data) as ImportJob['progress'];
      setJob((current) => (current ? { ...current, state: 'running', progress } : current));
    });
    const end = (event: MessageEvent<string>) => {
      take(event);
      events.close();
      list.reload();
      reloadStatus();
    };
    events.addEventListener('result', end);
    events.addEventListener('failed', end);
    return () => events.close();
  }, [jobId, finished]);

  const send = async (e: FormEvent) => {
    e.preventDefault();
    const body = new FormData();
    for (const file of files) body.append('files', file, file.name);
    if (mapping && chosen?.mapping !== 'none') body.append('mapping', mapping, mapping.name);
    setSending(true);
    setError(null);
    const result = await call(
      client.api.imports.$post({ query: importQuery(format, skipBadRows) }, { init: { body } }),
    );
    setSending(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setJob(result.data);
    setFiles([]);
    setMapping(null);
    form.current?.reset();
    list.reload();
  };

  return (
    <section aria-labelledby={`${id}-title`} className="imports">
      <h2 id={`${id}-title`}>{t('imports.title')}</h2>
      <p className="hint">{t('imports.intro')}</p>
      <form ref={form} onSubmit={send} className="import-form" aria-label={t('imports.send')}>
        <div className="field">
          <label htmlFor={`${id}-files`}>{t('imports.files')}</label>
          <input
            id={`${id}-files`}
            type="file"
            multiple
            required
            onChange={(e) => setFiles([...(e.target.files ?? [])])}
            aria-describedby={`${id}-files-hint`}
          />
          <span id={`${id}-files-hint`} className="hint">
            {t('imports.filesHint')}
          </span>
        </div>
        <div className="field">
          <label htmlFor={`${id}-format`}>{t('imports.format')}</label>
          <select id={`${id}-format`} value={format} onChange={(e) => setFormat(e.target.value)}>
            <option value="">{t('imports.formatDetect')}</option>
            <option value="canonical">{t('imports.formatCanonical')}</option>
            {formats.map((f) => (
              <option key={f.name} value={f.name}>
                {f.name} — {f.summary}
              </option>
            ))}
          </select>
        </div>
        {chosen?.mapping === 'none' || format === 'canonical' ? null : (
          <div className="field">
            <label htmlFor={`${id}-mapping`}>
              {chosen?.mapping === 'required' ? t('imports.mappingRequired') : t('imports.mapping')}
            </label>
            <input
              id={`${id}-mapping`}
              type="file"
              accept=".json,application/json"
              required={chosen?.mapping === 'required'}
              onChange={(e) => setMapping(e.target.files?.[0] ?? null)}
            />
          </div>
        )}
        <div className="field field-check">
          <input
            id={`${id}-skip`}
            type="checkbox"
            checked={skipBadRows}
            onChange={(e) => setSkipBadRows(e.target.checked)}
          />
          <label htmlFor={`${id}-skip`}>{t('imports.skipBadRows')}</label>
        </div>
        <button type="submit" disabled={sending || files.length === 0 || !finished}>
          {sending ? t('imports.sending') : t('imports.send')}
        </button>
      </form>
      {error ? <ErrorState error={error} /> : null}
      {job ? <ImportJobPanel job={job} /> : null}
      <h3>{t('imports.recent')}</h3>
      {list.state === 'loading' ? <Loading /> : null}
      {list.state === 'error' ? <ErrorState error={list.error} onRetry={list.reload} /> : null}
      {list.state === 'ok' ? (
        <RecentImports list={list.data} onOpen={setJob} tz={tz} locale={locale} />
      ) : null}
    </section>
  );
}

function RecentImports({
  list,
  onOpen,
  tz,
  locale,
}: {
  list: ImportJobList;
  onOpen: (job: ImportJob) => void;
  tz: string;
  locale: string;
}) {
  const { t } = useI18n();
  if (list.imports.length === 0) return <p>{t('imports.none')}</p>;
  return (
    <div className="table-wrap">
      <table data-testid="imports-table">
        <caption className="visually-hidden">{t('imports.recent')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('imports.sentAt')}</th>
            <th scope="col">{t('imports.sentBy')}</th>
            <th scope="col">{t('imports.files')}</th>
            <th scope="col">{t('imports.format')}</th>
            <th scope="col">{t('imports.state')}</th>
          </tr>
        </thead>
        <tbody>
          {list.imports.map((job) => (
            <tr key={job.id}>
              <th scope="row">
                <button type="button" className="link" onClick={() => onOpen(job)}>
                  {formatInstant(locale, job.createdAt, tz)}
                </button>
              </th>
              <td>{job.createdBy ?? ''}</td>
              <td>{job.files.map((f) => f.name).join(', ')}</td>
              <td>{job.format ?? ''}</td>
              <td>{t(`imports.state.${job.state}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ImportJobPanel({ job }: { job: ImportJob }) {
  const { t, locale } = useI18n();
  const n = (value: number) => formatNumber(locale, value, 0);
  const progress = job.progress;
  const share = progressShare(progress);
  return (
    <div className="import-job" data-testid="import-job" data-state={job.state}>
      <p role="status" aria-live="polite">
        {job.state === 'queued'
          ? t('imports.queued', { count: String(job.waitingFor) })
          : job.state === 'running'
            ? progress
              ? t(`imports.phase.${progress.phase}`, { file: progress.file })
              : t('imports.state.running')
            : t(`imports.state.${job.state}`)}
      </p>
      {job.state === 'running' ? (
        <progress max={1} value={share ?? undefined} aria-label={t('imports.progress')} />
      ) : null}
      {job.error ? (
        <div className="error-box" data-testid="import-error">
          <p>{job.error.message.split('\n')[0]}</p>
          {job.error.importError?.problems?.length ? (
            <div className="table-wrap">
              <table>
                <caption>{t('imports.problems')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('imports.file')}</th>
                    <th scope="col">{t('imports.line')}</th>
                    <th scope="col">{t('imports.field')}</th>
                    <th scope="col">{t('imports.reason')}</th>
                  </tr>
                </thead>
                <tbody>
                  {job.error.importError.problems.map((p) => (
                    <tr key={`${p.file}:${p.line}:${p.column}`}>
                      <td>{p.file}</td>
                      <td>{p.line}</td>
                      <td>{p.column}</td>
                      <td>{p.reason}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          {job.error.importError?.total && job.error.importError.problems ? (
            job.error.importError.total > job.error.importError.problems.length ? (
              <p>
                {t('imports.moreProblems', {
                  count: n(job.error.importError.total - job.error.importError.problems.length),
                })}
              </p>
            ) : null
          ) : null}
        </div>
      ) : null}
      {job.result ? (
        <div data-testid="import-result">
          <div className="table-wrap">
            <table>
              <caption>{t('imports.result')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('imports.file')}</th>
                  <th scope="col">{t('imports.table')}</th>
                  <th scope="col">{t('imports.rowsRead')}</th>
                  <th scope="col">{t('imports.rowsImported')}</th>
                  <th scope="col">{t('imports.rowsRejected')}</th>
                </tr>
              </thead>
              <tbody>
                {job.result.files.map((f) => (
                  <tr key={`${f.file}:${f.table}`}>
                    <td>{f.file}</td>
                    <td>{f.table}</td>
                    <td className="num">{n(f.rowsRead)}</td>
                    <td className="num">{n(f.rowsImported)}</td>
                    <td className="num">{n(f.rowsRejected)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {job.result.contactsFrom && job.result.contactsTo ? (
            <p>
              {t('imports.contactsRange', {
                from: job.result.contactsFrom.slice(0, 10),
                to: job.result.contactsTo.slice(0, 10),
              })}
            </p>
          ) : null}
          {job.result.facts ? (
            <p>{t('imports.rebuilt', { contacts: n(job.result.facts.contacts) })}</p>
          ) : null}
          {job.rejected ? (
            <p>
              {t('imports.rejected', { count: n(job.rejected) })}{' '}
              <a href={`/api/imports/${encodeURIComponent(job.id)}/rejects`} download>
                {t('imports.downloadRejects')}
              </a>
            </p>
          ) : null}
          {job.result.warnings.length > 0 ? (
            <>
              <h4>{t('imports.warnings')}</h4>
              <ul className="import-warnings">
                {job.result.warnings.map((w) => (
                  <li key={`${w.file}:${w.message}`}>
                    {w.file}: {w.message} ({n(w.count)})
                    {w.examples.length > 0 ? ` — ${w.examples.join('; ')}` : ''}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
