import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

const PREFIX = 'vpsie_autoscaler_webhook_';

/** How one request ended: an admission verdict, or the HTTP-level reason it got no verdict. */
export type RequestResult =
  | 'allowed'
  | 'denied'
  | 'error'
  | 'ok'
  | 'not_ready'
  | 'bad_request'
  | 'method_not_allowed'
  | 'not_found'
  | 'unsupported_media_type'
  | 'payload_too_large'
  | 'request_timeout'
  | 'too_many_requests'
  | 'aborted';

export type CertificateReloadResult = 'success' | 'failure';

export interface WebhookMetrics {
  recordRequest(path: string, result: RequestResult, seconds: number): void;
  setInFlight(count: number): void;
  recordCertificateReload(result: CertificateReloadResult): void;
  recordHandshakeFailure(): void;
  setConnections(active: number, waiting: number): void;
  recordConnectionWaitTimeout(): void;
}

// Reuse a metric already in the registry so two servers in one process (tests, the simulator)
// share series instead of failing on a duplicate registration.
function registered<T>(registry: Registry, name: string, create: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}

export function createWebhookMetrics(registry: Registry): WebhookMetrics {
  const requests = registered(
    registry,
    `${PREFIX}requests_total`,
    () => new Counter({ name: `${PREFIX}requests_total`, help: 'Webhook requests by path and result.', labelNames: ['path', 'result'], registers: [registry] }),
  );
  const duration = registered(
    registry,
    `${PREFIX}request_duration_seconds`,
    () =>
      new Histogram({
        name: `${PREFIX}request_duration_seconds`,
        help: 'Time from request headers to the end of the response.',
        labelNames: ['path'],
        buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
        registers: [registry],
      }),
  );
  const inFlight = registered(
    registry,
    `${PREFIX}in_flight_requests`,
    () => new Gauge({ name: `${PREFIX}in_flight_requests`, help: 'Admission requests being read or judged now.', registers: [registry] }),
  );
  const reloads = registered(
    registry,
    `${PREFIX}certificate_reloads_total`,
    () =>
      new Counter({
        name: `${PREFIX}certificate_reloads_total`,
        help: 'Serving certificate reloads after the files changed, by result.',
        labelNames: ['result'],
        registers: [registry],
      }),
  );
  const handshakeFailures = registered(
    registry,
    `${PREFIX}tls_handshake_failures_total`,
    () => new Counter({ name: `${PREFIX}tls_handshake_failures_total`, help: 'TLS handshakes refused or failed.', registers: [registry] }),
  );
  const connections = registered(
    registry,
    `${PREFIX}connections`,
    () =>
      new Gauge({
        name: `${PREFIX}connections`,
        help: 'Connections being served (active) and accepted but waiting for a slot (waiting).',
        labelNames: ['state'],
        registers: [registry],
      }),
  );
  const waitTimeouts = registered(
    registry,
    `${PREFIX}connection_wait_timeouts_total`,
    () =>
      new Counter({
        name: `${PREFIX}connection_wait_timeouts_total`,
        help: 'Connections closed unserved because no slot freed up in time.',
        registers: [registry],
      }),
  );
  return {
    recordRequest(path, result, seconds) {
      requests.inc({ path, result });
      duration.observe({ path }, seconds);
    },
    setInFlight(count) {
      inFlight.set(count);
    },
    recordCertificateReload(result) {
      reloads.inc({ result });
    },
    recordHandshakeFailure() {
      handshakeFailures.inc();
    },
    setConnections(active, waiting) {
      connections.set({ state: 'active' }, active);
      connections.set({ state: 'waiting' }, waiting);
    },
    recordConnectionWaitTimeout() {
      waitTimeouts.inc();
    },
  };
}
