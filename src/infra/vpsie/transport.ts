import type { Readable } from 'node:stream';
import { Agent, request } from 'undici';
import { errorForFailure, errorForResponse } from './classify.ts';
import { VpsieConfigError, VpsieProtocolError, type VpsieErrorContext } from './errors.ts';
import type { ApiRequest, ApiResponse, Send } from './exchange.ts';
import { tlsConnectOptions } from './tlsPolicy.ts';

export type AuthHeaderName = 'Authorization' | 'Vpsie-Auth';

export interface TransportOptions {
  /** `vpsie-autoscaler/<version>`. */
  userAgent: string;
  /** `Authorization: Bearer <token>` (default) or `Vpsie-Auth: <token>`. */
  authHeader?: AuthHeaderName;
  /** Extra trusted CA (PEM); replaces the system roots, as Node does. */
  caPem?: string;
  /** Plain http is refused unless this is set: only the simulator should need it. */
  allowInsecureHttp?: boolean;
  /** Whole exchange, headers and body, per attempt. Default 30 s. */
  timeoutMs?: number;
  /** Responses larger than this are aborted while streaming. Default 10 MiB. */
  maxResponseBytes?: number;
  /** Sockets per origin; unlimited by default (the rate limit bounds concurrency in practice). */
  connections?: number;
  now?: () => number;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

/** Refuses anything but https (or http when explicitly allowed) before a socket is opened. */
export function checkBaseUrl(baseUrl: string, allowInsecureHttp: boolean): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new VpsieConfigError('the VPSie base URL is not a valid URL');
  }
  if (url.username || url.password) throw new VpsieConfigError('the VPSie base URL must not carry credentials');
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && allowInsecureHttp) return url;
  throw new VpsieConfigError(
    url.protocol === 'http:' ? 'plain http is refused: use https (allowInsecureHttp is for the simulator only)' : `unsupported URL scheme ${url.protocol}`,
  );
}

/**
 * The bottom layer: one HTTP exchange over undici with the TLS policy, the contract's headers, a
 * per-attempt deadline and a streamed size cap. Anything that is not a success comes out as a
 * typed VpsieError.
 */
export class Transport {
  readonly #agent: Agent;
  readonly #options: Required<Pick<TransportOptions, 'userAgent' | 'authHeader' | 'allowInsecureHttp' | 'timeoutMs' | 'maxResponseBytes' | 'now'>>;
  #checkedBaseUrl: { text: string; url: string } | undefined;
  readonly #headerCache: { token: string | undefined; byContentType: Map<string, Record<string, string>> } = { token: undefined, byContentType: new Map() };

