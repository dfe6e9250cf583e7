import { useTranslation } from 'react-i18next';
import { useAuth } from '../lib/auth';
import { useBookmark } from '../lib/network';

/** Keeps a post to read again (members only); pressed while bookmarked. */
export function BookmarkButton({ postId, bookmarked }: { postId: string; bookmarked: boolean }) {
  const { t } = useTranslation();
  const { signedIn } = useAuth();
  const bookmark = useBookmark(postId);
  if (!signedIn) return null;
  return (
    <button
      type="button"
      className={bookmarked ? 'bookmark small liked' : 'bookmark small secondary'}
      aria-pressed={bookmarked}
      aria-label={bookmarked ? t('network.unbookmark') : t('network.bookmark')}
      title={bookmarked ? t('network.unbookmark') : t('network.bookmark')}
      disabled={bookmark.isPending}
      data-testid="bookmark-post"
      onClick={() => bookmark.mutate(!bookmarked)}
    >
      {bookmarked ? '★' : '☆'}{' '}
      <span className="bookmark-label">
        {bookmarked ? t('network.bookmarked') : t('network.bookmark')}
      </span>
    </button>
  );
}
