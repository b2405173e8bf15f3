import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import packageJson from '../../../package.json' with { type: 'json' };
import { VpsieApi } from './api.ts';
import { TokenSession, withAuth } from './auth.ts';
import { CircuitBreaker, type CircuitBreakerOptions, type CircuitState, withCircuitBreaker } from './circuitBreaker.ts';
import type { CredentialsSource } from './credentials.ts';
import { VpsieError } from './errors.ts';
import { logIn } from './login.ts';
import { type VpsieClientMetrics, createVpsieClientMetrics } from './metrics.ts';
import { type RateLimitOptions, TokenBucket, withRateLimit } from './rateLimit.ts';
import { type RetryOptions, withRetry } from './retry.ts';
import { type AuthHeaderName, Transport, checkBaseUrl } from './transport.ts';

export interface VpsieClientOptions {
  credentials: CredentialsSource;
  /** Wins over the credentials' `url`; default `https://api.vpsie.com/v2`. */
  baseUrl?: string;
  /** Plain http for the simulator; refused otherwise. */
  allowInsecureHttp?: boolean;
  /** Trusted CA bundle (PEM) instead of the system roots. */
  caPem?: string;
  /** Default `Authorization` (`Bearer <token>`); some VPSie tools use `Vpsie-Auth`. */
  authHeader?: AuthHeaderName;
  /** Per attempt. Default 30 s. */
  timeoutMs?: number;
  /** Default 10 MiB. */
  maxResponseBytes?: number;
  /** Log in again this long before the token expires. Default 5 min. */
  refreshAheadMs?: number;
  retry?: RetryOptions;
  /** Default 100 requests/minute, bursts of 10. */
  rateLimit?: RateLimitOptions;
  circuitBreaker?: Omit<CircuitBreakerOptions, 'onStateChange'>;
  /** Sockets per origin (default unlimited). */
  connections?: number;
  /** Metrics are registered here; none are recorded without one. */
  registry?: Registry;
  /** A child logger for the client; silent without one. */
  logger?: Logger;
  /** Clock for token expiry and the circuit breaker. */
  now?: () => number;
  /** In the User-Agent; defaults to the package version. */
  version?: string;
}

export interface VpsieClient
  extends Pick<
    VpsieApi,
    | 'listK8sOfferings'
    | 'listOfferings'
    | 'listDatacenters'
    | 'getCluster'
    | 'listNodeGroups'
    | 'createNodeGroup'
    | 'addNode'
    | 'deleteNode'
    | 'listVms'
    | 'getVm'
    | 'deleteVm'
  > {
  readonly circuitState: CircuitState;
  /** Stops the client: waiting requests fail, sockets close. Safe to call more than once. */
  close(): Promise<void>;
}

const noMetrics: VpsieClientMetrics = {
  callFailed: () => undefined,
  retried: () => undefined,
  loggedIn: () => undefined,
  circuitChanged: () => undefined,
  instrument: (next) => next,
};

// Structured facts only: the message may quote the server, and the caller logs the final error anyway.
function errorFields(error: unknown): Record<string, unknown> {
  if (!(error instanceof VpsieError)) return { kind: 'unknown' };
  return { kind: error.kind, status: error.status, code: error.code, requestId: error.requestId, path: error.path };
}

/**
 * The one place that says how the layers stack, outermost first:
 * typed endpoints → auth (token, one re-login on 401) → retry → circuit breaker → rate limit →
 * metrics → transport. Logins go through the same stack below auth, so they are retried,
 * counted against the rate limit and stopped by an open circuit like any other request.
 */
export function createVpsieClient(options: VpsieClientOptions): VpsieClient {
  if (options.baseUrl !== undefined) checkBaseUrl(options.baseUrl, options.allowInsecureHttp ?? false);
  const log = options.logger;
  const metrics = options.registry ? createVpsieClientMetrics(options.registry) : noMetrics;
  const now = options.now ?? Date.now;

  const transport = new Transport({
    userAgent: `vpsie-autoscaler/${options.version ?? packageJson.version}`,
    authHeader: options.authHeader,
    caPem: options.caPem,
    allowInsecureHttp: options.allowInsecureHttp,
    timeoutMs: options.timeoutMs,
    maxResponseBytes: options.maxResponseBytes,
    connections: options.connections,
  });
  const bucket = new TokenBucket(options.rateLimit);
  const breaker = new CircuitBreaker({
    ...options.circuitBreaker,
    now: options.circuitBreaker?.now ?? now,
    onStateChange: (state, previous) => {
      metrics.circuitChanged(state);
      const line = { circuit: state, previous };
      if (state === 'open') log?.warn(line, 'VPSie circuit opened: failing fast');
      else log?.info(line, `VPSie circuit ${state}`);
    },
  });

  const unauthenticated = withRetry(withCircuitBreaker(withRateLimit(metrics.instrument(transport.send), bucket), breaker), options.retry, {
    onRetry: (request, error, attempt, delayMs) => {
      metrics.retried(request.route, error.kind);
      log?.warn({ method: request.method, endpoint: request.route, attempt, delayMs, ...errorFields(error) }, 'retrying VPSie request');
    },
  });

  const session = new TokenSession({
    credentials: options.credentials,
    baseUrl: options.baseUrl,
    refreshAheadMs: options.refreshAheadMs,
    now,
    logIn: async (baseUrl, clientId, clientSecret) => {
      try {
        const issued = await logIn(unauthenticated, baseUrl, clientId, clientSecret, now());
        metrics.loggedIn('success');
        log?.info({ expiresAt: new Date(issued.expiresAt).toISOString() }, 'logged in to VPSie');
        return issued;
      } catch (error) {
        metrics.loggedIn('failure');
        log?.warn(errorFields(error), 'VPSie login failed');
        throw error;
      }
    },
    onBackgroundRefreshFailure: (error) => log?.warn(errorFields(error), 'VPSie token refresh failed; the current token stays in use until it expires'),
  });

  const api = new VpsieApi(withAuth(unauthenticated, session), (kind) => metrics.callFailed(kind));
  let closing: Promise<void> | undefined;

  return {
    listK8sOfferings: (dcIdentifier) => api.listK8sOfferings(dcIdentifier),
    listOfferings: () => api.listOfferings(),
    listDatacenters: () => api.listDatacenters(),
    getCluster: (clusterId) => api.getCluster(clusterId),
    listNodeGroups: (clusterId) => api.listNodeGroups(clusterId),
    createNodeGroup: (clusterIdentifier, groupName, kubeSizeId) => api.createNodeGroup(clusterIdentifier, groupName, kubeSizeId),
    addNode: (clusterId, groupId) => api.addNode(clusterId, groupId),
    deleteNode: (clusterId, identifier) => api.deleteNode(clusterId, identifier),
    listVms: () => api.listVms(),
    getVm: (id) => api.getVm(id),
    deleteVm: (id) => api.deleteVm(id),
    get circuitState() {
      return breaker.state;
    },
    close() {
      closing ??= (async () => {
        session.close();
        bucket.close();
        await transport.close();
      })();
      return closing;
    },
  };
}
