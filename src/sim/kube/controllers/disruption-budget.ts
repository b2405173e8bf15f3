import { labelSelectorFromObject, matchesLabels } from '../selectors/index.ts';
import type { KubeObject } from '../types.ts';
import { rfc3339 } from '../time.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- pods and PDBs are read as loose JSON

export interface PdbStatus {
  observedGeneration?: number;
  disruptedPods?: Record<string, string>;
  disruptionsAllowed: number;
  currentHealthy: number;
  desiredHealthy: number;
  expectedPods: number;
  conditions: Json[];
}

/** How many replicas a pod's controller wants; undefined when the pod has no known controller. */
export type ControllerScale = (pod: KubeObject) => { key: string; replicas: number } | undefined;

const DISRUPTED_POD_TTL_MS = 2 * 60_000;

export function isPodReady(pod: Json): boolean {
  return ((pod.status?.conditions as Json[] | undefined) ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/** `n` or `n%` of a total, rounded up, as intstr.GetScaledValueFromIntOrPercent(…, true). */
function scaled(value: number | string, total: number): number {
  if (typeof value === 'number') return value;
  const m = /^(\d+)%$/.exec(value);
  if (m) return Math.ceil((Number(m[1]) * total) / 100);
  return Number(value);
}

export function podsSelectedBy(pdb: KubeObject, pods: KubeObject[]): KubeObject[] {
  const raw = (pdb.spec as Json | undefined)?.selector;
  // policy/v1: an empty selector selects every pod of the namespace; a missing one selects none.
  if (raw === undefined || raw === null) return [];
  const selector = labelSelectorFromObject(raw);
  return pods.filter((p) => matchesLabels(selector, p.metadata.labels ?? {}));
}

/** The status the disruption controller computes for a PDB over its namespace's pods. */
export function computePdbStatus(pdb: KubeObject, pods: KubeObject[], scaleOf: ControllerScale, now: Date): PdbStatus {
  const spec = (pdb.spec ?? {}) as Json;
  const previous = (pdb.status ?? {}) as Json;
  const selected = podsSelectedBy(pdb, pods);
  const byName = new Map(selected.map((p) => [p.metadata.name!, p]));
  const disruptedPods: Record<string, string> = {};
  for (const [name, at] of Object.entries((previous.disruptedPods ?? {}) as Record<string, string>)) {
    const pod = byName.get(name);
    if (pod && !pod.metadata.deletionTimestamp && now.getTime() - Date.parse(at) < DISRUPTED_POD_TTL_MS) disruptedPods[name] = at;
  }
  let expectedPods = selected.length;
  let desiredHealthy: number;
  let error: string | undefined;
  const percentMin = typeof spec.minAvailable === 'string' && spec.minAvailable.endsWith('%');
  if (spec.maxUnavailable !== undefined || percentMin) {
    const controllers = new Map<string, number>();
    for (const pod of selected) {
      const scale = scaleOf(pod);
      if (!scale) {
        error = `found no controller ref for pod "${pod.metadata.name}"`;
        break;
      }
      controllers.set(scale.key, scale.replicas);
    }
    expectedPods = [...controllers.values()].reduce((a, b) => a + b, 0);
    desiredHealthy = spec.maxUnavailable !== undefined ? Math.max(0, expectedPods - scaled(spec.maxUnavailable, expectedPods)) : scaled(spec.minAvailable, expectedPods);
  } else if (spec.minAvailable !== undefined) {
    desiredHealthy = scaled(spec.minAvailable, expectedPods);
  } else {
    desiredHealthy = expectedPods;
  }
  const currentHealthy = selected.filter((p) => !p.metadata.deletionTimestamp && !(p.metadata.name! in disruptedPods) && isPodReady(p)).length;
  const disruptionsAllowed = error ? 0 : Math.max(0, currentHealthy - desiredHealthy);
  const allowed = disruptionsAllowed > 0;
  const old = ((previous.conditions as Json[] | undefined) ?? []).find((c) => c.type === 'DisruptionAllowed');
  const status = allowed ? 'True' : 'False';
  const reason = error ? 'SyncFailed' : allowed ? 'SufficientPods' : 'InsufficientPods';
  const condition = {
    type: 'DisruptionAllowed',
    status,
    reason,
    message: error ?? '',
    observedGeneration: pdb.metadata.generation,
    lastTransitionTime: old && old.status === status && old.reason === reason ? old.lastTransitionTime : rfc3339(now),
  };
  return {
    observedGeneration: pdb.metadata.generation,
    ...(Object.keys(disruptedPods).length ? { disruptedPods } : {}),
    disruptionsAllowed,
    currentHealthy,
    desiredHealthy,
    expectedPods,
    conditions: [condition],
  };
}

