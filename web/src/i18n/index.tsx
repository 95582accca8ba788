import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import en from './en.js';
import { type Bundle, isKpiId, LOCALES, type Locale, type MessageKey } from './types.js';

export { LOCALE_NAMES, LOCALES, type Locale, type MessageKey } from './types.js';

const STORAGE_KEY = 'servicemeter.locale';

/** English ships in the main bundle; the others load when chosen. */
const loaders: Record<Exclude<Locale, 'en'>, () => Promise<{ default: Bundle }>> = {
  nl: () => import('./nl.js'),
  sv: () => import('./sv.js'),
  uk: () => import('./uk.js'),
  'zh-CN': () => import('./zh-CN.js'),
};

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

export async function loadBundle(locale: Locale): Promise<Bundle> {
  return locale === 'en' ? en : (await loaders[locale]()).default;
}

/** The stored choice, else the first browser language we have, else English. */
export function initialLocale(): Locale {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    if (isLocale(stored)) return stored;
  } catch {
    // Storage can be disabled; the browser languages still apply.
  }
  for (const lang of navigator.languages ?? [navigator.language]) {
    if (isLocale(lang)) return lang;
    if (lang.toLowerCase().startsWith('zh')) return 'zh-CN';
    const base = lang.split('-')[0];
    if (isLocale(base)) return base;
  }
  return 'en';
}

export function storeLocale(locale: Locale): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Not persisted before login; the user's profile still keeps it after.
  }
}

export type Params = Record<string, string | number>;

/** `{name}` placeholders; a missing parameter stays visible rather than silently empty. */
export function interpolate(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

export interface I18n {
  locale: Locale;
  t: (key: MessageKey, params?: Params) => string;
  kpiName: (id: string) => string;
  kpiDefinition: (id: string) => string;
  setLocale: (locale: Locale) => void;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({
  children,
  locale: wanted,
  onChange,
}: {
  children: ReactNode;
  locale: Locale;
  onChange: (locale: Locale) => void;
}) {
  const [state, setState] = useState<{ locale: Locale; bundle: Bundle }>({ locale: 'en', bundle: en });

  useEffect(() => {
    let live = true;
    loadBundle(wanted).then(
      (bundle) => {
        if (live) setState({ locale: wanted, bundle });
      },
      () => {
        // A chunk that failed to load (offline, new deployment) leaves the current language.
      },
    );
    document.documentElement.lang = wanted;
    return () => {
      live = false;
    };
  }, [wanted]);

  const setLocale = useCallback(
    (locale: Locale) => {
      storeLocale(locale);
      onChange(locale);
    },
    [onChange],
  );

  const value = useMemo<I18n>(() => {
    const { bundle, locale } = state;
    return {
      locale,
      t: (key, params) => interpolate(bundle.messages[key] ?? en.messages[key] ?? key, params),
      kpiName: (id) => (isKpiId(id) ? bundle.kpis[id].name : id),
      kpiDefinition: (id) => (isKpiId(id) ? bundle.kpis[id].definition : ''),
      setLocale,
    };
  }, [state, setLocale]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
