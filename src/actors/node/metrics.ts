import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { METRIC_PREFIX } from '../../infra/metrics/registry.ts';

export interface LifecycleMetrics {
  /** A node actor moved between phases. */
  transition(nodeGroup: string, from: string, to: string): void;
  provisioned(nodeGroup: string, seconds: number): void;
  drained(nodeGroup: string, result: 'drained' | 'failed', seconds: number): void;
}

/** Metrics of node lifecycles; the phase gauge is kept from the transitions, so no series is ever stale. */
export function createLifecycleMetrics(registry: Registry): LifecycleMetrics {
  const phases = new Gauge({ name: `${METRIC_PREFIX}nodes`, help: 'VPSieNodes by phase and node group', labelNames: ['nodegroup', 'phase'], registers: [registry] });
  const transitions = new Counter({ name: `${METRIC_PREFIX}node_transitions_total`, help: 'Node lifecycle transitions', labelNames: ['nodegroup', 'from', 'to'], registers: [registry] });
  const provisioning = new Histogram({
    name: `${METRIC_PREFIX}node_provisioning_duration_seconds`,
    help: 'Time from a VPSieNode entering Provisioning to its Node being Active',
    labelNames: ['nodegroup'],
    buckets: [5, 15, 30, 60, 120, 180, 300, 600, 900],
    registers: [registry],
  });
  const drains = new Histogram({
    name: `${METRIC_PREFIX}node_drain_duration_seconds`,
    help: 'Time spent draining a node, by result',
    labelNames: ['nodegroup', 'result'],
    buckets: [1, 5, 15, 30, 60, 120, 300, 600],
    registers: [registry],
  });
  return {
    transition(nodeGroup, from, to) {
      if (from) phases.dec({ nodegroup: nodeGroup, phase: from });
      if (to !== 'Gone') phases.inc({ nodegroup: nodeGroup, phase: to });
      transitions.inc({ nodegroup: nodeGroup, from: from || 'None', to });
    },
    provisioned: (nodeGroup, seconds) => provisioning.observe({ nodegroup: nodeGroup }, seconds),
    drained: (nodeGroup, result, seconds) => drains.observe({ nodegroup: nodeGroup, result }, seconds),
  };
}
