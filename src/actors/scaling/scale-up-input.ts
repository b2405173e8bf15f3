import type { V1Pod } from '@kubernetes/client-node';
import type { NodeGroup } from '../../api/v1alpha1.ts';
import { pendingPodFromKube, podRequestsOf, type NodeTemplate, type ScaleUpGroup, type ScaleUpInput, type UpcomingNode } from '../../policy/scaling/index.ts';
import type { GroupActor } from '../nodegroup/actor.ts';
import type { ScalingDeps } from './deps.ts';
import { isRunningOn, isUnschedulable } from './pods.ts';
import { nodeTemplates } from './templates.ts';

const STARTING = new Set(['Pending', 'Provisioning', 'Joining']);

export function groupKey(group: NodeGroup): string {
  return `${group.metadata.namespace}/${group.metadata.name}`;
}

function freeOf(template: NodeTemplate, bound: readonly V1Pod[]) {
  const free = {
    cpu: template.allocatable.cpu - template.daemonSetOverhead.cpu,
    memory: template.allocatable.memory - template.daemonSetOverhead.memory,
    pods: template.allocatable.pods - template.daemonSetOverhead.pods,
  };
  for (const pod of bound) {
    const r = podRequestsOf(pod.spec as never);
    free.cpu -= r.cpu;
    free.memory -= r.memory;
    free.pods -= 1;
  }
  return free;
}

export interface ScaleUpRound {
  input: ScaleUpInput;
  /** Planner group name (namespace/name) → its actor. */
  actors: Map<string, GroupActor>;
  pods: Map<string, V1Pod>;
}

/**
 * The scale-up decision's input from the caches: the Unschedulable pods, every NodeGroup with a
 * template per usable offering, and the capacity already coming — nodes starting, and nodes
 * asked for but not yet visible — which pods fill before anything new is bought.
 */
export async function scaleUpRound(deps: ScalingDeps): Promise<ScaleUpRound> {
  const allPods = deps.informers.pods.list();
  const pending = allPods.filter(isUnschedulable);
  const daemonSets = deps.informers.daemonSets.list();
  const boundTo = new Map<string, V1Pod[]>();
  for (const pod of allPods) {
    const node = isRunningOn(pod);
    if (node) (boundTo.get(node) ?? boundTo.set(node, []).get(node)!).push(pod);
  }
  const groups: ScaleUpGroup[] = [];
  const upcoming: UpcomingNode[] = [];
  const actors = new Map<string, GroupActor>();
  for (const actor of deps.supervisor.groups()) {
    const group = actor.group;
    if (group.metadata.deletionTimestamp) continue;
    const key = groupKey(group);
    actors.set(key, actor);
    let offerings;
    try {
      offerings = await deps.catalogue.offerings(group.spec.datacenterID);
    } catch (error) {
      deps.log.warn({ err: error, nodeGroup: key }, 'could not list VPSie offerings; the group is left out of this decision');
      continue;
    }
    const templates = nodeTemplates(group, offerings, daemonSets);
    const byOffering = new Map(templates.map((t) => [t.offeringID, t]));
    const view = actor.scalingView(group.spec.preferredInstanceType ?? group.spec.offeringIDs[0]);
    groups.push({
      name: key,
      maxNodes: group.spec.maxNodes,
      liveNodes: view.live,
      scaleUpEnabled: group.spec.scaleUpPolicy?.enabled !== false,
      taints: group.spec.taints ?? [],
      offerings: templates,
    });
    const taints = group.spec.taints ?? [];
    for (const vn of deps.informers.vpsieNodes.list()) {
      if (vn.metadata.namespace !== group.metadata.namespace || vn.spec.nodeGroupName !== group.metadata.name) continue;
      if (vn.metadata.deletionTimestamp || !STARTING.has(vn.status?.phase ?? 'Pending')) continue;
      const template = byOffering.get(vn.spec.offeringID);
      if (!template) continue;
      const nodeName = vn.status?.nodeName ?? vn.status?.hostname;
      upcoming.push({ name: vn.metadata.name, free: freeOf(template, nodeName ? (boundTo.get(nodeName) ?? []) : []), labels: template.labels, taints });
    }
    for (const c of view.coming) {
      const template = byOffering.get(c.offeringID);
      if (!template) continue;
      for (let i = 0; i < c.count; i++) upcoming.push({ name: `${key}/requested-${c.offeringID}-${i}`, free: freeOf(template, []), labels: template.labels, taints });
    }
  }
  const pods = new Map(pending.map((p) => [`${p.metadata?.namespace}/${p.metadata?.name}`, p]));
  return {
    input: { pods: pending.map((p) => pendingPodFromKube(p as never)), upcoming, groups, heldOfferings: deps.holds.heldNow() },
    actors,
    pods,
  };
}
