import type { V1Node, V1Pod, V1Taint } from '@kubernetes/client-node';
import { ANNOTATIONS, DRAIN_TAINT } from '../../api/v1alpha1.ts';
import { isNotFound, isTooManyRequests } from '../../infra/kube/errors.ts';
import { sleep } from '../shared/abortable.ts';
import type { NodeEffectDeps } from './deps.ts';
import { nodeRef, vpsieNodeRef } from './refs.ts';
import { persistPhase, type NodeRef } from './status.ts';

/** Pods a drain leaves alone, as `kubectl drain` does: mirror pods and DaemonSet pods. */
export function isLeftOnNode(pod: V1Pod): boolean {
  if (pod.metadata?.annotations?.['kubernetes.io/config.mirror']) return true;
  return (pod.metadata?.ownerReferences ?? []).some((o) => o.controller && o.kind === 'DaemonSet');
}

function withDrainTaint(node: V1Node, present: boolean): V1Taint[] {
  const others = (node.spec?.taints ?? []).filter((t) => !(t.key === DRAIN_TAINT.key && t.effect === DRAIN_TAINT.effect));
  return present ? [...others, { key: DRAIN_TAINT.key, effect: DRAIN_TAINT.effect }] : others;
}

function nodeNameOf(deps: NodeEffectDeps, ref: NodeRef): string | undefined {
  const vn = deps.cluster.vpsieNode(ref.namespace, ref.name);
  return vn?.status?.nodeName ?? vn?.status?.hostname;
}

/**
 * Draining: cordon and taint the node, mark it `drain-status=draining`, then evict its pods
 * through the Eviction API until none is left. A PodDisruptionBudget's 429 is retried each round;
 * the lifecycle's drain deadline aborts this (and reverts) if the budget never allows it.
 */
export async function drain(deps: NodeEffectDeps, ref: NodeRef, reason: string, signal: AbortSignal): Promise<void> {
  const started = deps.now().getTime();
  const vn = await persistPhase(deps, ref, 'Draining', { reason: 'Draining', message: reason });
  const nodeName = nodeNameOf(deps, ref);
  const node = nodeName ? (deps.cluster.node(nodeName) ?? (await deps.kube.getNode(nodeName))) : undefined;
  if (!node || !nodeName) return;
  signal.throwIfAborted();
  await deps.kube.patchNode(nodeName, {
    metadata: { annotations: { [ANNOTATIONS.drainStatus]: 'draining' } },
    spec: { unschedulable: true, taints: withDrainTaint(node, true) },
  });
  if (vn) void deps.events.record(vpsieNodeRef(vn), 'Normal', 'Draining', `Draining node ${nodeName}: ${reason}`);
  void deps.events.record(nodeRef(node), 'Normal', 'Draining', `Draining by vpsie-autoscaler: ${reason}`);
  for (;;) {
    const pods = (await deps.kube.podsOnNode(nodeName)).filter((p) => !isLeftOnNode(p));
    if (pods.length === 0) break;
    let blocked = 0;
    for (const pod of pods) {
      if (pod.metadata?.deletionTimestamp) continue;
      signal.throwIfAborted();
      try {
        await deps.kube.evictPod(pod.metadata!.namespace!, pod.metadata!.name!, deps.timings.evictionGraceSeconds);
      } catch (error) {
        if (isNotFound(error)) continue;
        if (isTooManyRequests(error)) blocked++;
        else deps.log.warn({ err: error, pod: `${pod.metadata?.namespace}/${pod.metadata?.name}` }, 'eviction failed; retrying');
      }
    }
    if (blocked) deps.log.info({ node: nodeName, blocked }, 'evictions refused by PodDisruptionBudgets; retrying');
    await sleep(deps.timings.evictionRetryMs, signal);
  }
  signal.throwIfAborted();
  await deps.kube.patchNode(nodeName, { metadata: { annotations: { [ANNOTATIONS.drainStatus]: 'drained' } } });
  deps.metrics.drained({ namespace: ref.namespace, nodegroup: vn?.spec.nodeGroupName ?? '' }, 'drained', (deps.now().getTime() - started) / 1000);
  if (vn) void deps.events.record(vpsieNodeRef(vn), 'Normal', 'Drained', `Node ${nodeName} drained`);
}

/** A drain that failed or ran out of time: uncordon, drop the taint, mark `drain-status=failed`, warn. */
export async function revertDrain(deps: NodeEffectDeps, ref: NodeRef, reason: string): Promise<void> {
  const nodeName = nodeNameOf(deps, ref);
  const vn = deps.cluster.vpsieNode(ref.namespace, ref.name);
  const node = nodeName ? await deps.kube.getNode(nodeName) : undefined;
  if (node && nodeName) {
    await deps.kube.patchNode(nodeName, {
      metadata: { annotations: { [ANNOTATIONS.drainStatus]: 'failed' } },
      spec: { unschedulable: null, taints: withDrainTaint(node, false) },
    });
    void deps.events.record(nodeRef(node), 'Warning', 'DrainFailed', `Drain stopped, node uncordoned: ${reason}`);
  }
  if (vn?.metadata.annotations?.[ANNOTATIONS.drainRequest] !== undefined) {
    // The request is spent: whoever asked decides again whether to drain this node later.
    await deps.kube.patchVPSieNodeMetadata(ref.namespace, ref.name, { annotations: { [ANNOTATIONS.drainRequest]: null } });
  }
  if (vn) {
    const started = vn.status?.drainStartedAt ? Date.parse(vn.status.drainStartedAt) : deps.now().getTime();
    deps.metrics.drained({ namespace: ref.namespace, nodegroup: vn.spec.nodeGroupName }, 'failed', (deps.now().getTime() - started) / 1000);
    void deps.events.record(vpsieNodeRef(vn), 'Warning', 'DrainFailed', `Drain of ${nodeName ?? 'its node'} stopped: ${reason}; the node is back in service`);
  }
}
