import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import { isAdmissionPath, reviewAdmission, type AdmissionContext, type AdmissionPath } from './admission/routes.ts';
import { readBoundedBody } from './boundedBody.ts';
import type { ConnectionUse } from './connectionGate.ts';
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
  readonly connections: ConnectionUse;
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

/** One request and its response, with what the metrics record when the response closes. */
class Exchange {
  result: RequestResult = 'aborted';
  /** Counted in the concurrency cap until the response closes. */
  admitted = false;
  /** The response leaves the connection open for another request. */
  keepsConnection = false;

  constructor(
    readonly request: IncomingMessage,
    readonly response: ServerResponse,
    readonly route: Route | 'unmatched',
    readonly started: number,
  ) {}
}

/**
 * HTTP semantics of the webhook: routing, the input checks in order (method, media type,
 * declared length, concurrency, streamed length and deadline, UTF-8, JSON, envelope), and the
 * AdmissionReview answer. Bad input always gets a 4xx, never a 5xx.
 *
 * This runs for every admission call the API server makes, so each request costs one small
 * exchange object and one `close` listener (metrics and the concurrency count together), and no
 * per-request closures beyond the listeners the body reader needs.
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
    const exchange = new Exchange(request, response, route ?? 'unmatched', started);
    this.#settings.connections.busy(request.socket);
    response.once('close', () => this.#closed(exchange));
    if (route === undefined) {
      this.#reply(exchange, 404, 'not_found', { code: 404, message: `no handler for ${path.slice(0, 100)}` });
      return;
    }
    if (route === '/healthz' || route === '/readyz') {
      this.#answerHealth(route, exchange);
      return;
    }
    this.#admit(route, exchange);
  };

  #closed(exchange: Exchange): void {
    const { metrics, connections } = this.#settings;
    // Only a request read whole leaves a connection that can be closed without losing anything.
    if (exchange.keepsConnection && exchange.request.complete && !exchange.request.socket.destroyed) connections.idle(exchange.request.socket);
    if (exchange.admitted) {
      this.#inFlight -= 1;
      metrics.setInFlight(this.#inFlight);
    }
    metrics.recordRequest(exchange.route, exchange.result, (performance.now() - exchange.started) / 1000);
  }

  #reply(exchange: Exchange, status: number, result: RequestResult, payload: unknown, headers?: OutgoingHttpHeaders, closing: ConnectionEnd = 'keep-alive'): void {
    exchange.result = result;
    if (closing === 'linger') lingerThenClose(exchange.request, exchange.response);
    // A lingering connection must not say `Connection: close`: Node would then close it the moment
    // the response is out, resetting a client still sending the body it was refused.
    const close = closing === 'close' || (closing === 'keep-alive' && (this.#draining || this.#settings.connections.hasWaiting));
    exchange.keepsConnection = closing === 'keep-alive' && !close;
    sendJson(exchange.response, status, payload, headers, close);
  }

  #answerHealth(route: HealthPath, exchange: Exchange): void {
    if (exchange.request.method !== 'GET') {
      this.#reply(exchange, 405, 'method_not_allowed', { code: 405, message: `${route} accepts GET only` }, { allow: 'GET' });
      return;
    }
    if (route === '/readyz' && this.#draining) {
      this.#reply(exchange, 503, 'not_ready', { status: 'shutting down' });
      return;
    }
    this.#reply(exchange, 200, 'ok', { status: 'ok' });
  }

  #admit(route: AdmissionPath, exchange: Exchange): void {
    const { maxBodyBytes, maxConcurrentRequests, metrics } = this.#settings;
    const { request } = exchange;
    if (request.method !== 'POST') {
      this.#reply(exchange, 405, 'method_not_allowed', { code: 405, message: `${route} accepts POST only` }, { allow: 'POST' });
      return;
    }
    if (!isJsonMediaType(request.headers['content-type'])) {
      this.#reply(exchange, 415, 'unsupported_media_type', { code: 415, message: 'Content-Type must be application/json' });
      return;
    }
    const declaredLength = request.headers['content-length'];
    // Refused before a byte of the body is read; the connection then lingers and closes.
    if (declaredLength !== undefined && Number(declaredLength) > maxBodyBytes) {
      this.#reply(exchange, 413, 'payload_too_large', { code: 413, message: `request body exceeds ${maxBodyBytes} bytes` }, undefined, 'linger');
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
      this.#reply(exchange, 429, 'too_many_requests', { code: 429, message: 'too many concurrent admission requests' }, { 'retry-after': '1' }, end);
      return;
    }
    this.#inFlight += 1;
    exchange.admitted = true;
    metrics.setInFlight(this.#inFlight);
    void this.#review(route, exchange);
  }

  async #review(route: AdmissionPath, exchange: Exchange): Promise<void> {
    const { maxBodyBytes, bodyTimeoutMs, admission, logger } = this.#settings;
    const body = await readBoundedBody(exchange.request, { maxBytes: maxBodyBytes, timeoutMs: bodyTimeoutMs });
    switch (body.kind) {
      case 'aborted':
        return;
      case 'too-large':
        this.#reply(exchange, 413, 'payload_too_large', { code: 413, message: `request body exceeds ${maxBodyBytes} bytes` }, undefined, 'linger');
        return;
      case 'timed-out':
        // A client this slow gets no lingering: the connection is closed at once.
        this.#reply(exchange, 408, 'request_timeout', { code: 408, message: `request body not received within ${bodyTimeoutMs} ms` }, undefined, 'close');
        return;
    }
    let text: string;
    try {
      text = this.#utf8.decode(body.body);
    } catch {
      this.#reply(exchange, 400, 'bad_request', { code: 400, message: 'request body is not valid UTF-8' });
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      this.#reply(exchange, 400, 'bad_request', { code: 400, message: 'request body is not valid JSON' });
      return;
    }
    const outcome = reviewAdmission(route, parsed, admission);
    if (outcome.kind === 'malformed') {
      this.#reply(exchange, 400, 'bad_request', { code: 400, message: outcome.message });
      return;
    }
    if (outcome.failure !== undefined) {
      logger.error({ err: outcome.failure, path: route, uid: outcome.denial?.uid }, 'admission webhook failed to evaluate a request');
      this.#reply(exchange, 200, 'error', outcome.review);
      return;
    }
    if (outcome.denial !== undefined) logger.info(outcome.denial, 'admission denied');
    this.#reply(exchange, 200, outcome.denial === undefined ? 'allowed' : 'denied', outcome.review);
  }
}
