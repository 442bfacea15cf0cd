// Who is signed in: the desk's session (access + refresh token, the agent), kept in
// localStorage so a reload keeps the agent signed in, refreshed once on a 401.
import { createContext, useCallback, useContext, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { Api, type TokenSource } from './api';

export type Role = 'agent' | 'supervisor' | 'admin';

export interface Agent {
  id: string;
  tenantId: string;
  email: string;
  name: string;
  role: Role;
  teamId?: string | null;
  skills?: Record<string, number>;
  languages?: string[];
  presence?: { status: string; busyState?: string | null };
}

export interface DeskSession {
  accessToken: string;
  refreshToken: string;
  agent: Agent;
}

export const SESSION_STORAGE_KEY = 'tandem.console.session';
const rank: Record<Role, number> = { agent: 1, supervisor: 2, admin: 3 };

export function atLeast(agent: Pick<Agent, 'role'> | null | undefined, role: Role): boolean {
  return !!agent && rank[agent.role] >= rank[role];
}

function stored(): DeskSession | null {
  try {
    const raw = localStorage.getItem(SESSION_STORAGE_KEY);
    return raw ? (JSON.parse(raw) as DeskSession) : null;
  } catch {
    return null;
  }
}

interface SessionContextValue {
  api: Api;
  session: DeskSession | null;
  login(tenant: string, email: string, password: string): Promise<void>;
  logout(): void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ api, children }: { api: Api; children: ReactNode }) {
  const [session, setSession] = useState<DeskSession | null>(stored);
  // The token source reads the latest session from here (set with the state, never in render).
  const current = useRef(session);

  const save = useCallback((next: DeskSession | null) => {
    if (next) localStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify(next));
    else localStorage.removeItem(SESSION_STORAGE_KEY);
    current.current = next;
    setSession(next);
  }, []);

  // Installed before any screen renders (a child's effects run before this provider's).
  useState(() => {
    let refreshing: Promise<string | null> | null = null;
    const tokens: TokenSource = {
      accessToken: () => current.current?.accessToken ?? null,
      // One refresh at a time, however many requests met the 401 together.
      refreshed: () => {
        refreshing ??= (async () => {
          const before = current.current;
          if (!before) return null;
          try {
            const next = await api.request<DeskSession>('desk', 'POST', '/v1/auth/refresh', {
              body: { refreshToken: before.refreshToken },
              anonymous: true,
            });
            save(next);
            return next.accessToken;
          } catch {
            save(null);
            return null;
          } finally {
            refreshing = null;
          }
        })();
        return refreshing;
      },
    };
    api.useTokens(tokens);
    return tokens;
  });

  const value = useMemo<SessionContextValue>(
    () => ({
      api,
      session,
      async login(tenant, email, password) {
        const next = await api.request<DeskSession>('desk', 'POST', '/v1/auth/login', {
          body: { tenant, email, password },
          anonymous: true,
        });
        save(next);
      },
      logout() {
        save(null);
      },
    }),
    [api, session, save],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The API, for a screen that is only shown to a signed-in agent. */
export function useApi(): Api {
  return useSession().api;
}

/** The signed-in agent (screens behind the login only). */
export function useAgent(): Agent {
  const { session } = useSession();
  if (!session) throw new Error('useAgent without a session');
  return session.agent;
}
