/**
 * The data contracts of the scaling decisions: plain, structured-clone-friendly data (no client
 * objects, no Maps, no class instances) so a whole round crosses to a worker thread cheaply and
 * the same input always yields the same decision. Quantities are numbers in base units: cpu in
 * millicores, memory in bytes, pods in pod slots. Times are epoch milliseconds.
 */
import type { NodeGroupSpec, Taint } from '../../api/v1alpha1.ts';
import type { SampleWindow } from '../../machines/sampleRing.ts';
import type { ScaleDownRecord, ScaleUpRecord } from './record-types.ts';

export type { Taint };

/** cpu (millicores) and memory (bytes) a pod asks for: its effective requests as kube-scheduler computes them (see `podRequestsOf`). */
export interface Requests {
  cpu: number;
  memory: number;
}

/** Requests plus pod slots: a node's allocatable, free room or DaemonSet overhead. */
export interface Resources extends Requests {
  pods: number;
}

/** core/v1 Toleration. An empty key with operator Exists tolerates every taint. */
export interface Toleration {
  key?: string;
  operator?: 'Equal' | 'Exists';
  value?: string;
  /** Empty: every effect. */
  effect?: Taint['effect'];
}

/** core/v1 NodeSelectorRequirement. Gt and Lt take one integer value. */
export interface NodeSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  values?: readonly string[];
}

/** core/v1 NodeSelectorTerm: its requirements are ANDed; a term with none matches nothing. */
export interface NodeSelectorTerm {
  matchExpressions?: readonly NodeSelectorRequirement[];
  /** Only `metadata.name` with In/NotIn, as kube-scheduler allows. */
  matchFields?: readonly NodeSelectorRequirement[];
}

/** What the fit predicates read of a pod. */
export interface PodRequirements {
  requests: Requests;
  nodeSelector?: Readonly<Record<string, string>>;
  /** requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms: ORed. */
  requiredAffinity?: readonly NodeSelectorTerm[];
  tolerations?: readonly Toleration[];
}

/** A pod the scheduler marked Unschedulable. */
export interface PendingPod extends PodRequirements {
  namespace: string;
  name: string;
}

/** A volume whose data lives on the node and is lost when the pod moves. */
export interface LocalVolume {
  name: string;
  /** emptyDir not backed by memory, or hostPath. */
  kind: 'emptyDir' | 'hostPath';
}

/** A pod bound to a node and not finished (phase neither Succeeded nor Failed). */
export interface RunningPod extends PendingPod {
  labels?: Readonly<Record<string, string>>;
  annotations?: Readonly<Record<string, string>>;
  /** The ownerReference with `controller: true`, if any. */
  controller?: { kind: string; name: string };
  localVolumes?: readonly LocalVolume[];
}

// ---------------------------------------------------------------- scale-up

/** One offering a NodeGroup may create nodes of, as a node of that group would come up. */
export interface NodeTemplate {
  offeringID: string;
  /** Hourly price; only compared with other prices, so any one currency. */
  hourlyPrice: number;
  /** What pods may request on such a node (capacity minus system reserve; see `allocatableOf`). */
  allocatable: Resources;
  /**
   * Every label such a node carries: the group's `labels` plus the ones every node of the group
   * gets (nodegroup, managed, offering, instance-type, os, arch — see `templateLabels`).
   */
  labels: Readonly<Record<string, string>>;
  /** The requests of the DaemonSet pods that would run on such a node (pods = how many). */
  daemonSetOverhead: Resources;
}

export interface ScaleUpGroup {
  name: string;
  maxNodes: number;
  /** Live nodes (not Failed, not terminating; starting ones included): headroom = maxNodes − liveNodes. */
  liveNodes: number;
  /** scaleUpPolicy.enabled (absent = true). */
  scaleUpEnabled: boolean;
  /** The group's taints; every node of it carries them. */
  taints: readonly Taint[];
  /** One per offeringID, in the group's order. */
  offerings: readonly NodeTemplate[];
}

/** A node already coming (Provisioning or Joining): pods go here before any new node is bought. */
export interface UpcomingNode {
  name: string;
  /** Allocatable minus DaemonSet overhead minus whatever is already bound to it. */
  free: Resources;
  labels: Readonly<Record<string, string>>;
  taints: readonly Taint[];
}

export interface ScaleUpInput {
  pods: readonly PendingPod[];
  upcoming: readonly UpcomingNode[];
  groups: readonly ScaleUpGroup[];
  /** Offering ids held unavailable after a terminal capacity error: never chosen. */
  heldOfferings: readonly string[];
}

export type NoScaleUpKind =
  | 'ScaleUpDisabled'
  | 'NoOfferings'
  | 'AllOfferingsHeld'
  | 'TaintNotTolerated'
  | 'SelectorMismatch'
  | 'AffinityNotSatisfied'
  | 'TooLarge'
  | 'OfferingsHeld'
  | 'AtMaxNodes';

/** Why one group cannot host one pod. `notNow`: it could later without a change to the pod or the group's spec. */
export interface GroupReason {
  group: string;
  kind: NoScaleUpKind;
  notNow: boolean;
  detail: string;
}

