import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api } from '../lib/api';
import type { PostPreview as PreviewAnswer } from '../lib/types';
import { Prose } from './Prose';
import { ErrorNote, Loading } from './ui';

/** How long the text must rest before the server renders it again. */
const DEBOUNCE_MS = 400;

/** `value`, once it has stopped changing for `delay` ms (the first value at once). */
function useDebounced<T>(value: T, delay: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return settled;
}

/**
 * The editor's preview: the server renders the Markdown with the same renderer and sanitizer
 * as publishing (`POST /api/posts/preview`), so what is shown is what will be stored. With
 * `postId` (an edit) it renders as that post's author's edit would be, so a moderator editing
 * another's post sees the author's pictures as the saved post will show them.
 */
export function PostPreview({ source, postId }: { source: string; postId?: string }) {
  const body = useDebounced(source, DEBOUNCE_MS);
  const preview = useQuery({
    queryKey: ['post-preview', postId ?? null, body],
    queryFn: () =>
      api<PreviewAnswer>('/posts/preview', {
        method: 'POST',
        body: { body, ...(postId ? { postId } : {}) },
      }),
    staleTime: Infinity,
  });
  if (preview.isPending) return <Loading />;
  if (preview.isError) return <ErrorNote error={preview.error} />;
  // Sanitized on the server, as a published post's bodyHtml is. The author's pictures may
  // belong to no post yet (readable by them only): always read with the session.
  return <Prose html={preview.data.bodyHtml} privateImages />;
}
