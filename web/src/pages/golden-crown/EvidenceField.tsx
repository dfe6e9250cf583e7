import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PrivateFileLink } from '../../components/Prose';
import { ErrorNote } from '../../components/ui';
import { formatBytes } from '../../lib/format';
import { uploadFile, type UploadedFile } from '../../lib/uploads';

/** Files an application may cite (the server's limit). */
export const EVIDENCE_MAX = 5;

/**
 * Proof of turnover for a Golden Crown application: up to five PDFs or images, uploaded as
 * `application_evidence` (only the applicant and moderators can open them) with progress.
 */
export function EvidenceField({
  files,
  retentionDays,
  onChange,
}: {
  files: UploadedFile[];
  retentionDays: number;
  onChange: (files: UploadedFile[]) => void;
}) {
  const { t, i18n } = useTranslation();
  const inputId = useId();
  const hintId = useId();
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);

  const add = async (chosen: FileList | null) => {
    if (!chosen) return;
    setError(null);
    let next = files;
    for (const file of [...chosen].slice(0, EVIDENCE_MAX - files.length)) {
      try {
        setProgress(0);
        const uploaded = await uploadFile(file, file.name, 'application_evidence', setProgress);
        next = [...next, uploaded];
        onChange(next);
      } catch (failure) {
        setError(failure);
        break;
      } finally {
        setProgress(null);
      }
    }
  };

  return (
    <fieldset className="field evidence">
      <legend>{t('gc.evidence')}</legend>
      <p className="muted" id={hintId}>
        {t('gc.evidenceHint', { max: EVIDENCE_MAX, days: retentionDays })}
      </p>
      {files.length > 0 && (
        <ul className="evidence-files" data-testid="evidence-files">
          {files.map((file, index) => (
            <li key={file.id}>
              <PrivateFileLink url={file.url}>
                {t('gc.evidenceFile', { n: index + 1 })}
              </PrivateFileLink>{' '}
              <span className="muted">
                {file.contentType === 'application/pdf' ? 'PDF' : t('gc.evidenceImage')} ·{' '}
                {formatBytes(file.bytes, i18n.language)}
              </span>{' '}
              <button
                type="button"
                className="secondary small"
                onClick={() => onChange(files.filter((other) => other.id !== file.id))}
              >
                {t('gc.evidenceRemove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {files.length < EVIDENCE_MAX && (
        <label htmlFor={inputId} className="button secondary small">
          {t('gc.evidenceAdd')}
          <input
            id={inputId}
            className="sr-only"
            type="file"
            multiple
            accept="application/pdf,image/jpeg,image/png,image/webp,image/gif"
            aria-describedby={hintId}
            disabled={progress !== null}
            onChange={(event) => {
              void add(event.target.files);
              event.target.value = '';
            }}
          />
        </label>
      )}
      {progress !== null && (
        <progress max={1} value={progress} aria-label={t('gc.evidenceUploading')} />
      )}
      <ErrorNote error={error} />
    </fieldset>
  );
}
