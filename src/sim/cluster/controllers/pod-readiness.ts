import { type Pod, conditionOf, isPodReady } from '../kube-shapes.ts';

/**
 * Whether a pod is available: Ready for at least `minReadySeconds`. When it is Ready but not yet
 * long enough, `waitMs` says how much longer, so the controller can look again then.
 */
export function availability(pod: Pod, minReadySeconds: number, now: number): { available: boolean; waitMs?: number } {
  if (!isPodReady(pod)) return { available: false };
  if (!minReadySeconds) return { available: true };
  const since = Date.parse(conditionOf(pod.status?.conditions, 'Ready')?.lastTransitionTime ?? '');
  if (Number.isNaN(since)) return { available: true };
  const left = since + minReadySeconds * 1000 - now;
  return left <= 0 ? { available: true } : { available: false, waitMs: left };
}
