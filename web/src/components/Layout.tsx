import { useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, useLocation } from 'react-router';
import { LANGUAGES, setLanguage, type Language } from '../i18n';
import { isModerator, useAuth } from '../lib/auth';
import { useUnreadConversations } from '../lib/conversations';
import { describeNotification, useUnreadCount } from '../lib/notifications';
import { useSocket } from '../lib/socket';
import { VerifyEmailBanner } from './VerifyEmailBanner';

/** The width below which the navigation folds into the menu (as in styles.css). */
const PHONE_QUERY = '(max-width: 760px)';

function subscribePhone(onChange: () => void): () => void {
  const query = window.matchMedia(PHONE_QUERY);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

/** `true` on a phone-sized screen, kept up to date when the window is resized. */
function usePhone(): boolean {
  return useSyncExternalStore(subscribePhone, () => window.matchMedia(PHONE_QUERY).matches);
}

export function Layout({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const { me, signedIn, expired, logout } = useAuth();
  const { count, more } = useUnreadCount();
  const unreadConversations = useUnreadConversations();
  const { socket } = useSocket();
  const [menuOpen, setMenuOpen] = useState(false);
  const phone = usePhone();
  const [toast, setToast] = useState<string | null>(null);
  const location = useLocation();

  useEffect(() => setMenuOpen(false), [location.pathname]);

  useEffect(() => {
    if (!socket) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const show = (notification: Parameters<typeof describeNotification>[0]) => {
      setToast(describeNotification(notification, t));
      clearTimeout(timer);
      timer = setTimeout(() => setToast(null), 8000);
    };
    socket.on('notification', show);
    return () => {
      socket.off('notification', show);
      clearTimeout(timer);
    };
  }, [socket, t]);

  const unreadLabel = t('nav.unread', { count });
  // One bell: in the navigation on a wide screen, in the bar itself on a phone, where the
  // navigation folds into the menu but the unread count must stay in sight.
  const bell = signedIn && (
    <NavLink
      to="/notifications"
      className="bell"
      aria-label={`${t('nav.notifications')}: ${unreadLabel}`}
    >
      <svg aria-hidden="true" width="20" height="20" viewBox="0 0 24 24" fill="none">
        <path
          d="M6 16V11a6 6 0 1 1 12 0v5l1.5 2h-15L6 16Zm4 3.5a2 2 0 0 0 4 0"
          stroke="currentColor"
          strokeWidth="1.8"
          strokeLinejoin="round"
        />
      </svg>
      <span className="sr-only">{t('nav.notifications')}</span>
      {count > 0 && (
        <span className="count" data-testid="unread-count">
          {more ? '99+' : count}
        </span>
      )}
    </NavLink>
  );
  // The inbox, badged with the conversations that have unread messages; beside the bell.
  const inbox = signedIn && (
    <NavLink
      to="/messages"
      className="bell inbox-link"
      aria-label={`${t('dm.inbox')}: ${t('dm.unreadConversations', { count: unreadConversations })}`}
    >
      <svg aria-hidden="true" width="20" height="20" viewBox="0 0 24 24" fill="none">
        <path
          d="M4 6h16v10H8l-4 3V6Z"
          stroke="currentColor"
          strokeWidth="1.8"
          strokeLinejoin="round"
        />
      </svg>
      <span className="sr-only">{t('dm.inbox')}</span>
      {unreadConversations > 0 && (
        <span className="count" data-testid="inbox-unread">
          {unreadConversations}
        </span>
      )}
    </NavLink>
  );
  const { state } = location;
  const notice =
    typeof state === 'object' && state !== null && 'notice' in state ? state.notice : undefined;

  return (
    <>
      <a className="skip" href="#main">
        {t('app.skip')}
      </a>
      <header className="topbar">
        <div className="topbar-inner">
          <Link to="/" className="brand">
            <span className="brand-mark" aria-hidden="true">
              高
            </span>
            <span>{t('app.name')}</span>
          </Link>
          {phone && inbox}
          {phone && bell}
          <button
            type="button"
            className="menu-toggle"
            aria-expanded={menuOpen}
            aria-controls="main-nav"
            onClick={() => setMenuOpen(!menuOpen)}
          >
            ☰ <span className="sr-only">{t('nav.menu')}</span>
          </button>
          <nav id="main-nav" className={menuOpen ? 'nav open' : 'nav'} aria-label={t('nav.menu')}>
            <NavLink to="/" end>
              {t('nav.feed')}
            </NavLink>
            <NavLink to="/rooms">{t('nav.rooms')}</NavLink>
            {signedIn && <NavLink to="/members">{t('network.directory')}</NavLink>}
            {signedIn && <NavLink to="/bookmarks">{t('network.bookmarks')}</NavLink>}
            <NavLink to="/golden-crown">{t('nav.goldenCrown')}</NavLink>
            {isModerator(me) && <NavLink to="/moderation">{t('nav.moderation')}</NavLink>}
            <span className="nav-spacer" />
            {signedIn ? (
              <>
                <NavLink to="/write" className="button small">
                  {t('nav.write')}
                </NavLink>
                {!phone && inbox}
                {!phone && bell}
                <NavLink to="/settings">{me?.displayName ?? t('nav.settings')}</NavLink>
                <button type="button" className="link" onClick={() => void logout()}>
                  {t('nav.logout')}
                </button>
              </>
            ) : (
              <>
                <NavLink to="/login">{t('nav.login')}</NavLink>
                <NavLink to="/register" className="button small">
                  {t('nav.register')}
                </NavLink>
              </>
            )}
            <label className="lang">
              <span className="sr-only">{t('nav.language')}</span>
              <select
                value={i18n.language}
                aria-label={t('nav.language')}
                onChange={(event) => setLanguage(event.target.value as Language)}
              >
                {LANGUAGES.map((language) => (
                  <option key={language} value={language}>
                    {language === 'zh' ? '中文' : 'English'}
                  </option>
                ))}
              </select>
            </label>
          </nav>
        </div>
      </header>
      <main id="main" className="container">
        {notice === 'accountDeleted' && (
          <p className="notice" role="status">
            {t('settings.deleted')}
          </p>
        )}
        {expired && !location.pathname.startsWith('/login') && (
          <p className="notice" role="status">
            {t('auth.expired')}{' '}
            <Link
              to={`/login?next=${encodeURIComponent(`${location.pathname}${location.search}`)}`}
            >
              {t('nav.login')}
            </Link>
          </p>
        )}
        {!location.pathname.startsWith('/verify-email') && <VerifyEmailBanner />}
        {children}
      </main>
      <div className="toast-region" aria-live="polite">
        {toast && (
          <div className="toast" role="status">
            {toast}
          </div>
        )}
      </div>
      <footer className="footer container">
        <p>
          <span>{t('app.name')}</span> · <span className="muted">{t('app.tagline')}</span>
        </p>
        <nav aria-label={t('privacy.footer')}>
          <Link to="/privacy">{t('privacy.link')}</Link>
        </nav>
      </footer>
    </>
  );
}
