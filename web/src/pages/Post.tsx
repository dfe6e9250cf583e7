import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { Avatar } from '../components/Avatar';
import { Prose } from '../components/Prose';
import { MentionTextarea } from '../components/MentionTextarea';
import { ReportButton } from '../components/ReportButton';
import { MissingCommentNotice, UnavailablePost } from '../components/UnavailablePost';
import { Empty, ErrorNote, Field, Loading, TierBadge } from '../components/ui';
import { api } from '../lib/api';
import { isModerator, useAuth } from '../lib/auth';
import { useDraft } from '../lib/draft';
import { formatDate } from '../lib/format';
import { mergeComment, useLivePost } from '../lib/livePost';
import { useDocumentTitle } from '../lib/title';
import type { Comment, LikeState, Page, Post, PostSummary } from '../lib/types';
import { BookmarkButton } from '../components/BookmarkButton';

export function PostPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const { me, signedIn } = useAuth();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const post = useQuery({ queryKey: ['post', id], queryFn: () => api<Post>(`/posts/${id}`) });
  useDocumentTitle(post.data?.title);
  useLivePost(id, post.isSuccess);
  const related = useQuery({
    queryKey: ['post', id, 'related'],
    queryFn: () => api<Page<PostSummary>>(`/posts/${id}/related`),
    enabled: post.isSuccess,
  });
  const like = useMutation({
    mutationFn: (liked: boolean) =>
      api<LikeState>(`/posts/${id}/like`, { method: liked ? 'DELETE' : 'PUT' }),
    onSuccess: (state) =>
      queryClient.setQueryData<Post>(['post', id], (old) => (old ? { ...old, ...state } : old)),
  });
  const remove = useMutation({
    mutationFn: () => api(`/posts/${id}`, { method: 'DELETE' }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['posts'] });
      void navigate('/');
    },
  });
  const restore = useMutation({
    mutationFn: () => api<Post>(`/posts/${id}/restore`, { method: 'POST' }),
    onSuccess: (restored) => queryClient.setQueryData(['post', id], restored),
  });

  if (post.isPending) return <Loading />;
  if (post.isError) return <UnavailablePost error={post.error} />;
  const p = post.data;
  const mayEdit = me && (me.id === p.author.id || isModerator(me));
  // Its pictures are served only to who may see it: read with the session.
  const privateImages = signedIn && p.visibility !== 'public';

  return (
    <div className="with-aside">
      <article className="card post">
        <h1>{p.title}</h1>
        <p className="meta">
          <Avatar name={p.author.displayName} url={p.author.avatarUrl} size={32} />
          <Link to={`/members/${p.author.id}`}>{p.author.displayName}</Link>
          <TierBadge tier={p.author.tier} />
          {p.author.operatorType && (
            <span className="muted">{t(`operatorTypes.${p.author.operatorType}`)}</span>
          )}
          <time dateTime={p.createdAt}>{formatDate(p.createdAt, i18n.language)}</time>
          {p.editedAt && (
            <span className="muted">
              {t('post.edited', { date: formatDate(p.editedAt, i18n.language) })}
            </span>
          )}
          {p.visibility !== 'public' && (
            <span className="badge">
              {t('post.visibility', { v: t(`visibility.${p.visibility}`) })}
            </span>
          )}
          {p.deleted && <span className="badge danger">{t('post.deleted')}</span>}
          {p.hidden && <span className="badge danger">{t('post.hidden')}</span>}
        </p>
        <Prose html={p.bodyHtml} privateImages={privateImages} />
        <p className="meta">
          {p.tags.map((tag) => (
            <Link key={tag} className="tag" to={`/?tag=${encodeURIComponent(tag)}`}>
              #{tag}
            </Link>
          ))}
        </p>
        <div className="actions">
          {signedIn ? (
            <button
              type="button"
              className={p.likedByMe ? 'liked' : 'secondary'}
              aria-pressed={p.likedByMe}
              disabled={like.isPending}
              onClick={() => like.mutate(p.likedByMe)}
            >
              ♥ {p.likedByMe ? t('post.unlike') : t('post.like')} · {p.likeCount}
            </button>
          ) : (
            <span className="muted">
              ♥ {p.likeCount} ·{' '}
              <Link to={`/login?next=/posts/${id}`}>{t('post.loginToComment')}</Link>
            </span>
          )}
          <BookmarkButton postId={p.id} bookmarked={p.bookmarkedByMe} />
          {mayEdit && (
            <>
              <Link className="button secondary" to={`/posts/${id}/edit`}>
                {t('common.edit')}
              </Link>
              <button
                type="button"
                className="secondary"
                onClick={() => window.confirm(t('post.deleteConfirm')) && remove.mutate()}
              >
                {t('common.delete')}
              </button>
            </>
          )}
          {isModerator(me) && (p.deleted || p.hidden) && (
            <button type="button" onClick={() => restore.mutate()}>
              {t('post.restore')}
            </button>
          )}
          {signedIn && me?.id !== p.author.id && <ReportButton targetType="post" targetId={id} />}
        </div>
        <ErrorNote error={like.error ?? remove.error ?? restore.error} />
        <Comments postId={id} privateImages={privateImages} />
      </article>
      <aside aria-labelledby="related-heading">
        <h2 id="related-heading">{t('post.related')}</h2>
        {related.isPending ? (
          <Loading />
        ) : related.data && related.data.items.length > 0 ? (
          <ul className="related" data-testid="related">
            {related.data.items.map((item) => (
              <li key={item.id}>
                <Link to={`/posts/${item.id}`}>{item.title}</Link>
                <small className="muted"> · {item.author.displayName}</small>
              </li>
            ))}
          </ul>
        ) : (
          <Empty>{t('post.noRelated')}</Empty>
        )}
      </aside>
    </div>
  );
}

