import { type FormEvent, useId, useState } from 'react';
import { type ApiProblem, call, client, type Role, type User, useApi } from '../api.js';
import { useAppData } from '../app-data.js';
import { usePageTitle } from '../components/Layout.js';
import { Pager } from '../components/Pager.js';
import { ErrorState, Loading } from '../components/States.js';
import { Tabs } from '../components/Tabs.js';
import { TextField } from '../components/TextField.js';
import { formatInstant } from '../format.js';
import { LOCALE_NAMES, LOCALES, type Locale, type MessageKey, useI18n } from '../i18n/index.js';
import { useLabels } from '../labels.js';
import { useSearchParams } from '../router.js';
import { Tokens } from './Tokens.js';

const ROLES: Role[] = ['admin', 'manager', 'agent', 'viewer', 'finance'];
const TABS = ['users', 'tokens', 'audit'] as const;

export function Users() {
  const { t } = useI18n();
  usePageTitle(t('nav.users'));
  const [params, update] = useSearchParams();
  const tab = TABS.find((x) => x === params.get('tab')) ?? 'users';
  return (
    <>
      <h1>{t('nav.users')}</h1>
      <Tabs
        label={t('nav.users')}
        tabs={TABS.map((k) => ({ key: k, label: t(`users.tab.${k}` as MessageKey) }))}
        selected={tab}
        onSelect={(k) =>
          update((p) => {
            p.set('tab', k);
            p.delete('page');
          }, true)
        }
      >
        {tab === 'users' ? <UserList /> : null}
        {tab === 'tokens' ? <Tokens showOwner /> : null}
        {tab === 'audit' ? <Audit /> : null}
      </Tabs>
    </>
  );
}

function RoleSelect({
  id,
  value,
  onChange,
  label,
}: {
  id?: string;
  value: Role;
  onChange: (r: Role) => void;
  label?: string;
}) {
  const labels = useLabels();
  return (
    <select id={id} aria-label={label} value={value} onChange={(e) => onChange(e.target.value as Role)}>
      {ROLES.map((r) => (
        <option key={r} value={r}>
          {labels.value('role', r)}
        </option>
      ))}
    </select>
  );
}

function AgentSelect({
  id,
  value,
  onChange,
  label,
}: {
  id?: string;
  value: string | null;
  onChange: (a: string | null) => void;
  label?: string;
}) {
  const { t } = useI18n();
  const { filterValues } = useAppData();
  return (
    <select id={id} aria-label={label} value={value ?? ''} onChange={(e) => onChange(e.target.value || null)}>
      <option value="">{t('value.none')}</option>
      {filterValues.agent.map((a) => (
        <option key={a.id} value={a.id}>
          {a.name ?? a.id} ({a.id})
        </option>
      ))}
    </select>
  );
}

