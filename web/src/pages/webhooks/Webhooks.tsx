import type { InferResponseType } from 'hono/client';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { type Api, type ApiProblem, call, client, useApi } from '../../api.js';
import { usePageTitle } from '../../components/Layout.js';
import { ErrorState, Loading } from '../../components/States.js';
import { TextField } from '../../components/TextField.js';
import { formatCount, formatInstant } from '../../format.js';
import { type MessageKey, useI18n } from '../../i18n/index.js';

type WebhookSetup = InferResponseType<Api['webhooks']['$get'], 200>;
type VendorInfo = WebhookSetup['vendors'][number];
type VendorName = VendorInfo['name'];
type Source = WebhookSetup['sources'][number];
type SourceWithSecret = InferResponseType<Api['webhooks']['$post'], 201>;

const VENDOR_TITLES: Record<VendorName, string> = {
  zendesk: 'Zendesk',
  chatwoot: 'Chatwoot',
  intercom: 'Intercom',
  freshdesk: 'Freshdesk',
};

/** The list is read again this often while the page is open, so a vendor's first event shows up by itself. */
const REFRESH_MS = 5000;

/**
 * The address a vendor calls: this dashboard's own origin, which is what the admin reached it by
 * (behind a proxy, the public one), rather than the server's idea of its address.
 */
function sourceUrl(source: { vendor: string; id: string }): string {
  return `${window.location.origin}/api/webhooks/${source.vendor}/${source.id}`;
}

/** A button that copies `text`, and says whether it did in a live region. */
function CopyButton({ text, label, testId }: { text: string; label: string; testId?: string }) {
  const { t } = useI18n();
  const [said, setSaid] = useState<'copied' | 'failed' | null>(null);
  const copy = async () => {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(text);
      setSaid('copied');
    } catch {
      setSaid('failed');
    }
  };
  return (
    <span className="webhooks-copy">
      <button type="button" className="secondary" onClick={() => void copy()} data-testid={testId}>
        {label}
      </button>
      <span role="status" className="muted">
        {said === 'copied' ? t('webhooks.copied') : said === 'failed' ? t('webhooks.copyFailed') : ''}
      </span>
    </span>
  );
}

/** A text to paste elsewhere, shown whole and selectable, with a copy button. */
function Copyable({
  text,
  label,
  testId,
  block = false,
}: {
  text: string;
  label: string;
  testId: string;
  block?: boolean;
}) {
  return (
    <div className="webhooks-copyable">
      {block ? (
        <pre className="secret" data-testid={testId}>
          {text}
        </pre>
      ) : (
        <code className="secret" data-testid={testId}>
          {text}
        </code>
      )}
      <CopyButton text={text} label={label} testId={`${testId}-copy`} />
    </div>
  );
}

/** The words of one vendor's setup: where to paste what, and how its requests are checked. */
function VendorSetup({ vendor }: { vendor: VendorInfo }) {
  const { t } = useI18n();
  return (
    <>
      <p>{t(`webhooks.setup.${vendor.name}` as MessageKey, { header: vendor.secretHeader ?? '' })}</p>
      {vendor.secretHeader ? (
        <p className="hint">
          {t('webhooks.secretHeader')}: <code>{vendor.secretHeader}</code>
        </p>
      ) : null}
      {vendor.bodyTemplate ? (
        <>
          <p className="hint">{t('webhooks.bodyTemplate')}</p>
          <Copyable
            text={vendor.bodyTemplate}
            label={t('webhooks.copyBody')}
            testId={`body-template-${vendor.name}`}
            block
          />
        </>
      ) : null}
      <p className="hint">
        <strong>{t('webhooks.scheme')}:</strong> {t(`webhooks.scheme.${vendor.name}` as MessageKey)}
      </p>
    </>
  );
}

