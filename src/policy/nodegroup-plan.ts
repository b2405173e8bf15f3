import { allowedDisruptions, parseDisruptionBudget } from './disruption-budget.ts';
import { isHealthy, newestFirst, oldestFirst, partitionNodes, type NodePartition } from './node-partition.ts';
import { nodeGroupStatus } from './nodegroup-status.ts';
import type { Blocked, NodeAction, NodeCreation, NodeGroupPlan, NodeGroupPlanInput, NodeGroupSpecView, ScaleUpRequest } from './nodegroup-types.ts';

/** The CRD's default quiet time after a scale event before a scale-down. */
export const DEFAULT_SCALE_DOWN_COOLDOWN_SECONDS = 600;

interface Draft {
  create: NodeCreation[];
  drain: NodeAction[];
  remove: NodeAction[];
  blocked: Blocked[];
  accepted: NodeGroupPlan['accepted'];
  /** Healthy nodes left once this plan's removals and drains are done. */
  healthy: number;
  /** Drains the disruption budget still allows. */
  allowed: number;
  /** Why a drain over budget is refused (the budget itself may be unreadable). */
  refusal: Blocked;
  /** Nodes this plan already acts on. */
  taken: Set<string>;
}

/** The offering new nodes get unless a request names one: the preferred one if the group allows it, else the first. */
function defaultOffering(spec: NodeGroupSpecView): string | undefined {
  const preferred = spec.preferredInstanceType;
  return preferred !== undefined && spec.offeringIDs.includes(preferred) ? preferred : spec.offeringIDs[0];
}

/** Why SCALE_DOWN requests cannot be acted on now, if they cannot. */
function scaleDownGate(input: NodeGroupPlanInput): Omit<Blocked, 'name'> | undefined {
  const policy = input.spec.scaleDownPolicy;
  if (policy?.enabled === false) return { reason: 'ScaleDownDisabled', detail: 'scaleDownPolicy.enabled is false' };
  const cooldownSeconds = policy?.cooldownSeconds ?? DEFAULT_SCALE_DOWN_COOLDOWN_SECONDS;
  const last = Math.max(input.lastScaleUpAt ?? -Infinity, input.lastScaleDownAt ?? -Infinity);
  if (input.now < last + cooldownSeconds * 1000) {
    return { reason: 'Cooldown', detail: `the last scale event was ${Math.floor((input.now - last) / 1000)}s ago; cooldownSeconds is ${cooldownSeconds}` };
  }
  return undefined;
}

/** Drains or removes one healthy node if minNodes and (for an Active node) the budget allow; otherwise says why not. */
function takeOut(draft: Draft, spec: NodeGroupSpecView, node: { name: string; phase: string }, reason: string): Blocked | undefined {
  if (draft.healthy <= spec.minNodes) return { reason: 'AtMinimum', detail: `the group is at minNodes (${spec.minNodes})`, name: node.name };
  if (node.phase === 'Active') {
    if (draft.allowed <= 0) return { ...draft.refusal, name: node.name };
    draft.allowed--;
    draft.drain.push({ name: node.name, reason });
  } else {
    draft.remove.push({ name: node.name, reason });
  }
  draft.healthy--;
  draft.taken.add(node.name);
  return undefined;
}

function acceptScaleDowns(draft: Draft, input: NodeGroupPlanInput): void {
  const gate = scaleDownGate(input);
  const byName = new Map(input.nodes.map((n) => [n.name, n]));
  const seen = new Set<string>();
  for (const request of input.pendingScaleDown) {
    if (seen.has(request.name)) continue;
    seen.add(request.name);
    const node = byName.get(request.name);
    if (!node) {
      draft.blocked.push({ reason: 'UnknownNode', detail: `${request.name} is not a node of this group`, name: request.name });
      continue;
    }
    // Already leaving or failed: the request is fulfilled by what is under way.
    if (!isHealthy(node)) continue;
    if (gate) {
      draft.blocked.push({ ...gate, name: request.name });
      continue;
    }
    const refused = takeOut(draft, input.spec, node, request.reason);
    if (refused) draft.blocked.push(refused);
    else draft.accepted.scaleDown.push(request);
  }
}

