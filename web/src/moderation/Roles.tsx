import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote } from '../components/ui';
import { api } from '../lib/api';
import { useAuth } from '../lib/auth';
import type { ModeratedMember, Role } from '../lib/types';
import { MemberSearch } from './MemberSearch';
import './dashboard.i18n';

const ROLES: Role[] = ['member', 'moderator', 'admin'];

/** Admins: find members and change their role (`PATCH /api/admin/members/:id/role`, audited). */
export function Roles() {
  const { t } = useTranslation();
  return (
    <div data-testid="roles">
      <p className="muted">{t('dash.roles.intro')}</p>
      <MemberSearch
        inputId="role-search"
        label={t('dash.roles.search')}
        queryKey="roles"
        listClassName="stack roles-list"
        row={(member) => <RoleRow key={member.id} member={member} />}
      />
    </div>
  );
}

function RoleRow({ member }: { member: ModeratedMember }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const queryClient = useQueryClient();
  const [role, setRole] = useState<Role>(member.role);
  const change = useMutation({
    mutationFn: (next: Role) =>
      api(`/admin/members/${member.id}/role`, { method: 'PATCH', body: { role: next } }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['moderation'] }),
  });
  const self = member.id === me?.id;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    change.mutate(role);
  };
  return (
    <li className="card" data-testid="role-row">
      <form onSubmit={submit} className="row">
        <label>
          <strong>{member.displayName}</strong>
          {self && <span className="muted"> ({t('dash.roles.you')})</span>}
          <span className="sr-only">{t('dash.roles.role', { name: member.displayName })}</span>
          <select
            value={role}
            disabled={self}
            onChange={(event) => setRole(event.target.value as Role)}
            aria-label={t('dash.roles.role', { name: member.displayName })}
          >
            {ROLES.map((option) => (
              <option key={option} value={option}>
                {t(`roles.${option}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={self || role === member.role || change.isPending}>
          {t('dash.roles.save')}
        </button>
      </form>
      <ErrorNote error={change.error} />
      {change.isSuccess && (
        <p className="ok" role="status">
          {t('dash.roles.saved', { name: member.displayName, role: t(`roles.${role}`) })}
        </p>
      )}
    </li>
  );
}
