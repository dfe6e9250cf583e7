import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { api } from '../lib/api';
import { formatCny } from '../lib/format';
import type { GoldenCrownRules } from '../lib/types';

/** What the Golden Crown Club is, and the way to apply: for members who are not in it. */
export function GoldenCrownInvite() {
  const { t, i18n } = useTranslation();
  // The same query as the Golden Crown page: its figures come from the server.
  const rules = useQuery({
    queryKey: ['gc-rules'],
    queryFn: () => api<GoldenCrownRules>('/membership/golden-crown/rules'),
    staleTime: 300_000,
  });
  const min = rules.data ? formatCny(rules.data.minAnnualTurnoverCny, i18n.language) : '…';
  return (
    <div className="gc-invite" data-testid="gc-invite">
      <h2>♛ {t('gc.title')}</h2>
      <p>{t('gc.intro', { min })}</p>
      <p>
        <Link className="button" to="/golden-crown">
          {t('gated.howToApply')}
        </Link>
      </p>
    </div>
  );
}

/** Log in (and come back here), or join. */
export function LoginInvite({ text }: { text: string }) {
  const { t } = useTranslation();
  const { pathname, search, hash } = useLocation();
  const next = encodeURIComponent(`${pathname}${search}${hash}`);
  return (
    <div data-testid="login-invite">
      <p>{text}</p>
      <p className="actions">
        <Link className="button" to={`/login?next=${next}`}>
          {t('nav.login')}
        </Link>
        <Link className="button secondary" to={`/register?next=${next}`}>
          {t('nav.register')}
        </Link>
      </p>
    </div>
  );
}
