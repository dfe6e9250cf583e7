import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { Fragment, lazy, StrictMode, Suspense, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import './i18n';
import './styles.css';
import { ErrorBoundary } from './components/ErrorBoundary';
import { Layout } from './components/Layout';
import { Loading } from './components/ui';
import { ApiError } from './lib/api';
import { AuthProvider, useAuth } from './lib/auth';
import { SocketProvider } from './lib/socket';
import { FeedPage } from './pages/Feed';
import { GoldenCrownPage } from './pages/GoldenCrown';
import { LoginPage, RegisterPage } from './pages/Auth';
import { NotFoundPage } from './pages/NotFound';
import { NotificationsPage } from './pages/Notifications';
import { PostEditorPage } from './pages/PostEditor';
import { PostPage } from './pages/Post';
import { ProfilePage } from './pages/Profile';
import { RoomPage, RoomsPage } from './pages/Rooms';
import { SettingsPage } from './pages/Settings';

// The moderator console is its own chunk: members never download it.
const ModerationPage = lazy(() => import('./moderation/Moderation'));

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
        <Routes>
          <Route path="/" element={<FeedPage />} />
          <Route path="/posts/:id" element={<PostPage />} />
          <Route
            path="/posts/:id/edit"
            element={
              <RequireMember>
                <PostEditorPage />
              </RequireMember>
            }
          />
          <Route
            path="/write"
            element={
              <RequireMember>
                <PostEditorPage />
              </RequireMember>
            }
          />
          <Route path="/members/:id" element={<ProfilePage />} />
          <Route path="/login" element={<LoginPage />} />
          <Route path="/register" element={<RegisterPage />} />
          <Route
            path="/settings"
            element={
              <RequireMember>
                <SettingsPage />
              </RequireMember>
            }
          />
          <Route
            path="/notifications"
            element={
              <RequireMember>
                <NotificationsPage />
              </RequireMember>
            }
          />
          <Route path="/rooms" element={<RoomsPage />} />
          <Route
            path="/rooms/:id"
            element={
              <RequireMember>
                <RoomPage />
              </RequireMember>
            }
          />
          <Route path="/golden-crown" element={<GoldenCrownPage />} />
          <Route
            path="/moderation/*"
            element={
              <RequireMember>
                <Suspense fallback={<Loading />}>
                  <ModerationPage />
                </Suspense>
              </RequireMember>
            }
          />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
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
