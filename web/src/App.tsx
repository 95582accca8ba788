import { useCallback, useEffect, useRef, useState } from 'react';
import {
  type ApiProblem,
  type Catalog,
  call,
  client,
  type DataStatus,
  type FilterValues,
  type Session,
  setCsrfToken,
  setUnauthorizedHandler,
} from './api.js';
import { AppDataContext, can, readsAggregatesOnly, useAppData } from './app-data.js';
import { Layout } from './components/Layout.js';
import { ErrorState, Loading } from './components/States.js';
import { I18nProvider, initialLocale, type Locale, storeLocale, useI18n } from './i18n/index.js';
import { Account } from './pages/Account.js';
import { AgentScorecard, Agents } from './pages/Agents.js';
import { alertsPage } from './pages/alerts/alerts-routes.js';
import { Breakdown } from './pages/Breakdown.js';
import { benchmarksPage } from './pages/benchmarks/benchmarks-routes.js';
import { businessPage } from './pages/business/business-routes.js';
import { ContactPage } from './pages/Contact.js';
import { Contacts } from './pages/Contacts.js';
import { dashboardsPage } from './pages/dashboards/dashboards-routes.js';
import { Heatmap } from './pages/Heatmap.js';
import { Imports } from './pages/imports/Imports.js';
import { Jobs } from './pages/jobs/Jobs.js';
import { Login, Setup } from './pages/Login.js';
import { NotFound } from './pages/NotFound.js';
import { Now } from './pages/now/Now.js';
import { Overview } from './pages/Overview.js';
import { Disputes as QaDisputes } from './pages/qa/Disputes.js';
import { qaManagePage } from './pages/qa/manage-routes.js';
import { QaHome } from './pages/qa/QaNav.js';
import { Queue as QaQueue } from './pages/qa/Queue.js';
import { ReviewScreen as QaReviewScreen } from './pages/qa/Review.js';
import { ReviewDetail as QaReviewDetail } from './pages/qa/ReviewDetail.js';
import { Reviews as QaReviews } from './pages/qa/Reviews.js';
import { reportsPage } from './pages/reports/reports-routes.js';
import { SettingsPage } from './pages/Settings.js';
import { SurveyPage } from './pages/surveys/Survey.js';
import { Surveys } from './pages/surveys/Surveys.js';
import { Trends } from './pages/Trends.js';
import { targetsPage } from './pages/targets/targets-routes.js';
import { Users } from './pages/Users.js';
import { Webhooks } from './pages/webhooks/Webhooks.js';
import { wordsPage } from './pages/words/words-routes.js';
import { workforcePage } from './pages/workforce/workforce-routes.js';
import { navigate, useLocation } from './router.js';

type Auth =
  | { state: 'loading' }
  | { state: 'error'; error: ApiProblem }
  | { state: 'anonymous'; setupNeeded: boolean; expired: boolean }
  | { state: 'signed-in'; session: Session };