function UserList() {
  const { t, locale } = useI18n();
  const labels = useLabels();
  const { user: me } = useAppData();
  const id = useId();
  const list = useApi('users', (signal) => call(client.api.users.$get({}, { init: { signal } })));
  const [error, setError] = useState<ApiProblem | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [form, setForm] = useState({
    email: '',
    name: '',
    role: 'viewer' as Role,
    agentId: null as string | null,
    password: '',
    locale: 'en' as Locale,
  });
  const tz = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

  const done = (result: { ok: boolean; error?: ApiProblem }, text: string) => {
    if (result.ok) {
      setError(null);
      setMessage(text);
      list.reload();
    } else {
      setError(result.error ?? null);
      setMessage(null);
    }
    return result.ok;
  };

  const create = async (e: FormEvent) => {
    e.preventDefault();
    const result = await call(
      client.api.users.$post({
        json: {
          email: form.email,
          password: form.password,
          role: form.role,
          locale: form.locale,
          ...(form.name.trim() ? { name: form.name.trim() } : {}),
          ...(form.role === 'agent' && form.agentId ? { agentId: form.agentId } : {}),
        },
      }),
    );
    if (done(result, t('users.created', { email: form.email })))
      setForm({ email: '', name: '', role: 'viewer', agentId: null, password: '', locale: 'en' });
  };

  const patch = async (
    u: User,
    json: { role?: Role; agentId?: string | null; disabled?: boolean; password?: string },
  ) =>
    done(
      await call(client.api.users[':id'].$patch({ param: { id: u.id }, json })),
      t('users.updated', { email: u.email }),
    );

  const remove = async (u: User) => {
    if (!window.confirm(t('users.confirmDelete', { email: u.email }))) return;
    done(
      await call(client.api.users[':id'].$delete({ param: { id: u.id } })),
      t('users.deleted', { email: u.email }),
    );
  };

  const resetPassword = async (u: User) => {
    const password = window.prompt(t('users.newPasswordPrompt', { email: u.email }));
    if (password) await patch(u, { password });
  };

  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('users.tab.users')}</h2>
      <div aria-live="polite">{message ? <p className="notice">{message}</p> : null}</div>
      {error ? <ErrorState error={error} /> : null}
      {list.state === 'loading' ? <Loading /> : null}
      {list.state === 'error' ? <ErrorState error={list.error} onRetry={list.reload} /> : null}
      {list.state === 'ok' ? (
        <div className="table-wrap">
          <table data-testid="users-table">
            <caption className="visually-hidden">{t('users.tab.users')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('login.email')}</th>
                <th scope="col">{t('user.name')}</th>
                <th scope="col">{t('users.role')}</th>
                <th scope="col">{t('users.agent')}</th>
                <th scope="col">{t('language.label')}</th>
                <th scope="col">{t('users.lastLogin')}</th>
                <th scope="col">{t('users.status')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('column.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.users.map((u) => (
                <tr key={u.id}>
                  <th scope="row">{u.email}</th>
                  <td>{u.name ?? ''}</td>
                  <td>
                    {u.id === me.id ? (
                      labels.value('role', u.role)
                    ) : (
                      <RoleSelect
                        label={t('users.roleOf', { email: u.email })}
                        value={u.role}
                        onChange={(role) => patch(u, { role })}
                      />
                    )}
                  </td>
                  <td>
                    {u.role === 'agent' ? (
                      <AgentSelect
                        label={t('users.agentOf', { email: u.email })}
                        value={u.agentId}
                        onChange={(agentId) => patch(u, { agentId })}
                      />
                    ) : (
                      ''
                    )}
                  </td>
                  <td>{LOCALE_NAMES[u.locale]}</td>
                  <td>{u.lastLoginAt ? formatInstant(locale, u.lastLoginAt, tz) : t('tokens.never')}</td>
                  <td>{u.disabled ? t('users.disabled') : t('users.active')}</td>
                  <td className="page-actions">
                    {u.id !== me.id ? (
                      <>
                        <button
                          type="button"
                          className="secondary"
                          onClick={() => patch(u, { disabled: !u.disabled })}
                        >
                          {u.disabled ? t('users.enable') : t('users.disable')}
                          <span className="visually-hidden"> {u.email}</span>
                        </button>
                        <button type="button" className="secondary" onClick={() => resetPassword(u)}>
                          {t('users.resetPassword')}
                          <span className="visually-hidden"> {u.email}</span>
                        </button>
                        <button type="button" className="danger" onClick={() => remove(u)}>
                          {t('action.delete')}
                          <span className="visually-hidden"> {u.email}</span>
                        </button>
                      </>
                    ) : (
                      <span className="muted">{t('users.you')}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <form onSubmit={create} aria-labelledby={`${id}-add`} className="panel" data-testid="user-form">
        <h3 id={`${id}-add`}>{t('users.add')}</h3>
        <div className="field-row">
          <TextField
            id={`${id}-email`}
            label={t('login.email')}
            type="email"
            required
            value={form.email}
            onChange={(e) => setForm({ ...form, email: e.target.value })}
          />
          <TextField
            id={`${id}-name`}
            label={t('user.name')}
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.target.value })}
          />
          <div className="field">
            <label htmlFor={`${id}-role`}>{t('users.role')}</label>
            <RoleSelect id={`${id}-role`} value={form.role} onChange={(role) => setForm({ ...form, role })} />
          </div>
          {form.role === 'agent' ? (
            <div className="field">
              <label htmlFor={`${id}-agent`}>{t('users.agent')}</label>
              <AgentSelect
                id={`${id}-agent`}
                value={form.agentId}
                onChange={(agentId) => setForm({ ...form, agentId })}
              />
            </div>
          ) : null}
          <div className="field">
            <label htmlFor={`${id}-locale`}>{t('language.label')}</label>
            <select
              id={`${id}-locale`}
              value={form.locale}
              onChange={(e) => setForm({ ...form, locale: e.target.value as Locale })}
            >
              {LOCALES.map((l) => (
                <option key={l} value={l}>
                  {LOCALE_NAMES[l]}
                </option>
              ))}
            </select>
          </div>
          <TextField
            id={`${id}-password`}
            label={t('login.password')}
            type="password"
            autoComplete="new-password"
            minLength={10}
            required
            value={form.password}
            onChange={(e) => setForm({ ...form, password: e.target.value })}
          />
          <button type="submit">{t('users.add')}</button>
        </div>
        <p className="hint">{t('users.rolesHelp')}</p>
      </form>
    </section>
  );
}

function Audit() {
  const { t, locale } = useI18n();
  const [params, update] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const query = { page: String(page), pageSize: '50' };
  const list = useApi(`audit-${page}`, (signal) =>
    call(client.api.audit.$get({ query }, { init: { signal } })),
  );
  const tz = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  return (
    <section aria-labelledby="audit-title">
      <h2 id="audit-title">{t('users.tab.audit')}</h2>
      {list.state === 'loading' ? <Loading /> : null}
      {list.state === 'error' ? <ErrorState error={list.error} onRetry={list.reload} /> : null}
      {list.state === 'ok' ? (
        <>
          <div className="table-wrap">
            <table data-testid="audit-table">
              <caption className="visually-hidden">{t('users.tab.audit')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('audit.at')}</th>
                  <th scope="col">{t('audit.action')}</th>
                  <th scope="col">{t('audit.user')}</th>
                  <th scope="col">{t('audit.target')}</th>
                  <th scope="col">{t('audit.ip')}</th>
                  <th scope="col">{t('audit.detail')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.rows.map((r) => (
                  <tr key={r.id}>
                    <td>{formatInstant(locale, r.at, tz)}</td>
                    <td>
                      <code>{r.action}</code>
                    </td>
                    <td>{r.email ?? r.userId ?? ''}</td>
                    <td>{r.target ?? ''}</td>
                    <td>{r.ip ?? ''}</td>
                    <td>{r.detail ? <code>{JSON.stringify(r.detail)}</code> : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager
            page={list.data.page}
            pageSize={list.data.pageSize}
            total={list.data.total}
            label={t('pager.label')}
            onPage={(p) => update((q) => q.set('page', String(p)))}
          />
        </>
      ) : null}
    </section>
  );
}
