import { type CredentialsSource, hasStaticToken } from './credentials.ts';
import { VpsieAuthError, VpsieError, scrubSecrets } from './errors.ts';
import { type ApiRequest, type ApiResponse, type Send, withSession } from './exchange.ts';
import type { IssuedToken } from './login.ts';

export const DEFAULT_BASE_URL = 'https://api.vpsie.com/v2';

export interface Session {
  token: string;
  baseUrl: string;
}

interface CachedSession extends Session {
  refreshAt: number;
  expiresAt: number;
}

export interface TokenSessionOptions {
  credentials: CredentialsSource;
  /** Logs in with client credentials against the given base URL. */
  logIn: (baseUrl: string, clientId: string, clientSecret: string) => Promise<IssuedToken>;
  /** Wins over the credentials' own `url`; the default VPSie URL applies when neither is set. */
  baseUrl?: string;
  /** Log in again this long before the token expires. Default 5 minutes. */
  refreshAheadMs?: number;
  now?: () => number;
  /** Called when a background refresh fails; the still-valid token keeps being used meanwhile. */
  onBackgroundRefreshFailure?: (error: unknown) => void;
}

/**
 * Holds the access token. All callers that need a token while none is valid share one login
 * (single-flight); a token close to expiry is refreshed in the background while still in use;
 * a credentials change drops the token at once.
 */
export class TokenSession {
  readonly #options: TokenSessionOptions;
  readonly #refreshAheadMs: number;
  readonly #now: () => number;
  #cached: CachedSession | undefined;
  #inflight: Promise<CachedSession> | undefined;
  #generation = 0;
  #secrets: readonly string[] = [];
  readonly #unsubscribe: () => void;

  constructor(options: TokenSessionOptions) {
    this.#options = options;
    this.#refreshAheadMs = options.refreshAheadMs ?? 5 * 60 * 1000;
    this.#now = options.now ?? Date.now;
    this.#unsubscribe = options.credentials.onChange(() => {
      this.#generation += 1;
      this.#cached = undefined;
      this.#inflight = undefined;
    });
  }

  /** Every secret value seen so far in this session, for scrubbing errors. */
  get secrets(): readonly string[] {
    return this.#secrets;
  }

  /** The cached session when it needs no refresh: the hot path, without a promise. */
  ready(): Session | undefined {
    const cached = this.#cached;
    return cached && this.#now() < cached.refreshAt ? cached : undefined;
  }

  async current(): Promise<Session> {
    const cached = this.#cached;
    const now = this.#now();
    if (cached && now < cached.refreshAt) return cached;
    const refreshing = this.#refresh();
    if (cached && now < cached.expiresAt) {
      refreshing.catch((error: unknown) => this.#options.onBackgroundRefreshFailure?.(error));
      return cached;
    }
    return refreshing;
  }

  /** The server refused `token`: forget it unless a newer one has replaced it already. */
  invalidate(token: string): void {
    if (this.#cached?.token === token) this.#cached = undefined;
  }

  close(): void {
    this.#unsubscribe();
  }

  #refresh(): Promise<CachedSession> {
    if (this.#inflight) return this.#inflight;
    const generation = this.#generation;
    const inflight = this.#acquire().then(
      (session) => {
        if (this.#inflight === inflight) this.#inflight = undefined;
        // Credentials changed while logging in: this token belongs to the old ones.
        if (generation !== this.#generation) return this.#refresh();
        this.#cached = session;
        return session;
      },
      (error: unknown) => {
        if (this.#inflight === inflight) this.#inflight = undefined;
        throw error;
      },
    );
    this.#inflight = inflight;
    return inflight;
  }

  async #acquire(): Promise<CachedSession> {
    const credentials = await this.#options.credentials.current();
    const baseUrl = this.#options.baseUrl ?? credentials.url ?? DEFAULT_BASE_URL;
    this.#remember(hasStaticToken(credentials) ? credentials.token : credentials.clientSecret);
    if (hasStaticToken(credentials)) {
      return { token: credentials.token, baseUrl, refreshAt: Infinity, expiresAt: Infinity };
    }
    const issued = await this.#options.logIn(baseUrl, credentials.clientId, credentials.clientSecret);
    this.#remember(issued.token);
    const now = this.#now();
    // A token that lives shorter than the refresh margin is refreshed half-way instead of at once.
    const margin = Math.min(this.#refreshAheadMs, Math.max(0, issued.expiresAt - now) / 2);
    return { token: issued.token, baseUrl, refreshAt: issued.expiresAt - margin, expiresAt: issued.expiresAt };
  }

  // Bounded: old tokens stop mattering, and scrubbing cost grows with the list.
  #remember(secret: string): void {
    if (!this.#secrets.includes(secret)) this.#secrets = [...this.#secrets, secret].slice(-8);
  }
}

/**
 * Adds the token to every request. A 401 means the server dropped the token (expiry, revocation):
 * log in again once, shared with every other caller that saw it, and resend once.
 */
export function withAuth(next: Send, session: TokenSession): Send {
  const send = (request: ApiRequest, current: Session): Promise<ApiResponse> => next(withSession(request, current.token, current.baseUrl));
  const scrubbed = (error: unknown): never => {
    throw error instanceof VpsieError ? scrubSecrets(error, session.secrets) : error;
  };

  const resendAfter401 = async (request: ApiRequest, used: Session, error: unknown): Promise<ApiResponse> => {
    if (!(error instanceof VpsieAuthError) || error.status !== 401) throw error;
    session.invalidate(used.token);
    const fresh = await session.current();
    // A static token cannot be renewed: sending it again would only get the same answer.
    if (fresh.token === used.token) throw error;
    return send(request, fresh);
  };

  // One reaction on the way back: a success passes through a single promise; the re-login and the
  // scrubbing happen only on failure.
  const attempt = (request: ApiRequest, current: Session): Promise<ApiResponse> =>
    send(request, current).catch((error: unknown) => resendAfter401(request, current, error).catch(scrubbed));

  return (request) => {
    const ready = session.ready();
    return ready ? attempt(request, ready) : session.current().then((current) => attempt(request, current), scrubbed);
  };
}
