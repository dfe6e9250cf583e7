import { useQueryClient } from '@tanstack/react-query';
import { useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Avatar } from '../../components/Avatar';
import { ErrorNote } from '../../components/ui';
import { useAuth } from '../../lib/auth';
import { squareCrop, uploadFile } from '../../lib/uploads';

/** Settings: the profile picture, cropped to a square from the centre, with progress. */
export function AvatarSettings() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  if (!me) return null;
  const choose = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setError(null);
    setProgress(0);
    try {
      const square = await squareCrop(file);
      await uploadFile(square, 'avatar.png', 'avatar', setProgress);
      await queryClient.invalidateQueries({ queryKey: ['me'] });
    } catch (caught) {
      setError(caught);
    } finally {
      setProgress(null);
    }
  };
  return (
    <section className="card stack" aria-labelledby="avatar-heading">
      <h2 id="avatar-heading">{t('uploads.avatarTitle')}</h2>
      <div className="avatar-row">
        <Avatar name={me.displayName} url={me.avatarUrl} size={96} />
        <label className="button">
          {t('uploads.chooseAvatar')}
          <input
            type="file"
            accept="image/jpeg,image/png,image/webp,image/gif"
            className="visually-hidden"
            data-testid="avatar-input"
            onChange={(event) => void choose(event)}
          />
        </label>
      </div>
      <p className="muted">{t('uploads.avatarHint')}</p>
      {progress !== null && (
        <progress max={1} value={progress} aria-label={t('uploads.uploading')} />
      )}
      {error !== null && <ErrorNote error={error} />}
    </section>
  );
}
