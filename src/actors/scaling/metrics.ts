import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { METRIC_PREFIX } from '../../infra/metrics/registry.ts';

export interface ScalingMetrics {
  pendingPods: Gauge;
  decisions: Counter;
  decisionSeconds: Histogram;
  nodesAdded: Counter;
  nodesRemoved: Counter;
  blocked: Counter;
  unneededNodes: Gauge;
}

export function createScalingMetrics(registry: Registry): ScalingMetrics {
  const r = [registry];
  return {
    pendingPods: new Gauge({ name: `${METRIC_PREFIX}pending_pods`, help: 'Pods the scheduler marked Unschedulable, at the last scale-up decision', registers: r }),
    decisions: new Counter({ name: `${METRIC_PREFIX}scaling_decisions_total`, help: 'Scaling decisions by kind and result', labelNames: ['kind', 'result'], registers: r }),
    decisionSeconds: new Histogram({
      name: `${METRIC_PREFIX}scaling_decision_duration_seconds`,
      help: 'Time to take a scaling decision, by kind',
      labelNames: ['kind'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: r,
    }),
    nodesAdded: new Counter({ name: `${METRIC_PREFIX}nodes_added_total`, help: 'Nodes requested by scale-up decisions', labelNames: ['nodegroup', 'offering'], registers: r }),
    nodesRemoved: new Counter({ name: `${METRIC_PREFIX}nodes_removed_total`, help: 'Nodes chosen by scale-down decisions', labelNames: ['nodegroup'], registers: r }),
    blocked: new Counter({ name: `${METRIC_PREFIX}scale_down_blocked_total`, help: 'Scale-down candidates kept, by blocker', labelNames: ['reason'], registers: r }),
    unneededNodes: new Gauge({ name: `${METRIC_PREFIX}unneeded_nodes`, help: 'Nodes under their group\'s utilisation thresholds for the whole window', labelNames: ['nodegroup'], registers: r }),
  };
}
