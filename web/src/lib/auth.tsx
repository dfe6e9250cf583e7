import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  createContext,
  startTransition,
  useCallback,
  useContext,
  useEffect,
  useState,
  type ReactNode,
} from 'react';
import { useNavigate } from 'react-router';
import { api, session } from './api';
import { forgetDrafts, ownDrafts } from './draft';
import type { AuthAnswer, OwnProfile } from './types';

interface AuthState {
  /** The signed-in member; `undefined` while loading or signed out. */
  me: OwnProfile | undefined;
  signedIn: boolean;
  /** The session ended by itself (not by logging out). */
  expired: boolean;
  loading: boolean;
  /**
   * Changes whenever the tab drops a member's data (logout, an ended session, another
   * member): it keys the screens, so no component keeps state of the previous member.
   */
  scope: number;
  login: (email: string, password: string) => Promise<OwnProfile>;
  register: (email: string, password: string, displayName: string) => Promise<OwnProfile>;
  logout: () => Promise<void>;
  /** Erases the account (the password confirms it), then ends the session here. */
  deleteAccount: (password: string) => Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [signedIn, setSignedIn] = useState(session.canRefresh);
  const [expired, setExpired] = useState(false);
  const [scope, setScope] = useState(0);

  const me = useQuery({
    queryKey: ['me'],
    queryFn: () => api<OwnProfile>('/members/me'),
    enabled: signedIn,
    staleTime: 60_000,
  });

  /**
   * Drops what the tab holds about the member: every cached answer (removed, not just
   * invalidated, so nothing of theirs shows while a refetch runs), and every screen's
   * state and socket (a new `scope` remounts them). `keepMe` keeps the new member's profile.
   */
  const dropMemberData = useCallback(
    (keepMe: boolean) => {
      queryClient.removeQueries({ predicate: (query) => !keepMe || query.queryKey[0] !== 'me' });
      setScope((current) => current + 1);
    },
    [queryClient],
  );

  useEffect(
    () =>
      session.subscribe((event) => {
        if (event === 'signed-in') {
          setSignedIn(true);
          setExpired(false);
        }
        if (event === 'signed-out') {
          forgetDrafts();
          // In the same transition as the router's move to the page it leads to (React
          // Router moves in a transition), so a member page does not first send the
          // signed-out visitor to the login page.
          startTransition(() => {
            setSignedIn(false);
            setExpired(false);
            dropMemberData(false);
          });
        }
        if (event === 'expired') {
          // Member pages send the member to log in (RequireMember), public pages show a
          // notice; drafts stay in sessionStorage for the same member after the login.
          setSignedIn(false);
          setExpired(true);
          dropMemberData(false);
        }
      }),
    [dropMemberData],
  );

  // Another member behind the same tab without a login here (another tab signed in with
  // the shared refresh token): their predecessor's drafts and data go.
  const memberId = signedIn ? me.data?.id : undefined;
  useEffect(() => {
    if (memberId !== undefined && ownDrafts(memberId)) dropMemberData(true);
  }, [memberId, dropMemberData]);

  const accept = (answer: AuthAnswer): OwnProfile => {
    // Before the session starts, so nothing of the previous member is shown to the new one.
    const changed = ownDrafts(answer.member.id);
    if (changed) dropMemberData(false);
    session.start(answer);
    queryClient.setQueryData(['me'], answer.member);
    if (!changed) {
      void queryClient.invalidateQueries({ predicate: (query) => query.queryKey[0] !== 'me' });
    }
    return answer.member;
  };

  const value: AuthState = {
    me: signedIn ? me.data : undefined,
    signedIn,
    expired: expired && !signedIn,
    loading: signedIn && me.isPending,
    scope,
    login: async (email, password) =>
      accept(await api<AuthAnswer>('/auth/login', { method: 'POST', body: { email, password } })),
    register: async (email, password, displayName) =>
      accept(
        await api<AuthAnswer>('/auth/register', {
          method: 'POST',
          body: { email, password, displayName },
        }),
      ),
    logout: async () => {
      const refreshToken = localStorage.getItem('laogao.refreshToken');
      if (refreshToken && session.token) {
        await api('/auth/logout', { method: 'POST', body: { refreshToken } }).catch(() => {});
      }
      session.end();
      void navigate('/');
    },
    deleteAccount: async (password) => {
      await api('/members/me', { method: 'DELETE', body: { password } });
      // Every token of the member is dead now: nothing to log out from on the server.
      session.end();
      void navigate('/', { state: { notice: 'accountDeleted' } });
    },
  };
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error('useAuth outside AuthProvider');
  return state;
}

export const isModerator = (member: OwnProfile | undefined): boolean =>
  member?.role === 'moderator' || member?.role === 'admin';

/** Who may read and write Golden Crown posts and join the lounge: its members and the staff. */
export const seesGoldenCrown = (member: OwnProfile | undefined): boolean =>
  member?.tier === 'golden_crown' || isModerator(member);
