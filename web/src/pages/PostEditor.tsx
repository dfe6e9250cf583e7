import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  useEffect,
  useRef,
  useState,
  type ClipboardEvent,
  type DragEvent,
  type FormEvent,
} from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { MentionTextarea } from '../components/MentionTextarea';
import { PostPreview } from '../components/PostPreview';
import { UnavailablePost } from '../components/UnavailablePost';
import { ErrorNote, Field, Loading } from '../components/ui';
import { api } from '../lib/api';
import { seesGoldenCrown, useAuth } from '../lib/auth';
import { useDraft } from '../lib/draft';
import { VISIBILITIES, type Post, type Visibility } from '../lib/types';
import { uploadFile } from '../lib/uploads';
import '../uploads.css';

interface Draft {
  title: string;
  body: string;
  tags: string;
  visibility: Visibility;
  loaded: boolean;
}

const EMPTY: Draft = { title: '', body: '', tags: '', visibility: 'public', loaded: false };

const parseTags = (text: string): string[] =>
  [...new Set(text.split(/[,，\s]+/).map((tag) => tag.trim().toLowerCase()))].filter(Boolean);

/** Write a new post (`/write`) or edit one (`/posts/:id/edit`), with a Markdown preview. */
export function PostEditorPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [draft, setDraft, clearDraft] = useDraft<Draft>(id ? `post.edit.${id}` : 'post.new', EMPTY);
  const [tab, setTab] = useState<'write' | 'preview'>('write');
  // Golden Crown posts only for those who may read them (the server refuses the others).
  const { me } = useAuth();
  const visibilities = VISIBILITIES.filter((v) => v !== 'golden_crown' || seesGoldenCrown(me));
  const visibility = visibilities.includes(draft.visibility) ? draft.visibility : 'members';
  // Images pasted or dropped into the body: uploaded with progress, then `![](url)` added.
  const [imageProgress, setImageProgress] = useState<number | null>(null);
  const [imageError, setImageError] = useState<unknown>(null);
  const latest = useRef(draft);
  latest.current = draft;
  const addImages = async (files: File[]) => {
    const images = files.filter((file) => file.type.startsWith('image/'));
    if (images.length === 0) return false;
    setImageError(null);
    for (const file of images) {
      setImageProgress(0);
      try {
        const uploaded = await uploadFile(
          file,
          file.name || 'image.png',
          'post_image',
          setImageProgress,
        );
        const current = latest.current;
        const gap = current.body && !current.body.endsWith('\n') ? '\n\n' : '';
        setDraft({ ...current, body: `${current.body}${gap}![](${uploaded.url})\n` });
      } catch (error) {
        setImageError(error);
      }
    }
    setImageProgress(null);
    return true;
  };
  const onPaste = (event: ClipboardEvent<HTMLTextAreaElement>) => {
    const files = [...event.clipboardData.files];
    if (files.some((file) => file.type.startsWith('image/'))) {
      event.preventDefault();
      void addImages(files);
    }
  };
  const onDrop = (event: DragEvent<HTMLTextAreaElement>) => {
    const files = [...event.dataTransfer.files];
    if (files.some((file) => file.type.startsWith('image/'))) {
      event.preventDefault();
      void addImages(files);
    }
  };
  const existing = useQuery({
    queryKey: ['post', id],
    queryFn: () => api<Post>(`/posts/${id}`),
    enabled: id !== undefined,
  });

  useEffect(() => {
    if (existing.data && !draft.loaded) {
      const post = existing.data;
      setDraft({
        title: post.title,
        body: post.body,
        tags: post.tags.join(', '),
        visibility: post.visibility,
        loaded: true,
      });
    }
  }, [existing.data, draft.loaded, setDraft]);

  const save = useMutation({
    mutationFn: () => {
      const body = {
        title: draft.title.trim(),
        body: draft.body,
        tags: parseTags(draft.tags),
        visibility,
      };
      return id
        ? api<Post>(`/posts/${id}`, { method: 'PATCH', body })
        : api<Post>('/posts', { method: 'POST', body });
    },
    onSuccess: (post) => {
      clearDraft();
      queryClient.setQueryData(['post', post.id], post);
      void queryClient.invalidateQueries({ queryKey: ['posts'] });
      void queryClient.invalidateQueries({ queryKey: ['tags'] });
      void navigate(`/posts/${post.id}`);
    },
  });

  if (id && existing.isPending) return <Loading />;
  if (id && existing.isError) return <UnavailablePost error={existing.error} />;

  const update = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch, loaded: true });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };

  return (
    <section className="card narrow">
      <h1>{id ? t('editor.editTitle') : t('editor.newTitle')}</h1>
      <form onSubmit={submit} className="form">
        <Field label={t('editor.titleLabel')}>
          {(fieldId) => (
            <input
              id={fieldId}
              name="title"
              required
              maxLength={200}
              value={draft.title}
              onChange={(event) => update({ title: event.target.value })}
            />
          )}
        </Field>
        <div className="tabs" role="tablist" aria-label="Markdown">
          <button
            type="button"
            role="tab"
            aria-selected={tab === 'write'}
            onClick={() => setTab('write')}
          >
            {t('editor.write')}
          </button>
          <button
            type="button"
            role="tab"
            aria-selected={tab === 'preview'}
            onClick={() => setTab('preview')}
          >
            {t('editor.preview')}
          </button>
        </div>
        {tab === 'write' ? (
          <Field label={t('editor.bodyLabel')} hint={t('editor.draftKept')}>
            {(fieldId, hintId) => (
              <MentionTextarea
                id={fieldId}
                name="body"
                required
                rows={14}
                maxLength={32000}
                aria-describedby={hintId}
                value={draft.body}
                onValueChange={(body) => update({ body })}
                onPaste={onPaste}
                onDrop={onDrop}
              />
            )}
          </Field>
        ) : null}
        {tab === 'write' ? (
          <div className="stack">
            <p className="muted">{t('uploads.editorHint')}</p>
            <label className="button">
              {t('uploads.addImage')}
              <input
                type="file"
                accept="image/jpeg,image/png,image/webp,image/gif"
                multiple
                className="visually-hidden"
                data-testid="editor-image-input"
                onChange={(event) => {
                  const files = [...(event.target.files ?? [])];
                  event.target.value = '';
                  void addImages(files);
                }}
              />
            </label>
            {imageProgress !== null && (
              <div className="upload-progress" role="status">
                <span>{t('uploads.uploading')}</span>
                <progress max={1} value={imageProgress} />
              </div>
            )}
            {imageError !== null && <ErrorNote error={imageError} />}
          </div>
        ) : (
          <div className="preview card" role="tabpanel" aria-live="polite">
            {draft.body.trim() ? (
              <PostPreview source={draft.body} postId={id} />
            ) : (
              <p className="muted">{t('editor.emptyPreview')}</p>
            )}
          </div>
        )}
        <Field label={t('editor.tagsLabel')}>
          {(fieldId) => (
            <input
              id={fieldId}
              name="tags"
              value={draft.tags}
              onChange={(event) => update({ tags: event.target.value })}
            />
          )}
        </Field>
        <Field label={t('editor.visibilityLabel')}>
          {(fieldId) => (
            <select
              id={fieldId}
              name="visibility"
              value={visibility}
              onChange={(event) => update({ visibility: event.target.value as Visibility })}
            >
              {visibilities.map((option) => (
                <option key={option} value={option}>
                  {t(`visibility.${option}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <ErrorNote error={save.error} />
        <div className="actions">
          <button type="submit" disabled={save.isPending}>
            {id ? t('common.save') : t('editor.publish')}
          </button>
        </div>
      </form>
    </section>
  );
}
