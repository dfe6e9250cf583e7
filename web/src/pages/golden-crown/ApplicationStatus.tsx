import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorNote } from '../../components/ui';
import { api } from '../../lib/api';
import { formatCny, formatDate } from '../../lib/format';
import type { Application } from '../../lib/types';

/** One of the member's applications: its status, its timeline, the reason, withdraw. */
export function ApplicationStatus({ application }: { application: Application }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const withdraw = useMutation({
    mutationFn: () =>
      api<Application>(`/membership/applications/${application.id}/withdraw`, { method: 'POST' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['applications'] }),
  });
  return (
    <article className={`application status-${application.status}`} data-testid="application">
      <p className="row between">
        <strong className={`status-label ${application.status}`} data-testid="application-status">
          {t(`gc.status.${application.status}`)}
        </strong>
        <span className="muted">
          {application.companyName} · {formatCny(application.annualTurnoverCny, i18n.language)}
        </span>
      </p>
      <ol className="timeline">
        {application.history.map((step, index) => (
          <li key={index} className={step.status}>
            <span>{t(`gc.status.${step.status}`)}</span>{' '}
            <time className="muted" dateTime={step.at}>
              {formatDate(step.at, i18n.language)}
            </time>
          </li>
        ))}
      </ol>
      {application.decisionReason && (
        <p>{t('gc.reason', { reason: application.decisionReason })}</p>
      )}
      {application.status === 'pending' && (
        <button
          type="button"
          className="secondary"
          disabled={withdraw.isPending}
          onClick={() => window.confirm(t('gc.withdrawConfirm')) && withdraw.mutate()}
        >
          {t('gc.withdraw')}
        </button>
      )}
      <ErrorNote error={withdraw.error} />
    </article>
  );
}
