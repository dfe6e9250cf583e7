import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The tab's title: "<title> · 老高电商圈", or the site's name alone while `title` is not known
 * yet (a post still loading). A page sets it once; the next page sets its own.
 */
export function useDocumentTitle(title: string | undefined): void {
  const { t } = useTranslation();
  const site = t('app.name');
  useEffect(() => {
    document.title = title ? `${title} · ${site}` : site;
  }, [title, site]);
}
