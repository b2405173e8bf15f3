import type { ClusterCache } from '../cluster-cache.ts';
import { type Node, type Pod, conditionOf, isPodActive, isPodReady } from '../kube-shapes.ts';
import type { EndCondition, ScenarioWorkload } from './scenario-schema.ts';

function nodeReady(node: Node): boolean {
  return conditionOf(node.status?.conditions, 'Ready')?.status === 'True' && !node.spec?.taints?.some((t) => t.key === 'node.kubernetes.io/not-ready' || t.key === 'node.kubernetes.io/unreachable');
}

function isControlPlane(node: Node): boolean {
  const labels = node.metadata.labels ?? {};
  return 'node-role.kubernetes.io/control-plane' in labels || 'node-role.kubernetes.io/master' in labels;
}

function workloadRunning(cache: ClusterCache, w: ScenarioWorkload): boolean {
  const key = `${w.namespace}/${w.name}`;
  if (w.kind === 'DaemonSet') {
    const ds = cache.daemonSets.get(key);
    const s = (ds?.status ?? {}) as Record<string, number | undefined>;
    return Boolean(ds) && s.observedGeneration === ds!.metadata.generation && (s.numberReady ?? 0) === (s.desiredNumberScheduled ?? 0);
  }
  const d = cache.deployments.get(key);
  if (!d) return false;
  let ready = 0;
  let active = 0;
  for (const rs of cache.replicaSetsOwnedBy(d.metadata.uid!)) {
    for (const pod of cache.podsOwnedBy(rs.metadata.uid!)) {
      if (!isPodActive(pod)) continue;
      active++;
      if (isPodReady(pod)) ready++;
    }
  }
  const replicas = d.spec.replicas ?? 1;
  return ready === replicas && active === replicas;
}

function isPending(pod: Pod): boolean {
  return isPodActive(pod) && !pod.spec.nodeName;
}

/** Whether a scenario's end condition holds now; with a short description of the state. */
export function evaluateEnd(condition: EndCondition, cache: ClusterCache, workloads: readonly ScenarioWorkload[]): { met: boolean; state: string } {
  if (condition === 'allRunning') {
    const waiting = workloads.filter((w) => !workloadRunning(cache, w)).map((w) => w.name);
    return { met: waiting.length === 0, state: waiting.length ? `waiting for ${waiting.join(', ')}` : 'every workload runs' };
  }
  if ('readyNodes' in condition) {
    const n = [...cache.nodes.values()].filter(nodeReady).length;
    return { met: n >= condition.readyNodes, state: `${n} ready nodes` };
  }
  if ('workerNodes' in condition) {
    // Exactly this many, all Ready: after a scale-down, the nodes removed are gone, not just NotReady.
    const workers = [...cache.nodes.values()].filter((n) => !isControlPlane(n));
    const ready = workers.filter(nodeReady).length;
    return { met: workers.length === condition.workerNodes && ready === workers.length, state: `${workers.length} worker nodes, ${ready} ready` };
  }
  if ('runningPods' in condition) {
    const n = [...cache.pods.values()].filter((p) => isPodActive(p) && p.status?.phase === 'Running').length;
    return { met: n >= condition.runningPods, state: `${n} running pods` };
  }
  const n = [...cache.pods.values()].filter(isPending).length;
  return { met: n <= condition.pendingPods, state: `${n} pending pods` };
}
