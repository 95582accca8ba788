import { type ReactNode, useId, useMemo } from 'react';
import { useApi } from '../../api.js';
import { useAppData, useDashboardFilters } from '../../app-data.js';
import { FilterBar } from '../../components/FilterBar.js';
import { usePageTitle } from '../../components/Layout.js';
import { MultiPicker } from '../../components/MultiPicker.js';
import { ErrorState, Loading } from '../../components/States.js';
import { Tabs } from '../../components/Tabs.js';
import { formatCount } from '../../format.js';
import { type MessageKey, useI18n } from '../../i18n/index.js';
import { useSearchParams } from '../../router.js';
import { TEXT_KINDS, WORDS_LANGUAGES, type WordsGrain, type WordsQuery, wordsApi } from './api.js';
import { BrandTab } from './BrandTab.js';
import { MessagesTab } from './MessagesTab.js';
import { SettingsTab } from './SettingsTab.js';
import { ToneTab } from './ToneTab.js';
import { TopicsTab } from './TopicsTab.js';
import { readView, tabsFor, type WordsTab, type WordsView, wordsGrain, wordsRange } from './view.js';
import './words.css';

/** What every tab reads with: the filter bar's period and dimensions, the page's language and source lists. */
export interface WordsContext {
  role: string;
  query: WordsQuery;
  grain: WordsGrain;
  view: WordsView;
  update: ReturnType<typeof useSearchParams>[1];
}

/**
 * "What customers say": the terms that stand out in customers' own words, their tone and the
 * brand image they express, with the messages behind each figure. The server reads only the
 * reader's texts for an agent and no text at all for a viewer; the page leaves out what it would
 * be refused.
 */
export function Words() {
  const { t } = useI18n();
  usePageTitle(t('words.title'));
  const { user, status } = useAppData();
  const dash = useDashboardFilters();
  const [params, update] = useSearchParams();
  const view = readView(params, user.role);
  const range = wordsRange(dash.range, status);
  const filters = dash.base.filters;
  const query: WordsQuery | null = range
    ? {
        from: range.from,
        to: range.to,
        timezone: dash.filters.timezone,
        ...filters,
        ...(view.language.length ? { language: view.language } : {}),
        ...(view.kind.length ? { kind: view.kind } : {}),
      }
    : null;
  const tabs = tabsFor(user.role).map((key) => ({ key, label: t(`words.tab.${key}` as MessageKey) }));
  const select = (tab: WordsTab) =>
    update((p) => {
      p.set('tab', tab);
      p.delete('page');
    });

  return (
    <div className="words-page" data-testid="words-page">
      <div className="page-head">
        <h1>{t('words.title')}</h1>
      </div>
      <p className="hint">{t('words.intro')}</p>
      {user.role === 'agent' ? (
        <p className="words-own-note" data-testid="words-own-note">
          {t('words.ownTexts')}
        </p>
      ) : null}
      <FilterBar dimensions={['channel', 'team', 'agent', 'topic']} />
      <TextPickers view={view} update={update} />
      <Tabs tabs={tabs} selected={view.tab} onSelect={select} label={t('words.tabs')}>
        {query ? (
          <TabBody
            context={{
              role: user.role,
              query,
              grain: wordsGrain({ from: query.from, to: query.to }),
              view,
              update,
            }}
          />
        ) : (
          <EmptyWords />
        )}
      </Tabs>
    </div>
  );
}

function TabBody({ context }: { context: WordsContext }) {
  switch (context.view.tab) {
    case 'tone':
      return <ToneTab context={context} />;
    case 'brand':
      return <BrandTab context={context} />;
    case 'messages':
      return <MessagesTab context={context} />;
    case 'settings':
      return <SettingsTab />;
    default:
      return <TopicsTab context={context} />;
  }
}

/** The language and source pickers: the words' own filters, kept in the address beside the bar's. */
function TextPickers({ view, update }: { view: WordsView; update: WordsContext['update'] }) {
  const { t } = useI18n();
  const languages = useMemo(
    () => [...WORDS_LANGUAGES, 'other' as const].map((l) => ({ value: l, label: t(`words.lang.${l}`) })),
    [t],
  );
  const kinds = useMemo(() => TEXT_KINDS.map((k) => ({ value: k, label: t(`words.kindName.${k}`) })), [t]);
  const set = (key: 'language' | 'kind', values: string[]) =>
    update((p) => {
      if (values.length) p.set(key, values.join(','));
      else p.delete(key);
      p.delete('page');
    });
  return (
    <div className="words-pickers" data-testid="words-pickers">
      <MultiPicker
        label={t('words.language')}
        testId="words-filter-language"
        options={languages}
        selected={view.language}
        onChange={(values) => set('language', values)}
      />
      <MultiPicker
        label={t('words.kind')}
        testId="words-filter-kind"
        options={kinds}
        selected={view.kind}
        onChange={(values) => set('kind', values)}
      />
    </div>
  );
}

/** No text read yet: where texts come from, and when they are read. */
export function EmptyWords() {
  const { t } = useI18n();
  return (
    <p className="state words-empty" data-testid="words-empty">
      {t('words.empty')}
    </p>
  );
}

/** The answer of a read, or its error with a retry; a refusal (403) leaves the part out. */
export function Answer<T>({
  result,
  children,
}: {
  result: ReturnType<typeof useApi<T>>;
  children: (data: T) => ReactNode;
}) {
  if (result.state === 'loading') return <Loading since={result.startedAt} />;
  if (result.state === 'error')
    return result.error.status === 403 ? null : <ErrorState error={result.error} onRetry={result.reload} />;
  return <div aria-busy={result.stale}>{children(result.data)}</div>;
}

export function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  const headingId = useId();
  return (
    <section className="panel words-section" aria-labelledby={headingId} data-testid={id}>
      <h2 id={headingId}>{title}</h2>
      {children}
    </section>
  );
}

/** The terms that stand out in a focus, and the themes, for the filter bar's period. */
export function useTopics(context: WordsContext, focus: string) {
  const key = JSON.stringify({ q: context.query, focus });
  return useApi(key, (signal) => wordsApi.topics(context.query, focus, signal));
}

/** What an action answered, kept as a message key and its counts so it follows a change of language. */
export interface Said {
  key: MessageKey;
  counts?: Record<string, number>;
}

export function SaidNotice({ said, testId }: { said: Said | null; testId?: string }) {
  const { t, locale } = useI18n();
  if (!said) return null;
  const values = Object.fromEntries(
    Object.entries(said.counts ?? {}).map(([name, n]) => [name, formatCount(locale, n)]),
  );
  return (
    <p className="notice" role="status" data-testid={testId}>
      {t(said.key, values)}
    </p>
  );
}