export function App() {
  const [locale, setLocale] = useState<Locale>(initialLocale);
  const [auth, setAuth] = useState<Auth>({ state: 'loading' });
  const chosenWhileAnonymous = useRef(false);
  const authRef = useRef(auth);
  authRef.current = auth;

  const checkSession = useCallback(async () => {
    const session = await call(client.api.auth.session.$get());
    if (session.ok) {
      setCsrfToken(session.data.csrfToken);
      setLocale(session.data.user.locale);
      storeLocale(session.data.user.locale);
      setAuth({ state: 'signed-in', session: session.data });
      return;
    }
    if (session.error.status !== 401) {
      setAuth({ state: 'error', error: session.error });
      return;
    }
    const setup = await call(client.api.setup.$get());
    setAuth(
      setup.ok
        ? { state: 'anonymous', setupNeeded: setup.data.needed, expired: false }
        : { state: 'error', error: setup.error },
    );
  }, []);

  useEffect(() => {
    setUnauthorizedHandler(() => {
      if (authRef.current.state !== 'signed-in') return;
      setCsrfToken(null);
      setAuth({ state: 'anonymous', setupNeeded: false, expired: true });
    });
    void checkSession();
  }, [checkSession]);

  const onLocale = useCallback((next: Locale) => {
    setLocale(next);
    if (authRef.current.state === 'signed-in') {
      void call(client.api.me.$patch({ json: { locale: next } }));
    } else {
      chosenWhileAnonymous.current = true;
    }
  }, []);

  const onSignedIn = useCallback(
    (session: Session) => {
      setCsrfToken(session.csrfToken);
      if (chosenWhileAnonymous.current && session.user.locale !== locale) {
        // The language picked on the sign-in page is a choice too: keep it and remember it.
        void call(client.api.me.$patch({ json: { locale } }));
        session = { ...session, user: { ...session.user, locale } };
      } else {
        setLocale(session.user.locale);
        storeLocale(session.user.locale);
      }
      chosenWhileAnonymous.current = false;
      setAuth({ state: 'signed-in', session });
    },
    [locale],
  );

  const onLogout = useCallback(async () => {
    await call(client.api.auth.logout.$post());
    setCsrfToken(null);
    setAuth({ state: 'anonymous', setupNeeded: false, expired: false });
    navigate('/', { replace: true });
  }, []);

  return (
    <I18nProvider locale={locale} onChange={onLocale}>
      {auth.state === 'loading' ? <Loading /> : null}
      {auth.state === 'error' ? (
        <main className="auth-page">
          <ErrorState error={auth.error} onRetry={() => void checkSession()} />
        </main>
      ) : null}
      {auth.state === 'anonymous' ? (
        auth.setupNeeded ? (
          <Setup onSignedIn={onSignedIn} locale={locale} />
        ) : (
          <Login onSignedIn={onSignedIn} expired={auth.expired} />
        )
      ) : null}
      {auth.state === 'signed-in' ? (
        <SignedIn
          session={auth.session}
          onLogout={onLogout}
          onUserChange={(user) => setAuth({ state: 'signed-in', session: { ...auth.session, user } })}
        />
      ) : null}
    </I18nProvider>
  );
}

interface Loaded {
  catalog: Catalog;
  status: DataStatus;
  filterValues: FilterValues;
}

function SignedIn({
  session,
  onLogout,
  onUserChange,
}: {
  session: Session;
  onLogout: () => void;
  onUserChange: (user: Session['user']) => void;
}) {
  const { t } = useI18n();
  const [data, setData] = useState<
    { state: 'loading' } | { state: 'ok'; data: Loaded } | { state: 'error'; error: ApiProblem }
  >({ state: 'loading' });
  const [nonce, setNonce] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `nonce` reloads on demand.
  useEffect(() => {
    let live = true;
    void Promise.all([
      call(client.api.catalog.$get()),
      call(client.api.status.$get()),
      call(client.api['filter-values'].$get()),
    ]).then(([catalog, status, filterValues]) => {
      if (!live) return;
      if (!catalog.ok) setData({ state: 'error', error: catalog.error });
      else if (!status.ok) setData({ state: 'error', error: status.error });
      else if (!filterValues.ok) setData({ state: 'error', error: filterValues.error });
      else
        setData({
          state: 'ok',
          data: { catalog: catalog.data, status: status.data, filterValues: filterValues.data },
        });
    });
    return () => {
      live = false;
    };
  }, [nonce]);

  if (data.state === 'loading') return <Loading />;
  if (data.state === 'error')
    return (
      <main>
        <ErrorState error={data.error} onRetry={() => setNonce((n) => n + 1)} />
      </main>
    );
  const value = {
    user: session.user,
    ...data.data,
    reloadStatus: () => setNonce((n) => n + 1),
  };
  return (
    <AppDataContext.Provider value={value}>
      <Layout onLogout={onLogout}>
        {data.data.status.stale ? <p className="notice">{t('status.stale')}</p> : null}
        <Routes onUserChange={onUserChange} />
      </Layout>
    </AppDataContext.Provider>
  );
}

