/**
 * Why a group cannot take a pod that nothing else could take either: the first reason that holds
 * for every one of its offerings, permanent ones ("never" without a change to the pod or the
 * group's spec) before passing ones ("not now": room under maxNodes, held offerings).
 */
import * as q from '../format-quantity.ts';
import { describeRequirement, insufficientResource, placementFailure, type PlacementFailure, type ResourceName } from '../predicates.ts';
import type { GroupReason, NodeTemplate, PodRequirements, Requests, Resources, ScaleUpGroup, ScaleUpInput, UnplacedPod } from '../types.ts';
import type { Prepared } from './prepare.ts';

export interface GroupState {
  group: ScaleUpGroup;
  held: ReadonlySet<string>;
  /** Nodes this decision adds to the group. */
  planned: number;
}

function free(o: NodeTemplate): Resources {
  return {
    cpu: o.allocatable.cpu - o.daemonSetOverhead.cpu,
    memory: o.allocatable.memory - o.daemonSetOverhead.memory,
    pods: o.allocatable.pods - o.daemonSetOverhead.pods,
  };
}

function labelReason(name: string, failure: PlacementFailure, labels: Readonly<Record<string, string>>): GroupReason {
  switch (failure.kind) {
    case 'TaintNotTolerated':
      return { group: name, kind: failure.kind, notNow: false, detail: `taint ${q.taint(failure.taint)} not tolerated` };
    case 'SelectorMismatch': {
      const has = Object.hasOwn(labels, failure.key) ? `have ${failure.key}=${labels[failure.key]}` : `have no label ${failure.key}`;
      return { group: name, kind: failure.kind, notNow: false, detail: `nodeSelector ${failure.key}=${failure.value}: the group's nodes ${has}` };
    }
    case 'AffinityNotSatisfied':
      return { group: name, kind: failure.kind, notNow: false, detail: `required node affinity not satisfied: ${describeRequirement(failure.requirement)}` };
  }
}

function amount(resource: ResourceName, value: number): string {
  if (resource === 'cpu') return q.cores(value);
  if (resource === 'memory') return q.memory(value);
  return String(value);
}

function exceeds(resource: ResourceName, requests: Requests, room: Resources): boolean {
  if (resource === 'pods') return room.pods < 1;
  return requests[resource] > 0 && requests[resource] > room[resource];
}

/** "requests cpu 12 > largest offering k8s-8-16 allocatable cpu 7.8", naming the resource no offering has enough of. */
function tooLarge(name: string, requests: Requests, offerings: readonly NodeTemplate[]): GroupReason {
  const roomiest = (resource: ResourceName): NodeTemplate =>
    offerings.reduce((best, o) => (free(o)[resource] > free(best)[resource] ? o : best), offerings[0]!);
  for (const resource of ['cpu', 'memory', 'pods'] as const) {
    const o = roomiest(resource);
    if (exceeds(resource, requests, free(o))) return { group: name, kind: 'TooLarge', notNow: false, detail: overflow(resource, requests, o, 'largest offering ') };
  }
  // Each resource alone fits some offering, none fits them all: name the roomiest by cpu.
  const o = roomiest('cpu');
  const resource = insufficientResource(requests, free(o))!;
  return {
    group: name,
    kind: 'TooLarge',
    notNow: false,
    detail: `no offering has room for cpu ${q.cores(requests.cpu)} and memory ${q.memory(requests.memory)} together: ${overflow(resource, requests, o)}`,
  };
}

function overflow(resource: ResourceName, requests: Requests, o: NodeTemplate, prefix = 'offering '): string {
  const overhead = o.daemonSetOverhead[resource];
  const afterOverhead = overhead > 0 ? ` (${amount(resource, o.allocatable[resource] - overhead)} after DaemonSet overhead)` : '';
  if (resource === 'pods') return `${prefix}${o.offeringID} allocatable pods ${o.allocatable.pods}${afterOverhead} leaves no pod slot`;
  return `requests ${resource} ${amount(resource, requests[resource])} > ${prefix}${o.offeringID} allocatable ${resource} ${amount(resource, o.allocatable[resource])}${afterOverhead}`;
}

/** Why `state.group` cannot host the pod now. */
export function groupReason(pod: PodRequirements, state: GroupState): GroupReason {
  const { group, held } = state;
  const name = group.name;
  if (!group.scaleUpEnabled) return { group: name, kind: 'ScaleUpDisabled', notNow: false, detail: 'scale-up disabled (scaleUpPolicy.enabled is false)' };
  if (!group.offerings.length) return { group: name, kind: 'NoOfferings', notNow: false, detail: 'the group has no offerings' };
  const matching = group.offerings.filter((o) => !placementFailure(pod, o.labels, group.taints));
  if (!matching.length) {
    const first = group.offerings[0]!;
    return labelReason(name, placementFailure(pod, first.labels, group.taints)!, first.labels);
  }
  const fitting = matching.filter((o) => !insufficientResource(pod.requests, free(o)));
  if (!fitting.length) return tooLarge(name, pod.requests, matching);
  const available = fitting.filter((o) => !held.has(o.offeringID));
  if (!available.length) {
    const ids = fitting.map((o) => o.offeringID).join(', ');
    if (group.offerings.every((o) => held.has(o.offeringID))) {
      return { group: name, kind: 'AllOfferingsHeld', notNow: true, detail: `all offerings held unavailable after capacity errors (${group.offerings.map((o) => o.offeringID).join(', ')})` };
    }
    return { group: name, kind: 'OfferingsHeld', notNow: true, detail: `fits only ${ids}, held unavailable after a capacity error` };
  }
  const live = Math.max(0, group.liveNodes);
  const planned = state.planned > 0 ? ` + ${state.planned} planned in this decision` : '';
  return { group: name, kind: 'AtMaxNodes', notNow: true, detail: `at maxNodes ${group.maxNodes} (${live} live${planned})` };
}

/** A reason per group for each pod left; pods alike in class and requests share one computation. */
export function explainUnplaced(input: ScaleUpInput, prep: Prepared, left: Int32Array, planned: Int32Array): UnplacedPod[] {
  const { pods } = prep;
  const held = new Set(input.heldOfferings);
  const cache = new Map<string, GroupReason[]>();
  const out: UnplacedPod[] = [];
  for (const p of [...left].sort((a, b) => a - b)) {
    const key = `${pods.klass[p]}|${pods.cpu[p]}|${pods.memory[p]}`;
    let reasons = cache.get(key);
    if (!reasons) {
      const pod = { ...pods.classes[pods.klass[p]!]!, requests: { cpu: pods.cpu[p]!, memory: pods.memory[p]! } };
      reasons = input.groups.map((group, g) => groupReason(pod, { group, held, planned: planned[g]! }));
      cache.set(key, reasons);
    }
    out.push({ pod: pods.keys[p]!, notNow: reasons.some((r) => r.notNow), reasons });
  }
  return out;
}
