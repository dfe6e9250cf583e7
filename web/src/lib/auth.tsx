import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { api, session } from './api';
import type { AuthAnswer, OwnProfile } from './types';

interface AuthState {
  /** The signed-in member; `undefined` while loading or signed out. */
  me: OwnProfile | undefined;
  signedIn: boolean;
  /** The session ended by itself (not by logging out). */
  expired: boolean;
  loading: boolean;
  login: (email: string, password: string) => Promise<OwnProfile>;
  register: (email: string, password: string, displayName: string) => Promise<OwnProfile>;
  logout: () => Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [signedIn, setSignedIn] = useState(session.canRefresh);
  const [expired, setExpired] = useState(false);

  const me = useQuery({
    queryKey: ['me'],
    queryFn: () => api<OwnProfile>('/members/me'),
    enabled: signedIn,
    staleTime: 60_000,
  });

  useEffect(
    () =>
      session.subscribe((event) => {
        if (event === 'signed-in') setSignedIn(true);
        if (event === 'signed-out') {
          setSignedIn(false);
          queryClient.removeQueries({ queryKey: ['me'] });
          void queryClient.invalidateQueries();
        }
        if (event === 'expired') {
          // Member pages send the member to log in (RequireMember), public pages show a
          // notice; drafts stay in sessionStorage for after the login.
          setSignedIn(false);
          setExpired(true);
          queryClient.removeQueries({ queryKey: ['me'] });
        }
        if (event === 'signed-in') setExpired(false);
      }),
    [queryClient, navigate],
  );

  const accept = (answer: AuthAnswer): OwnProfile => {
    session.start(answer);
    queryClient.setQueryData(['me'], answer.member);
    void queryClient.invalidateQueries({ predicate: (query) => query.queryKey[0] !== 'me' });
    return answer.member;
  };

  const value: AuthState = {
    me: signedIn ? me.data : undefined,
    signedIn,
    expired: expired && !signedIn,
    loading: signedIn && me.isPending,
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
