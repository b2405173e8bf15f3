import { Gauge, type Registry } from 'prom-client';
import { METRIC_PREFIX, type GroupLabels } from '../../infra/metrics/registry.ts';

/** A group's limits and sizes: the same numbers as its spec and NodeGroup.status. */
export interface GroupSizes {
  min: number;
  max: number;
  desired: number;
  current: number;
  ready: number;
}

export interface GroupMetrics {
  sized(group: GroupLabels, sizes: GroupSizes): void;
  /** The group's actor stopped (group deleted, leadership lost): this process no longer speaks for it. */
  forget(group: GroupLabels): void;
}

const KINDS = ['min', 'max', 'desired', 'current', 'ready'] as const satisfies ReadonlyArray<keyof GroupSizes>;

/** Per-NodeGroup sizes, exported by the leader only: a standby, or a deleted group, has no series. */
export function createGroupMetrics(registry: Registry): GroupMetrics {
  const nodes = new Gauge({
    name: `${METRIC_PREFIX}nodegroup_nodes`,
    help: 'NodeGroup sizes by kind: min and max (spec.minNodes, spec.maxNodes), desired, current (live nodes, starting ones included) and ready (Active), as in NodeGroup.status',
    labelNames: ['namespace', 'nodegroup', 'kind'],
    registers: [registry],
  });
  return {
    sized(group, sizes) {
      for (const kind of KINDS) nodes.set({ ...group, kind }, sizes[kind]);
    },
    forget(group) {
      for (const kind of KINDS) nodes.remove({ ...group, kind });
    },
  };
}
