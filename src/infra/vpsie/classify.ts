import {
  type VpsieError,
  type VpsieErrorContext,
  VpsieAuthError,
  VpsieCapacityError,
  VpsieNetworkError,
  VpsieNodeGroupExistsError,
  VpsieNotFoundError,
  VpsieRateLimitedError,
  VpsieRejectedError,
  VpsieTimeoutError,
  VpsieTlsError,
  VpsieTransientError,
  sanitizedCause,
} from './errors.ts';

/** Phrases VPSie uses when a quota or the capacity for an offering is exhausted (the contract's list). */
const CAPACITY_PHRASES = ['quota exceeded', 'limit reached', 'maximum number of', 'exceeds the allowed limit', 'plan does not allow'];
const DUPLICATE_GROUP_PHRASE = 'has same selected size';
const MAX_QUOTED_MESSAGE = 300;

export interface ResponseFacts {
  status: number;
  body: unknown;
  retryAfter: string | undefined;
  context: VpsieErrorContext;
  /** Leave the server's message out (login responses may quote what was sent). */
  sensitive: boolean;
  now: number;
}

interface Envelope {
  error?: unknown;
  code?: unknown;
  message?: unknown;
}

function envelopeOf(body: unknown): Envelope {
  return typeof body === 'object' && body !== null ? (body as Envelope) : {};
}

/** Retry-After is either delay-seconds or an HTTP-date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/** The typed error a response stands for, or undefined when it is a success. */
export function errorForResponse(facts: ResponseFacts): VpsieError | undefined {
  const envelope = envelopeOf(facts.body);
  const failedInBody = envelope.error === true;
  if (facts.status >= 200 && facts.status < 300 && !failedInBody) return undefined;

  const code = typeof envelope.code === 'number' && Number.isInteger(envelope.code) ? envelope.code : undefined;
  const context: VpsieErrorContext = { ...facts.context, status: facts.status, code };
  const serverMessage = typeof envelope.message === 'string' && !facts.sensitive ? envelope.message.slice(0, MAX_QUOTED_MESSAGE) : undefined;
  // A 200 carrying `error: true` is classified by its envelope code when that looks like a status.
  const status = facts.status >= 300 ? facts.status : code !== undefined && code >= 400 && code < 600 ? code : undefined;
  const lowered = serverMessage?.toLowerCase() ?? '';
  const said = (fallback: string): string => serverMessage ?? fallback;

  if (status === 401 || status === 403) {
    return new VpsieAuthError(facts.sensitive ? 'credentials refused (check the client id and secret)' : said(status === 401 ? 'unauthorized' : 'forbidden'), context);
  }
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(facts.retryAfter, facts.now);
    return new VpsieRateLimitedError(said('rate limited'), { ...context, retryAfterMs });
  }
  if (CAPACITY_PHRASES.some((phrase) => lowered.includes(phrase))) return new VpsieCapacityError(said('capacity exhausted'), context);
  if (status === 404) return new VpsieNotFoundError(said('not found'), context);
  if (status !== undefined && status >= 500) return new VpsieTransientError(said('server error'), context);
  if (lowered.includes(DUPLICATE_GROUP_PHRASE)) return new VpsieNodeGroupExistsError(said('node group exists'), context);
  return new VpsieRejectedError(said(failedInBody ? 'request failed' : 'request rejected'), context);
}

const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);
const CERTIFICATE_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_SIGNATURE_FAILURE',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_REVOKED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'HOSTNAME_MISMATCH',
]);

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function tlsReason(code: string): string | undefined {
  if (CERTIFICATE_CODES.has(code)) {
    return code === 'ERR_TLS_CERT_ALTNAME_INVALID' || code === 'HOSTNAME_MISMATCH'
      ? `the server certificate does not name this host (${code})`
      : `the server certificate is not trusted (${code})`;
  }
  if (code.endsWith('WRONG_VERSION_NUMBER')) return `the server did not answer in TLS (${code})`;
  if (/PROTOCOL_VERSION|UNSUPPORTED_PROTOCOL|NO_PROTOCOLS_AVAILABLE/.test(code)) {
    return `the server does not speak TLS 1.2 or newer (${code})`;
  }
  if (/HANDSHAKE_FAILURE|NO_SHARED_CIPHER|NO_CIPHERS_AVAILABLE/.test(code)) {
    return `no common cipher suite: ECDHE with AES-GCM is required (${code})`;
  }
  if (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_')) return `handshake failed (${code})`;
  return undefined;
}

/** The typed error for a request that got no HTTP response (or lost it half-way). */
export function errorForFailure(failure: unknown, context: VpsieErrorContext, timeoutMs: number): VpsieError {
  const cause = sanitizedCause(failure);
  const withCause = { ...context, cause };
  // undici reports the signal's reason: AbortSignal.timeout() aborts with a DOMException named TimeoutError.
  if ((failure as { name?: unknown } | null)?.name === 'TimeoutError') {
    return new VpsieTimeoutError(`no complete response within ${timeoutMs} ms`, { ...withCause, requestSent: true });
  }
  const code = codeOf(failure) ?? codeOf((failure as { cause?: unknown } | null)?.cause);
  if (code !== undefined) {
    const reason = tlsReason(code);
    if (reason) return new VpsieTlsError(`TLS handshake refused: ${reason}`, withCause);
    if (code === 'UND_ERR_CONNECT_TIMEOUT') return new VpsieTimeoutError('connect timed out', { ...withCause, requestSent: false });
    if (NOT_SENT_CODES.has(code)) return new VpsieNetworkError(`cannot connect (${code})`, { ...withCause, requestSent: false });
    return new VpsieNetworkError(`connection failed (${code})`, { ...withCause, requestSent: true });
  }
  return new VpsieNetworkError(`connection failed (${cause.name})`, { ...withCause, requestSent: true });
}