/** Webhook sources for admins: where each helpdesk pushes its events, its secret, and what came in last. */
export function Webhooks() {
  const { t } = useI18n();
  usePageTitle(t('webhooks.title'));
  const id = useId();
  const setup = useApi('webhooks', (signal) => call(client.api.webhooks.$get({}, { init: { signal } })));
  const [error, setError] = useState<ApiProblem | null>(null);
  const [created, setCreated] = useState<{ source: SourceWithSecret; secretGiven: boolean } | null>(null);
  const [newSecret, setNewSecret] = useState<{ source: Source; secret: string } | null>(null);
  const [replaced, setReplaced] = useState<string | null>(null);
  const { reload } = setup;

  useEffect(() => {
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') reload();
    }, REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [reload]);

  const vendors = setup.state === 'ok' ? setup.data.vendors : [];
  const vendorOf = (name: VendorName) => vendors.find((v) => v.name === name);

  const remove = async (source: Source) => {
    if (!window.confirm(t('webhooks.confirmRemove', { source: source.source }))) return;
    const result = await call(client.api.webhooks[':id'].$delete({ param: { id: source.id } }));
    setError(result.ok ? null : result.error);
    if (result.ok && created?.source.id === source.id) setCreated(null);
    reload();
  };

  const replaceSecret = async (source: Source, secret?: string) => {
    if (
      secret === undefined &&
      !window.confirm(
        t('webhooks.confirmNewSecret', { source: source.source, vendor: VENDOR_TITLES[source.vendor] }),
      )
    )
      return false;
    const result = await call(
      client.api.webhooks[':id'].secret.$post({
        param: { id: source.id },
        json: secret === undefined ? {} : { secret },
      }),
    );
    if (!result.ok) {
      setError(result.error);
      return false;
    }
    setError(null);
    setCreated(null);
    if (result.data.secret) {
      setNewSecret({ source, secret: result.data.secret });
      setReplaced(null);
    } else {
      setNewSecret(null);
      setReplaced(source.source);
    }
    reload();
    return true;
  };

  return (
    <section aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>{t('webhooks.title')}</h1>
      <p className="hint">{t('webhooks.intro')}</p>
      {error ? <ErrorState error={error} /> : null}
      {setup.state === 'loading' ? <Loading /> : null}
      {setup.state === 'error' ? <ErrorState error={setup.error} onRetry={reload} /> : null}
      {setup.state === 'ok' ? (
        <>
          {created ? (
            <Created
              key={created.source.id}
              created={created.source}
              secretGiven={created.secretGiven}
              vendor={vendorOf(created.source.vendor)}
              onDone={() => setCreated(null)}
            />
          ) : null}
          {newSecret ? (
            <div className="notice" role="status" data-testid="new-webhook-secret">
              <p>{t('webhooks.newSecretOnce', { source: newSecret.source.source })}</p>
              <Copyable text={newSecret.secret} label={t('webhooks.copySecret')} testId="webhook-secret" />
              <button type="button" className="link" onClick={() => setNewSecret(null)}>
                {t('action.done')}
              </button>
            </div>
          ) : null}
          {replaced ? (
            <p className="notice" role="status">
              {t('webhooks.secretReplaced', { source: replaced })}
            </p>
          ) : null}
          <AddSource
            vendors={vendors}
            onCreated={(source, secretGiven) => {
              setCreated({ source, secretGiven });
              setNewSecret(null);
              setReplaced(null);
              setError(null);
              reload();
            }}
            onError={setError}
          />
          <SourceTable
            sources={setup.data.sources}
            vendorOf={vendorOf}
            onRemove={remove}
            onReplaceSecret={replaceSecret}
            onRefresh={reload}
          />
          <h2>{t('webhooks.setupTitle')}</h2>
          {vendors.map((vendor) => (
            <details key={vendor.name} className="webhooks-vendor" data-testid={`setup-${vendor.name}`}>
              <summary>{VENDOR_TITLES[vendor.name]}</summary>
              <VendorSetup vendor={vendor} />
            </details>
          ))}
        </>
      ) : null}
    </section>
  );
}

