import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <section className="card center">
      <h1>404</h1>
      <p>{t('common.notFound')}</p>
      <Link to="/">{t('common.home')}</Link>
    </section>
  );
}
