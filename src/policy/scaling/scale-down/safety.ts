/**
 * What keeps a node whatever its utilisation: opt-out annotations, and pods that cannot be moved
 * safely. DaemonSet pods (they are not moved, they die with the node) and mirror pods (the kubelet's
 * static pods) are ignored. Cluster Autoscaler's `safe-to-evict: "true"` lifts the rules about
 * controllers, local storage and kube-system, as it does there; it never lifts a PDB.
 */
import { ANNOTATIONS } from '../../../api/v1alpha1.ts';
import { selectorMatches } from '../label-selector.ts';
import type { Blocker, ClusterNode, PodDisruptionBudgetView, RunningPod } from '../types.ts';

export const SAFE_TO_EVICT = 'cluster-autoscaler.kubernetes.io/safe-to-evict';
export const SCALE_DOWN_DISABLED = 'cluster-autoscaler.kubernetes.io/scale-down-disabled';
export const KARPENTER_DO_NOT_DISRUPT = 'karpenter.sh/do-not-disrupt';
export const MIRROR_POD = 'kubernetes.io/config.mirror';

/** Node annotations that keep a node, with the value that does. */
export const NODE_OPT_OUTS: readonly (readonly [key: string, value: string])[] = [
  [ANNOTATIONS.doNotDisrupt, 'true'],
  [SCALE_DOWN_DISABLED, 'true'],
  [KARPENTER_DO_NOT_DISRUPT, 'true'],
];

/** Pod annotations that keep a pod's node, with the value that does. */
export const POD_OPT_OUTS: readonly (readonly [key: string, value: string])[] = [
  [ANNOTATIONS.doNotDisrupt, 'true'],
  [SAFE_TO_EVICT, 'false'],
  [KARPENTER_DO_NOT_DISRUPT, 'true'],
];

export function podKey(pod: { namespace: string; name: string }): string {
  return `${pod.namespace}/${pod.name}`;
}

/** Pods a drain leaves alone: they are neither evicted nor rescheduled. */
export function isIgnoredByDrain(pod: RunningPod): boolean {
  return pod.controller?.kind === 'DaemonSet' || (pod.annotations !== undefined && Object.hasOwn(pod.annotations, MIRROR_POD));
}

export function nodeOptOut(node: ClusterNode): Blocker | undefined {
  for (const [key, value] of NODE_OPT_OUTS) {
    if (node.annotations?.[key] === value) return { kind: 'NodeAnnotation', annotation: key, detail: `node ${node.name} has annotation ${key}=${value}` };
  }
  return undefined;
}

/** PDBs by namespace, each with how many more disruptions it allows in this round. */
export class DisruptionBudgets {
  readonly #byNamespace = new Map<string, { pdb: PodDisruptionBudgetView; left: number }[]>();

  constructor(pdbs: readonly PodDisruptionBudgetView[]) {
    for (const pdb of pdbs) {
      let list = this.#byNamespace.get(pdb.namespace);
      if (!list) this.#byNamespace.set(pdb.namespace, (list = []));
      list.push({ pdb, left: pdb.disruptionsAllowed });
    }
  }

  /** The budgets covering a pod. */
  covering(pod: RunningPod): { pdb: PodDisruptionBudgetView; left: number }[] {
    return (this.#byNamespace.get(pod.namespace) ?? []).filter((b) => selectorMatches(b.pdb.selector, pod.labels));
  }

  /** Counts evictions against the budgets covering them (a node was chosen). */
  consume(pods: readonly RunningPod[]): void {
    for (const pod of pods) for (const b of this.covering(pod)) b.left--;
  }
}

function podOptOut(pod: RunningPod): Blocker | undefined {
  for (const [annotation, value] of POD_OPT_OUTS) {
    if (pod.annotations?.[annotation] === value) {
      const key = podKey(pod);
      return { kind: 'PodAnnotation', pod: key, annotation, detail: `pod ${key} has annotation ${annotation}=${value}` };
    }
  }
  return undefined;
}

/** Why a pod cannot be moved safely: no controller to recreate it, data on the node, or a kube-system pod nothing protects. */
function podMoveBlocker(pod: RunningPod, coveredByPdb: boolean): Blocker | undefined {
  const key = podKey(pod);
  if (pod.annotations?.[SAFE_TO_EVICT] === 'true') return undefined;
  if (!pod.controller) return { kind: 'NoController', pod: key, detail: `pod ${key} has no controller (no ownerReference with controller: true) and would not come back` };
  const local = pod.localVolumes?.[0];
  if (local) return { kind: 'LocalStorage', pod: key, detail: `pod ${key} uses local storage (${local.kind} volume ${local.name})` };
  if (pod.namespace === 'kube-system' && !coveredByPdb) return { kind: 'KubeSystemWithoutPdb', pod: key, detail: `pod ${key} is in kube-system and no PodDisruptionBudget covers it` };
  return undefined;
}

/**
 * The first reason the node's evictable pods keep it, pod by pod: an opt-out annotation, a PDB
 * that would go below zero if all of them were evicted (counting what this round already evicts),
 * then what makes the pod unsafe to move.
 */
export function podsBlocker(pods: readonly RunningPod[], budgets: DisruptionBudgets): Blocker | undefined {
  const planned = new Map<PodDisruptionBudgetView, number>();
  for (const pod of pods) {
    const optOut = podOptOut(pod);
    if (optOut) return optOut;
    const covering = budgets.covering(pod);
    for (const b of covering) {
      const n = (planned.get(b.pdb) ?? 0) + 1;
      planned.set(b.pdb, n);
      if (n > b.left) {
        const pdb = `${b.pdb.namespace}/${b.pdb.name}`;
        const key = podKey(pod);
        const spent = b.pdb.disruptionsAllowed - b.left;
        const context = spent > 0 ? `, ${spent} used by nodes chosen before this one` : '';
        const others = n > 1 ? ` (${n - 1} other pod(s) of this node already count against it)` : '';
        return { kind: 'PodDisruptionBudget', pod: key, pdb, detail: `pod ${key} is covered by PDB ${pdb} with disruptionsAllowed ${b.pdb.disruptionsAllowed}${context}${others}` };
      }
    }
    const blocker = podMoveBlocker(pod, covering.length > 0);
    if (blocker) return blocker;
  }
  return undefined;
}
