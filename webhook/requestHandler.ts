import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import { isAdmissionPath, reviewAdmission, type AdmissionContext, type AdmissionPath } from './admission/routes.ts';
import { readBoundedBody } from './boundedBody.ts';
import { lingerThenClose, pathOf, sendJson } from './httpReplies.ts';
import { isJsonMediaType } from './mediaType.ts';
import type { RequestResult, WebhookMetrics } from './metrics.ts';

export interface RequestHandlerSettings {
  readonly maxBodyBytes: number;
  readonly bodyTimeoutMs: number;
  readonly maxConcurrentRequests: number;
  readonly admission: AdmissionContext;
  readonly logger: Logger;
  readonly metrics: WebhookMetrics;
}

const HEALTH_PATHS = ['/healthz', '/readyz'] as const;
type HealthPath = (typeof HEALTH_PATHS)[number];
type Route = AdmissionPath | HealthPath;

function routeOf(path: string): Route | undefined {
  if (isAdmissionPath(path)) return path;
  return (HEALTH_PATHS as readonly string[]).includes(path) ? (path as HealthPath) : undefined;
}

/**
 * How the connection ends after a response: kept for the next request, closed at once, or
 * lingering (half-closed while the client may still be sending a body we will not read).
 */
type ConnectionEnd = 'keep-alive' | 'close' | 'linger';
type Reply = (status: number, result: RequestResult, payload: unknown, headers?: OutgoingHttpHeaders, end?: ConnectionEnd) => void;

/**
 * HTTP semantics of the webhook: routing, the input checks in order (method, media type,
 * declared length, concurrency, streamed length and deadline, UTF-8, JSON, envelope), and the
 * AdmissionReview answer. Bad input always gets a 4xx, never a 5xx.
 */
export class WebhookRequestHandler {
  readonly #settings: RequestHandlerSettings;
  readonly #utf8 = new TextDecoder('utf-8', { fatal: true });
  #inFlight = 0;
  #draining = false;

  constructor(settings: RequestHandlerSettings) {
    this.#settings = settings;
  }

  /** From now on every response closes its connection and /readyz reports not ready. */
  startDraining(): void {
    this.#draining = true;
  }

  readonly handle = (request: IncomingMessage, response: ServerResponse): void => {
    const started = performance.now();
    const path = pathOf(request.url);
    const route = routeOf(path);
    let result: RequestResult = 'aborted';
    response.once('close', () => this.#settings.metrics.recordRequest(route ?? 'unmatched', result, (performance.now() - started) / 1000));
    const reply: Reply = (status, outcome, payload, headers = {}, closing = 'keep-alive') => {
      result = outcome;
      if (closing === 'linger') lingerThenClose(request, response);
      sendJson(response, status, payload, headers, this.#draining || closing === 'close');
    };
    if (route === undefined) {
      reply(404, 'not_found', { code: 404, message: `no handler for ${path.slice(0, 100)}` });
      return;
    }
    if (route === '/healthz' || route === '/readyz') {
      this.#answerHealth(route, request, reply);
      return;
    }
    this.#admit(route, request, response, reply);
  };

  #answerHealth(route: HealthPath, request: IncomingMessage, reply: Reply): void {
    if (request.method !== 'GET') {
      reply(405, 'method_not_allowed', { code: 405, message: `${route} accepts GET only` }, { allow: 'GET' });
      return;
    }
    if (route === '/readyz' && this.#draining) {
      reply(503, 'not_ready', { status: 'shutting down' });
      return;
    }
    reply(200, 'ok', { status: 'ok' });
  }

  #admit(route: AdmissionPath, request: IncomingMessage, response: ServerResponse, reply: Reply): void {
    const { maxBodyBytes, maxConcurrentRequests, metrics } = this.#settings;
    if (request.method !== 'POST') {
      reply(405, 'method_not_allowed', { code: 405, message: `${route} accepts POST only` }, { allow: 'POST' });
      return;
    }
    if (!isJsonMediaType(request.headers['content-type'])) {
      reply(415, 'unsupported_media_type', { code: 415, message: 'Content-Type must be application/json' });
      return;
    }
    const declaredLength = request.headers['content-length'];
    // Refused before a byte of the body is read; the connection then lingers and closes.
    if (declaredLength !== undefined && Number(declaredLength) > maxBodyBytes) {
      reply(413, 'payload_too_large', { code: 413, message: `request body exceeds ${maxBodyBytes} bytes` }, {}, 'linger');
      return;
    }
    // The cap bounds memory (at most cap × maxBodyBytes of bodies) and CPU. The cheap header
    // checks above run first, so an oversized flood is answered 413 whatever the load.
    // 429 with Retry-After rather than 503: the client is asked to slow down, the server is not
    // failing, and API server clients retry a 429 that carries Retry-After.
    if (this.#inFlight >= maxConcurrentRequests) {
      // A declared (hence small) body is drained so the connection stays usable; an undeclared
      // one could be endless, so that connection lingers and closes.
      const end = declaredLength === undefined ? 'linger' : 'keep-alive';
      reply(429, 'too_many_requests', { code: 429, message: 'too many concurrent admission requests' }, { 'retry-after': '1' }, end);
      return;
    }
    this.#inFlight += 1;
    metrics.setInFlight(this.#inFlight);
    response.once('close', () => {
      this.#inFlight -= 1;
      metrics.setInFlight(this.#inFlight);
    });
    void this.#review(route, request, reply);
  }

  async #review(route: AdmissionPath, request: IncomingMessage, reply: Reply): Promise<void> {
    const { maxBodyBytes, bodyTimeoutMs, admission, logger } = this.#settings;
    const body = await readBoundedBody(request, { maxBytes: maxBodyBytes, timeoutMs: bodyTimeoutMs });
    switch (body.kind) {
      case 'aborted':
        return;
      case 'too-large':
        reply(413, 'payload_too_large', { code: 413, message: `request body exceeds ${maxBodyBytes} bytes` }, {}, 'linger');
        return;
      case 'timed-out':
        // A client this slow gets no lingering: the connection is closed at once.
        reply(408, 'request_timeout', { code: 408, message: `request body not received within ${bodyTimeoutMs} ms` }, {}, 'close');
        return;
    }
    let text: string;
    try {
      text = this.#utf8.decode(body.body);
    } catch {
      reply(400, 'bad_request', { code: 400, message: 'request body is not valid UTF-8' });
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      reply(400, 'bad_request', { code: 400, message: 'request body is not valid JSON' });
      return;
    }
    const outcome = reviewAdmission(route, parsed, admission);
    if (outcome.kind === 'malformed') {
      reply(400, 'bad_request', { code: 400, message: outcome.message });
      return;
    }
    if (outcome.failure !== undefined) {
      logger.error({ err: outcome.failure, path: route, uid: outcome.denial?.uid }, 'admission webhook failed to evaluate a request');
      reply(200, 'error', outcome.review);
      return;
    }
    if (outcome.denial !== undefined) logger.info(outcome.denial, 'admission denied');
    reply(200, outcome.denial === undefined ? 'allowed' : 'denied', outcome.review);
  }
}
