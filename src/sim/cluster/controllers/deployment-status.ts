import { rfc3339 } from '../../kube/time.ts';
import { type Condition, type Workload, conditionOf } from '../kube-shapes.ts';
import type { RolloutLimits } from './deployment-rollout.ts';

export interface ReplicaSetCounts {
  name: string;
  specReplicas: number;
  replicas: number;
  ready: number;
  available: number;
}

function condition(previous: readonly Condition[] | undefined, type: string, status: Condition['status'], reason: string, message: string, at: string): Condition {
  const before = conditionOf(previous, type);
  const same = before?.status === status && before.reason === reason && before.message === message;
  return {
    type,
    status,
    lastUpdateTime: same ? before.lastUpdateTime! : at,
    lastTransitionTime: before?.status === status && before.lastTransitionTime ? before.lastTransitionTime : at,
    reason,
    message,
  };
}

/** apps/v1 DeploymentStatus as the deployment controller computes it; zero counts are omitted, as on the wire. */
export function deploymentStatus(d: Workload, limits: RolloutLimits, newSet: ReplicaSetCounts | undefined, all: readonly ReplicaSetCounts[], now: Date): Record<string, unknown> {
  const replicas = d.spec.replicas ?? 1;
  const sum = (f: (c: ReplicaSetCounts) => number) => all.reduce((n, c) => n + f(c), 0);
  const available = sum((c) => c.available);
  const counts: Record<string, number> = {
    replicas: sum((c) => c.replicas),
    updatedReplicas: newSet?.replicas ?? 0,
    readyReplicas: sum((c) => c.ready),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, replicas - available),
  };
  const at = rfc3339(now);
  const previous = d.status?.conditions;
  const minimum = available >= replicas - limits.maxUnavailable;
  const availableCondition = minimum
    ? condition(previous, 'Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.', at)
    : condition(previous, 'Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.', at);
  const oldPods = all.some((c) => c.name !== newSet?.name && c.replicas > 0);
  const complete = newSet && newSet.replicas === replicas && newSet.available === replicas && !oldPods;
  const before = conditionOf(previous, 'Progressing');
  const progressing = !newSet
    ? before
    : complete
      ? condition(previous, 'Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "${newSet.name}" has successfully progressed.`, at)
      : before?.reason === 'NewReplicaSetCreated' && before.message === `Created new replica set "${newSet.name}"` && newSet.replicas === 0
        ? before
        : condition(previous, 'Progressing', 'True', 'ReplicaSetUpdated', `ReplicaSet "${newSet.name}" is progressing.`, at);
  return {
    observedGeneration: d.metadata.generation,
    ...Object.fromEntries(Object.entries(counts).filter(([, v]) => v !== 0)),
    conditions: [availableCondition, ...(progressing ? [progressing] : [])],
  };
}

/** The Progressing condition a deployment gets when its controller creates a new ReplicaSet. */
export function newReplicaSetCondition(d: Workload, name: string, now: Date): Condition {
  return condition(d.status?.conditions, 'Progressing', 'True', 'NewReplicaSetCreated', `Created new replica set "${name}"`, rfc3339(now));
}

/** Compares two statuses ignoring condition times that move on every write. */
export function sameStatus(a: Record<string, unknown> | undefined, b: Record<string, unknown>): boolean {
  const strip = (s: Record<string, unknown> | undefined) =>
    JSON.stringify({ ...s, conditions: ((s?.conditions as Condition[] | undefined) ?? []).map(({ type, status, reason, message }) => ({ type, status, reason, message })) });
  return strip(a) === strip(b);
}
