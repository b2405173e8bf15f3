import type { Expectation } from '../policy/expectations.ts';
import type { NodeGroupPlan, NodeGroupSpecView, NodeGroupStatusView, NodeView, ScaleDownRequest, ScaleUpRequest } from '../policy/nodegroup-types.ts';

export interface NodeGroupInput {
  name: string;
  namespace: string;
  spec: NodeGroupSpecView;
  generation: number;
  /** The group's VPSieNodes as the informer shows them. */
  nodes?: NodeView[];
  /** From status.lastScaleUpTime / lastScaleDownTime, so cooldowns survive a restart. */
  lastScaleUpAt?: number;
  lastScaleDownAt?: number;
  /** When the actor starts (epoch ms): the machine never reads a clock. */
  at: number;
}

/** Every event carries the actor layer's time of it (epoch ms). */
export type NodeGroupEvent =
  | { type: 'SPEC_CHANGED'; spec: NodeGroupSpecView; generation: number; at: number }
  | { type: 'NODES_CHANGED'; nodes: NodeView[]; at: number }
  | { type: 'SCALE_UP'; count: number; offeringID?: string; reason: string; at: number }
  | { type: 'SCALE_DOWN'; names: string[]; reason: string; at: number }
  /** The NodeGroup got a deletionTimestamp. */
  | { type: 'DELETE_REQUESTED'; at: number }
  /** Reconcile once more even if nothing seems to have changed (periodic resync). */
  | { type: 'RESYNC'; at: number };

export interface ReconcileInput {
  name: string;
  namespace: string;
  generation: number;
  plan: NodeGroupPlan;
}

/**
 * What a reconcile did. `created[k]` is the VPSieNode made for `plan.create[k]`; a reconcile
 * resolves only once it has done the whole plan. A failing reconcile that created some nodes
 * rejects with an error carrying them as `created`, so they are not created again.
 */
export interface ReconcileOutput {
  /** When the reconcile finished (epoch ms), recorded as the time of the scale event. */
  at: number;
  created: NodeView[];
}

export interface DeleteNodesInput {
  name: string;
  namespace: string;
  /** The group's VPSieNodes when deletion began; the effect deletes whatever it finds and waits until none is left. */
  nodes: string[];
}

export interface ReleaseGroupInput {
  name: string;
  namespace: string;
}

/** The reconcile in flight: the plan it carries out and the requests it took over. */
export interface SentPlan {
  plan: NodeGroupPlan;
  generation: number;
  scaleUp: ScaleUpRequest[];
  scaleDown: ScaleDownRequest[];
}

export interface NodeGroupContext {
  name: string;
  namespace: string;
  spec: NodeGroupSpecView;
  generation: number;
  /** As last observed. */
  nodes: readonly NodeView[];
  /** Actions done and not yet observed in `nodes`. */
  expectations: readonly Expectation[];
  desired: number;
  current: number;
  ready: number;
  lastScaleUpAt?: number;
  lastScaleDownAt?: number;
  /** Accepted requests waiting for a reconcile. */
  pendingScaleUp: ScaleUpRequest[];
  pendingScaleDown: ScaleDownRequest[];
  plan: NodeGroupPlan;
  /** An event arrived during the reconcile in flight: run one more after it. */
  dirty: boolean;
  /** Time of the latest event. */
  now: number;
  attempts: number;
  lastError?: string;
  sent?: SentPlan;
  /** The status and generation the last successful reconcile wrote. */
  written?: { status: NodeGroupStatusView; generation: number };
}
