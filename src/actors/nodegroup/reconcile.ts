import { randomBytes } from 'node:crypto';
import { ANNOTATIONS, API_VERSION, FINALIZERS, LABELS, type NodeGroup, type VPSieNode } from '../../api/v1alpha1.ts';
import { isConflict } from '../../infra/kube/errors.ts';
import { pollUntil } from '../shared/abortable.ts';
import type { GroupEffectDeps, GroupRef } from './deps.ts';
import { groupRef } from './refs.ts';
import { writeGroupStatus, type GroupStatusView } from './status.ts';

export interface ReconcilePlan {
  create: Array<{ offeringID: string; reason: 'min-nodes' | 'scale-up' | 'replace' }>;
  drain: Array<{ name: string; reason: string }>;
  remove: Array<{ name: string; reason: string }>;
  status: GroupStatusView;
}

const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

function nodeName(group: string): string {
  return `${group}-${[...randomBytes(5)].map((b) => NAME_ALPHABET[b % NAME_ALPHABET.length]).join('')}`;
}

/** A new VPSieNode for the group: owned by it, labelled as ours, guarded by the lifecycle's finalizer. */
export function newVPSieNode(group: NodeGroup, offeringID: string, reason: ReconcilePlan['create'][number]['reason']): VPSieNode {
  const s = group.spec;
  return {
    apiVersion: API_VERSION,
    kind: 'VPSieNode',
    metadata: {
      name: nodeName(group.metadata.name),
      namespace: group.metadata.namespace,
      labels: { [LABELS.managed]: 'true', [LABELS.nodeGroup]: group.metadata.name },
      annotations: { [ANNOTATIONS.creationReason]: reason },
      finalizers: [FINALIZERS.vpsieNode],
      ownerReferences: [{ apiVersion: API_VERSION, kind: 'NodeGroup', name: group.metadata.name, uid: group.metadata.uid!, controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      nodeGroupName: group.metadata.name,
      offeringID,
      datacenterID: s.datacenterID,
      resourceIdentifier: s.resourceIdentifier,
      ...(s.project ? { project: s.project } : {}),
      ...(s.kubernetesVersion ? { kubernetesVersion: s.kubernetesVersion } : {}),
      reason,
    },
  };
}

/** Adds the NodeGroup finalizer (so deleting a group first deletes its nodes), compare-and-swap. */
export async function ensureGroupFinalizer(deps: GroupEffectDeps, ref: GroupRef): Promise<NodeGroup | undefined> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const group = await deps.kube.getNodeGroup(ref.namespace, ref.name);
    if (!group || group.metadata.deletionTimestamp) return group;
    const finalizers = group.metadata.finalizers ?? [];
    if (finalizers.includes(FINALIZERS.nodeGroup)) return group;
    try {
      return await deps.kube.patchNodeGroupMetadata(ref.namespace, ref.name, { finalizers: [...finalizers, FINALIZERS.nodeGroup] }, group.metadata.resourceVersion);
    } catch (error) {
      if (!isConflict(error)) throw error;
    }
  }
  throw new Error(`could not add the finalizer to NodeGroup ${ref.namespace}/${ref.name}`);
}

/**
 * Carries out a plan: creates the VPSieNodes it asks for (and waits until the cache shows them,
 * so the next plan counts them and never creates twice), asks nodes to drain by annotation (a
 * request that survives restarts), deletes drained nodes, and writes the group's status.
 */
export async function reconcile(deps: GroupEffectDeps, ref: GroupRef, plan: ReconcilePlan, signal: AbortSignal): Promise<void> {
  const group = await ensureGroupFinalizer(deps, ref);
  if (!group || group.metadata.deletionTimestamp) return;
  const created: string[] = [];
  for (const c of plan.create) {
    const node = await deps.kube.createVPSieNode(newVPSieNode(group, c.offeringID, c.reason));
    created.push(node.metadata.name);
  }
  if (created.length) {
    const offerings = [...new Set(plan.create.map((c) => c.offeringID))].join(', ');
    void deps.events.record(groupRef(group), 'Normal', 'ScaledUp', `Created ${created.length} VPSieNode(s) of offering ${offerings} (${plan.create[0]!.reason}): ${created.join(', ')}`);
    await pollUntil(() => (created.every((n) => deps.cluster.vpsieNode(ref.namespace, n)) ? true : undefined), deps.timings.pollMs, signal);
  }
  for (const d of plan.drain) {
    const vn = deps.cluster.vpsieNode(ref.namespace, d.name);
    if (!vn || vn.metadata.annotations?.[ANNOTATIONS.drainRequest] !== undefined) continue;
    await deps.kube.patchVPSieNodeMetadata(ref.namespace, d.name, { annotations: { [ANNOTATIONS.drainRequest]: d.reason } });
    void deps.events.record(groupRef(group), 'Normal', 'ScaleDown', `Draining ${d.name}: ${d.reason}`);
  }
  for (const r of plan.remove) {
    await deps.kube.deleteVPSieNode(ref.namespace, r.name);
    void deps.events.record(groupRef(group), 'Normal', 'NodeRemoved', `Deleting VPSieNode ${r.name}: ${r.reason}`);
  }
  await writeGroupStatus(deps, ref, plan.status);
}

/** Deleting a NodeGroup: delete its VPSieNodes and wait until they (and so their VPS) are gone. */
export async function deleteGroupNodes(deps: GroupEffectDeps, ref: GroupRef, signal: AbortSignal): Promise<void> {
  const mine = () => deps.cluster.vpsieNodes().filter((n) => n.metadata.namespace === ref.namespace && n.spec.nodeGroupName === ref.name);
  for (const n of mine()) if (!n.metadata.deletionTimestamp) await deps.kube.deleteVPSieNode(ref.namespace, n.metadata.name);
  await pollUntil(() => (mine().length === 0 ? true : undefined), deps.timings.pollMs, signal);
}

/** Removes the NodeGroup finalizer once its nodes are gone. */
export async function releaseGroup(deps: GroupEffectDeps, ref: GroupRef): Promise<void> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const group = await deps.kube.getNodeGroup(ref.namespace, ref.name);
    if (!group) return;
    const finalizers = (group.metadata.finalizers ?? []).filter((f) => f !== FINALIZERS.nodeGroup);
    if (finalizers.length === (group.metadata.finalizers ?? []).length) return;
    try {
      await deps.kube.patchNodeGroupMetadata(ref.namespace, ref.name, { finalizers }, group.metadata.resourceVersion);
      return;
    } catch (error) {
      if (!isConflict(error)) throw error;
    }
  }
  throw new Error(`could not release NodeGroup ${ref.namespace}/${ref.name}`);
}
