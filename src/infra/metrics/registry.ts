import { Registry, collectDefaultMetrics } from 'prom-client';

export const METRIC_PREFIX = 'vpsie_autoscaler_';

/**
 * How every per-NodeGroup series names its group: NodeGroups are namespaced, so the name alone is
 * ambiguous. A type, not an interface, so prom-client takes it as a label set.
 */
export type GroupLabels = { namespace: string; nodegroup: string };

/**
 * prom-client's gauges of the totals of its per-type gauges: `sum(nodejs_active_handles)` is the
 * same number, and a gauge named `_total` reads as a counter (promtool check metrics refuses it).
 */
const REDUNDANT_DEFAULT_METRICS = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

/**
 * One registry per process (or per test), never prom-client's global one: two controllers in one
 * test process must not share series.
 */
export function createRegistry(options: { defaultMetrics?: boolean } = {}): Registry {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) {
    collectDefaultMetrics({ register: registry, prefix: METRIC_PREFIX });
    for (const name of REDUNDANT_DEFAULT_METRICS) registry.removeSingleMetric(`${METRIC_PREFIX}${name}`);
  }
  return registry;
}
