import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from './api';
import type { components } from './api-schema';

type Schemas = components['schemas'];
export type FollowState = Schemas['FollowStateDto'];
export type BookmarkState = Schemas['BookmarkStateDto'];
export type DirectoryMember = Schemas['PublicProfileDto'];

/** Follows or unfollows a member; every cached view of them (profile, lists) is refreshed. */
export function useFollow(memberId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (follow: boolean) =>
      api<FollowState>(`/members/${memberId}/follow`, { method: follow ? 'PUT' : 'DELETE' }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['member', memberId] });
      void queryClient.invalidateQueries({ queryKey: ['members'] });
      void queryClient.invalidateQueries({ queryKey: ['posts'] });
      void queryClient.invalidateQueries({ queryKey: ['me'] });
    },
  });
}

/** Bookmarks or un-bookmarks a post; lists of posts and the bookmarks page are refreshed. */
export function useBookmark(postId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (bookmark: boolean) =>
      api<BookmarkState>(`/posts/${postId}/bookmark`, { method: bookmark ? 'PUT' : 'DELETE' }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['posts'] });
      void queryClient.invalidateQueries({ queryKey: ['post', postId] });
      void queryClient.invalidateQueries({ queryKey: ['bookmarks'] });
    },
  });
}
