import type { V1Pod } from '@kubernetes/client-node';
import { LABELS, type VPSieNode } from '../../api/v1alpha1.ts';
import { allowedDisruptions, parseDisruptionBudget } from '../../policy/disruption-budget.ts';
import { partitionNodes } from '../../policy/node-partition.ts';
import { clusterNodeFromKube, pdbFromKube, type ScaleDownGroup, type ScaleDownInput } from '../../policy/scaling/index.ts';
import { nodeView } from '../nodegroup/views.ts';
import type { ScalingDeps } from './deps.ts';
import { isRunningOn } from './pods.ts';
import { groupKey } from './scale-up-input.ts';

export interface ScaleDownRound {
  input: ScaleDownInput;
  /** Node name → its VPSieNode, for the managed nodes that may be chosen. */
  owners: Map<string, VPSieNode>;
}

/**
 * The scale-down decision's input: every Ready node with the pods on it (managed ones with the
 * utilisation samples their actors hold), the groups' limits, budgets and cooldowns, and PDBs.
 */
export function scaleDownRound(deps: ScalingDeps): ScaleDownRound {
  const now = deps.now().getTime();
  const { informers, supervisor } = deps;
  const podsOn = new Map<string, V1Pod[]>();
  for (const pod of informers.pods.list()) {
    const node = isRunningOn(pod);
    if (node) (podsOn.get(node) ?? podsOn.set(node, []).get(node)!).push(pod);
  }
  const groups: ScaleDownGroup[] = [];
  const windows = new Map<string, number>();
  for (const actor of supervisor.groups()) {
    const group = actor.group;
    if (group.metadata.deletionTimestamp) continue;
    const key = groupKey(group);
    const nodes = informers.vpsieNodes.list().filter((v) => v.metadata.namespace === group.metadata.namespace && v.spec.nodeGroupName === group.metadata.name);
    const parts = partitionNodes(nodes.map(nodeView));
    const budget = parseDisruptionBudget(group.spec.disruption?.budget ?? '1');
    const view = actor.scalingView(undefined);
    windows.set(key, (group.spec.scaleDownPolicy?.stabilizationWindowSeconds ?? 600) * 1000);
    groups.push({
      name: key,
      minNodes: group.spec.minNodes,
      liveNodes: view.live,
      ...(group.spec.scaleDownPolicy ? { scaleDownPolicy: group.spec.scaleDownPolicy } : {}),
      disruptionsAllowed: budget ? allowedDisruptions(budget, { live: parts.live, disrupting: parts.disrupting }) : 0,
      ...(view.lastScaleUpAt !== undefined ? { lastScaleUpAt: view.lastScaleUpAt } : {}),
      ...(view.lastScaleDownAt !== undefined ? { lastScaleDownAt: view.lastScaleDownAt } : {}),
    });
  }
  const byNodeName = new Map<string, VPSieNode>();
  for (const vn of informers.vpsieNodes.list()) if (vn.status?.nodeName) byNodeName.set(vn.status.nodeName, vn);
  const owners = new Map<string, VPSieNode>();
  const nodes = [];
  for (const node of informers.nodes.list()) {
    const name = node.metadata!.name!;
    if (!(node.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True')) continue;
    const vn = byNodeName.get(name);
    const managed = vn && node.metadata?.labels?.[LABELS.vpsieNode] === vn.metadata.name && vn.status?.phase === 'Active' && !vn.metadata.deletionTimestamp;
    const key = managed ? `${vn.metadata.namespace}/${vn.spec.nodeGroupName}` : undefined;
    const actor = managed ? supervisor.nodeActor(vn.metadata.namespace!, vn.metadata.name) : undefined;
    const window = key ? windows.get(key) : undefined;
    const deleting = Boolean(vn && (vn.metadata.deletionTimestamp || (vn.status?.phase && vn.status.phase !== 'Active')));
    const samples = actor && window !== undefined ? actor.utilisation(now - window) : undefined;
    const cn = clusterNodeFromKube(node as never, (podsOn.get(name) ?? []) as never, { deleting, ...(samples ? { samples } : {}) });
    if (managed && key && windows.has(key)) {
      owners.set(name, vn);
      nodes.push({ ...cn, group: key });
    } else {
      nodes.push({ ...cn, group: undefined });
    }
  }
  return { input: { now, groups, nodes, pdbs: informers.pdbs.list().map((p) => pdbFromKube(p as never)) }, owners };
}
