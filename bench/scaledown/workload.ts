/**
 * A scale-down round like a large cluster's: managed nodes in ten groups, each with its pods
 * (DaemonSet pods, ReplicaSet and StatefulSet pods, a few with local storage, opt-out annotations
 * or node selectors, kube-system pods under PDBs) and 40 utilisation samples over the window.
 * About a third of the nodes idle along under the thresholds. Seeded: every run is the same.
 */
import type { ClusterNode, PodDisruptionBudgetView, RunningPod, ScaleDownGroup, ScaleDownInput } from '../../src/policy/scaling/types.ts';
import { random } from '../scaleup/workload.ts';

const MI = 2 ** 20;
const GI = 2 ** 30;
export const NOW = 1_700_000_000_000;
const NAMESPACES = 20;
const GROUPS = 10;
const SAMPLES = 40;

function samples(level: number, next: () => number): ClusterNode['samples'] {
  const at = new Float64Array(SAMPLES);
  const cpu = new Float32Array(SAMPLES);
  const memory = new Float32Array(SAMPLES);
  for (let i = 0; i < SAMPLES; i++) {
    at[i] = NOW - 600_000 + i * 15_000;
    cpu[i] = Math.min(1, level + (next() - 0.5) * 0.1);
    memory[i] = Math.min(1, level + (next() - 0.5) * 0.1);
  }
  return { at, cpu, memory };
}

function runningPod(node: number, i: number, idle: boolean, next: () => number): RunningPod {
  const name = `n${node}-p${i}`;
  const scale = idle ? 0.25 : 1;
  const requests = { cpu: Math.round((50 + next() * 150) * scale), memory: Math.round((64 + next() * 448) * scale) * MI };
  if (i < 3) return { namespace: 'kube-system', name, requests: { cpu: 50, memory: 64 * MI }, labels: { app: `ds-${i}` }, controller: { kind: 'DaemonSet', name: `ds-${i}` } };
  const ns = `ns-${Math.floor(next() * NAMESPACES)}`;
  const app = `app-${Math.floor(next() * 10)}`;
  const kind = next();
  const pod: RunningPod = { namespace: ns, name, requests, labels: { app }, controller: { kind: kind < 0.85 ? 'ReplicaSet' : 'StatefulSet', name: `${app}-x` } };
  const extra = next();
  if (extra < 0.002) return { ...pod, localVolumes: [{ name: 'scratch', kind: 'emptyDir' }] };
  if (extra < 0.003) return { ...pod, annotations: { 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'false' } };
  if (extra < 0.05) return { ...pod, nodeSelector: { 'kubernetes.io/os': 'linux' }, tolerations: [{ key: 'dedicated', operator: 'Exists' }] };
  if (extra < 0.06) return { ...pod, namespace: 'kube-system', labels: { app: 'coredns' } };
  return pod;
}

export function scaleDownRound(nodes: number, podsPerNode = 30, seed = 7): ScaleDownInput {
  const next = random(seed);
  const groups: ScaleDownGroup[] = Array.from({ length: GROUPS }, (_, g) => ({
    name: `group-${g}`,
    minNodes: 2,
    liveNodes: Math.ceil(nodes / GROUPS),
    disruptionsAllowed: 50,
    scaleDownPolicy: { cpuThreshold: 50, memoryThreshold: 50, stabilizationWindowSeconds: 600, cooldownSeconds: 600 },
  }));
  const list: ClusterNode[] = Array.from({ length: nodes }, (_, n) => {
    const idle = next() < 0.35;
    return {
      name: `node-${String(n).padStart(5, '0')}`,
      group: `group-${n % GROUPS}`,
      allocatable: { cpu: 7910, memory: 28 * GI, pods: 110 },
      labels: { 'kubernetes.io/os': 'linux', 'kubernetes.io/hostname': `node-${n}`, 'autoscaler.vpsie.com/nodegroup': `group-${n % GROUPS}` },
      taints: n % 50 === 0 ? [{ key: 'dedicated', value: 'infra', effect: 'NoSchedule' }] : [],
      ...(n % 400 === 0 ? { annotations: { 'karpenter.sh/do-not-disrupt': 'true' } } : {}),
      unschedulable: n % 500 === 1,
      deleting: n % 700 === 2,
      pods: Array.from({ length: podsPerNode }, (_, i) => runningPod(n, i, idle, next)),
      samples: samples(idle ? 0.15 + next() * 0.2 : 0.45 + next() * 0.4, next),
    };
  });
  const pdbs: PodDisruptionBudgetView[] = [
    ...Array.from({ length: 100 }, (_, i) => ({
      namespace: `ns-${i % NAMESPACES}`,
      name: `pdb-${i}`,
      selector: { matchLabels: { app: `app-${i % 10}` } },
      disruptionsAllowed: i % 50 === 0 ? 0 : 5 + (i % 10),
    })),
    { namespace: 'kube-system', name: 'coredns', selector: { matchLabels: { app: 'coredns' } }, disruptionsAllowed: 1 },
  ];
  return { now: NOW, groups, nodes: list, pdbs };
}