/** The scale-up requests that may be carried out, each with the offering its nodes get. */
function admitScaleUps(draft: Draft, spec: NodeGroupSpecView, requests: readonly ScaleUpRequest[]): ScaleUpRequest[] {
  const admitted: ScaleUpRequest[] = [];
  for (const request of requests) {
    if (!Number.isSafeInteger(request.count) || request.count < 1) {
      draft.blocked.push({ reason: 'InvalidRequest', detail: `a scale-up of ${request.count} nodes (${request.reason})` });
    } else if (spec.scaleUpPolicy?.enabled === false) {
      draft.blocked.push({ reason: 'ScaleUpDisabled', detail: `scaleUpPolicy.enabled is false; ${request.count} nodes not created (${request.reason})` });
    } else if (request.offeringID !== undefined && !spec.offeringIDs.includes(request.offeringID)) {
      draft.blocked.push({ reason: 'UnknownOffering', detail: `offering ${request.offeringID} is not one of the group's offeringIDs (${request.reason})` });
    } else {
      admitted.push(request);
    }
  }
  return admitted;
}

/** Creates up to `room` nodes: replacements first, then the scale-up requests in order, then whatever minNodes still needs. */
function fill(draft: Draft, spec: NodeGroupSpecView, parts: NodePartition, requests: readonly ScaleUpRequest[], room: number): void {
  const offering = defaultOffering(spec);
  if (offering === undefined) {
    draft.blocked.push({ reason: 'NoOffering', detail: 'the group has no offeringIDs to create nodes from' });
    return;
  }
  let left = room;
  for (const failed of [...parts.replaceable].sort(oldestFirst)) {
    if (left === 0) {
      draft.blocked.push({ reason: 'AtMaxCapacity', detail: `no room under maxNodes (${spec.maxNodes}) to replace ${failed.name}`, name: failed.name });
      continue;
    }
    const offeringID = spec.offeringIDs.includes(failed.offeringID) ? failed.offeringID : offering;
    draft.create.push({ offeringID, reason: 'replace', replaces: failed.name });
    left--;
  }
  for (const request of requests) {
    const count = Math.min(request.count, left);
    if (count < request.count) {
      draft.blocked.push({ reason: 'AtMaxCapacity', detail: `${request.count - count} of ${request.count} requested nodes exceed maxNodes (${spec.maxNodes}) (${request.reason})` });
    }
    if (count === 0) continue;
    draft.accepted.scaleUp.push({ ...request, count });
    for (let i = 0; i < count; i++) draft.create.push({ offeringID: request.offeringID ?? offering, reason: 'scale-up' });
    left -= count;
  }
  for (; left > 0; left--) draft.create.push({ offeringID: offering, reason: 'min-nodes' });
}

/**
 * Takes `excess` healthy nodes out of a group above maxNodes: nodes not yet Active are removed
 * (newest first, nothing runs on them), then Active nodes are drained newest first within the budget.
 */
function reduce(draft: Draft, spec: NodeGroupSpecView, parts: NodePartition, excess: number): void {
  const candidates = parts.healthy.filter((n) => !draft.taken.has(n.name)).sort(newestFirst);
  const ordered = [...candidates.filter((n) => n.phase !== 'Active'), ...candidates.filter((n) => n.phase === 'Active')];
  let left = excess;
  for (const node of ordered) {
    if (left === 0) break;
    const refused = takeOut(draft, spec, node, 'over-max');
    if (refused) {
      draft.blocked.push(refused);
      if (refused.reason === 'AtMinimum') break;
    }
    left--;
  }
}

