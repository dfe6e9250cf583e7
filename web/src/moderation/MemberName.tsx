import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { MemberName as Name } from '../lib/types';

/** A member as the moderators' lists name them: a link to the profile, or "deleted member". */
export function MemberName({ member }: { member: Name | null | undefined }) {
  const { t } = useTranslation();
  if (!member || member.erased) return <span className="muted">{t('mod.deletedMember')}</span>;
  return <Link to={`/members/${member.id}`}>{member.displayName}</Link>;
}
