import { describe, expect, it } from 'vitest';
import { evictionTime } from '../../../src/sim/cluster/controllers/taint-eviction-controller.ts';
import { desiredTaints } from '../../../src/sim/cluster/controllers/node-taints.ts';
import { kubeletConditions, nodeResources, registrationNode, systemReserve } from '../../../src/sim/cluster/kubelet/node-object.ts';
import { providerIdOf } from '../../../src/sim/cluster/kubelet/fleet.ts';
import type { Node, Pod } from '../../../src/sim/cluster/kube-shapes.ts';

const GiB = 2 ** 30;

describe('what a node keeps back from pods', () => {
  it.each([
    [1000, 2 * GiB, 60, 0.5 * GiB],
    [4000, 8 * GiB, 80, 1.8 * GiB],
    [8000, 16 * GiB, 90, 2.6 * GiB],
  ])('%im cpu and %i bytes reserve %im and the memory tiers', (cpu, memory, cpuReserve, memoryTiers) => {
    const r = systemReserve(cpu, memory);
    expect(r.cpuMillis).toBe(cpuReserve);
    expect(r.memoryBytes).toBe(Math.ceil(memoryTiers / 1024) * 1024 + 100 * 2 ** 20);
  });

  it('reports capacity from the VM size and allocatable without the reserve', () => {
    expect(nodeResources({ cpu: 4, memoryMb: 8192, diskGb: 160 })).toMatchObject({
      capacity: { cpu: '4', memory: '8388608Ki', pods: '110' },
      allocatable: { cpu: '3920m', memory: `${(8 * GiB - Math.ceil((1.8 * GiB) / 1024) * 1024 - 100 * 2 ** 20) / 1024}Ki`, pods: '110' },
    });
  });
});

describe('the Node a kubelet registers', () => {
  const machine = { hostname: 'sim-general-abcde', ip: '10.20.0.12', cpu: 2, memoryMb: 4096, diskGb: 80, providerID: providerIdOf('ams1', { identifier: 'vm-uuid' }), instanceType: '102', region: 'ams1', kubeletVersion: 'v1.32.4', podCidrIndex: 3 };
  const node = registrationNode(machine, new Date('2026-01-01T00:00:00Z'));

  it('carries the provider ID vpsie://<datacenter>/<VM identifier>', () => {
    expect(node.spec?.providerID).toBe('vpsie://ams1/vm-uuid');
  });

  it('has the standard labels', () => {
    expect(node.metadata.labels).toMatchObject({
      'kubernetes.io/hostname': 'sim-general-abcde',
      'kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      'node.kubernetes.io/instance-type': '102',
      'topology.kubernetes.io/region': 'ams1',
    });
  });

  it('starts NotReady with the not-ready NoSchedule taint, its addresses and its kubelet version', () => {
    expect(node.status?.conditions?.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'KubeletNotReady' });
    expect(node.spec?.taints).toEqual([{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }]);
    expect(node.status?.addresses).toEqual([{ type: 'InternalIP', address: '10.20.0.12' }, { type: 'Hostname', address: 'sim-general-abcde' }]);
    expect(node.status?.nodeInfo?.kubeletVersion).toBe('v1.32.4');
    expect(node.spec?.podCIDR).toBe('10.64.3.0/24');
  });

  it('posts the pressure conditions False and keeps transition times that did not change', () => {
    const first = kubeletConditions(false, new Date('2026-01-01T00:00:00Z'));
    const later = kubeletConditions(true, new Date('2026-01-01T00:01:00Z'), first);
    expect(later.map((c) => [c.type, c.status])).toEqual([['MemoryPressure', 'False'], ['DiskPressure', 'False'], ['PIDPressure', 'False'], ['Ready', 'True']]);
    expect(later.find((c) => c.type === 'MemoryPressure')?.lastTransitionTime).toBe('2026-01-01T00:00:00Z');
    expect(later.find((c) => c.type === 'Ready')).toMatchObject({ lastTransitionTime: '2026-01-01T00:01:00Z', lastHeartbeatTime: '2026-01-01T00:01:00Z', reason: 'KubeletReady' });
  });
});

describe('the taints that follow node conditions', () => {
  const withReady = (status: string, extra: Partial<Node['spec']> = {}): Node => ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'n' },
    spec: { taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }], ...extra },
    status: { conditions: [{ type: 'Ready', status: status as 'True' }] },
  });
  const at = '2026-01-01T00:00:00Z';

  it('adds not-ready NoSchedule and NoExecute for Ready=False, keeping foreign taints', () => {
    expect(desiredTaints(withReady('False'), at)).toEqual([
      { key: 'dedicated', value: 'db', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute', timeAdded: at },
    ]);
  });

  it('adds unreachable for Ready=Unknown', () => {
    expect(desiredTaints(withReady('Unknown'), at).map((t) => `${t.key}:${t.effect}`)).toEqual(['dedicated:NoSchedule', 'node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute']);
  });

  it('removes the condition taints once Ready, and adds unschedulable for a cordoned node', () => {
    const node = withReady('True', { unschedulable: true, taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }] });
    expect(desiredTaints(node, at)).toEqual([{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule', timeAdded: at }]);
  });

  it('keeps the timeAdded of a NoExecute taint already there', () => {
    const node = withReady('Unknown', { taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: '2025-12-31T23:00:00Z' }] });
    expect(desiredTaints(node, at).find((t) => t.effect === 'NoExecute')?.timeAdded).toBe('2025-12-31T23:00:00Z');
  });
});

describe('when the taint eviction controller evicts a pod', () => {
  const added = Date.parse('2026-01-01T00:00:00Z');
  const unreachable = [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: '2026-01-01T00:00:00Z' }];
  const pod = (tolerations: Pod['spec']['tolerations']): Pod => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [], tolerations } });

  it('at once when the NoExecute taint is not tolerated', () => {
    expect(evictionTime(pod([]), unreachable)).toBe(0);
  });

  it('after tolerationSeconds from when the taint appeared', () => {
    expect(evictionTime(pod([{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }]), unreachable)).toBe(added + 300_000);
  });

  it('never when tolerated without a time limit, or without NoExecute taints', () => {
    expect(evictionTime(pod([{ operator: 'Exists' }]), unreachable)).toBeUndefined();
    expect(evictionTime(pod([]), [{ key: 'x', effect: 'NoSchedule' }])).toBeUndefined();
  });
});
