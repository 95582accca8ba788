import { usePageTitle } from '../components/Layout.js';
import { useI18n } from '../i18n/index.js';
import { Link } from '../router.js';

export function NotFound() {
  const { t } = useI18n();
  usePageTitle(t('notFound.title'));
  return (
    <>
      <h1>{t('notFound.title')}</h1>
      <p>
        <Link to="/">{t('notFound.back')}</Link>
      </p>
    </>
  );
}
