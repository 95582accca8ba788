import type { I18n } from './i18n/index.js';

/** A problem's headline in the reader's language, by its status; the server's own words follow it. */
export function problemTitle(t: I18n['t'], error: { status?: number; title: string }): string {
  const status = error.status;
  if (status === undefined) return error.title;
  if (status === 0) return t('error.network');
  if (status === 401) return t('error.signIn');
  if (status === 403) return t('error.forbidden');
  if (status === 404) return t('error.notFound');
  if (status === 409) return t('error.conflict');
  if (status === 429) return t('error.tooMany');
  if (status >= 500) return t('error.server');
  if (status >= 400) return t('error.badRequest');
  return error.title;
}
