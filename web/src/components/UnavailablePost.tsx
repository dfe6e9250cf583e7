import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { ApiError } from '../lib/api';
import { seesGoldenCrown, useAuth } from '../lib/auth';
import { isMissing } from '../lib/errors';
import { NotFoundPage } from '../pages/NotFound';
import { GoldenCrownInvite, LoginInvite } from './GoldenCrownInvite';
import { ErrorNote } from './ui';

/**
 * The one page for a post that cannot be shown (the API contract's visibility answers): the
 * server answers `404` alike for a post that never existed, one removed, and one the reader
 * may not see, so this page never says the post exists. It says what might open more:
 * logging in for a visitor, the Golden Crown Club for a standard member. An address whose
 * id is not an id shows the site's own "not found"; any other failure, its message.
 */
export function UnavailablePost({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const { me, signedIn } = useAuth();
  if (!isMissing(error)) return <ErrorNote error={error} />;
  // Not a post's address at all (`/posts/not-an-id`): the site's own "not found".
  if (error instanceof ApiError && error.status !== 404) return <NotFoundPage />;
  return (
    <section className="card narrow unavailable" data-testid="post-unavailable">
      <h1>{t('gated.postTitle')}</h1>
      <p>{t('gated.postWhy')}</p>
      {!signedIn && <LoginInvite text={t('gated.visitor')} />}
      {signedIn && me && !seesGoldenCrown(me) && (
        <>
          <p>{t('gated.standard')}</p>
          <GoldenCrownInvite />
        </>
      )}
      <p>
        <Link to="/">{t('common.home')}</Link>
      </p>
    </section>
  );
}

/**
 * Under a post's comments: the comment a link points to (`#comment-<id>`, as notifications
 * link) is not among them any more (removed, hidden), once every page of them is loaded.
 */
export function MissingCommentNotice({
  commentIds,
  complete,
}: {
  commentIds: readonly string[];
  complete: boolean;
}) {
  const { t } = useTranslation();
  const { hash } = useLocation();
  const wanted = /^#comment-(.+)$/.exec(hash)?.[1];
  if (!wanted || !complete || commentIds.includes(wanted)) return null;
  return (
    <p className="notice" role="status" data-testid="comment-unavailable">
      {t('gated.comment')}
    </p>
  );
}
