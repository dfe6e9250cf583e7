import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { seesGoldenCrown, useAuth } from '../lib/auth';
import { codeMessage } from '../lib/errors';
import { formatDate } from '../lib/format';
import { useSocket } from '../lib/socket';
import { GoldenCrownInvite } from './GoldenCrownInvite';

/**
 * Under the room list: the Golden Crown lounge, which the list leaves out for members who
 * may not join it, named with the way in.
 */
export function LoungeInvite() {
  const { t } = useTranslation();
  const { me } = useAuth();
  if (!me || seesGoldenCrown(me)) return null;
  return (
    <section className="card gold-card" data-testid="lounge-invite">
      <p>
        <strong>♛ {t('rooms.lounge')}</strong> · {t('gated.lounge')}
      </p>
      <Link to="/golden-crown">{t('gated.howToApply')}</Link>
    </section>
  );
}

/** A room the member may not join (the lounge, refused `FORBIDDEN`): what it is and how to get in. */
export function LockedLounge() {
  const { t } = useTranslation();
  return (
    <section className="card narrow gold-card" data-testid="lounge-locked">
      <h1>♛ {t('rooms.lounge')}</h1>
      <p>{t('gated.lounge')}</p>
      <GoldenCrownInvite />
      <Link to="/rooms">{t('common.back')}</Link>
    </section>
  );
}

/** "Reconnecting" above a room while Socket.IO retries a lost connection. */
export function ConnectionNotice() {
  const { t } = useTranslation();
  const { connected, refused } = useSocket();
  if (connected || refused) return null;
  return (
    <p className="notice" role="status">
      {t('rooms.reconnecting')}
    </p>
  );
}

/**
 * A room, unless the server refused the live connection (a suspension, too many tabs),
 * which Socket.IO does not retry: then why, instead of an empty room "reconnecting" forever.
 */
export function ChatGate({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const { me } = useAuth();
  const { socket, refused } = useSocket();
  if (!refused) return children;
  const until = me?.suspendedUntil;
  return (
    <section className="card narrow" data-testid="chat-refused">
      <h1>{t('rooms.title')}</h1>
      <p className="error" role="alert">
        {refused === 'MEMBER_SUSPENDED'
          ? until && new Date(until) > new Date()
            ? t('gated.chatSuspendedUntil', { date: formatDate(until, i18n.language) })
            : t('gated.chatSuspended')
          : codeMessage(refused, t, i18n.language)}
      </p>
      <p className="actions">
        {refused !== 'MEMBER_SUSPENDED' && (
          <button type="button" onClick={() => socket?.connect()}>
            {t('common.retry')}
          </button>
        )}
        <Link to="/rooms">{t('common.back')}</Link>
      </p>
    </section>
  );
}
