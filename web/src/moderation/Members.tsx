import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorNote, Field, TierBadge } from '../components/ui';
import { api } from '../lib/api';
import { useAuth } from '../lib/auth';
import { formatDate } from '../lib/format';
import type { ModeratedMember, Role } from '../lib/types';
import { MemberSearch } from './MemberSearch';

export function Members() {
  const { t } = useTranslation();
  return (
    <div>
      <MemberSearch
        inputId="member-search"
        label={t('mod.searchMembers')}
        queryKey="members"
        row={(member) => <MemberRow key={member.id} member={member} />}
      />
    </div>
  );
}

function MemberRow({ member }: { member: ModeratedMember }) {
  const { t, i18n } = useTranslation();
  const { me } = useAuth();
  const queryClient = useQueryClient();
  const [until, setUntil] = useState('');
  const [reason, setReason] = useState('');
  const done = () => void queryClient.invalidateQueries({ queryKey: ['moderation'] });
  const suspend = useMutation({
    mutationFn: () =>
      api(`/moderation/members/${member.id}/suspend`, {
        method: 'POST',
        body: { until: new Date(until).toISOString(), reason: reason.trim() },
      }),
    onSuccess: done,
  });
  const unsuspend = useMutation({
    mutationFn: () => api(`/moderation/members/${member.id}/unsuspend`, { method: 'POST' }),
    onSuccess: done,
  });
  const revoke = useMutation({
    mutationFn: () =>
      api(`/moderation/members/${member.id}/tier`, {
        method: 'POST',
        body: { tier: 'standard', reason: reason.trim() },
      }),
    onSuccess: done,
  });
  const role = useMutation({
    mutationFn: (next: Role) =>
      api(`/admin/members/${member.id}/role`, { method: 'PATCH', body: { role: next } }),
    onSuccess: done,
  });
  const suspended = member.suspendedUntil && new Date(member.suspendedUntil) > new Date();
  const onSuspend = (event: FormEvent) => {
    event.preventDefault();
    suspend.mutate();
  };
  return (
    <li className="card" data-testid="member-row">
      <p className="meta">
        <Link to={`/members/${member.id}`}>{member.displayName}</Link>
        {member.email && <span className="muted">{member.email}</span>}
        <span className="badge">{t(`roles.${member.role}`)}</span>
        <TierBadge tier={member.tier} />
        {suspended && member.suspendedUntil && (
          <span className="badge danger">
            {t('mod.suspendedUntil', { date: formatDate(member.suspendedUntil, i18n.language) })}
          </span>
        )}
      </p>
      <form className="row wrap" onSubmit={onSuspend}>
        <Field label={t('mod.suspendUntil')}>
          {(id) => (
            <input
              id={id}
              type="datetime-local"
              value={until}
              onChange={(event) => setUntil(event.target.value)}
            />
          )}
        </Field>
        <Field label={t('mod.suspendReason')}>
          {(id) => (
            <input
              id={id}
              maxLength={1000}
              value={reason}
              onChange={(event) => setReason(event.target.value)}
            />
          )}
        </Field>
        <div className="actions">
          <button
            type="submit"
            className="danger"
            disabled={!until || !reason.trim() || suspend.isPending}
          >
            {t('mod.suspend')}
          </button>
          {suspended && (
            <button type="button" className="secondary" onClick={() => unsuspend.mutate()}>
              {t('mod.unsuspend')}
            </button>
          )}
          {member.tier === 'golden_crown' && (
            <button
              type="button"
              className="secondary"
              disabled={!reason.trim()}
              onClick={() => revoke.mutate()}
            >
              {t('mod.revokeTier')}
            </button>
          )}
          {me?.role === 'admin' && member.id !== me.id && member.role === 'member' && (
            <button type="button" onClick={() => role.mutate('moderator')}>
              {t('mod.makeModerator')}
            </button>
          )}
          {me?.role === 'admin' && member.id !== me.id && member.role === 'moderator' && (
            <button type="button" className="secondary" onClick={() => role.mutate('member')}>
              {t('mod.removeModerator')}
            </button>
          )}
        </div>
      </form>
      <ErrorNote error={suspend.error ?? unsuspend.error ?? revoke.error ?? role.error} />
      {role.isSuccess && <p className="ok">{t('mod.roleChanged')}</p>}
    </li>
  );
}
