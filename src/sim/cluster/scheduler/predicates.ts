/**
 * The scheduler's filters as pure functions over plain data, in kube-scheduler's order and wording:
 * NodeUnschedulable, TaintToleration, NodeAffinity (nodeSelector and required node affinity),
 * NodeResourcesFit. Each returns the reasons a node is rejected (empty when it fits).
 */
import type { NodeSelectorRequirement, NodeSelectorTerm, Taint, Toleration } from '../kube-shapes.ts';
import type { Requests } from './requests.ts';

export const REASON_UNSCHEDULABLE = "node(s) were unschedulable";
export const REASON_AFFINITY = "node(s) didn't match Pod's node affinity/selector";
export const REASON_TOO_MANY_PODS = 'Too many pods';
export const REASON_INSUFFICIENT_CPU = 'Insufficient cpu';
export const REASON_INSUFFICIENT_MEMORY = 'Insufficient memory';
export const UNSCHEDULABLE_TAINT_KEY = 'node.kubernetes.io/unschedulable';

export function untoleratedTaintReason(taint: Taint): string {
  return `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`;
}

/** core/v1 Toleration.ToleratesTaint. */
export function tolerates(toleration: Toleration, taint: Pick<Taint, 'key' | 'value' | 'effect'>): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  const operator = toleration.operator ?? 'Equal';
  if (operator === 'Exists') return true;
  if (operator === 'Equal') return (toleration.value ?? '') === (taint.value ?? '');
  return false;
}

// The filters run millions of times per scheduling round: plain loops, no closures per call.
export function toleratesAny(tolerations: readonly Toleration[], taint: Pick<Taint, 'key' | 'value' | 'effect'>): boolean {
  for (const t of tolerations) if (tolerates(t, taint)) return true;
  return false;
}

/** The first NoSchedule or NoExecute taint the tolerations do not tolerate (PreferNoSchedule never blocks). */
export function firstUntoleratedTaint(taints: readonly Taint[] | undefined, tolerations: readonly Toleration[]): Taint | undefined {
  for (const taint of taints ?? []) {
    if (taint.effect !== 'NoSchedule' && taint.effect !== 'NoExecute') continue;
    if (!toleratesAny(tolerations, taint)) return taint;
  }
  return undefined;
}

/** NodeUnschedulable: a cordoned node takes only pods that tolerate node.kubernetes.io/unschedulable:NoSchedule. */
export function unschedulableReasons(unschedulable: boolean | undefined, tolerations: readonly Toleration[]): string[] {
  if (!unschedulable) return [];
  return toleratesAny(tolerations, { key: UNSCHEDULABLE_TAINT_KEY, effect: 'NoSchedule' }) ? [] : [REASON_UNSCHEDULABLE];
}

export function taintReasons(taints: readonly Taint[] | undefined, tolerations: readonly Toleration[]): string[] {
  const taint = firstUntoleratedTaint(taints, tolerations);
  return taint ? [untoleratedTaintReason(taint)] : [];
}

function parseInteger(text: string | undefined): number | undefined {
  return text !== undefined && /^-?\d+$/.test(text) ? Number(text) : undefined;
}

/** One label requirement of a node selector term (apimachinery's selection operators). */
export function matchesRequirement(req: NodeSelectorRequirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.hasOwn(labels, req.key);
  const value = labels[req.key];
  const values = req.values ?? [];
  switch (req.operator) {
    case 'In':
      return has && values.includes(value!);
    case 'NotIn':
      return !has || !values.includes(value!);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      const actual = has ? parseInteger(value) : undefined;
      const bound = values.length === 1 ? parseInteger(values[0]) : undefined;
      if (actual === undefined || bound === undefined) return false;
      return req.operator === 'Gt' ? actual > bound : actual < bound;
    }
    default:
      return false;
  }
}

/** matchFields supports only metadata.name with In and NotIn. */
function matchesField(req: NodeSelectorRequirement, nodeName: string): boolean {
  if (req.key !== 'metadata.name') return false;
  if (req.operator === 'In') return (req.values ?? []).includes(nodeName);
  if (req.operator === 'NotIn') return !(req.values ?? []).includes(nodeName);
  return false;
}

function matchesTerm(term: NodeSelectorTerm, labels: Readonly<Record<string, string>>, nodeName: string): boolean {
  const expressions = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (!expressions.length && !fields.length) return false;
  for (const r of expressions) if (!matchesRequirement(r, labels)) return false;
  for (const r of fields) if (!matchesField(r, nodeName)) return false;
  return true;
}

/** Terms are ORed, the requirements of a term ANDed; a term without requirements matches nothing. */
export function matchesNodeSelectorTerms(terms: readonly NodeSelectorTerm[], labels: Readonly<Record<string, string>>, nodeName: string): boolean {
  for (const term of terms) if (matchesTerm(term, labels, nodeName)) return true;
  return false;
}

export function affinityReasons(
  nodeSelector: Readonly<Record<string, string>> | undefined,
  requiredTerms: readonly NodeSelectorTerm[] | undefined,
  labels: Readonly<Record<string, string>>,
  nodeName: string,
): string[] {
  for (const [key, value] of Object.entries(nodeSelector ?? {})) if (labels[key] !== value) return [REASON_AFFINITY];
  if (requiredTerms && !matchesNodeSelectorTerms(requiredTerms, labels, nodeName)) return [REASON_AFFINITY];
  return [];
}

export interface NodeCapacity {
  allocatable: Requests & { pods: number };
  requested: Requests & { pods: number };
}

/** NodeResourcesFit: room for one more pod, then for the pod's cpu and memory requests. */
export function resourceReasons(node: NodeCapacity, pod: Requests): string[] {
  const reasons: string[] = [];
  if (node.requested.pods + 1 > node.allocatable.pods) reasons.push(REASON_TOO_MANY_PODS);
  if (pod.cpu > 0 && pod.cpu > node.allocatable.cpu - node.requested.cpu) reasons.push(REASON_INSUFFICIENT_CPU);
  if (pod.memory > 0 && pod.memory > node.allocatable.memory - node.requested.memory) reasons.push(REASON_INSUFFICIENT_MEMORY);
  return reasons;
}

function freeShare(capacity: number, requested: number): number {
  return capacity === 0 || requested > capacity ? 0 : Math.floor(((capacity - requested) * 100) / capacity);
}

/** LeastAllocated scoring (0–100): the share of cpu and memory left free after placing the pod, averaged. */
export function leastAllocatedScore(allocatable: Requests, requestedNonZero: Requests, podNonZero: Requests): number {
  return Math.floor((freeShare(allocatable.cpu, requestedNonZero.cpu + podNonZero.cpu) + freeShare(allocatable.memory, requestedNonZero.memory + podNonZero.memory)) / 2);
}
