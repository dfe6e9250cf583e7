import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Empty, ErrorNote, Loading } from '../components/ui';
import { api } from '../lib/api';
import { isModerator, useAuth } from '../lib/auth';
import { formatCny, formatDate } from '../lib/format';
import { roomName } from '../lib/rooms';
import type { Application, GoldenCrownRules, MyApplications } from '../lib/types';
import { ApplicationForm } from './golden-crown/ApplicationForm';
import { ApplicationStatus } from './golden-crown/ApplicationStatus';
import { useRooms } from './Rooms';

export function GoldenCrownPage() {
  const { t, i18n } = useTranslation();
  const { me, signedIn } = useAuth();
  const rules = useQuery({
    queryKey: ['gc-rules'],
    queryFn: () => api<GoldenCrownRules>('/membership/golden-crown/rules'),
    staleTime: 300_000,
  });
  const mine = useQuery({
    queryKey: ['applications', 'mine'],
    queryFn: () => api<MyApplications>('/membership/applications/mine'),
    enabled: signedIn,
  });
  const rooms = useRooms(signedIn);
  const lounge = rooms.data?.items.find((room) => room.kind === 'golden_crown');
  const min = rules.data ? formatCny(rules.data.minAnnualTurnoverCny, i18n.language) : '…';
  const applications = mine.data?.items ?? [];
  const open = applications.some((application) => application.status === 'pending');
  const member = me?.tier === 'golden_crown';
  const until = me?.goldenCrownUntil ?? null;
  // The renewal window opens 60 days before the end (the server decides; this only shows it).
  const renewFrom = until ? new Date(Date.parse(until) - 60 * 24 * 60 * 60 * 1000) : null;
  const renewable = member && renewFrom !== null && Date.now() >= renewFrom.getTime();
  const lapsed = !member && until !== null && Date.parse(until) <= Date.now();
  // After a rejection the server says until when a new application would be refused.
  const reapplyAt = mine.data?.reapplyAt ?? null;
  const [submitted, setSubmitted] = useState<Application | null>(null);
  const waiting = applications.some(
    (application) => application.id === submitted?.id && application.status === 'pending',
  );

  return (
    <div className="stack narrow">
      <section className="card gold-card">
        <h1>♛ {t('gc.title')}</h1>
        <p>{t('gc.intro', { min })}</p>
        {rules.isError && <ErrorNote error={rules.error} />}
        <h2>{t('gc.rulesTitle')}</h2>
        <ol className="rules" data-testid="gc-rules">
          <li>{t('gc.ruleTurnover', { min })}</li>
          <li>{t('gc.ruleDecisionMaker')}</li>
          <li>{t('gc.ruleProvider')}</li>
        </ol>
        {rules.data && (
          <p className="muted">{t('gc.reapply', { days: rules.data.reapplyAfterDays })}</p>
        )}
      </section>

      {(member || (isModerator(me) && lounge)) && (
        <section className="card" data-testid="gc-lounge">
          {member && <p className="ok">{t('gc.alreadyMember')}</p>}
          {member && until && (
            <p data-testid="gc-term">
              {t('gc.termUntil', { date: formatDate(until, i18n.language) })}{' '}
              {renewFrom &&
                (renewable
                  ? t('gc.renewNow')
                  : t('gc.renewFrom', {
                      date: formatDate(renewFrom.toISOString(), i18n.language),
                    }))}
            </p>
          )}
          {lounge && (
            <Link className="button" to={`/rooms/${lounge.id}`}>
              ♛ {t('gc.openLounge')}: {roomName(lounge, t)}
            </Link>
          )}
        </section>
      )}

      {lapsed && until && (
        <section className="card notice" data-testid="gc-lapsed">
          <p>{t('gc.lapsed', { date: formatDate(until, i18n.language) })}</p>
        </section>
      )}

      {!signedIn && (
        <section className="card">
          <Link to="/login?next=/golden-crown">{t('gc.loginToApply')}</Link>
        </section>
      )}

      {signedIn && (
        <section className="card" aria-labelledby="status-heading">
          <h2 id="status-heading">{t('gc.statusTitle')}</h2>
          {submitted && waiting && (
            <p className="notice" role="status" data-testid="gc-submitted">
              {t('gc.submitted', { date: formatDate(submitted.createdAt, i18n.language) })}
            </p>
          )}
          {mine.isPending && <Loading />}
          {mine.isError && <ErrorNote error={mine.error} />}
          {mine.isSuccess && applications.length === 0 && <Empty>{t('gc.noApplications')}</Empty>}
          {applications.map((application) => (
            <ApplicationStatus key={application.id} application={application} />
          ))}
        </section>
      )}

      {signedIn && mine.isSuccess && (!member || renewable) && !open && reapplyAt !== null && (
        <section className="card" aria-labelledby="reapply-heading" data-testid="gc-reapply">
          <h2 id="reapply-heading">{t('gc.formTitle')}</h2>
          <p>{t('gc.reapplyOn', { date: formatDate(reapplyAt, i18n.language) })}</p>
        </section>
      )}

      {signedIn &&
        mine.isSuccess &&
        (!member || renewable) &&
        !open &&
        reapplyAt === null &&
        rules.data && <ApplicationForm rules={rules.data} onSubmitted={setSubmitted} />}
    </div>
  );
}
