import type { Condition, NodeGroupSpec, NodeGroupStatus } from '../api/v1alpha1.ts';
import type { NodePhase } from '../machines/nodePhase.ts';

/** What the group planner needs of a VPSieNode. Times are epoch milliseconds. */
export interface NodeView {
  name: string;
  phase: NodePhase;
  offeringID: string;
  createdAt: number;
  readyAt?: number;
  nodeName?: string;
  /** The Failed node this one was created to replace, so a failure is replaced once, also across restarts. */
  replaces?: string;
}

/** The NodeGroup spec fields the planner reads. */
export type NodeGroupSpecView = Pick<
  NodeGroupSpec,
  'minNodes' | 'maxNodes' | 'offeringIDs' | 'preferredInstanceType' | 'scaleUpPolicy' | 'scaleDownPolicy' | 'disruption'
>;

/** A request for more nodes (from the scale-up decision): `count` nodes of `offeringID` (or the group's default). */
export interface ScaleUpRequest {
  count: number;
  offeringID?: string;
  reason: string;
}

/** A request to take one node out of the group (from the scale-down decision). */
export interface ScaleDownRequest {
  name: string;
  reason: string;
}

export type CreationReason = 'min-nodes' | 'scale-up' | 'replace';

export interface NodeCreation {
  offeringID: string;
  reason: CreationReason;
  /** For reason `replace`: the Failed node replaced. */
  replaces?: string;
}

export interface NodeAction {
  name: string;
  reason: string;
}

export type BlockReason =
  | 'InvalidSpec'
  | 'InvalidBudget'
  | 'InvalidRequest'
  | 'NoOffering'
  | 'UnknownOffering'
  | 'UnknownNode'
  | 'ScaleUpDisabled'
  | 'ScaleDownDisabled'
  | 'Cooldown'
  | 'AtMinimum'
  | 'AtMaxCapacity'
  | 'DisruptionBudget'
  | 'ReplacementFailed';

/** Something the group wanted to do and did not, with why: the actor layer turns these into Events. */
export interface Blocked {
  reason: BlockReason;
  detail: string;
  /** The node concerned, when there is one. */
  name?: string;
}

export type NodeGroupCondition = Omit<Condition, 'lastTransitionTime' | 'observedGeneration'> & {
  type: 'Ready' | 'Scaling' | 'AtMinCapacity' | 'AtMaxCapacity';
  reason: string;
  message: string;
};

/**
 * NodeGroup.status as the plan computes it; the writer adds observedGeneration and the
 * conditions' lastTransitionTime, and keeps vpsieGroupID.
 */
export type NodeGroupStatusView = Required<Pick<NodeGroupStatus, 'currentNodes' | 'desiredNodes' | 'readyNodes' | 'nodes'>> &
  Pick<NodeGroupStatus, 'lastScaleUpTime' | 'lastScaleDownTime'> & { conditions: NodeGroupCondition[] };

export interface NodeGroupPlanInput {
  spec: NodeGroupSpecView;
  nodes: readonly NodeView[];
  pendingScaleUp: readonly ScaleUpRequest[];
  pendingScaleDown: readonly ScaleDownRequest[];
  lastScaleUpAt?: number;
  lastScaleDownAt?: number;
  /** Epoch milliseconds; the caller's clock, never read here. */
  now: number;
}

export interface NodeGroupPlan {
  desired: number;
  /** Live nodes: not Failed and not terminating. */
  current: number;
  /** Nodes in phase Active. */
  ready: number;
  /** Nodes in phase Draining. */
  draining: number;
  /** Nodes to create, in this order (replacements, then scale-ups, then min-nodes). */
  create: NodeCreation[];
  drain: NodeAction[];
  /** VPSieNodes to delete: drained nodes handed to deletion, and nodes removed before they became Active. */
  remove: NodeAction[];
  status: NodeGroupStatusView;
  hasWork: boolean;
  blocked: Blocked[];
  /** The parts of the pending requests this plan carries out; the rest is in `blocked` and is dropped. */
  accepted: { scaleUp: ScaleUpRequest[]; scaleDown: ScaleDownRequest[] };
}