  constructor(options: TransportOptions) {
    this.#options = {
      userAgent: options.userAgent,
      authHeader: options.authHeader ?? 'Authorization',
      allowInsecureHttp: options.allowInsecureHttp ?? false,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      now: options.now ?? Date.now,
    };
    this.#agent = new Agent({
      connect: tlsConnectOptions(options.caPem),
      ...(options.connections !== undefined ? { connections: options.connections } : {}),
    });
  }

  readonly send: Send = async (apiRequest) => {
    const url = this.#url(apiRequest);
    const context: VpsieErrorContext = { method: apiRequest.method, path: apiRequest.path };
    // One controller and one timer, cleared when the exchange ends: AbortSignal.timeout() would
    // keep a timer, a weak reference and a finalizer alive for the whole 30 s after every request.
    const controller = new AbortController();
    const timer = setTimeout(abortForTimeout, this.#options.timeoutMs, controller);
    let status: number;
    let text: string;
    let headers: Record<string, string | string[] | undefined>;
    try {
      const response = await request(url, {
        dispatcher: this.#agent,
        method: apiRequest.method,
        headers: this.#headers(apiRequest),
        body: encodeBody(apiRequest),
        signal: controller.signal,
      });
      status = response.statusCode;
      headers = response.headers;
      context.requestId = single(headers['x-request-id']);
      text = await this.#readCapped(response.body, single(headers['content-length']), context);
    } catch (error) {
      if (error instanceof VpsieProtocolError) throw error;
      throw errorForFailure(error, context, this.#options.timeoutMs);
    } finally {
      clearTimeout(timer);
    }
    return this.#decode(apiRequest, status, text, single(headers['retry-after']), context);
  };

  close(): Promise<void> {
    return this.#agent.close();
  }

  #url(apiRequest: ApiRequest): string {
    const baseUrl = apiRequest.baseUrl;
    if (baseUrl === undefined) throw new VpsieConfigError('no base URL for the request', { method: apiRequest.method, path: apiRequest.path });
    if (this.#checkedBaseUrl?.text !== baseUrl) {
      const checked = checkBaseUrl(baseUrl, this.#options.allowInsecureHttp);
      this.#checkedBaseUrl = { text: baseUrl, url: checked.href.replace(/\/+$/, '') };
    }
    const query = apiRequest.query ? `?${new URLSearchParams(apiRequest.query).toString()}` : '';
    return `${this.#checkedBaseUrl.url}${apiRequest.path}${query}`;
  }

  // The same few header sets on every request (one token, a body or not): built once per token and
  // content type, not per request. undici only reads the object.
  #headers(apiRequest: ApiRequest): Record<string, string> {
    const contentType = apiRequest.body ? ('json' in apiRequest.body ? 'application/json' : 'application/x-www-form-urlencoded') : undefined;
    const cache = this.#headerCache;
    if (cache.token !== apiRequest.token) {
      cache.token = apiRequest.token;
      cache.byContentType.clear();
    }
    const key = contentType ?? '';
    let headers = cache.byContentType.get(key);
    if (headers) return headers;
    headers = { accept: 'application/json', 'user-agent': this.#options.userAgent };
    if (contentType !== undefined) headers['content-type'] = contentType;
    if (apiRequest.token !== undefined) {
      if (this.#options.authHeader === 'Authorization') headers.authorization = `Bearer ${apiRequest.token}`;
      else headers['vpsie-auth'] = apiRequest.token;
    }
    cache.byContentType.set(key, Object.freeze(headers) as Record<string, string>);
    return headers;
  }

  // Events rather than `for await`: one promise per response instead of one per chunk.
  #readCapped(body: Readable, contentLength: string | undefined, context: VpsieErrorContext): Promise<string> {
    const limit = this.#options.maxResponseBytes;
    if (contentLength !== undefined && Number(contentLength) > limit) {
      body.destroy();
      return Promise.reject(this.#tooLarge(context));
    }
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      body.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= limit) return void chunks.push(chunk);
        body.destroy();
        reject(this.#tooLarge(context));
      });
      body.once('end', () => resolve(Buffer.concat(chunks, size).toString('utf8')));
      body.once('error', reject);
    });
  }

  #tooLarge(context: VpsieErrorContext): VpsieProtocolError {
    return new VpsieProtocolError(`response larger than ${this.#options.maxResponseBytes} bytes refused`, context);
  }

  #decode(apiRequest: ApiRequest, status: number, text: string, retryAfter: string | undefined, context: VpsieErrorContext): ApiResponse {
    let body: unknown;
    let parsed = true;
    if (text.length > 0) {
      try {
        body = JSON.parse(text);
      } catch {
        parsed = /^\s*$/.test(text);
      }
    }
    const failure = errorForResponse({ status, body, retryAfter, context, sensitive: apiRequest.sensitive ?? false, now: this.#options.now() });
    if (failure) throw failure;
    // Errors are classified by status even when their body is an HTML error page; a success must be JSON.
    if (!parsed) throw new VpsieProtocolError('response is not JSON', { ...context, status });
    return { status, body, requestId: context.requestId };
  }
}

function abortForTimeout(controller: AbortController): void {
  // The reason AbortSignal.timeout() gives: classified as a timeout by its name.
  controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function encodeBody(apiRequest: ApiRequest): string | undefined {
  if (!apiRequest.body) return undefined;
  // URLSearchParams percent-encodes & = + % and non-ASCII (UTF-8), and writes space as '+'.
  return 'json' in apiRequest.body ? JSON.stringify(apiRequest.body.json) : new URLSearchParams(apiRequest.body.form).toString();
}
