import { randomBytes, randomUUID } from 'node:crypto';
import { rfc3339 } from '../../kube/time.ts';
import type { Condition, Node, Taint } from '../kube-shapes.ts';

/** What a kubelet knows about its machine when it registers. */
export interface Machine {
  hostname: string;
  ip: string;
  cpu: number;
  memoryMb: number;
  diskGb: number;
  /** `vpsie://<datacenter>/<VM identifier>`; absent for machines outside the cloud. */
  providerID?: string;
  /** The VPSie offering id (`node.kubernetes.io/instance-type`). */
  instanceType: string;
  /** The datacenter code (`topology.kubernetes.io/region`). */
  region: string;
  kubeletVersion: string;
  /** Which /24 of the pod network (10.64.0.0/10) the node's pods get their addresses from. */
  podCidrIndex: number;
  controlPlane?: boolean;
}

export const POD_CAPACITY = 110;
/** kubelet's default hard eviction threshold, reserved on top of the system reserve. */
const EVICTION_MEMORY_BYTES = 100 * 2 ** 20;
const GIB = 2 ** 30;

/**
 * CPU (millicores) and memory (bytes) held back from pods: the tiered reservation GKE and AKS
 * document (6% of the first core, 1% of the second, 0.5% of the next two, 0.25% above four; 25% of
 * the first 4 GiB of memory, 20% of the next 4, 10% of the next 8, 6% up to 128 GiB, 2% above)
 * plus the 100Mi eviction threshold.
 */
export function systemReserve(cpuMillis: number, memoryBytes: number): { cpuMillis: number; memoryBytes: number } {
  const tiers = (value: number, steps: [upTo: number, share: number][]) => {
    let reserved = 0;
    let from = 0;
    for (const [upTo, share] of steps) {
      if (value <= from) break;
      reserved += (Math.min(value, upTo) - from) * share;
      from = upTo;
    }
    return reserved;
  };
  const cpu = tiers(cpuMillis, [[1000, 0.06], [2000, 0.01], [4000, 0.005], [Infinity, 0.0025]]);
  const memory = tiers(memoryBytes, [[4 * GIB, 0.25], [8 * GIB, 0.2], [16 * GIB, 0.1], [128 * GIB, 0.06], [Infinity, 0.02]]);
  return { cpuMillis: Math.ceil(cpu), memoryBytes: Math.ceil(memory / 1024) * 1024 + EVICTION_MEMORY_BYTES };
}

/** Capacity and allocatable as the kubelet reports them. */
export function nodeResources(machine: Pick<Machine, 'cpu' | 'memoryMb' | 'diskGb'>): { capacity: Record<string, string>; allocatable: Record<string, string> } {
  const cpuMillis = machine.cpu * 1000;
  const memoryBytes = machine.memoryMb * 2 ** 20;
  const diskKi = machine.diskGb * 2 ** 20;
  const reserve = systemReserve(cpuMillis, memoryBytes);
  const common = { 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', pods: String(POD_CAPACITY) };
  return {
    capacity: { cpu: String(machine.cpu), 'ephemeral-storage': `${diskKi}Ki`, memory: `${memoryBytes / 1024}Ki`, ...common },
    allocatable: {
      cpu: `${cpuMillis - reserve.cpuMillis}m`,
      'ephemeral-storage': String(Math.floor(diskKi * 1024 * 0.9)),
      memory: `${(memoryBytes - reserve.memoryBytes) / 1024}Ki`,
      ...common,
    },
  };
}

const PRESSURE: [type: string, reason: string, message: string][] = [
  ['MemoryPressure', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'],
  ['DiskPressure', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
  ['PIDPressure', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
];
const NOT_READY_MESSAGE = 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized';

/**
 * The conditions a kubelet posts: the pressure conditions False, Ready as given. Transition times
 * are kept from `previous` when a status does not change, as the kubelet's setters do.
 */
export function kubeletConditions(ready: boolean, now: Date, previous: readonly Condition[] = []): Condition[] {
  const at = rfc3339(now);
  const make = (type: string, status: Condition['status'], reason: string, message: string): Condition => {
    const before = previous.find((c) => c.type === type);
    return { type, status, lastHeartbeatTime: at, lastTransitionTime: before?.status === status ? before.lastTransitionTime : at, reason, message };
  };
  return [
    ...PRESSURE.map(([type, reason, message]) => make(type, 'False', reason, message)),
    ready ? make('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status') : make('Ready', 'False', 'KubeletNotReady', NOT_READY_MESSAGE),
  ];
}

export const CONTROL_PLANE_TAINT: Taint = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };
/** What kube-apiserver's TaintNodesByCondition admission plugin puts on every new Node. */
export const NOT_READY_NO_SCHEDULE: Taint = { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' };

export function nodeLabels(machine: Machine): Record<string, string> {
  return {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': machine.hostname,
    'kubernetes.io/os': 'linux',
    'node.kubernetes.io/instance-type': machine.instanceType,
    'topology.kubernetes.io/region': machine.region,
    ...(machine.controlPlane ? { 'node-role.kubernetes.io/control-plane': '', 'node.kubernetes.io/exclude-from-external-load-balancers': '' } : {}),
  };
}

/** The Node a kubelet creates when it registers: NotReady until its join delay has passed. */
export function registrationNode(machine: Machine, now: Date, ready = false): Node {
  const cidr = `${podNetworkPrefix(machine.podCidrIndex)}.0/24`;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: machine.hostname,
      labels: nodeLabels(machine),
      annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
    },
    spec: {
      ...(machine.providerID ? { providerID: machine.providerID } : {}),
      podCIDR: cidr,
      podCIDRs: [cidr],
      taints: [...(machine.controlPlane ? [CONTROL_PLANE_TAINT] : []), ...(ready ? [] : [NOT_READY_NO_SCHEDULE])],
    },
    status: {
      ...nodeResources(machine),
      conditions: kubeletConditions(ready, now),
      addresses: [
        { type: 'InternalIP', address: machine.ip },
        { type: 'Hostname', address: machine.hostname },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: randomBytes(16).toString('hex'),
        systemUUID: randomUUID(),
        bootID: randomUUID(),
        kernelVersion: '6.1.0-31-amd64',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
        containerRuntimeVersion: 'containerd://1.7.24',
        kubeletVersion: machine.kubeletVersion,
        operatingSystem: 'linux',
        architecture: 'amd64',
      },
    },
  };
}

function podNetworkPrefix(index: number): string {
  return `10.${64 + Math.floor(index / 256)}.${index % 256}`;
}

/** The n-th address of a node's pod range, skipping the network and gateway addresses. */
export function podAddress(podCidrIndex: number, n: number): string {
  return `${podNetworkPrefix(podCidrIndex)}.${(n % 252) + 2}`;
}