/**
 * What a NodeGroup should do now, from its spec, its nodes and the pending scale requests. Pure:
 * the same input always yields the same plan.
 *
 * The group's nodes occupy slots: healthy nodes (Pending through Active) and Failed nodes not yet
 * replaced. desired = clamp(slots + scale-ups − accepted scale-downs, minNodes, maxNodes); the
 * plan then replaces Failed nodes, creates for scale-ups and minNodes, or (above maxNodes) takes
 * healthy nodes out. Scale-ups are never delayed by a cooldown or the stabilisation window: pods
 * are waiting for them. Scale-downs wait out scaleDownPolicy.cooldownSeconds after any scale event;
 * maxNodes is enforced even when scale-down is disabled or cooling down.
 */
export function planNodeGroup(input: NodeGroupPlanInput): NodeGroupPlan {
  const { spec } = input;
  const parts = partitionNodes(input.nodes);
  const budget = parseDisruptionBudget(spec.disruption?.budget);
  const draft: Draft = {
    create: [],
    drain: [],
    // The hand-off of drained nodes to deletion; they already count against the budget.
    remove: parts.drained.map((n) => ({ name: n.name, reason: 'drained' })),
    blocked: [],
    accepted: { scaleUp: [], scaleDown: [] },
    healthy: parts.healthy.length,
    allowed: budget ? allowedDisruptions(budget, parts) : 0,
    refusal: budget
      ? { reason: 'DisruptionBudget', detail: `disruption budget ${spec.disruption?.budget ?? '1'} is used up (${parts.disrupting} in progress)` }
      : { reason: 'InvalidBudget', detail: `disruption budget ${JSON.stringify(spec.disruption?.budget)} is neither a count nor a percent` },
    taken: new Set(),
  };
  let desired = parts.healthy.length;
  if (!Number.isSafeInteger(spec.minNodes) || !Number.isSafeInteger(spec.maxNodes) || spec.minNodes < 0 || spec.minNodes > spec.maxNodes) {
    draft.blocked.push({ reason: 'InvalidSpec', detail: `minNodes ${spec.minNodes} and maxNodes ${spec.maxNodes} do not bound a group` });
  } else {
    acceptScaleDowns(draft, input);
    const requests = admitScaleUps(draft, spec, input.pendingScaleUp);
    const up = requests.reduce((sum, r) => sum + r.count, 0);
    const slots = parts.healthy.length + parts.replaceable.length + parts.exhausted.length;
    desired = Math.max(spec.minNodes, Math.min(spec.maxNodes, slots + up - draft.accepted.scaleDown.length));
    for (const failed of parts.exhausted) {
      draft.blocked.push({ reason: 'ReplacementFailed', detail: `${failed.name} replaced ${failed.replaces} and failed too; its slot frees when it is terminated`, name: failed.name });
    }
    const room = desired - parts.exhausted.length - draft.healthy;
    if (room > 0) {
      fill(draft, spec, parts, requests, room);
    } else {
      for (const failed of parts.replaceable) {
        draft.blocked.push({ reason: 'AtMaxCapacity', detail: `no room under maxNodes (${spec.maxNodes}) to replace ${failed.name}`, name: failed.name });
      }
      for (const request of requests) {
        draft.blocked.push({ reason: 'AtMaxCapacity', detail: `${request.count} requested nodes exceed maxNodes (${spec.maxNodes}) (${request.reason})` });
      }
      if (room < 0) reduce(draft, spec, parts, -room);
    }
  }
  const { create, drain, remove, blocked, accepted } = draft;
  return {
    desired,
    current: parts.live,
    ready: parts.healthy.filter((n) => n.phase === 'Active').length,
    draining: parts.draining.length,
    create,
    drain,
    remove,
    status: nodeGroupStatus({
      spec,
      nodes: input.nodes,
      parts,
      desired,
      creating: create.length,
      removing: drain.length + remove.length - parts.drained.length,
      ...(input.lastScaleUpAt !== undefined ? { lastScaleUpAt: input.lastScaleUpAt } : {}),
      ...(input.lastScaleDownAt !== undefined ? { lastScaleDownAt: input.lastScaleDownAt } : {}),
    }),
    hasWork: create.length + drain.length + remove.length > 0,
    blocked,
    accepted,
  };
}
