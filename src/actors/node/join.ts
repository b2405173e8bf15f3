import type { V1Node, V1Taint } from '@kubernetes/client-node';
import { LABELS, type VPSieNode } from '../../api/v1alpha1.ts';
import { pollUntil } from '../shared/abortable.ts';
import { TerminalError } from '../shared/errors.ts';
import type { NodeEffectDeps } from './deps.ts';
import { persistPhase, type NodeRef } from './status.ts';

export interface Joined {
  nodeName: string;
}

function isReady(node: V1Node): boolean {
  return (node.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/** The Node a VPS registered as: by name (VPSie names it after the hostname), else by its IP. */
function findNode(deps: NodeEffectDeps, vn: VPSieNode): V1Node | undefined {
  const hostname = vn.status?.hostname;
  const byName = hostname ? deps.cluster.node(hostname) : undefined;
  if (byName) return byName;
  const ip = vn.status?.ipAddress;
  return ip ? deps.cluster.nodes().find((n) => (n.status?.addresses ?? []).some((a) => a.type === 'InternalIP' && a.address === ip)) : undefined;
}

/** The labels and taints a node of this group must carry; taints merge by key and effect. */
export function desiredNodeShape(vn: VPSieNode, groupLabels: Record<string, string>, groupTaints: V1Taint[], current: V1Node) {
  const labels = {
    ...groupLabels,
    [LABELS.managed]: 'true',
    [LABELS.nodeGroup]: vn.spec.nodeGroupName,
    [LABELS.vpsieNode]: vn.metadata.name,
    [LABELS.offering]: vn.spec.offeringID,
  };
  const taints = [...(current.spec?.taints ?? [])];
  for (const t of groupTaints) {
    const i = taints.findIndex((x) => x.key === t.key && x.effect === t.effect);
    if (i >= 0) taints[i] = t;
    else taints.push(t);
  }
  const labelsMissing = Object.entries(labels).some(([k, v]) => current.metadata?.labels?.[k] !== v);
  const taintsMissing = taints.length !== (current.spec?.taints ?? []).length || taints.some((t, i) => current.spec?.taints?.[i]?.value !== t.value);
  return { labels, taints, changed: labelsMissing || taintsMissing };
}

/**
 * Joining: wait for the VPS's Node to register, give it the group's labels and taints and the
 * ownership labels (which the node-deletion guard checks), then wait for it to be Ready.
 */
export async function join(deps: NodeEffectDeps, ref: NodeRef, signal: AbortSignal): Promise<Joined> {
  await persistPhase(deps, ref, 'Joining');
  const node = await pollUntil(() => {
    const vn = deps.cluster.vpsieNode(ref.namespace, ref.name);
    return vn ? findNode(deps, vn) : undefined;
  }, deps.timings.pollMs, signal);
  const nodeName = node.metadata!.name!;
  const labels = node.metadata?.labels ?? {};
  if (labels['node-role.kubernetes.io/control-plane'] !== undefined || labels['node-role.kubernetes.io/master'] !== undefined) {
    // Never take over a control-plane node, whatever the VPSie side said.
    throw new TerminalError('ControlPlaneNode', `Node ${nodeName} is a control-plane node; it cannot belong to VPSieNode ${ref.name}`);
  }
  const vn = deps.cluster.vpsieNode(ref.namespace, ref.name)!;
  const group = deps.cluster.nodeGroup(ref.namespace, vn.spec.nodeGroupName);
  const shape = desiredNodeShape(vn, group?.spec.labels ?? {}, (group?.spec.taints ?? []) as V1Taint[], node);
  signal.throwIfAborted();
  if (shape.changed) {
    // taints is an atomic list in a strategic merge patch: it is sent whole.
    await deps.kube.patchNode(nodeName, { metadata: { labels: shape.labels }, spec: { taints: shape.taints } });
  }
  await persistPhase(deps, ref, 'Joining', { nodeName });
  await pollUntil(() => {
    const current = deps.cluster.node(nodeName);
    return current && isReady(current) ? true : undefined;
  }, deps.timings.pollMs, signal);
  return { nodeName };
}
