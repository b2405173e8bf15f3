/**
 * The fit predicates kube-scheduler applies and the autoscaler must predict: TaintToleration,
 * NodeAffinity (nodeSelector and required node affinity) and NodeResourcesFit. Each returns what
 * fails (undefined when the pod fits), so the same code answers "does it fit?" and "why not?".
 * They run millions of times per round: plain loops, no closures per call.
 */
import type { NodeSelectorRequirement, NodeSelectorTerm, PodRequirements, Requests, Resources, Taint, Toleration } from './types.ts';

type Labels = Readonly<Record<string, string>>;

/** core/v1 Toleration.ToleratesTaint. */
export function tolerates(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  const operator = toleration.operator ?? 'Equal';
  if (operator === 'Exists') return true;
  return operator === 'Equal' && (toleration.value ?? '') === (taint.value ?? '');
}

/** The first NoSchedule or NoExecute taint not tolerated; PreferNoSchedule never keeps a pod off. */
export function untoleratedTaint(taints: readonly Taint[], tolerations: readonly Toleration[] | undefined): Taint | undefined {
  for (const taint of taints) {
    if (taint.effect !== 'NoSchedule' && taint.effect !== 'NoExecute') continue;
    let tolerated = false;
    if (tolerations) {
      for (const t of tolerations) {
        if (tolerates(t, taint)) {
          tolerated = true;
          break;
        }
      }
    }
    if (!tolerated) return taint;
  }
  return undefined;
}

/** The first nodeSelector entry the labels lack (the key missing, or another value). */
export function missingSelectorLabel(nodeSelector: Labels | undefined, labels: Labels): { key: string; value: string } | undefined {
  if (!nodeSelector) return undefined;
  for (const key in nodeSelector) {
    const value = nodeSelector[key]!;
    if (!Object.hasOwn(labels, key) || labels[key] !== value) return { key, value };
  }
  return undefined;
}

function parseInteger(text: string | undefined): number | undefined {
  return text !== undefined && /^[+-]?\d+$/.test(text) ? Number(text) : undefined;
}

/** One matchExpressions requirement (apimachinery's selection operators). */
export function matchesRequirement(req: NodeSelectorRequirement, labels: Labels): boolean {
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

/**
 * matchFields: only metadata.name, with In or NotIn. A node not created yet has no name: it
 * matches no In (a pod pinned to a named node never goes to a new one) and every NotIn.
 */
function matchesField(req: NodeSelectorRequirement, nodeName: string | undefined): boolean {
  if (req.key !== 'metadata.name') return false;
  const listed = nodeName !== undefined && (req.values ?? []).includes(nodeName);
  if (req.operator === 'In') return listed;
  if (req.operator === 'NotIn') return !listed;
  return false;
}

/** The first requirement of a term that fails, the term itself when it has none (it matches nothing), or undefined. */
function termFailure(term: NodeSelectorTerm, labels: Labels, nodeName: string | undefined): NodeSelectorRequirement | NodeSelectorTerm | undefined {
  const expressions = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (!expressions.length && !fields.length) return term;
  for (const r of expressions) if (!matchesRequirement(r, labels)) return r;
  for (const r of fields) if (!matchesField(r, nodeName)) return r;
  return undefined;
}

/**
 * Required node affinity: terms are ORed. Returns undefined when a term matches, else the
 * failure of the first term (a requirement, or the empty term) to name in a reason.
 */
export function unmetAffinity(
  terms: readonly NodeSelectorTerm[] | undefined,
  labels: Labels,
  nodeName?: string,
): NodeSelectorRequirement | NodeSelectorTerm | undefined {
  if (!terms) return undefined;
  let first: NodeSelectorRequirement | NodeSelectorTerm | undefined;
  for (const term of terms) {
    const failure = termFailure(term, labels, nodeName);
    if (failure === undefined) return undefined;
    first ??= failure;
  }
  // An empty list of terms matches nothing, as kube-scheduler's nodeaffinity.NewNodeSelector decides.
  return first ?? {};
}

/** Renders a requirement as a user wrote it: `zone In [a, b]`, `gpu Exists`. */
export function describeRequirement(failure: NodeSelectorRequirement | NodeSelectorTerm): string {
  if (!('key' in failure)) return 'a nodeSelectorTerm without requirements (matches nothing)';
  const values = failure.values?.length ? ` [${failure.values.join(', ')}]` : '';
  return `${failure.key} ${failure.operator}${values}`;
}

/** A pod's label and taint predicates against a node's labels and taints: what fails first, in kube-scheduler's plugin order. */
export type PlacementFailure =
  | { kind: 'TaintNotTolerated'; taint: Taint }
  | { kind: 'SelectorMismatch'; key: string; value: string }
  | { kind: 'AffinityNotSatisfied'; requirement: NodeSelectorRequirement | NodeSelectorTerm };

export function placementFailure(pod: PodRequirements, labels: Labels, taints: readonly Taint[], nodeName?: string): PlacementFailure | undefined {
  const taint = untoleratedTaint(taints, pod.tolerations);
  if (taint) return { kind: 'TaintNotTolerated', taint };
  const missing = missingSelectorLabel(pod.nodeSelector, labels);
  if (missing) return { kind: 'SelectorMismatch', ...missing };
  const requirement = unmetAffinity(pod.requiredAffinity, labels, nodeName);
  if (requirement) return { kind: 'AffinityNotSatisfied', requirement };
  return undefined;
}

export type ResourceName = 'cpu' | 'memory' | 'pods';

/**
 * NodeResourcesFit: the first resource the pod does not fit in `free`, or undefined. A request
 * of zero fits even a node already over-committed, as in kube-scheduler.
 */
export function insufficientResource(requests: Requests, free: Resources): ResourceName | undefined {
  if (free.pods < 1) return 'pods';
  if (requests.cpu > 0 && requests.cpu > free.cpu) return 'cpu';
  if (requests.memory > 0 && requests.memory > free.memory) return 'memory';
  return undefined;
}

export function fitsResources(cpu: number, memory: number, freeCpu: number, freeMemory: number, freePods: number): boolean {
  return freePods >= 1 && (cpu <= 0 || cpu <= freeCpu) && (memory <= 0 || memory <= freeMemory);
}
