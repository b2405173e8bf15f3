import type { Condition, NodeGroupStatus } from '../../api/v1alpha1.ts';
import type { NodeGroupStatusView } from '../../policy/nodegroup-types.ts';
import { isConflict } from '../../infra/kube/errors.ts';
import type { GroupEffectDeps, GroupRef } from './deps.ts';


/** Keeps a condition's lastTransitionTime when its status did not change, as the API conventions ask. */
export function mergeConditions(previous: Condition[] = [], next: NodeGroupStatusView['conditions'], now: string, generation?: number): Condition[] {
  return next.map((c) => {
    const old = previous.find((p) => p.type === c.type);
    return { ...c, lastTransitionTime: old && old.status === c.status ? old.lastTransitionTime : now, ...(generation !== undefined ? { observedGeneration: generation } : {}) };
  });
}

/**
 * Writes NodeGroup.status: computed against the latest object and sent with its resourceVersion;
 * a 409 means someone else wrote meanwhile, so re-read and recompute.
 */
export async function writeGroupStatus(deps: GroupEffectDeps, ref: GroupRef, view: NodeGroupStatusView): Promise<void> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const group = await deps.kube.getNodeGroup(ref.namespace, ref.name);
    if (!group) return;
    const now = deps.now().toISOString();
    const previous = group.status ?? {};
    const next: NodeGroupStatus = {
      ...previous,
      ...view,
      conditions: mergeConditions(previous.conditions, view.conditions, now, group.metadata.generation),
      observedGeneration: group.metadata.generation,
    };
    if (JSON.stringify(next) === JSON.stringify(previous)) return;
    try {
      await deps.kube.patchNodeGroupStatus(ref.namespace, ref.name, next, group.metadata.resourceVersion);
      return;
    } catch (error) {
      if (!isConflict(error)) throw error;
    }
  }
  throw new Error(`could not write the status of NodeGroup ${ref.namespace}/${ref.name}: it kept changing`);
}
