import { afterEach, describe, expect, it } from 'vitest';
import { startSimCluster, type SimCluster } from '../../../src/sim/cluster.ts';
import { parseScenario } from '../../../src/sim/cluster/scenario/scenario-file.ts';
import { SimApiError } from '../../../src/sim/vpsie/index.ts';
import { eventually } from './support.ts';

let cluster: SimCluster | undefined;
afterEach(() => cluster?.close());

const HEAD = `
timeScale: 200
cluster:
  bootDelay: 30s
  joinDelay: 10s
  podStartDelay: 2s
  nodeGroups: [{ name: general, offering: k8s-4-8, nodes: 1 }]
`;

async function run(text: string) {
  const lines: string[] = [];
  cluster = await startSimCluster({ installCrds: false, scenario: parseScenario(text), scenarioLog: (at, m) => lines.push(`${at} ${m}`) });
  return { lines, scenario: cluster.scenario!, living: cluster.living! };
}

describe('running a scenario', () => {
  it('starts its node groups with their nodes Ready and creates its workloads', async () => {
    const { living } = await run(`${HEAD}workloads: [{ name: web, replicas: 2, requests: { cpu: 100m } }]\n`);
    expect(living.nodeGroups()).toEqual([expect.objectContaining({ name: 'general', offeringId: 104, nodesCount: 1 })]);
    expect(living.cache.deployments.get('default/web')?.spec.replicas).toBe(2);
  });

  it('runs each step at its simulated time and ends when the condition holds', async () => {
    const { lines, scenario, living } = await run(`${HEAD}
workloads: [{ name: web, replicas: 2, requests: { cpu: 100m }, usage: { cpu: 80m } }]
steps:
  - { at: 20s, scale: web, replicas: 5 }
  - { at: 40s, usage: web, cpu: 30m }
end: { after: 30m, when: allRunning }
`);
    const outcome = await scenario.done;
    expect(outcome.status).toBe('met');
    expect(outcome.atMs).toBeGreaterThanOrEqual(40_000);
    const at = (message: string) => Number(lines.find((l) => l.endsWith(` ${message}`))?.split(' ')[0]);
    expect(at('scaled web to 5')).toBeGreaterThanOrEqual(20_000);
    expect(at('usage of web: cpu 30m per pod')).toBeGreaterThanOrEqual(40_000);
    const pod = [...living.cache.pods.values()].find((p) => p.status?.phase === 'Running')!;
    expect(living.usage.podUsage(pod, living.clock.now()).cpu).toBe(30);
  });

  it('reports a timeout when the condition does not hold in time', async () => {
    const { scenario } = await run(`${HEAD}
workloads: [{ name: big, replicas: 3, requests: { cpu: "3" } }]
end: { after: 2m, when: allRunning }
`);
    const outcome = await scenario.done;
    expect(outcome).toMatchObject({ status: 'timeout', atMs: expect.any(Number) });
    expect(outcome.message).toBe('not met after 2m (waiting for big)');
  });

  it('makes VPSie refuse new nodes of an offering during a capacity fault, until cleared', async () => {
    const { scenario, living } = await run(`${HEAD}
steps:
  - { at: 10s, fault: { capacity: { offering: k8s-4-8 } } }
  - { at: 20s, addNodes: { group: general } }
  - { at: 30s, fault: clear }
  - { at: 40s, addNodes: { group: general, count: 2 } }
`);
    await scenario.done;
    const cloud = living.vpsie.cloud;
    expect(cloud.nodeGroups(living.vpsieCluster.identifier)[0]!.nodesCount).toBe(3);
    living.vpsie.faults.set({ exhaustedOfferings: [104] });
    expect(() => cloud.addNode(living.vpsieCluster.identifier, living.nodeGroups()[0]!.id)).toThrow(SimApiError);
  });

  it('logs a refused step and goes on', async () => {
    const { lines, scenario } = await run(`${HEAD}
steps:
  - { at: 10s, fault: { capacity: { offering: 104 } } }
  - { at: 20s, addNodes: { group: general } }
`);
    await scenario.done;
    expect(lines.some((l) => l.includes('step at 20s failed: The maximum number of servers of the selected size has been reached in this datacenter'))).toBe(true);
  });

  it('kills the VM of a node: its Node goes NotReady and stays', async () => {
    const { scenario, living } = await run(`${HEAD}
steps:
  - { at: 10s, killNode: { group: general } }
end: { after: 2m }
`);
    expect((await scenario.done).status).toBe('finished');
    const worker = [...living.cache.nodes.values()].find((n) => n.metadata.name!.includes('general'))!;
    expect(worker.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('Unknown');
    expect(living.vpsie.cloud.clusterVms(living.vpsieCluster.identifier).filter((v) => v.role === 'slave')).toEqual([]);
  });

  it('runs ten simulated minutes in a fraction of the real time when accelerated', async () => {
    const started = Date.now();
    const { scenario, living } = await run(`${HEAD}end: { after: 10m }\n`);
    const outcome = await scenario.done;
    expect(outcome.status).toBe('finished');
    expect(living.clock.now() - scenario.startedAt).toBeGreaterThanOrEqual(600_000);
    // Unaccelerated, this would take ten minutes.
    expect(Date.now() - started).toBeLessThan(60_000);
  });

  it('deletes a workload and its PodDisruptionBudget', async () => {
    const { scenario, living } = await run(`${HEAD}
workloads: [{ name: web, replicas: 1, pdb: { minAvailable: 1 } }]
steps:
  - { at: 10s, delete: web }
`);
    expect(cluster!.api.store.get('policy/poddisruptionbudgets', 'default', 'web')).toBeDefined();
    await scenario.done;
    await eventually(() => (living.cache.deployments.has('default/web') ? undefined : true));
    expect(cluster!.api.store.get('policy/poddisruptionbudgets', 'default', 'web')).toBeUndefined();
  });
});
