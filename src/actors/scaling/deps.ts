import type { V1DaemonSet, V1Node, V1Pod, V1PodDisruptionBudget } from '@kubernetes/client-node';
import type { NodeGroup, VPSieNode } from '../../api/v1alpha1.ts';
import type { Informer } from '../../infra/kube/informer.ts';
import type { EventRecorder } from '../../infra/kube/events.ts';
import type { Logger } from '../../infra/log/logger.ts';
import type { DecisionPool } from '../../infra/workers/decision-pool.ts';
import type { Supervisor } from '../supervisor.ts';
import type { OfferingCatalogue } from '../shared/offering-catalogue.ts';
import type { DecisionLog } from './decision-log.ts';
import type { ScalingMetrics } from './metrics.ts';
import type { OfferingHolds } from './offering-holds.ts';

export interface ScalingSettings {
  /** A burst of Unschedulable pods is gathered until none arrives for this long… */
  scaleUpIdleMs: number;
  /** …or for at most this long, then decided on at once. */
  scaleUpMaxMs: number;
  /** Pods still pending are reconsidered this often (capacity arrived, a hold expired). */
  scaleUpRecheckMs: number;
  scaleDownIntervalMs: number;
  metricsIntervalMs: number;
}

/** The caches the scaling decisions read: every cache the controller keeps. */
export interface ScalingInformers {
  nodeGroups: Informer<NodeGroup>;
  vpsieNodes: Informer<VPSieNode>;
  nodes: Informer<V1Node>;
  /** Every pod: pending ones trigger scale-up; bound ones are what a scale-down must move. */
  pods: Informer<V1Pod>;
  pdbs: Informer<V1PodDisruptionBudget>;
  /** Their pods run on every new node: their requests are part of a node's cost. */
  daemonSets: Informer<V1DaemonSet>;
}

export interface ScalingDeps {
  informers: ScalingInformers;
  supervisor: Supervisor;
  catalogue: OfferingCatalogue;
  holds: OfferingHolds;
  pool: DecisionPool;
  events: EventRecorder;
  decisions: DecisionLog;
  metrics: ScalingMetrics;
  settings: ScalingSettings;
  log: Logger;
  now(): Date;
}
