import { type FormEvent, useId, useState } from 'react';
import { type ApiProblem, call, client, type TokenCreated, useApi } from '../api.js';
import { ErrorState, Loading } from '../components/States.js';
import { TextField } from '../components/TextField.js';
import { formatInstant } from '../format.js';
import { useI18n } from '../i18n/index.js';

/** API tokens: own ones (an admin sees everyone's). A new token is shown once, right after creation. */
export function Tokens({ showOwner }: { showOwner: boolean }) {
  const { t, locale } = useI18n();
  const id = useId();
  const list = useApi('tokens', (signal) => call(client.api.tokens.$get({}, { init: { signal } })));
  const [name, setName] = useState('');
  const [days, setDays] = useState('');
  const [created, setCreated] = useState<TokenCreated | null>(null);
  const [error, setError] = useState<ApiProblem | null>(null);
  const tz = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

  const create = async (e: FormEvent) => {
    e.preventDefault();
    const expires = days ? Number(days) : undefined;
    const result = await call(
      client.api.tokens.$post({ json: { name, ...(expires ? { expiresInDays: expires } : {}) } }),
    );
    if (result.ok) {
      setCreated(result.data);
      setName('');
      setDays('');
      setError(null);
      list.reload();
    } else setError(result.error);
  };
  const revoke = async (tokenId: string, tokenName: string) => {
    if (!window.confirm(t('tokens.confirmRevoke', { name: tokenName }))) return;
    const result = await call(client.api.tokens[':id'].$delete({ param: { id: tokenId } }));
    if (!result.ok) setError(result.error);
    list.reload();
  };

  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('tokens.title')}</h2>
      <p className="hint">{t('tokens.intro')}</p>
      {created ? (
        <div className="notice" role="status" data-testid="new-token">
          <p>{t('tokens.created', { name: created.name })}</p>
          <p className="secret">
            <code>{created.token}</code>
          </p>
          <button
            type="button"
            className="secondary"
            onClick={() => void navigator.clipboard?.writeText(created.token)}
          >
            {t('tokens.copy')}
          </button>{' '}
          <button type="button" className="link" onClick={() => setCreated(null)}>
            {t('action.done')}
          </button>
        </div>
      ) : null}
      {error ? <ErrorState error={error} /> : null}
      <form onSubmit={create} className="field-row" aria-label={t('tokens.create')}>
        <TextField
          id={`${id}-name`}
          label={t('tokens.name')}
          required
          maxLength={100}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <TextField
          id={`${id}-days`}
          label={t('tokens.expiresInDays')}
          type="number"
          min={1}
          max={3650}
          value={days}
          onChange={(e) => setDays(e.target.value)}
        />
        <button type="submit">{t('tokens.create')}</button>
      </form>
      {list.state === 'loading' ? <Loading /> : null}
      {list.state === 'error' ? <ErrorState error={list.error} onRetry={list.reload} /> : null}
      {list.state === 'ok' ? (
        list.data.tokens.length === 0 ? (
          <p>{t('tokens.none')}</p>
        ) : (
          <div className="table-wrap">
            <table data-testid="tokens-table">
              <caption className="visually-hidden">{t('tokens.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('tokens.name')}</th>
                  {showOwner ? <th scope="col">{t('tokens.owner')}</th> : null}
                  <th scope="col">{t('tokens.prefix')}</th>
                  <th scope="col">{t('tokens.createdAt')}</th>
                  <th scope="col">{t('tokens.lastUsed')}</th>
                  <th scope="col">{t('tokens.expires')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('column.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.data.tokens.map((tok) => (
                  <tr key={tok.id}>
                    <th scope="row">{tok.name}</th>
                    {showOwner ? <td>{tok.userEmail}</td> : null}
                    <td>
                      <code>{tok.prefix}…</code>
                    </td>
                    <td>{formatInstant(locale, tok.createdAt, tz)}</td>
                    <td>{tok.lastUsedAt ? formatInstant(locale, tok.lastUsedAt, tz) : t('tokens.never')}</td>
                    <td>{tok.expiresAt ? formatInstant(locale, tok.expiresAt, tz) : t('tokens.noExpiry')}</td>
                    <td>
                      <button type="button" className="danger" onClick={() => revoke(tok.id, tok.name)}>
                        {t('tokens.revoke')}
                        <span className="visually-hidden"> {tok.name}</span>
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : null}
    </section>
  );
}
