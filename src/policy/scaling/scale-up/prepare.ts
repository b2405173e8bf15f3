/**
 * The scale-up input in the shape the packer wants: pods in columns and sorted, pods that the
 * label and taint predicates cannot tell apart grouped in one class (so those predicates run
 * once per class and template, not once per pod), and every (group, offering) as a template.
 */
import { placementFailure } from '../predicates.ts';
import type { PendingPod, PodRequirements, ScaleUpInput } from '../types.ts';

export interface PodColumns {
  count: number;
  keys: string[];
  cpu: Float64Array;
  memory: Float64Array;
  /** The class of each pod. */
  klass: Int32Array;
  /** One pod per class, standing for all of it in the label and taint predicates. */
  classes: PodRequirements[];
  /** Pod indices, largest first: first-fit decreasing. */
  order: Int32Array;
}

/** A (group, offering) pair: what one new node of that kind offers. */
export interface Template {
  group: number;
  offeringID: string;
  price: number;
  /** Allocatable minus DaemonSet overhead. */
  freeCpu: number;
  freeMemory: number;
  freePods: number;
  /** The group creates nodes and the offering is not held. */
  usable: boolean;
}

export interface Prepared {
  pods: PodColumns;
  templates: Template[];
  /** classes × templates: 1 when the class passes the template's taints, selector and affinity. */
  feasible: Uint8Array;
  /**
   * The least any usable template charges for each pod if nodes were packed perfectly:
   * min over templates of price × the pod's dominant share of the node (see `planScaleUp`).
   */
  work: Float64Array;
  /** maxNodes − liveNodes per group, never negative. */
  headroom: Int32Array;
}

function classKey(pod: PendingPod): string {
  return JSON.stringify([pod.nodeSelector ?? null, pod.requiredAffinity ?? null, pod.tolerations ?? null]);
}

function share(request: number, free: number): number {
  return request <= 0 ? 0 : request / free;
}

/** The pod's dominant share of a new node of `t`, or Infinity when it does not fit one. */
function dominantShare(cpu: number, memory: number, t: Template): number {
  if (t.freePods < 1 || (cpu > 0 && cpu > t.freeCpu) || (memory > 0 && memory > t.freeMemory)) return Infinity;
  return Math.max(share(cpu, t.freeCpu), share(memory, t.freeMemory), 1 / t.freePods);
}

function podColumns(input: ScaleUpInput, templates: readonly Template[]): PodColumns {
  const count = input.pods.length;
  const keys: string[] = new Array(count);
  const cpu = new Float64Array(count);
  const memory = new Float64Array(count);
  const klass = new Int32Array(count);
  const classes: PodRequirements[] = [];
  const byKey = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const pod = input.pods[i]!;
    keys[i] = `${pod.namespace}/${pod.name}`;
    cpu[i] = pod.requests.cpu;
    memory[i] = pod.requests.memory;
    const key = classKey(pod);
    let k = byKey.get(key);
    if (k === undefined) {
      k = classes.length;
      byKey.set(key, k);
      classes.push(pod);
    }
    klass[i] = k;
  }
  // Size relative to the roomiest usable node, so cpu and memory weigh alike when sorting.
  let maxCpu = 1;
  let maxMemory = 1;
  for (const t of templates) {
    if (!t.usable) continue;
    maxCpu = Math.max(maxCpu, t.freeCpu);
    maxMemory = Math.max(maxMemory, t.freeMemory);
  }
  const size = new Float64Array(count);
  for (let i = 0; i < count; i++) size[i] = Math.max(cpu[i]! / maxCpu, memory[i]! / maxMemory);
  const order = Int32Array.from({ length: count }, (_, i) => i).sort(
    (a, b) => size[b]! - size[a]! || cpu[b]! - cpu[a]! || memory[b]! - memory[a]! || (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : a - b),
  );
  return { count, keys, cpu, memory, klass, classes, order };
}

export function prepare(input: ScaleUpInput): Prepared {
  const held = new Set(input.heldOfferings);
  const templates: Template[] = [];
  const headroom = new Int32Array(input.groups.length);
  input.groups.forEach((group, g) => {
    headroom[g] = Math.max(0, group.maxNodes - group.liveNodes);
    for (const o of group.offerings) {
      templates.push({
        group: g,
        offeringID: o.offeringID,
        price: o.hourlyPrice,
        freeCpu: o.allocatable.cpu - o.daemonSetOverhead.cpu,
        freeMemory: o.allocatable.memory - o.daemonSetOverhead.memory,
        freePods: o.allocatable.pods - o.daemonSetOverhead.pods,
        usable: group.scaleUpEnabled && !held.has(o.offeringID),
      });
    }
  });
  const pods = podColumns(input, templates);
  const T = templates.length;
  const feasible = new Uint8Array(pods.classes.length * T);
  let t = 0;
  for (const group of input.groups) {
    for (const o of group.offerings) {
      for (let k = 0; k < pods.classes.length; k++) {
        if (!placementFailure(pods.classes[k]!, o.labels, group.taints)) feasible[k * T + t] = 1;
      }
      t++;
    }
  }
  const work = new Float64Array(pods.count);
  for (let i = 0; i < pods.count; i++) {
    let least = Infinity;
    const row = pods.klass[i]! * T;
    for (let j = 0; j < T; j++) {
      const tj = templates[j]!;
      if (!tj.usable || !feasible[row + j]) continue;
      const dominant = dominantShare(pods.cpu[i]!, pods.memory[i]!, tj);
      if (dominant !== Infinity) least = Math.min(least, tj.price * dominant);
    }
    work[i] = Number.isFinite(least) ? least : 0;
  }
  return { pods, templates, feasible, work, headroom };
}