/** A pod neither upcoming nor new nodes can host: NotTriggerScaleUp, with a reason per group. */
export interface UnplacedPod {
  /** namespace/name */
  pod: string;
  /** Some group could host it once room or an offering frees up (at maxNodes, offerings held). */
  notNow: boolean;
  /** One per group, in input order. */
  reasons: GroupReason[];
}

export interface NewNode {
  group: string;
  offeringID: string;
  /** namespace/name of the pods it is for. */
  pods: string[];
}

export interface ScaleUpDecision {
  /** Pods that fit on nodes already coming, per node (input order of the nodes). */
  upcoming: { node: string; pods: string[] }[];
  /** The new nodes per group and offering, in the groups' input order, then each group's offering order. */
  scaleUps: { group: string; offeringID: string; count: number }[];
  /** Every new node and the pods it is for. */
  newNodes: NewNode[];
  unplaced: UnplacedPod[];
  record: ScaleUpRecord;
}

// ---------------------------------------------------------------- scale-down

/** Utilisation samples as columns, oldest first (the node actor's `utilisationWindow`): fractions of allocatable. */
export type SampleColumns = SampleWindow;

export interface ScaleDownGroup {
  name: string;
  minNodes: number;
  /** Live nodes of the group (as for scale-up): a scale-down keeps liveNodes − removals ≥ minNodes. */
  liveNodes: number;
  /** The spec's scaleDownPolicy; absent fields take the CRD defaults. */
  scaleDownPolicy?: NodeGroupSpec['scaleDownPolicy'];
  /** How many more nodes the disruption budget lets start a disruption now (`allowedDisruptions`). */
  disruptionsAllowed: number;
  lastScaleUpAt?: number;
  lastScaleDownAt?: number;
}

export interface ClusterNode {
  name: string;
  /** The NodeGroup that owns it; absent for nodes the autoscaler does not manage (never candidates, still destinations). */
  group?: string;
  allocatable: Resources;
  labels: Readonly<Record<string, string>>;
  taints: readonly Taint[];
  annotations?: Readonly<Record<string, string>>;
  /** spec.unschedulable (cordoned). */
  unschedulable: boolean;
  /** Draining, drained or being deleted: neither a candidate nor a destination. */
  deleting: boolean;
  pods: readonly RunningPod[];
  samples?: SampleColumns;
}

/** policy/v1 LabelSelector. */
export interface LabelSelector {
  matchLabels?: Readonly<Record<string, string>>;
  matchExpressions?: readonly { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: readonly string[] }[];
}

export interface PodDisruptionBudgetView {
  namespace: string;
  name: string;
  /** Absent selects no pods; `{}` selects every pod of the namespace (policy/v1). */
  selector?: LabelSelector;
  /** status.disruptionsAllowed */
  disruptionsAllowed: number;
}

/** How "stays under the thresholds" is judged over a node's samples. */
export interface UtilisationSettings {
  /** Share of the window's samples that must be under both thresholds. */
  minUnderShare: number;
  /** Fewest samples in the window for a verdict. */
  minSamples: number;
  /** The samples must span at least this share of the window (a node watched for a minute has not stayed under for ten). */
  minCoverage: number;
}

export interface ScaleDownInput {
  now: number;
  groups: readonly ScaleDownGroup[];
  nodes: readonly ClusterNode[];
  pdbs: readonly PodDisruptionBudgetView[];
  settings?: Partial<UtilisationSettings>;
}

export type BlockerKind =
  | 'NodeAnnotation'
  | 'PodAnnotation'
  | 'PodDisruptionBudget'
  | 'LocalStorage'
  | 'NoController'
  | 'KubeSystemWithoutPdb'
  | 'NoPlaceToGo'
  | 'AtMinNodes'
  | 'DisruptionBudget';

/** Why an unneeded node is kept. */
export interface Blocker {
  kind: BlockerKind;
  detail: string;
  pod?: string;
  pdb?: string;
  annotation?: string;
}

export interface UtilisationVerdict {
  samples: number;
  /** Share of samples under both thresholds. */
  underShare: number;
  meanCpu: number;
  meanMemory: number;
  under: boolean;
  /** Why not under, when not. */
  why?: 'TooFewSamples' | 'WindowNotCovered' | 'OverThreshold';
}

export interface ScaleDownChoice {
  node: string;
  group: string;
  why: string;
  utilisation: UtilisationVerdict;
  /** Where each evictable pod would go. */
  moves: { pod: string; to: string }[];
}

export interface BlockedCandidate {
  node: string;
  group: string;
  blocker: Blocker;
}

export type ScaleDownGateKind = 'ScaleDownDisabled' | 'Cooldown' | 'UnknownGroup';

export interface ScaleDownDecision {
  /** Least loaded first. */
  chosen: ScaleDownChoice[];
  blocked: BlockedCandidate[];
  /** Nodes under both thresholds for the window, blocked or not (for metrics). */
  unneeded: number;
  unneededByGroup: Record<string, number>;
  /** Groups whose nodes are not considered now, and why. */
  gates: { group: string; kind: ScaleDownGateKind; detail: string }[];
  record: ScaleDownRecord;
}
