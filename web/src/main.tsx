import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { Fragment, lazy, StrictMode, Suspense, type ComponentType, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import './i18n';
import './styles.css';
import { ErrorBoundary } from './components/ErrorBoundary';
import { Layout } from './components/Layout';
import { Loading } from './components/ui';
import { ApiError } from './lib/api';
import { AuthProvider, useAuth } from './lib/auth';
import { SocketProvider } from './lib/socket';
import { useDocumentTitle } from './lib/title';
import { FeedPage } from './pages/Feed';
import { LoginPage, RegisterPage } from './pages/Auth';
import { NotFoundPage } from './pages/NotFound';
import { PostPage } from './pages/Post';

/** A screen in its own chunk, downloaded the first time it is shown. */
function lazyScreen<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  return lazy(() => load().then((module) => ({ default: module[name] })));
}

// The first visit downloads the feed, a post and the login forms; the other screens are
// chunks of their own (the moderator console: members never download it).
const GoldenCrownPage = lazyScreen(() => import('./pages/GoldenCrown'), 'GoldenCrownPage');
const ModerationPage = lazy(() => import('./moderation/Moderation'));
const NotificationsPage = lazyScreen(() => import('./pages/Notifications'), 'NotificationsPage');
const PostEditorPage = lazyScreen(() => import('./pages/PostEditor'), 'PostEditorPage');
const ProfilePage = lazyScreen(() => import('./pages/Profile'), 'ProfilePage');
const DirectoryPage = lazyScreen(() => import('./pages/Directory'), 'DirectoryPage');
const FollowersPage = lazyScreen(() => import('./pages/Follows'), 'FollowersPage');
const FollowingPage = lazyScreen(() => import('./pages/Follows'), 'FollowingPage');
const BookmarksPage = lazyScreen(() => import('./pages/Bookmarks'), 'BookmarksPage');
const InboxPage = lazyScreen(() => import('./pages/Conversations'), 'InboxPage');
const ConversationPage = lazyScreen(() => import('./pages/Conversations'), 'ConversationPage');
const NewConversationPage = lazyScreen(
  () => import('./pages/Conversations'),
  'NewConversationPage',
);
const RoomPage = lazyScreen(() => import('./pages/Rooms'), 'RoomPage');
const RoomsPage = lazyScreen(() => import('./pages/Rooms'), 'RoomsPage');
const SettingsPage = lazyScreen(() => import('./pages/Settings'), 'SettingsPage');
const UnsubscribePage = lazyScreen(() => import('./pages/Unsubscribe'), 'UnsubscribePage');
const PrivacyPage = lazyScreen(() => import('./pages/Privacy'), 'PrivacyPage');
const ForgotPasswordPage = lazyScreen(() => import('./pages/PasswordReset'), 'ForgotPasswordPage');
const ResetPasswordPage = lazyScreen(() => import('./pages/PasswordReset'), 'ResetPasswordPage');
const VerifyEmailPage = lazyScreen(() => import('./pages/VerifyEmail'), 'VerifyEmailPage');

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      retry: (failures, error) =>
        failures < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
    },
  },
});

function RequireMember({ children }: { children: ReactNode }) {
  const { signedIn, expired } = useAuth();
  const location = useLocation();
  if (!signedIn) {
    const next = encodeURIComponent(`${location.pathname}${location.search}`);
    return <Navigate to={`/login?${expired ? 'expired=1&' : ''}next=${next}`} replace />;
  }
  return children;
}

/** A screen, and the tab's title for it (`title`: a message key). */
function Titled({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation();
  useDocumentTitle(t(title));
  return children;
}

const screen = (title: string, page: ReactNode) => <Titled title={title}>{page}</Titled>;
/** A screen for signed-in members only: visitors are sent to the login first. */
const member = (title: string, page: ReactNode) => (
  <RequireMember>
    <Titled title={title}>{page}</Titled>
  </RequireMember>
);

/** Everything below remounts when the tab drops a member's data (`scope`). */
function MemberScope({ children }: { children: ReactNode }) {
  const { scope } = useAuth();
  return <Fragment key={scope}>{children}</Fragment>;
}

function App() {
  const { pathname } = useLocation();
  return (
    <Layout>
      {/* One broken screen shows an error panel; the navigation around it keeps working. */}
      <ErrorBoundary resetKey={pathname}>
        <Suspense fallback={<Loading />}>
          <Routes>
            <Route path="/" element={screen('nav.feed', <FeedPage />)} />
            {/* The post page titles itself with the post's title. */}
            <Route path="/posts/:id" element={<PostPage />} />
            <Route
              path="/posts/:id/edit"
              element={member('editor.editTitle', <PostEditorPage />)}
            />
            <Route path="/write" element={member('editor.newTitle', <PostEditorPage />)} />
            <Route path="/members/:id" element={screen('profile.title', <ProfilePage />)} />
            <Route path="/members" element={member('network.directory', <DirectoryPage />)} />
            <Route
              path="/members/:id/followers"
              element={member('network.followersTitle', <FollowersPage />)}
            />
            <Route
              path="/members/:id/following"
              element={member('network.followingTitle', <FollowingPage />)}
            />
            <Route path="/bookmarks" element={member('network.bookmarks', <BookmarksPage />)} />
            <Route path="/login" element={screen('nav.login', <LoginPage />)} />
            <Route path="/register" element={screen('nav.register', <RegisterPage />)} />
            <Route
              path="/forgot-password"
              element={screen('reset.forgotTitle', <ForgotPasswordPage />)}
            />
            <Route
              path="/reset-password"
              element={screen('reset.resetTitle', <ResetPasswordPage />)}
            />
            <Route path="/verify-email" element={screen('verify.title', <VerifyEmailPage />)} />
            <Route path="/settings" element={member('nav.settings', <SettingsPage />)} />
            <Route path="/unsubscribe" element={screen('unsubscribe.title', <UnsubscribePage />)} />
            <Route
              path="/notifications"
              element={member('notifications.title', <NotificationsPage />)}
            />
            <Route path="/messages" element={member('dm.inbox', <InboxPage />)} />
            <Route path="/messages/new" element={member('dm.inbox', <NewConversationPage />)} />
            <Route path="/messages/:id" element={member('dm.inbox', <ConversationPage />)} />
            <Route path="/rooms" element={screen('rooms.title', <RoomsPage />)} />
            <Route path="/rooms/:id" element={member('rooms.title', <RoomPage />)} />
            <Route path="/golden-crown" element={screen('gc.title', <GoldenCrownPage />)} />
            <Route path="/moderation/*" element={member('mod.title', <ModerationPage />)} />
            <Route path="/privacy" element={screen('privacy.link', <PrivacyPage />)} />
            <Route path="*" element={screen('common.notFound', <NotFoundPage />)} />
          </Routes>
        </Suspense>
      </ErrorBoundary>
    </Layout>
  );
}

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <ErrorBoundary>
          <AuthProvider>
            <MemberScope>
              <SocketProvider>
                <App />
              </SocketProvider>
            </MemberScope>
          </AuthProvider>
        </ErrorBoundary>
      </BrowserRouter>
    </QueryClientProvider>
  </StrictMode>,
);
