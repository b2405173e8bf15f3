import type { ClusterView } from '../node/deps.ts';
import type { KubeApi } from '../../infra/kube/api.ts';
import type { EventRecorder } from '../../infra/kube/events.ts';
import type { Logger } from '../../infra/log/logger.ts';
import type { GroupMetrics } from './metrics.ts';

export interface GroupRef {
  namespace: string;
  name: string;
}

/** Everything a node group effect may touch. */
export interface GroupEffectDeps {
  kube: KubeApi;
  cluster: ClusterView;
  events: EventRecorder;
  timings: { pollMs: number };
  log: Logger;
  metrics: GroupMetrics;
  now(): Date;
  /** Offerings VPSie recently refused for capacity: the group plans on its other offerings meanwhile. */
  held(offeringID: string): boolean;
}
