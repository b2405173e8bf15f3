import type { NodeSelectorTerm, Pod, Toleration } from '../kube-shapes.ts';
import { affinityReasons, firstUntoleratedTaint, resourceReasons, taintReasons, unschedulableReasons, toleratesAny, UNSCHEDULABLE_TAINT_KEY, matchesNodeSelectorTerms } from './predicates.ts';
import type { NodeInfo } from './node-infos.ts';
import { type Requests, podRequests } from './requests.ts';

/** Everything the filters and the score read from a pod, computed once when the pod is queued. */
export interface PodRequirement {
  requests: Requests;
  nonZero: Requests;
  nodeSelector: Readonly<Record<string, string>> | undefined;
  requiredTerms: readonly NodeSelectorTerm[] | undefined;
  tolerations: readonly Toleration[];
  toleratesUnschedulable: boolean;
  preemptionPolicy: string | undefined;
  /** Equal for pods the filters cannot tell apart: a verdict for one holds for all. */
  signature: string;
}

export function podRequirement(pod: Pod): PodRequirement {
  const spec = pod.spec;
  const tolerations = spec.tolerations ?? [];
  const requiredTerms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  const requirement = {
    requests: podRequests(spec),
    nonZero: podRequests(spec, true),
    nodeSelector: spec.nodeSelector,
    requiredTerms,
    tolerations,
    toleratesUnschedulable: toleratesAny(tolerations, { key: UNSCHEDULABLE_TAINT_KEY, effect: 'NoSchedule' }),
    preemptionPolicy: spec.preemptionPolicy,
  };
  return { ...requirement, signature: JSON.stringify(requirement) };
}

/** The fast check: does the node pass every filter? */
export function fits(r: PodRequirement, node: NodeInfo): boolean {
  const a = node.allocatable;
  const q = node.requested;
  if (q.pods + 1 > a.pods) return false;
  if (r.requests.cpu > 0 && r.requests.cpu > a.cpu - q.cpu) return false;
  if (r.requests.memory > 0 && r.requests.memory > a.memory - q.memory) return false;
  if (node.unschedulable && !r.toleratesUnschedulable) return false;
  if (node.taints.length && firstUntoleratedTaint(node.taints, r.tolerations)) return false;
  if (r.nodeSelector) for (const key in r.nodeSelector) if (node.labels[key] !== r.nodeSelector[key]) return false;
  if (r.requiredTerms && !matchesNodeSelectorTerms(r.requiredTerms, node.labels, node.name)) return false;
  return true;
}

export interface NodeVerdict {
  reasons: string[];
  /** Rejected by NodeResourcesFit only: preemption could in principle make room. */
  resolvable: boolean;
}

/** Why a node rejects the pod, from the first filter that does, in kube-scheduler's plugin order. */
export function rejection(r: PodRequirement, node: NodeInfo): NodeVerdict {
  const unresolvable = (reasons: string[]) => ({ reasons, resolvable: false });
  let reasons = unschedulableReasons(node.unschedulable, r.tolerations);
  if (reasons.length) return unresolvable(reasons);
  reasons = taintReasons(node.taints, r.tolerations);
  if (reasons.length) return unresolvable(reasons);
  reasons = affinityReasons(r.nodeSelector, r.requiredTerms, node.labels, node.name);
  if (reasons.length) return unresolvable(reasons);
  return { reasons: resourceReasons({ allocatable: node.allocatable, requested: node.requested }, r.requests), resolvable: true };
}
