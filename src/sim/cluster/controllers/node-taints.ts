import { type Condition, type Node, type Taint, conditionOf } from '../kube-shapes.ts';

/** Taints the node lifecycle controller owns: the condition taints and the cordon taint. */
const CONDITION_TAINTS: [type: string, status: Condition['status'], key: string][] = [
  ['Ready', 'False', 'node.kubernetes.io/not-ready'],
  ['Ready', 'Unknown', 'node.kubernetes.io/unreachable'],
  ['MemoryPressure', 'True', 'node.kubernetes.io/memory-pressure'],
  ['DiskPressure', 'True', 'node.kubernetes.io/disk-pressure'],
  ['PIDPressure', 'True', 'node.kubernetes.io/pid-pressure'],
];
const MANAGED_KEYS = new Set([...CONDITION_TAINTS.map(([, , key]) => key), 'node.kubernetes.io/unschedulable']);
const NO_EXECUTE_KEYS = new Set(['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']);

/**
 * The taints a node should carry for its conditions and cordon (TaintNodesByCondition and
 * taint-based evictions): NoSchedule for each adverse condition, NoExecute as well for not-ready
 * and unreachable (stamped with timeAdded), unschedulable:NoSchedule for a cordoned node.
 * Taints the controller does not own are kept as they are, first.
 */
export function desiredTaints(node: Node, now: string): Taint[] {
  const conditions = node.status?.conditions;
  const current = node.spec?.taints ?? [];
  const wanted: Taint[] = [];
  for (const [type, status, key] of CONDITION_TAINTS) {
    if (conditionOf(conditions, type)?.status !== status) continue;
    wanted.push({ key, effect: 'NoSchedule' });
    if (NO_EXECUTE_KEYS.has(key)) {
      const existing = current.find((t) => t.key === key && t.effect === 'NoExecute');
      wanted.push({ key, effect: 'NoExecute', timeAdded: existing?.timeAdded ?? now });
    }
  }
  if (node.spec?.unschedulable) wanted.push({ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule', timeAdded: current.find((t) => t.key === 'node.kubernetes.io/unschedulable')?.timeAdded ?? now });
  const foreign = current.filter((t) => !MANAGED_KEYS.has(t.key));
  const keep = (t: Taint) => current.find((c) => c.key === t.key && c.effect === t.effect) ?? t;
  return [...foreign, ...wanted.map(keep)];
}

export function sameTaints(a: readonly Taint[] | undefined, b: readonly Taint[]): boolean {
  const norm = (list: readonly Taint[] | undefined) =>
    (list ?? [])
      .map((t) => `${t.key}=${t.value ?? ''}:${t.effect}`)
      .sort()
      .join(',');
  return norm(a) === norm(b);
}
