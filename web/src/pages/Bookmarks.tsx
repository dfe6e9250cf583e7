import { useTranslation } from 'react-i18next';
import { PostList } from '../components/PostList';

/** The posts the member bookmarked and still may read, the latest bookmark first. */
export function BookmarksPage() {
  const { t } = useTranslation();
  return (
    <div className="stack">
      <h1>{t('network.bookmarks')}</h1>
      <PostList path="/members/me/bookmarks" filter={{}} emptyText={t('network.noBookmarks')} />
    </div>
  );
}
