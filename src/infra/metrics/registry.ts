import { Registry, collectDefaultMetrics } from 'prom-client';

export const METRIC_PREFIX = 'vpsie_autoscaler_';

/**
 * One registry per process (or per test), never prom-client's global one: two controllers in one
 * test process must not share series.
 */
export function createRegistry(options: { defaultMetrics?: boolean } = {}): Registry {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: METRIC_PREFIX });
  return registry;
}
