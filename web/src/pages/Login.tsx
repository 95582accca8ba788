import { type FormEvent, useEffect, useId, useState } from 'react';
import { type ApiProblem, call, client, type Session } from '../api.js';
import { LanguageSelect, usePageTitle } from '../components/Layout.js';
import { TextField } from '../components/TextField.js';
import { type Locale, useI18n } from '../i18n/index.js';

function problemText(t: ReturnType<typeof useI18n>['t'], problem: ApiProblem): string {
  if (problem.status === 0) return t('error.network');
  if (problem.status === 429) return t('login.rateLimited');
  if (problem.status === 401) return t('login.invalid');
  if (problem.issues?.length) return problem.issues.join('; ');
  return problem.detail ?? problem.title;
}

export function Login({ onSignedIn, expired }: { onSignedIn: (session: Session) => void; expired: boolean }) {
  const { t } = useI18n();
  usePageTitle(t('login.title'));
  const id = useId();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const result = await call(client.api.auth.login.$post({ json: { email, password } }));
    setBusy(false);
    if (result.ok) onSignedIn(result.data);
    else setError(problemText(t, result.error));
  };

  return (
    <main className="auth-page" id="main">
      <h1>{t('login.title')}</h1>
      {expired ? (
        <p className="notice" role="status">
          {t('login.expired')}
        </p>
      ) : null}
      <form onSubmit={submit} aria-describedby={error ? `${id}-error` : undefined} data-testid="login-form">
        <TextField
          id={`${id}-email`}
          label={t('login.email')}
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <TextField
          id={`${id}-password`}
          label={t('login.password')}
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        {error ? (
          <p id={`${id}-error`} className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" disabled={busy}>
          {t('login.submit')}
        </button>
      </form>
      <LanguageSelect className="lang" />
    </main>
  );
}

export function Setup({ onSignedIn, locale }: { onSignedIn: (session: Session) => void; locale: Locale }) {
  const { t } = useI18n();
  usePageTitle(t('setup.title'));
  const id = useId();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [setupToken, setSetupToken] = useState('');
  // Opened from another machine than the server's, setup needs the token the server printed.
  const [tokenRequired, setTokenRequired] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let current = true;
    void call(client.api.setup.$get()).then((status) => {
      if (current && status.ok) setTokenRequired(status.data.tokenRequired);
    });
    return () => {
      current = false;
    };
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (password !== repeat) {
      setError(t('setup.mismatch'));
      return;
    }
    setBusy(true);
    setError(null);
    const result = await call(
      client.api.setup.$post({
        json: {
          email,
          password,
          locale,
          ...(name.trim() ? { name: name.trim() } : {}),
          ...(tokenRequired ? { setupToken: setupToken.trim() } : {}),
        },
      }),
    );
    setBusy(false);
    if (result.ok) onSignedIn(result.data);
    else if (result.error.status === 409) setError(t('setup.done'));
    else if (result.error.status === 403 && result.error.issues?.some((i) => i.startsWith('setupToken'))) {
      setTokenRequired(true);
      setError(t('setup.tokenWrong'));
    } else setError(problemText(t, result.error));
  };

  return (
    <main className="auth-page" id="main">
      <h1>{t('setup.title')}</h1>
      <p>{t('setup.intro')}</p>
      <form onSubmit={submit} data-testid="setup-form">
        {tokenRequired ? (
          <div className="field">
            <label htmlFor={`${id}-token`}>{t('setup.token')}</label>
            <input
              id={`${id}-token`}
              autoComplete="off"
              spellCheck={false}
              required
              aria-describedby={`${id}-token-hint`}
              value={setupToken}
              onChange={(e) => setSetupToken(e.target.value)}
            />
            <span id={`${id}-token-hint`} className="hint">
              {t('setup.tokenHint')}
            </span>
          </div>
        ) : null}
        <TextField
          id={`${id}-email`}
          label={t('login.email')}
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <TextField
          id={`${id}-name`}
          label={t('user.name')}
          autoComplete="name"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <div className="field">
          <label htmlFor={`${id}-password`}>{t('login.password')}</label>
          <input
            id={`${id}-password`}
            type="password"
            autoComplete="new-password"
            minLength={10}
            required
            aria-describedby={`${id}-hint`}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          <span id={`${id}-hint`} className="hint">
            {t('password.hint')}
          </span>
        </div>
        <TextField
          id={`${id}-repeat`}
          label={t('setup.repeat')}
          type="password"
          autoComplete="new-password"
          required
          value={repeat}
          onChange={(e) => setRepeat(e.target.value)}
        />
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" disabled={busy}>
          {t('setup.submit')}
        </button>
      </form>
      <LanguageSelect className="lang" />
    </main>
  );
}