function Routes({ onUserChange }: { onUserChange: (user: Session['user']) => void }) {
  const { pathname } = useLocation();
  const { user } = useAppData();
  const allowed = can(user.role);
  const segments = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const [first, second] = segments;
  switch (first) {
    case undefined:
      return <Overview />;
    case 'now':
      return <Now />;
    case 'trends':
      return <Trends />;
    case 'breakdown':
      return <Breakdown />;
    case 'agents':
      // An agent sees their own scorecard only; another agent's address is not theirs to open.
      if (!allowed.allScorecards) return <AgentScorecard agentId={user.agentId ?? ''} />;
      return second ? <AgentScorecard agentId={second} /> : <Agents />;
    case 'heatmap':
      return <Heatmap />;
    case 'contacts':
      if (!allowed.drillDown) return <NotFound />;
      return second ? <ContactPage contactKey={second} /> : <Contacts />;
    case 'surveys':
      // An agent has the answers credited to them, never a survey's page with everyone's.
      return second && user.role !== 'agent' ? <SurveyPage surveyId={second} /> : <Surveys />;
    case 'qa': {
      // A viewer has the quality figures only: no conversation, review or comment.
      const reviewing = !readsAggregatesOnly(user.role);
      const manager = user.role === 'admin' || user.role === 'manager';
      switch (second) {
        case undefined:
          // A viewer's first Quality page is the overview of the figures.
          return <QaHome />;
        case 'queue':
          return reviewing ? <QaQueue /> : <NotFound />;
        case 'review':
          return reviewing ? <QaReviewScreen /> : <NotFound />;
        case 'reviews':
          if (!reviewing) return <NotFound />;
          return segments[2] ? <QaReviewDetail reviewId={segments[2]} /> : <QaReviews />;
        case 'disputes':
          return manager ? <QaDisputes /> : <NotFound />;
        // The quality management pages are routed here.
        default:
          return qaManagePage(segments.slice(1), user.role) ?? <NotFound />;
      }
    }
    case 'workforce':
      // Each role has the workforce pages its data allows: the staffing for planners and viewers,
      // their own schedule and figures for an agent.
      return workforcePage(segments.slice(1), user.role) ?? <NotFound />;
    case 'targets':
      // Those who plan or review; admins and managers edit, the others read.
      return targetsPage(segments.slice(1), user.role) ?? <NotFound />;
    case 'business':
      // Every role but agents; the page asks for money figures only where the role has them.
      return businessPage(segments.slice(1), user.role) ?? <NotFound />;
    case 'dashboards':
      // Every role builds its own and opens the shared ones; the tiles ask the scoped KPI endpoint.
      return dashboardsPage(segments.slice(1)) ?? <NotFound />;
    case 'reports':
      // Every role schedules reports, to themselves at least; each recipient gets what their role may see.
      return reportsPage(segments.slice(1)) ?? <NotFound />;
    case 'alerts':
      return alertsPage(segments.slice(1), user.role) ?? <NotFound />;
    case 'words':
      // Every role but finance; the server reads an agent's own texts only and gives viewers no text.
      return wordsPage(segments.slice(1), user.role) ?? <NotFound />;
    case 'benchmarks':
      // Every role compares; only admins and managers enter competitor figures (the server decides).
      return benchmarksPage(segments.slice(1)) ?? <NotFound />;
    case 'settings':
      return allowed.settings ? <SettingsPage /> : <NotFound />;
    case 'users':
      return allowed.users ? <Users /> : <NotFound />;
    case 'webhooks':
      return allowed.settings ? <Webhooks /> : <NotFound />;
    case 'imports':
      return allowed.imports ? <Imports /> : <NotFound />;
    case 'jobs':
      return allowed.settings ? <Jobs /> : <NotFound />;
    case 'account':
      return <Account onUserChange={onUserChange} />;
    default:
      return <NotFound />;
  }
}
