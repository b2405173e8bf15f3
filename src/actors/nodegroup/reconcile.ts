import { randomBytes } from 'node:crypto';
import { ANNOTATIONS, API_VERSION, FINALIZERS, LABELS, type NodeGroup, type VPSieNode } from '../../api/v1alpha1.ts';
import { isConflict } from '../../infra/kube/errors.ts';
import { pollUntil } from '../shared/abortable.ts';
import type { GroupEffectDeps, GroupRef } from './deps.ts';
import { groupRef } from './refs.ts';
import { writeGroupStatus } from './status.ts';
import type { ReconcileInput, ReconcileOutput } from '../../machines/nodeGroup.ts';
import type { NodeCreation, NodeView } from '../../policy/nodegroup-types.ts';

const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

function nodeName(group: string): string {
  return `${group}-${[...randomBytes(5)].map((b) => NAME_ALPHABET[b % NAME_ALPHABET.length]).join('')}`;
}

/** A new VPSieNode for the group: owned by it, labelled as ours, guarded by the lifecycle's finalizer. */
export function newVPSieNode(group: NodeGroup, creation: NodeCreation): VPSieNode {
  const { offeringID, reason } = creation;
  const s = group.spec;
  return {
    apiVersion: API_VERSION,
    kind: 'VPSieNode',
    metadata: {
      name: nodeName(group.metadata.name),
      namespace: group.metadata.namespace,
      labels: { [LABELS.managed]: 'true', [LABELS.nodeGroup]: group.metadata.name },
      annotations: { [ANNOTATIONS.creationReason]: reason, ...(creation.replaces ? { [ANNOTATIONS.replaces]: creation.replaces } : {}) },
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

/** A failed reconcile says which nodes it had already created, so they are not created again. */
class ReconcileError extends Error {
  readonly created: NodeView[];
  constructor(cause: unknown, created: NodeView[]) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'ReconcileError';
    this.created = created;
  }
}

/** VPSieNodes created at once: a burst of a hundred nodes is written in a few round trips, not a hundred. */
const CREATE_CONCURRENCY = 16;

/** Creates the planned nodes, several at a time; `created` holds every one written, also when another failed. */
async function createNodes(deps: GroupEffectDeps, group: NodeGroup, creates: readonly NodeCreation[], created: NodeView[]): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure && next < creates.length) {
      const c = creates[next++]!;
      try {
        const node = await deps.kube.createVPSieNode(newVPSieNode(group, c));
        created.push({
          name: node.metadata.name,
          phase: 'Pending',
          offeringID: c.offeringID,
          createdAt: Date.parse(node.metadata.creationTimestamp ?? deps.now().toISOString()),
          ...(c.replaces ? { replaces: c.replaces } : {}),
        });
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CREATE_CONCURRENCY, creates.length) }, worker));
  if (failure) throw failure.error;
}

/**
 * Carries out a plan: creates the VPSieNodes it asks for, asks nodes to drain by annotation (a
 * request that survives restarts), deletes drained nodes, and writes the group's status. It
 * reports the nodes it created (also when it fails part-way), which the machine expects until
 * the informer shows them, so nothing is created twice.
 */
export async function reconcile(deps: GroupEffectDeps, input: ReconcileInput): Promise<ReconcileOutput> {
  const ref: GroupRef = { namespace: input.namespace, name: input.name };
  const plan = input.plan;
  const created: NodeView[] = [];
  try {
    const group = await ensureGroupFinalizer(deps, ref);
    if (!group || group.metadata.deletionTimestamp) return { at: deps.now().getTime(), created };
    await createNodes(deps, group, plan.create, created);
    if (created.length) {
      const offerings = [...new Set(plan.create.map((c) => c.offeringID))].join(', ');
      const reasons = [...new Set(plan.create.map((c) => c.reason))].join(', ');
      void deps.events.record(groupRef(group), 'Normal', 'ScaledUp', `Created ${created.length} VPSieNode(s) of offering ${offerings} (${reasons}): ${created.map((n) => n.name).join(', ')}`);
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
    return { at: deps.now().getTime(), created };
  } catch (error) {
    throw new ReconcileError(error, created);
  }
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
