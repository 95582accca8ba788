import { type FormEvent, useId, useState } from 'react';
import { type ApiProblem, call, client, type User } from '../api.js';
import { useAppData } from '../app-data.js';
import { LanguageSelect, usePageTitle } from '../components/Layout.js';
import { ErrorState } from '../components/States.js';
import { TextField } from '../components/TextField.js';
import { useI18n } from '../i18n/index.js';
import { useLabels } from '../labels.js';
import { Tokens } from './Tokens.js';

export function Account({ onUserChange }: { onUserChange: (user: User) => void }) {
  const { t } = useI18n();
  usePageTitle(t('account.title'));
  const { user } = useAppData();
  const labels = useLabels();
  const id = useId();
  const [name, setName] = useState(user.name ?? '');
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<ApiProblem | null>(null);

  const saveName = async (e: FormEvent) => {
    e.preventDefault();
    const result = await call(client.api.me.$patch({ json: { name: name.trim() || null } }));
    if (result.ok) {
      onUserChange(result.data);
      setMessage(t('account.saved'));
      setError(null);
    } else setError(result.error);
  };
  const changePassword = async (e: FormEvent) => {
    e.preventDefault();
    const result = await call(
      client.api.me.password.$post({ json: { currentPassword: current, newPassword: next } }),
    );
    if (result.ok) {
      setMessage(t('account.passwordChanged'));
      setError(null);
      setCurrent('');
      setNext('');
    } else setError(result.error);
  };

  return (
    <>
      <h1>{t('account.title')}</h1>
      <div aria-live="polite">{message ? <p className="notice">{message}</p> : null}</div>
      {error ? <ErrorState error={error} /> : null}
      <div className="two-col">
        <section className="panel" aria-labelledby={`${id}-profile`}>
          <h2 id={`${id}-profile`}>{t('account.profile')}</h2>
          <p>
            {user.email} · {labels.value('role', user.role)}
            {user.agentId ? ` · ${labels.agent(user.agentId)}` : ''}
          </p>
          <form onSubmit={saveName} className="field-row">
            <div className="field">
              <label htmlFor={`${id}-name`}>{t('user.name')}</label>
              <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} />
            </div>
            <button type="submit">{t('action.save')}</button>
          </form>
          <p>
            <LanguageSelect />
          </p>
          <p className="hint">{t('account.languageHint')}</p>
        </section>
        <section className="panel" aria-labelledby={`${id}-password`}>
          <h2 id={`${id}-password`}>{t('account.password')}</h2>
          <form onSubmit={changePassword}>
            <TextField
              id={`${id}-current`}
              label={t('account.currentPassword')}
              type="password"
              autoComplete="current-password"
              required
              value={current}
              onChange={(e) => setCurrent(e.target.value)}
            />
            <div className="field">
              <label htmlFor={`${id}-new`}>{t('account.newPassword')}</label>
              <input
                id={`${id}-new`}
                type="password"
                autoComplete="new-password"
                minLength={10}
                required
                value={next}
                onChange={(e) => setNext(e.target.value)}
              />
              <span className="hint">{t('password.hint')}</span>
            </div>
            <p>
              <button type="submit">{t('account.changePassword')}</button>
            </p>
          </form>
        </section>
      </div>
      <section className="panel">
        <Tokens showOwner={user.role === 'admin'} />
      </section>
    </>
  );
}
