import type { Pod } from '../kube-shapes.ts';
import { type PodRequirement, podRequirement } from './pod-requirement.ts';

export interface QueuedPod {
  key: string;
  pod: Pod;
  requirement: PodRequirement;
  attempts: number;
  /** Simulated time before which the pod is not tried again. */
  backoffUntil: number;
  /** Simulated time the pod was last found unschedulable; undefined while it is active. */
  unschedulableSince: number | undefined;
}

export interface BackoffOptions {
  initialBackoffMs: number;
  maxBackoffMs: number;
}

/**
 * kube-scheduler's scheduling queue, reduced to what the simulation needs: pods waiting for a
 * decision in priority order, and unschedulable pods that wait for a cluster change (or five
 * minutes) and their per-pod backoff before they are tried again.
 */
export class SchedulingQueue {
  readonly #pods = new Map<string, QueuedPod>();
  readonly #backoff: BackoffOptions;

  constructor(backoff: BackoffOptions) {
    this.#backoff = backoff;
  }

  get size(): number {
    return this.#pods.size;
  }

  has(key: string): boolean {
    return this.#pods.has(key);
  }

  /** Adds a pending pod or refreshes the object of one already queued. Returns whether it is new. */
  upsert(key: string, pod: Pod): boolean {
    const queued = this.#pods.get(key);
    if (queued && queued.pod.metadata.uid === pod.metadata.uid) {
      if (JSON.stringify(queued.pod.spec.tolerations) !== JSON.stringify(pod.spec.tolerations)) queued.requirement = podRequirement(pod);
      queued.pod = pod;
      return false;
    }
    this.#pods.set(key, { key, pod, requirement: podRequirement(pod), attempts: 0, backoffUntil: 0, unschedulableSince: undefined });
    return true;
  }

  delete(key: string): void {
    this.#pods.delete(key);
  }

  /** Pods whose backoff has passed and that are not waiting for a cluster change, highest priority first, then oldest. */
  ready(now: number): QueuedPod[] {
    const out: QueuedPod[] = [];
    for (const q of this.#pods.values()) if (q.unschedulableSince === undefined && q.backoffUntil <= now) out.push(q);
    return out.sort(
      (a, b) =>
        (b.pod.spec.priority ?? 0) - (a.pod.spec.priority ?? 0) ||
        (a.pod.metadata.creationTimestamp ?? '').localeCompare(b.pod.metadata.creationTimestamp ?? '') ||
        a.key.localeCompare(b.key),
    );
  }

  /** The earliest time an active pod in backoff becomes ready, if any. */
  nextBackoffExpiry(now: number): number | undefined {
    let next: number | undefined;
    for (const q of this.#pods.values()) {
      if (q.unschedulableSince === undefined && q.backoffUntil > now) next = next === undefined ? q.backoffUntil : Math.min(next, q.backoffUntil);
    }
    return next;
  }

  markUnschedulable(q: QueuedPod, now: number): void {
    q.attempts += 1;
    q.backoffUntil = now + Math.min(this.#backoff.maxBackoffMs, this.#backoff.initialBackoffMs * 2 ** (q.attempts - 1));
    q.unschedulableSince ??= now;
  }

  /** A cluster change may help: every unschedulable pod becomes active again (its backoff still applies). */
  activateAll(): number {
    let moved = 0;
    for (const q of this.#pods.values()) {
      if (q.unschedulableSince !== undefined) {
        q.unschedulableSince = undefined;
        moved++;
      }
    }
    return moved;
  }

  /** Pods unschedulable for longer than `maxMs` are tried again even without a cluster change. */
  activateOlderThan(now: number, maxMs: number): number {
    let moved = 0;
    for (const q of this.#pods.values()) {
      if (q.unschedulableSince !== undefined && now - q.unschedulableSince >= maxMs) {
        q.unschedulableSince = undefined;
        moved++;
      }
    }
    return moved;
  }
}
