import { useTranslation } from 'react-i18next';
import { NavLink, Route, Routes } from 'react-router';
import { ErrorNote, Loading } from '../components/ui';
import { ApiError } from '../lib/api';
import { isModerator, useAuth } from '../lib/auth';
import { ApplicationQueue } from './Applications';
import { AuditLog } from './AuditLog';
import { Dashboard } from './Dashboard';
import './dashboard.i18n';
import { MailSuppressions } from './MailSuppressions';
import { Members } from './Members';
import { ReportQueue } from './Reports';
import { Roles } from './Roles';

/** The moderator console: a lazily loaded chunk that members never download. */
export default function ModerationPage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  if (!me) return <Loading />;
  if (!isModerator(me)) return <ErrorNote error={new ApiError(403, 'FORBIDDEN', '')} />;
  return (
    <section className="moderation">
      <h1>{t('mod.title')}</h1>
      <nav className="tabs" aria-label={t('mod.title')}>
        <NavLink to="/moderation" end>
          {t('dash.title')}
        </NavLink>
        <NavLink to="/moderation/applications">{t('mod.applications')}</NavLink>
        <NavLink to="/moderation/reports">{t('mod.reports')}</NavLink>
        <NavLink to="/moderation/members">{t('mod.members')}</NavLink>
        <NavLink to="/moderation/audit">{t('mod.audit')}</NavLink>
        <NavLink to="/moderation/mail">{t('mod.mailSuppressions')}</NavLink>
        {me.role === 'admin' && <NavLink to="/moderation/roles">{t('dash.roles.tab')}</NavLink>}
      </nav>
      <Routes>
        <Route index element={<Dashboard />} />
        <Route path="applications" element={<ApplicationQueue />} />
        <Route path="reports" element={<ReportQueue />} />
        <Route path="members" element={<Members />} />
        <Route path="audit" element={<AuditLog />} />
        <Route path="mail" element={<MailSuppressions />} />
        {me.role === 'admin' && <Route path="roles" element={<Roles />} />}
      </Routes>
    </section>
  );
}
