import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { METRIC_PREFIX, type GroupLabels } from '../../infra/metrics/registry.ts';

export interface LifecycleMetrics {
  /** A node actor moved between phases. */
  transition(group: GroupLabels, from: string, to: string): void;
  /** A node actor stopped in `phase` (leadership lost, VPSieNode gone): this process no longer counts the node there. */
  released(group: GroupLabels, phase: string): void;
  provisioned(group: GroupLabels, seconds: number): void;
  drained(group: GroupLabels, result: 'drained' | 'failed', seconds: number): void;
}

/** A node's last phase: its VPSieNode is gone right after, and its actor with it, so it is never counted in it. */
const LAST_PHASE = 'Deleted';

/**
 * Metrics of node lifecycles. The phase gauge is kept from the transitions and the actors that
 * stop, so it counts exactly the nodes this process's running actors hold: a standby exports zeros.
 */
export function createLifecycleMetrics(registry: Registry): LifecycleMetrics {
  const phases = new Gauge({
    name: `${METRIC_PREFIX}nodes`,
    help: 'VPSieNodes by node group and phase, as the leader\'s node actors hold them (0 on a standby)',
    labelNames: ['namespace', 'nodegroup', 'phase'],
    registers: [registry],
  });
  const transitions = new Counter({ name: `${METRIC_PREFIX}node_transitions_total`, help: 'Node lifecycle transitions', labelNames: ['namespace', 'nodegroup', 'from', 'to'], registers: [registry] });
  const provisioning = new Histogram({
    name: `${METRIC_PREFIX}node_provisioning_duration_seconds`,
    help: 'Time from a VPSieNode entering Provisioning to its Node being Active',
    labelNames: ['namespace', 'nodegroup'],
    buckets: [5, 15, 30, 60, 120, 180, 300, 600, 900],
    registers: [registry],
  });
  const drains = new Histogram({
    name: `${METRIC_PREFIX}node_drain_duration_seconds`,
    help: 'Time spent draining a node, by result',
    labelNames: ['namespace', 'nodegroup', 'result'],
    buckets: [1, 5, 15, 30, 60, 120, 300, 600],
    registers: [registry],
  });
  return {
    transition(group, from, to) {
      if (from) phases.dec({ ...group, phase: from });
      if (to !== LAST_PHASE) phases.inc({ ...group, phase: to });
      transitions.inc({ ...group, from: from || 'None', to });
    },
    released(group, phase) {
      if (phase && phase !== LAST_PHASE) phases.dec({ ...group, phase });
    },
    provisioned: (group, seconds) => provisioning.observe(group, seconds),
    drained: (group, result, seconds) => drains.observe({ ...group, result }, seconds),
  };
}
