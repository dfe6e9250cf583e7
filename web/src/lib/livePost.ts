import { useQueryClient, type InfiniteData, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useSocket } from './socket';
import type { Comment, Page, Post } from './types';

/** The query keys of an open post and of its comments (see pages/Post.tsx). */
export const postKey = (postId: string) => ['post', postId] as const;
export const commentsKey = (postId: string) => ['post', postId, 'comments'] as const;

type CommentPages = InfiniteData<Page<Comment>, string | undefined>;

/**
 * Puts a comment into the cached comment pages: replaces the one with its id (an edit), or
 * appends a new one to the last page once every page is loaded (otherwise "load more" brings
 * it). Never twice: the writer's own comment also comes back over the socket.
 */
export function mergeComment(queryClient: QueryClient, comment: Comment): void {
  queryClient.setQueryData<CommentPages>(commentsKey(comment.postId), (data) => {
    if (!data) return data;
    const known = data.pages.some((page) => page.items.some((item) => item.id === comment.id));
    if (known) {
      return {
        ...data,
        pages: data.pages.map((page) => ({
          ...page,
          items: page.items.map((item) => (item.id === comment.id ? comment : item)),
        })),
      };
    }
    const last = data.pages[data.pages.length - 1];
    if (!last || last.nextCursor) return data;
    return {
      ...data,
      pages: [...data.pages.slice(0, -1), { ...last, items: [...last.items, comment] }],
    };
  });
}

/**
 * Follows an open post while the socket is connected: new comments and like counts arrive
 * live (`post:watch`). Watched again after every reconnection; then the comments are read
 * again if what is cached is older than the watch, so a comment written in between is not
 * missed. Visitors have no socket: their page stays as loaded.
 */
export function useLivePost(postId: string, enabled: boolean): void {
  const { socket, connected } = useSocket();
  const queryClient = useQueryClient();

  useEffect(() => {
    if (!socket || !connected || !enabled) return;
    const onComment = (comment: Comment) => {
      if (comment.postId === postId) mergeComment(queryClient, comment);
    };
    const onLikes = (event: { postId: string; likeCount: number }) => {
      if (event.postId !== postId) return;
      queryClient.setQueryData<Post>(postKey(postId), (post) =>
        post ? { ...post, likeCount: event.likeCount } : post,
      );
    };
    socket.on('comment:new', onComment);
    socket.on('post:likes', onLikes);
    const watchedAt = Date.now();
    socket.emit('post:watch', { postId }, (ack) => {
      const cached = queryClient.getQueryState(commentsKey(postId))?.dataUpdatedAt ?? 0;
      if (ack.ok && cached > 0 && cached < watchedAt) {
        void queryClient.invalidateQueries({ queryKey: commentsKey(postId), exact: true });
      }
    });
    return () => {
      socket.off('comment:new', onComment);
      socket.off('post:likes', onLikes);
      if (socket.connected) socket.emit('post:unwatch', { postId }, () => undefined);
    };
  }, [socket, connected, enabled, postId, queryClient]);
}
