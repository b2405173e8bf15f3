import type { VPSieNode, VPSieNodePhase, VPSieNodeStatus } from '../../api/v1alpha1.ts';
import { isConflict } from '../../infra/kube/errors.ts';
import type { NodeEffectDeps } from './deps.ts';

export interface NodeRef {
  namespace: string;
  name: string;
}

const MAX_CONFLICT_RETRIES = 8;

/** The timestamps each phase sets: once for milestones, on every entry for episodes (a node may drain twice). */
const MILESTONES: Partial<Record<VPSieNodePhase, Array<keyof VPSieNodeStatus>>> = {
  Joining: ['provisionedAt'],
  Active: ['joinedAt', 'activeAt'],
};
const EPISODES: Partial<Record<VPSieNodePhase, keyof VPSieNodeStatus>> = {
  Draining: 'drainStartedAt',
  Terminating: 'terminatingAt',
  Failed: 'failedAt',
};

/**
 * Writes a VPSieNode's status: the new status is computed from the latest object and sent with
 * its resourceVersion, so a concurrent writer makes this re-read and recompute rather than being
 * overwritten. `change` returns undefined when nothing needs writing.
 */
export async function updateStatus(
  deps: NodeEffectDeps,
  ref: NodeRef,
  change: (status: VPSieNodeStatus, node: VPSieNode) => VPSieNodeStatus | undefined,
): Promise<VPSieNode | undefined> {
  let current = deps.cluster.vpsieNode(ref.namespace, ref.name) ?? (await deps.kube.getVPSieNode(ref.namespace, ref.name));
  for (let attempt = 0; current; attempt++) {
    const next = change({ ...(current.status ?? {}) }, current);
    if (!next) return current;
    try {
      return await deps.kube.patchVPSieNodeStatus(ref.namespace, ref.name, next, current.metadata.resourceVersion);
    } catch (error) {
      if (!isConflict(error) || attempt >= MAX_CONFLICT_RETRIES) throw error;
      current = await deps.kube.getVPSieNode(ref.namespace, ref.name);
    }
  }
  return undefined;
}

/** Records a phase (and its first-entry timestamp) before the phase's effect runs. */
export function persistPhase(deps: NodeEffectDeps, ref: NodeRef, phase: VPSieNodePhase, fields: Partial<VPSieNodeStatus> = {}): Promise<VPSieNode | undefined> {
  const at = deps.now().toISOString();
  return updateStatus(deps, ref, (status, node) => {
    const stamp: Record<string, string> = {};
    for (const field of MILESTONES[phase] ?? []) if (!status[field]) stamp[field] = at;
    const episode = EPISODES[phase];
    if (episode && status.phase !== phase) stamp[episode] = at;
    const next: VPSieNodeStatus = { ...status, phase, ...stamp, ...fields, observedGeneration: node.metadata.generation };
    if (!status.createdAt) next.createdAt = node.metadata.creationTimestamp ?? at;
    const unchanged = JSON.stringify(next) === JSON.stringify(node.status ?? {});
    return unchanged ? undefined : next;
  });
}
