import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../lib/api';
import type { ReportTarget } from '../lib/types';
import { ErrorNote, Field } from './ui';

/** "Report" opens a small form in place; the reason goes to `POST /api/reports`. */
export function ReportButton({
  targetType,
  targetId,
}: {
  targetType: ReportTarget;
  targetId: string;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const report = useMutation({
    mutationFn: () =>
      api('/reports', { method: 'POST', body: { targetType, targetId, reason: reason.trim() } }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    report.mutate();
  };
  if (report.isSuccess) return <span className="ok">{t('report.sent')}</span>;
  if (!open) {
    return (
      <button type="button" className="link" onClick={() => setOpen(true)}>
        {t('post.report')}
      </button>
    );
  }
  return (
    <form className="inline-form card" onSubmit={submit} aria-label={t('report.title')}>
      <Field label={t('report.reasonLabel')}>
        {(id) => (
          <textarea
            id={id}
            required
            maxLength={1000}
            rows={2}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
          />
        )}
      </Field>
      <ErrorNote error={report.error} />
      <div className="actions">
        <button type="submit" disabled={report.isPending || reason.trim() === ''}>
          {t('report.send')}
        </button>
        <button type="button" className="secondary" onClick={() => setOpen(false)}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
