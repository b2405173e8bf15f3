import type { Workload } from '../kube-shapes.ts';
import { resolveIntOrPercent } from './pod-template.ts';

/** A ReplicaSet as the rollout arithmetic sees it. */
export interface RolloutSet {
  name: string;
  replicas: number;
  available: number;
}

export interface RolloutLimits {
  maxSurge: number;
  maxUnavailable: number;
}

/** maxSurge and maxUnavailable of a RollingUpdate deployment; both 0 is not allowed, so unavailability becomes 1. */
export function rolloutLimits(deployment: Workload): RolloutLimits {
  const replicas = deployment.spec.replicas ?? 1;
  const rolling = deployment.spec.strategy?.rollingUpdate;
  const maxSurge = resolveIntOrPercent(rolling?.maxSurge, replicas, true, '25%');
  const maxUnavailable = resolveIntOrPercent(rolling?.maxUnavailable, replicas, false, '25%');
  return { maxSurge, maxUnavailable: maxSurge === 0 && maxUnavailable === 0 ? 1 : maxUnavailable };
}

/**
 * One step of a rolling update (reconcileNewReplicaSet + reconcileOldReplicaSets): how many
 * replicas the new set and each old set (oldest first) should have now.
 */
export function rollingStep(replicas: number, limits: RolloutLimits, newSet: RolloutSet, oldSets: readonly RolloutSet[]): { newReplicas: number; oldReplicas: Map<string, number> } {
  const oldReplicas = new Map(oldSets.map((s) => [s.name, s.replicas]));
  let newReplicas = newSet.replicas;
  const total = () => newReplicas + [...oldReplicas.values()].reduce((a, b) => a + b, 0);
  if (newReplicas > replicas) newReplicas = replicas;
  else if (newReplicas < replicas) {
    const room = replicas + limits.maxSurge - total();
    if (room > 0) newReplicas += Math.min(room, replicas - newReplicas);
  }
  const minAvailable = replicas - limits.maxUnavailable;
  const newUnavailable = Math.max(0, newReplicas - newSet.available);
  let budget = total() - minAvailable - newUnavailable;
  if (budget <= 0) return { newReplicas, oldReplicas };
  // First old replicas that are not available anyway: removing them costs no availability.
  for (const s of oldSets) {
    if (budget <= 0) break;
    const unhealthy = Math.min(oldReplicas.get(s.name)! - s.available, budget);
    if (unhealthy > 0) {
      oldReplicas.set(s.name, oldReplicas.get(s.name)! - unhealthy);
      budget -= unhealthy;
    }
  }
  let available = newSet.available + oldSets.reduce((n, s) => n + Math.min(s.available, oldReplicas.get(s.name)!), 0);
  for (const s of oldSets) {
    const scaleDown = Math.min(oldReplicas.get(s.name)!, available - minAvailable);
    if (scaleDown <= 0) break;
    oldReplicas.set(s.name, oldReplicas.get(s.name)! - scaleDown);
    available -= scaleDown;
  }
  return { newReplicas, oldReplicas };
}
