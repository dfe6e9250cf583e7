import type { AuthAnswer } from './types';

/** An error answer of the API (the API contract's error body), or `NETWORK` when no answer came. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown[] = [],
    /** A `429`'s `Retry-After`, in seconds. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const REFRESH_KEY = 'laogao.refreshToken';

type SessionEvent = 'signed-in' | 'refreshed' | 'expired' | 'signed-out';

/**
 * The session: the access token lives in memory only, the refresh token in localStorage.
 * A 401 triggers one refresh (shared by every request that hit it) and one retry.
 */
class Session {
  private accessToken: string | null = null;
  private refreshing: Promise<boolean> | null = null;
  private readonly listeners = new Set<(event: SessionEvent) => void>();
  language = 'zh-CN';

  get token(): string | null {
    return this.accessToken;
  }

  get canRefresh(): boolean {
    return localStorage.getItem(REFRESH_KEY) !== null;
  }

  subscribe(listener: (event: SessionEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(answer: AuthAnswer): void {
    this.store(answer);
    this.emit('signed-in');
  }

  end(): void {
    this.accessToken = null;
    localStorage.removeItem(REFRESH_KEY);
    this.emit('signed-out');
  }

  /** Exchanges the refresh token for a new pair; `false` when the session is over. */
  refresh(): Promise<boolean> {
    this.refreshing ??= this.doRefresh().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  /**
   * Tabs share the refresh token: one refresh at a time across tabs (Web Locks, where the
   * browser has them), each reading the newest token, so no token is ever used twice.
   */
  private doRefresh(): Promise<boolean> {
    if (typeof navigator.locks?.request === 'function') {
      return navigator.locks.request('laogao-refresh', () => this.refreshNow());
    }
    return this.refreshNow();
  }

  private async refreshNow(): Promise<boolean> {
    const refreshToken = localStorage.getItem(REFRESH_KEY);
    if (!refreshToken) return false;
    let response: Response;
    try {
      response = await fetch('/api/auth/refresh', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Accept-Language': this.language },
        body: JSON.stringify({ refreshToken }),
      });
    } catch {
      // Offline: keep the refresh token for a later try.
      return false;
    }
    if (!response.ok) {
      if (response.status === 401) this.expire();
      return false;
    }
    this.store((await response.json()) as AuthAnswer);
    this.emit('refreshed');
    return true;
  }

  private expire(): void {
    const had = this.accessToken !== null || this.canRefresh;
    this.accessToken = null;
    localStorage.removeItem(REFRESH_KEY);
    if (had) this.emit('expired');
  }

  private store(answer: Pick<AuthAnswer, 'accessToken' | 'refreshToken'>): void {
    this.accessToken = answer.accessToken;
    localStorage.setItem(REFRESH_KEY, answer.refreshToken);
  }

  private emit(event: SessionEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  /** Called when a request was refused although a session was held. */
  expired(): void {
    this.expire();
  }
}

export const session = new Session();

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined | null>;
  signal?: AbortSignal;
}

function url(path: string, query: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return `/api${path}${search ? `?${search}` : ''}`;
}

async function send(path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { 'Accept-Language': session.language };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (session.token) headers.Authorization = `Bearer ${session.token}`;
  try {
    return await fetch(url(path, options.query), {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'NETWORK', 'The server could not be reached');
  }
}

async function toError(response: Response): Promise<ApiError> {
  const retryAfter = Number(response.headers.get('Retry-After') ?? Number.NaN);
  const retryAfterSeconds = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined;
  try {
    const body = (await response.json()) as {
      code?: unknown;
      message?: unknown;
      details?: unknown;
    };
    return new ApiError(
      response.status,
      typeof body.code === 'string' ? body.code : `HTTP_${response.status}`,
      typeof body.message === 'string' ? body.message : response.statusText,
      Array.isArray(body.details) ? (body.details as unknown[]) : [],
      retryAfterSeconds,
    );
  } catch {
    return new ApiError(
      response.status,
      `HTTP_${response.status}`,
      response.statusText,
      [],
      retryAfterSeconds,
    );
  }
}

/** Sends with the session; a 401 with a session refreshes the tokens once and retries. */
async function sendWithSession(path: string, options: RequestOptions): Promise<Response> {
  const hadSession = session.token !== null || session.canRefresh;
  if (session.token === null && session.canRefresh) await session.refresh();
  let response = await send(path, options);
  if (response.status === 401 && hadSession && !path.startsWith('/auth/')) {
    if (await session.refresh()) {
      response = await send(path, options);
    }
    if (response.status === 401) session.expired();
  }
  if (!response.ok) throw await toError(response);
  return response;
}

/** Calls the API; a 401 with a session refreshes the tokens once and retries. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await sendWithSession(path, options);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/**
 * A file the API serves only to some members (`/api/uploads/…` of a members-only post, an
 * application's evidence), read with the session: a browser's own request for an `<img>` or
 * a link carries no token. `url` is the file's address as the API gives it (`/api/…`).
 */
export async function apiFile(url: string, signal?: AbortSignal): Promise<Blob> {
  if (!url.startsWith('/api/')) throw new ApiError(0, 'NOT_AN_API_FILE', url);
  const response = await sendWithSession(url.slice('/api'.length), { signal });
  return response.blob();
}
