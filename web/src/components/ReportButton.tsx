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
  if (!open) {
    return (
      <button type="button" className="link" onClick={() => setOpen(true)}>
        {t('post.report')}
      </button>
    );
  }
  return <ReportForm targetType={targetType} targetId={targetId} onClose={() => setOpen(false)} />;
}

/** The report form: a reason, sent to `POST /api/reports`; then a thank-you in its place. */
export function ReportForm({
  targetType,
  targetId,
  onClose,
}: {
  targetType: ReportTarget;
  targetId: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const report = useMutation({
    mutationFn: () =>
      api('/reports', { method: 'POST', body: { targetType, targetId, reason: reason.trim() } }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    report.mutate();
  };
  if (report.isSuccess) {
    return (
      <span className="ok" role="status">
        {t('report.sent')}
      </span>
    );
  }
  return (
    <form className="inline-form card" onSubmit={submit} aria-label={t('report.title')}>
      <Field label={t('report.reasonLabel')}>
        {(id) => (
          <textarea
            id={id}
            required
            autoFocus
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
        <button type="button" className="secondary" onClick={onClose}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