/** What to paste into the vendor after adding a source: its URL, the secret once, and the steps. */
function Created({
  created,
  secretGiven,
  vendor,
  onDone,
}: {
  created: SourceWithSecret;
  /** Whether the vendor's secret came with the source. */
  secretGiven: boolean;
  vendor: VendorInfo | undefined;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const title = VENDOR_TITLES[created.vendor];
  const notice = useRef<HTMLDivElement>(null);
  // The keyboard goes on from what was just made: the URL and the secret to copy come next.
  useEffect(() => notice.current?.focus(), []);
  return (
    <div
      className="notice webhooks-created"
      role="status"
      data-testid="new-webhook-source"
      tabIndex={-1}
      ref={notice}
    >
      <p>{t('webhooks.added', { source: created.source, vendor: title })}</p>
      <Copyable text={sourceUrl(created)} label={t('webhooks.copyUrl')} testId="new-webhook-url" />
      {vendor?.secretFrom === 'servicemeter' && created.secret ? (
        <>
          <p>
            <strong>{t('webhooks.secretOnce')}</strong>
          </p>
          <Copyable text={created.secret} label={t('webhooks.copySecret')} testId="webhook-secret" />
        </>
      ) : vendor?.secretFrom === 'vendor' ? (
        <p>{t(secretGiven ? 'webhooks.secretGiven' : 'webhooks.secretLater', { vendor: title })}</p>
      ) : null}
      {vendor ? <VendorSetup vendor={vendor} /> : null}
      <button type="button" className="link" onClick={onDone}>
        {t('action.done')}
      </button>
    </div>
  );
}

function AddSource({
  vendors,
  onCreated,
  onError,
}: {
  vendors: readonly VendorInfo[];
  onCreated: (source: SourceWithSecret, secretGiven: boolean) => void;
  onError: (error: ApiProblem) => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const [vendorName, setVendorName] = useState<VendorName>('zendesk');
  const [source, setSource] = useState('');
  const [secret, setSecret] = useState('');
  const [busy, setBusy] = useState(false);
  const vendor = vendors.find((v) => v.name === vendorName);
  const asksSecret = vendor?.secretFrom === 'vendor';
  const title = VENDOR_TITLES[vendorName];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    const result = await call(
      client.api.webhooks.$post({
        json: {
          vendor: vendorName,
          ...(source.trim() ? { source: source.trim() } : {}),
          ...(asksSecret && secret ? { secret } : {}),
        },
      }),
    );
    setBusy(false);
    if (!result.ok) {
      onError(result.error);
      return;
    }
    setSource('');
    setSecret('');
    onCreated(result.data, asksSecret && secret !== '');
  };

  return (
    <form
      onSubmit={submit}
      aria-labelledby={`${id}-title`}
      className="webhooks-add"
      data-testid="add-webhook"
    >
      <h2 id={`${id}-title`}>{t('webhooks.add')}</h2>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-vendor`}>{t('webhooks.vendor')}</label>
          <select
            id={`${id}-vendor`}
            value={vendorName}
            onChange={(e) => setVendorName(e.target.value as VendorName)}
          >
            {vendors.map((v) => (
              <option key={v.name} value={v.name}>
                {VENDOR_TITLES[v.name]}
              </option>
            ))}
          </select>
        </div>
        <TextField
          id={`${id}-source`}
          label={t('webhooks.source')}
          maxLength={100}
          placeholder={vendorName}
          aria-describedby={`${id}-source-hint`}
          value={source}
          onChange={(e) => setSource(e.target.value)}
        />
        {asksSecret ? (
          <TextField
            id={`${id}-secret`}
            label={t('webhooks.vendorSecret', { vendor: title })}
            type="password"
            autoComplete="off"
            minLength={8}
            maxLength={500}
            aria-describedby={`${id}-secret-hint`}
            value={secret}
            onChange={(e) => setSecret(e.target.value)}
          />
        ) : null}
        {/* Not disabled while busy: a disabled button loses the keyboard focus. */}
        <button type="submit" aria-busy={busy}>
          {t('webhooks.add')}
        </button>
      </div>
      <p className="hint" id={`${id}-source-hint`}>
        {t('webhooks.sourceHint')}
      </p>
      {asksSecret ? (
        <p className="hint" id={`${id}-secret-hint`}>
          {t('webhooks.vendorSecretHint', { vendor: title })}
        </p>
      ) : null}
    </form>
  );
}

function SourceTable({
  sources,
  vendorOf,
  onRemove,
  onReplaceSecret,
  onRefresh,
}: {
  sources: readonly Source[];
  vendorOf: (name: VendorName) => VendorInfo | undefined;
  onRemove: (source: Source) => void;
  onReplaceSecret: (source: Source, secret?: string) => Promise<boolean>;
  onRefresh: () => void;
}) {
  const { t, locale } = useI18n();
  const tz = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  if (sources.length === 0) return <p>{t('webhooks.none')}</p>;
  return (
    <>
      <p>
        <button type="button" className="secondary" onClick={onRefresh}>
          {t('webhooks.refresh')}
        </button>
      </p>
      <div className="table-wrap">
        <table data-testid="webhooks-table" className="webhooks-table">
          <caption className="visually-hidden">{t('webhooks.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('webhooks.column.source')}</th>
              <th scope="col">{t('webhooks.column.url')}</th>
              <th scope="col">{t('webhooks.column.lastEvent')}</th>
              <th scope="col">{t('webhooks.column.counts')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('column.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sources.map((source) => (
              <tr key={source.id} data-testid={`webhook-${source.id}`}>
                <th scope="row">
                  {VENDOR_TITLES[source.vendor]}
                  <br />
                  <span className="muted">{source.source}</span>
                </th>
                <td>
                  <Copyable
                    text={sourceUrl(source)}
                    label={t('webhooks.copyUrl')}
                    testId={`webhook-url-${source.id}`}
                  />
                </td>
                <td data-testid="last-event">
                  {source.lastEventAt === null || source.lastOutcome === null ? (
                    t('webhooks.noEvent')
                  ) : (
                    <>
                      {formatInstant(locale, source.lastEventAt, tz)}{' '}
                      <span className={`webhooks-outcome webhooks-outcome-${source.lastOutcome}`}>
                        {t(`webhooks.outcome.${source.lastOutcome}`)}
                      </span>
                      {source.lastOutcome === 'refused' && source.lastError ? (
                        <span className="muted">
                          <br />
                          {t('webhooks.lastError', { error: source.lastError })}
                        </span>
                      ) : null}
                    </>
                  )}
                </td>
                <td data-testid="event-counts">
                  {t('webhooks.counts', {
                    accepted: formatCount(locale, source.eventsAccepted),
                    refused: formatCount(locale, source.eventsRefused),
                  })}
                  {source.eventsWaiting > 0 ? (
                    <>
                      <br />
                      {t('webhooks.waiting', { count: formatCount(locale, source.eventsWaiting) })}
                    </>
                  ) : null}
                  {source.eventsFailed > 0 ? (
                    <>
                      <br />
                      {t('webhooks.failed', { count: formatCount(locale, source.eventsFailed) })}
                    </>
                  ) : null}
                </td>
                <td>
                  <div className="webhooks-actions">
                    <SecretControl
                      source={source}
                      vendor={vendorOf(source.vendor)}
                      onReplaceSecret={onReplaceSecret}
                    />
                    <button type="button" className="danger" onClick={() => onRemove(source)}>
                      {t('webhooks.remove')}
                      <span className="visually-hidden"> {source.source}</span>
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/**
 * Replacing a secret: a vendor that makes its own is given the new one; for the others
 * servicemeter makes one, shown once.
 */
function SecretControl({
  source,
  vendor,
  onReplaceSecret,
}: {
  source: Source;
  vendor: VendorInfo | undefined;
  onReplaceSecret: (source: Source, secret?: string) => Promise<boolean>;
}) {
  const { t } = useI18n();
  const id = useId();
  const [secret, setSecret] = useState('');
  const title = VENDOR_TITLES[source.vendor];
  if (vendor?.secretFrom !== 'vendor')
    return (
      <button type="button" className="secondary" onClick={() => void onReplaceSecret(source)}>
        {t('webhooks.newSecret')}
        <span className="visually-hidden"> {source.source}</span>
      </button>
    );
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await onReplaceSecret(source, secret)) setSecret('');
  };
  return (
    <details className="webhooks-secret">
      <summary>
        {t('webhooks.replaceSecret')}
        <span className="visually-hidden"> {source.source}</span>
      </summary>
      <form onSubmit={submit}>
        <TextField
          id={`${id}-secret`}
          label={t('webhooks.pasteSecret', { vendor: title })}
          type="password"
          autoComplete="off"
          required
          minLength={8}
          maxLength={500}
          value={secret}
          onChange={(e) => setSecret(e.target.value)}
        />
        <button type="submit">{t('webhooks.saveSecret')}</button>
      </form>
    </details>
  );
}