function Comments({ postId, privateImages }: { postId: string; privateImages: boolean }) {
  const { t } = useTranslation();
  const { signedIn } = useAuth();
  const comments = useInfiniteQuery({
    queryKey: ['post', postId, 'comments'],
    queryFn: ({ pageParam }) =>
      api<Page<Comment>>(`/posts/${postId}/comments`, {
        query: { cursor: pageParam, limit: 100 },
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const [replyTo, setReplyTo] = useState<Comment | null>(null);

  const items = comments.data?.pages.flatMap((page) => page.items) ?? [];
  const topLevel = items.filter((comment) => comment.parentId === null);
  const byId = new Map(items.map((comment) => [comment.id, comment]));
  const rootOf = (comment: Comment): string => {
    let current = comment;
    for (let hops = 0; current.parentId && hops < 50; hops += 1) {
      const parent = byId.get(current.parentId);
      if (!parent) break;
      current = parent;
    }
    return current.id;
  };
  const replies = (rootId: string) =>
    items.filter((comment) => comment.parentId !== null && rootOf(comment) === rootId);

  return (
    <section className="comments" aria-labelledby="comments-heading">
      <h2 id="comments-heading">{t('post.comments')}</h2>
      {comments.isPending && <Loading />}
      {comments.isError && <ErrorNote error={comments.error} />}
      {comments.isSuccess && items.length === 0 && <Empty>{t('post.noComments')}</Empty>}
      <MissingCommentNotice
        commentIds={items.map((comment) => comment.id)}
        complete={comments.isSuccess && !comments.hasNextPage}
      />
      <ol className="comment-list">
        {topLevel.map((comment) => (
          <li key={comment.id}>
            <CommentView
              comment={comment}
              privateImages={privateImages}
              onReply={signedIn ? setReplyTo : undefined}
            />
            {replies(comment.id).length > 0 && (
              <ol className="comment-list replies">
                {replies(comment.id).map((reply) => (
                  <li key={reply.id}>
                    <CommentView
                      comment={reply}
                      privateImages={privateImages}
                      onReply={signedIn ? setReplyTo : undefined}
                    />
                  </li>
                ))}
              </ol>
            )}
            {replyTo && rootOf(replyTo) === comment.id && (
              <CommentForm postId={postId} parent={replyTo} onDone={() => setReplyTo(null)} />
            )}
          </li>
        ))}
      </ol>
      {comments.hasNextPage && (
        <button type="button" className="secondary" onClick={() => void comments.fetchNextPage()}>
          {t('common.loadMore')}
        </button>
      )}
      {signedIn ? (
        <CommentForm postId={postId} />
      ) : (
        <p className="muted">
          <Link to={`/login?next=/posts/${postId}`}>{t('post.loginToComment')}</Link>
        </p>
      )}
    </section>
  );
}

function CommentView({
  comment,
  privateImages,
  onReply,
}: {
  comment: Comment;
  /** The post is not public: pictures are read with the session. */
  privateImages: boolean;
  onReply?: (comment: Comment) => void;
}) {
  const { t, i18n } = useTranslation();
  const { me } = useAuth();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => api(`/comments/${comment.id}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['post', comment.postId] }),
  });
  const mayDelete = me && (me.id === comment.author.id || isModerator(me));
  const [editing, setEditing] = useState(false);
  // A notification links here as `#comment-<id>`.
  const anchor = `comment-${comment.id}`;
  const { hash } = useLocation();
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (hash === `#${anchor}`) element.current?.scrollIntoView({ block: 'center' });
  }, [hash, anchor]);
  return (
    <div
      className={hash === `#${anchor}` ? 'comment target' : 'comment'}
      id={anchor}
      ref={element}
      data-testid="comment"
    >
      <p className="meta">
        <Avatar name={comment.author.displayName} url={comment.author.avatarUrl} size={24} />
        <Link to={`/members/${comment.author.id}`}>{comment.author.displayName}</Link>
        <TierBadge tier={comment.author.tier} />
        <time dateTime={comment.createdAt}>{formatDate(comment.createdAt, i18n.language)}</time>
        {comment.editedAt && (
          <span className="muted" title={formatDate(comment.editedAt, i18n.language)}>
            {t('post.commentEdited')}
          </span>
        )}
        {(comment.deleted || comment.hidden) && (
          <span className="badge danger">
            {comment.hidden ? t('post.hidden') : t('post.deleted')}
          </span>
        )}
      </p>
      {editing ? (
        <CommentEditForm comment={comment} onDone={() => setEditing(false)} />
      ) : (
        <Prose html={comment.bodyHtml} privateImages={privateImages} />
      )}
      {!editing && (
        <div className="actions small">
          {onReply && (
            <button type="button" className="link" onClick={() => onReply(comment)}>
              {t('post.reply')}
            </button>
          )}
          {me?.id === comment.author.id && (
            <button type="button" className="link" onClick={() => setEditing(true)}>
              {t('common.edit')}
            </button>
          )}
          {mayDelete && (
            <button type="button" className="link" onClick={() => remove.mutate()}>
              {t('common.delete')}
            </button>
          )}
          {me && me.id !== comment.author.id && (
            <ReportButton targetType="comment" targetId={comment.id} />
          )}
        </div>
      )}
      <ErrorNote error={remove.error} />
    </div>
  );
}

/** The author changes their comment in place (`PATCH /api/comments/:id`). */
function CommentEditForm({ comment, onDone }: { comment: Comment; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [body, setBody] = useState(comment.body);
  const save = useMutation({
    mutationFn: () =>
      api<Comment>(`/comments/${comment.id}`, { method: 'PATCH', body: { body: body.trim() } }),
    onSuccess: (saved) => {
      mergeComment(queryClient, saved);
      onDone();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <form className="comment-form" onSubmit={submit}>
      <Field label={t('post.editCommentLabel')}>
        {(id) => (
          <MentionTextarea
            id={id}
            rows={3}
            required
            maxLength={10000}
            value={body}
            onValueChange={setBody}
          />
        )}
      </Field>
      <ErrorNote error={save.error} />
      <div className="actions">
        <button type="submit" disabled={save.isPending || body.trim() === ''}>
          {t('common.save')}
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

function CommentForm({
  postId,
  parent,
  onDone,
}: {
  postId: string;
  parent?: Comment;
  onDone?: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [body, setBody, clearDraft] = useDraft(`comment.${postId}.${parent?.id ?? 'top'}`, '');
  const send = useMutation({
    mutationFn: () =>
      api<Comment>(`/posts/${postId}/comments`, {
        method: 'POST',
        body: { body: body.trim(), ...(parent ? { parentId: parent.id } : {}) },
      }),
    onSuccess: () => {
      setBody('');
      clearDraft();
      void queryClient.invalidateQueries({ queryKey: ['post', postId] });
      onDone?.();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    send.mutate();
  };
  return (
    <form className="comment-form" onSubmit={submit}>
      <Field
        label={
          parent
            ? t('post.replyLabel', { name: parent.author.displayName })
            : t('post.commentLabel')
        }
      >
        {(id) => (
          <MentionTextarea
            id={id}
            rows={3}
            required
            maxLength={10000}
            value={body}
            onValueChange={setBody}
          />
        )}
      </Field>
      <ErrorNote error={send.error} />
      <div className="actions">
        <button type="submit" disabled={send.isPending || body.trim() === ''}>
          {parent ? t('post.reply') : t('post.commentSubmit')}
        </button>
        {onDone && (
          <button type="button" className="secondary" onClick={onDone}>
            {t('common.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
