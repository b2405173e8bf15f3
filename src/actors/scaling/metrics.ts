import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { METRIC_PREFIX, type GroupLabels } from '../../infra/metrics/registry.ts';

export interface ScalingMetrics {
  pendingPods: Gauge;
  decisions: Counter;
  decisionSeconds: Histogram;
  nodesAdded: Counter;
  nodesRemoved: Counter;
  blocked: Counter;
  unneededNodes: Gauge;
  atMax: Gauge;
}

/** The labels of a group the decisions name by its key, `namespace/name`. */
export function groupLabels(key: string): GroupLabels {
  const slash = key.indexOf('/');
  return { namespace: key.slice(0, slash), nodegroup: key.slice(slash + 1) };
}

export function createScalingMetrics(registry: Registry): ScalingMetrics {
  const r = [registry];
  const group = ['namespace', 'nodegroup'];
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
    nodesAdded: new Counter({ name: `${METRIC_PREFIX}nodes_added_total`, help: 'Nodes requested by scale-up decisions', labelNames: [...group, 'offering'], registers: r }),
    nodesRemoved: new Counter({ name: `${METRIC_PREFIX}nodes_removed_total`, help: 'Nodes chosen by scale-down decisions', labelNames: group, registers: r }),
    blocked: new Counter({ name: `${METRIC_PREFIX}scale_down_blocked_total`, help: 'Scale-down candidates kept, by blocker', labelNames: ['reason'], registers: r }),
    unneededNodes: new Gauge({ name: `${METRIC_PREFIX}unneeded_nodes`, help: 'Nodes under their group\'s utilisation thresholds for the whole window, at the last scale-down decision', labelNames: group, registers: r }),
    atMax: new Gauge({
      name: `${METRIC_PREFIX}nodegroup_at_max`,
      help: '1 when the last scale-up decision left pending pods that the NodeGroup could host but for its maxNodes (at max and needed), else 0',
      labelNames: group,
      registers: r,
    }),
  };
}
