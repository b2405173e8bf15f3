import { FINALIZERS, LABELS, type VPSieNode } from '../../api/v1alpha1.ts';
import { isConflict } from '../../infra/kube/errors.ts';
import { pollUntil } from '../shared/abortable.ts';
import { claimOrphanedIntent } from './provision.ts';
import type { NodeEffectDeps } from './deps.ts';
import { vpsieNodeRef } from './refs.ts';
import { persistPhase, type NodeRef } from './status.ts';


/**
 * Terminating: delete the VPS (404 is done) and wait until VPSie no longer lists it. A node
 * whose provisioning was interrupted after VPSie was asked but before its VM was claimed first
 * claims the VM that request produced, so that it is deleted too.
 */
export async function terminate(deps: NodeEffectDeps, ref: NodeRef, signal: AbortSignal): Promise<void> {
  await persistPhase(deps, ref, 'Terminating', { reason: 'Terminating' });
  await claimOrphanedIntent(deps, ref, signal);
  const vn = await deps.kube.getVPSieNode(ref.namespace, ref.name);
  const status = vn?.status;
  const id = status?.vpsieInstanceID;
  const identifier = status?.vpsieNodeIdentifier;
  if (!id || !identifier || !vn) return;
  signal.throwIfAborted();
  const deletedAt = deps.now().getTime();
  const outcome = await deps.vpsie.deleteNode(vn.spec.resourceIdentifier, identifier);
  deps.log.info({ vpsieNode: ref.name, vm: identifier, outcome }, 'deleted VPS');
  await pollUntil(async () => ((await deps.inventory.vm(id, deletedAt)) ? undefined : true), deps.timings.pollMs, signal);
  void deps.events.record(vpsieNodeRef(vn), 'Normal', 'VPSDeleted', `VPS ${identifier} (${status?.hostname ?? id}) deleted`);
}

/** Deleting: remove the Node — only if it carries this VPSieNode's ownership labels. */
export async function deleteNode(deps: NodeEffectDeps, ref: NodeRef): Promise<void> {
  const vn = await persistPhase(deps, ref, 'Deleting', { reason: 'Deleting' });
  const name = vn?.status?.nodeName ?? vn?.status?.hostname;
  if (!name) return;
  const node = await deps.kube.getNode(name);
  if (!node) return;
  const labels = node.metadata?.labels ?? {};
  if (labels[LABELS.managed] !== 'true' || labels[LABELS.vpsieNode] !== ref.name) {
    deps.log.warn({ vpsieNode: ref.name, node: name }, 'not deleting a Node this VPSieNode does not own');
    return;
  }
  await deps.kube.deleteNode(name);
}

/**
 * Deleted: the VPSieNode goes. Removing the finalizer completes a deletion already requested;
 * a node that reached here from Failed (its TTL) is deleted first so it does not linger.
 */
export async function release(deps: NodeEffectDeps, ref: NodeRef): Promise<void> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const vn: VPSieNode | undefined = await deps.kube.getVPSieNode(ref.namespace, ref.name);
    if (!vn) return;
    if (!vn.metadata.deletionTimestamp) await deps.kube.deleteVPSieNode(ref.namespace, ref.name);
    const finalizers = (vn.metadata.finalizers ?? []).filter((f) => f !== FINALIZERS.vpsieNode);
    if (finalizers.length === (vn.metadata.finalizers ?? []).length) {
      if (vn.metadata.deletionTimestamp) return;
      continue;
    }
    try {
      // The resourceVersion guards the list: a merge patch replaces finalizers whole.
      await deps.kube.patchVPSieNodeMetadata(ref.namespace, ref.name, { finalizers }, vn.metadata.resourceVersion);
      return;
    } catch (error) {
      if (!isConflict(error)) throw error;
    }
  }
  throw new Error(`could not release VPSieNode ${ref.namespace}/${ref.name}: its finalizers kept changing`);
}

/** Failed: record why, with a Warning Event; the lifecycle deletes the VPS after the TTL. */
export async function recordFailure(deps: NodeEffectDeps, ref: NodeRef, failure: { reason: string; message?: string }): Promise<void> {
  const vn = await persistPhase(deps, ref, 'Failed', { reason: failure.reason, message: failure.message ?? failure.reason });
  if (vn) void deps.events.record(vpsieNodeRef(vn), 'Warning', failure.reason, failure.message ?? failure.reason);
}
