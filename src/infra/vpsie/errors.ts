/**
 * One hierarchy for everything the VPSie client can fail with. Callers branch on the class (or
 * `kind`); the retry layer asks `retryable`. An error carries where it happened (method, path,
 * status, envelope code, X-Request-ID) and never a credential, a token or a request body: the
 * message is built from those fields only, and a wrapped low-level error is copied down to its
 * name, code and message so that nothing else it holds (headers, sockets, certificates) travels on.
 */
export type VpsieErrorKind =
  | 'auth'
  | 'not-found'
  | 'rate-limited'
  | 'capacity'
  | 'rejected'
  | 'transient'
  | 'network'
  | 'timeout'
  | 'tls'
  | 'protocol'
  | 'circuit-open'
  | 'config'
  | 'closed';

export interface VpsieErrorContext {
  method?: string;
  /** Path relative to the base URL, without the query string. */
  path?: string;
  status?: number;
  /** The `code` of the error envelope, when the server sent one. */
  code?: number;
  requestId?: string;
  cause?: Error;
}

function describeContext(context: VpsieErrorContext): { prefix: string; suffix: string } {
  const prefix = context.method && context.path ? `VPSie ${context.method} ${context.path}: ` : 'VPSie: ';
  const details = [
    context.status !== undefined ? `status ${context.status}` : undefined,
    context.code !== undefined && context.code !== context.status ? `code ${context.code}` : undefined,
    context.requestId ? `request-id ${context.requestId}` : undefined,
  ].filter((detail) => detail !== undefined);
  return { prefix, suffix: details.length > 0 ? ` (${details.join(', ')})` : '' };
}

export abstract class VpsieError extends Error {
  abstract readonly kind: VpsieErrorKind;
  /** Whether the same request, sent again later, may succeed. */
  abstract readonly retryable: boolean;
  readonly method: string | undefined;
  readonly path: string | undefined;
  readonly status: number | undefined;
  readonly code: number | undefined;
  readonly requestId: string | undefined;

  constructor(message: string, context: VpsieErrorContext = {}) {
    const { prefix, suffix } = describeContext(context);
    super(`${prefix}${message}${suffix}`, context.cause ? { cause: context.cause } : undefined);
    this.name = new.target.name;
    this.method = context.method;
    this.path = context.path;
    this.status = context.status;
    this.code = context.code;
    this.requestId = context.requestId;
  }
}

/** 401/403, a rejected login, or a token the server no longer accepts. */
export class VpsieAuthError extends VpsieError {
  readonly kind = 'auth';
  readonly retryable = false;
}

export class VpsieNotFoundError extends VpsieError {
  readonly kind = 'not-found';
  readonly retryable = false;
}

export class VpsieRateLimitedError extends VpsieError {
  readonly kind = 'rate-limited';
  readonly retryable = true;
  /** From Retry-After (seconds or HTTP-date), when the server sent one. */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, context: VpsieErrorContext & { retryAfterMs?: number } = {}) {
    super(message, context);
    this.retryAfterMs = context.retryAfterMs;
  }
}

/** Quota or capacity exhausted: terminal for this offering, so callers fall back to another. */
export class VpsieCapacityError extends VpsieError {
  readonly kind = 'capacity';
  readonly retryable = false;
}

/** Any other 4xx, or `error: true` in a 200 that names no more specific cause. */
export class VpsieRejectedError extends VpsieError {
  readonly kind: VpsieErrorKind = 'rejected';
  readonly retryable = false;
}

/** VPSie refuses a second node group of one cluster with the same size ("…has same selected Size…"). */
export class VpsieNodeGroupExistsError extends VpsieRejectedError {}

/** 5xx: the server failed; the request may succeed later. */
export class VpsieTransientError extends VpsieError {
  readonly kind: VpsieErrorKind = 'transient';
  readonly retryable = true;
}

/** No HTTP response: refused, reset, DNS. A transient failure, so callers treating it as such need no special case. */
export class VpsieNetworkError extends VpsieTransientError {
  override readonly kind: VpsieErrorKind = 'network';
  /**
   * False only when the failure happened before the request could have reached the server
   * (refused, DNS, connect timeout): the one case where a non-idempotent request may be resent.
   */
  readonly requestSent: boolean;

  constructor(message: string, context: VpsieErrorContext & { requestSent: boolean }) {
    super(message, context);
    this.requestSent = context.requestSent;
  }
}

export class VpsieTimeoutError extends VpsieNetworkError {
  override readonly kind: VpsieErrorKind = 'timeout';
}

/** Handshake refused: protocol version, cipher suite or certificate. Retrying cannot help. */
export class VpsieTlsError extends VpsieError {
  readonly kind = 'tls';
  readonly retryable = false;
}

/** The server answered something the contract does not allow: bad JSON, wrong shape, too large. */
export class VpsieProtocolError extends VpsieError {
  readonly kind = 'protocol';
  readonly retryable = false;
}

/** The circuit breaker is open: the request was not sent. */
export class VpsieCircuitOpenError extends VpsieError {
  readonly kind = 'circuit-open';
  readonly retryable = false;
}

/** The client was configured in a way it refuses to run with (e.g. plain http without opting in). */
export class VpsieConfigError extends VpsieError {
  readonly kind = 'config';
  readonly retryable = false;
}

/** The client was closed while the request waited for its turn. */
export class VpsieClientClosedError extends VpsieError {
  readonly kind = 'closed';
  readonly retryable = false;
}

/**
 * A copy of a low-level error reduced to name, code and message. undici and Node errors can hold
 * response headers, sockets or peer certificates as properties; none of that may ride along as
 * `cause` into logs.
 */
export function sanitizedCause(error: unknown): Error {
  if (!(error instanceof Error)) return new Error(typeof error === 'string' ? error.slice(0, 300) : 'unknown failure');
  const copy = new Error(error.message.slice(0, 300));
  copy.name = error.name;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') Object.assign(copy, { code });
  return copy;
}

/**
 * Removes known secret values from an error's message and stack, in place. Defence in depth for
 * server messages quoted into errors: a server that echoes a credential must not get it logged.
 */
export function scrubSecrets<E extends Error>(error: E, secrets: readonly string[]): E {
  const present = secrets.filter((secret) => secret.length >= 4);
  if (present.length === 0) return error;
  const scrub = (text: string): string => present.reduce((out, secret) => out.split(secret).join('[redacted]'), text);
  error.message = scrub(error.message);
  if (error.stack) error.stack = scrub(error.stack);
  return error;
}
