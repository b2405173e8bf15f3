import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { CircuitState } from './circuitBreaker.ts';
import { VpsieError, type VpsieErrorKind } from './errors.ts';
import type { Send } from './exchange.ts';

const PREFIX = 'vpsie_autoscaler_vpsie_';

/** What the client reports. Labels carry route templates and error kinds only, never ids or secrets. */
export interface VpsieClientMetrics {
  callFailed(kind: VpsieErrorKind | 'unknown'): void;
  retried(route: string, kind: VpsieErrorKind): void;
  loggedIn(outcome: 'success' | 'failure'): void;
  circuitChanged(state: CircuitState): void;
  /** The innermost layer: one sample per HTTP attempt. */
  instrument(next: Send): Send;
}

const CIRCUIT_VALUE: Record<CircuitState, number> = { closed: 0, 'half-open': 1, open: 2 };

// A second client on the same registry (tests, the CLI check inside a running process) reuses the series.
function existing<T>(registry: Registry, name: string): T | undefined {
  return registry.getSingleMetric(name) as T | undefined;
}

export function createVpsieClientMetrics(registry: Registry): VpsieClientMetrics {
  const requests =
    existing<Counter<'method' | 'endpoint' | 'status'>>(registry, `${PREFIX}requests_total`) ??
    new Counter({
      name: `${PREFIX}requests_total`,
      help: 'HTTP requests sent to the VPSie API, by method, route template and status (or failure kind when no response came)',
      labelNames: ['method', 'endpoint', 'status'],
      registers: [registry],
    });
  const latency =
    existing<Histogram<'method' | 'endpoint'>>(registry, `${PREFIX}request_duration_seconds`) ??
    new Histogram({
      name: `${PREFIX}request_duration_seconds`,
      help: 'Duration of one HTTP request to the VPSie API, body included',
      labelNames: ['method', 'endpoint'],
      buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    });
  const errors =
    existing<Counter<'type'>>(registry, `${PREFIX}errors_total`) ??
    new Counter({ name: `${PREFIX}errors_total`, help: 'VPSie API calls that failed, by error type', labelNames: ['type'], registers: [registry] });
  const retries =
    existing<Counter<'endpoint' | 'reason'>>(registry, `${PREFIX}retries_total`) ??
    new Counter({ name: `${PREFIX}retries_total`, help: 'VPSie API requests sent again, by route template and reason', labelNames: ['endpoint', 'reason'], registers: [registry] });
  const logins =
    existing<Counter<'outcome'>>(registry, `${PREFIX}logins_total`) ??
    new Counter({ name: `${PREFIX}logins_total`, help: 'Logins to the VPSie API, by outcome', labelNames: ['outcome'], registers: [registry] });
  const circuit =
    existing<Gauge>(registry, `${PREFIX}circuit_state`) ??
    new Gauge({ name: `${PREFIX}circuit_state`, help: 'VPSie API circuit breaker: 0 closed, 1 half-open, 2 open', registers: [registry] });
  circuit.set(CIRCUIT_VALUE.closed);

  // Label sets are few (routes × statuses) and hit on every request: resolved once per route and
  // status, then found by two map lookups without building a key string per request.
  interface RouteSeries {
    labels: { method: string; endpoint: string };
    latency: { observe(seconds: number): void };
    counters: Map<number | string, { inc(): void }>;
  }
  const byMethod = new Map<string, Map<string, RouteSeries>>();
  const seriesFor = (method: string, endpoint: string): RouteSeries => {
    let byRoute = byMethod.get(method);
    if (!byRoute) byMethod.set(method, (byRoute = new Map()));
    let series = byRoute.get(endpoint);
    if (!series) byRoute.set(endpoint, (series = { labels: { method, endpoint }, latency: latency.labels(method, endpoint), counters: new Map() }));
    return series;
  };
  const record = (series: RouteSeries, status: number | string, started: number): void => {
    series.latency.observe((performance.now() - started) / 1000);
    let counter = series.counters.get(status);
    if (!counter) series.counters.set(status, (counter = requests.labels(series.labels.method, series.labels.endpoint, String(status))));
    counter.inc();
  };

  return {
    callFailed: (kind) => errors.inc({ type: kind }),
    retried: (route, kind) => retries.inc({ endpoint: route, reason: kind }),
    loggedIn: (outcome) => logins.inc({ outcome }),
    circuitChanged: (state) => circuit.set(CIRCUIT_VALUE[state]),
    instrument: (next) => (request) => {
      const started = performance.now();
      const series = seriesFor(request.method, request.route);
      return next(request).then(
        (response) => {
          record(series, response.status, started);
          return response;
        },
        (error: unknown) => {
          record(series, error instanceof VpsieError ? (error.status ?? error.kind) : 'unknown', started);
          throw error;
        },
      );
    },
  };
}
