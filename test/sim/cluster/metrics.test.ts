import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseUsageAnnotation, usageAt } from '../../../src/sim/cluster/usage/usage-profile.ts';
import { eventually, type JsonBody, type Living, pods, startLiving, workerNodes } from './support.ts';

let l: Living;
let agent: Agent;

async function get(path: string): Promise<{ status: number; body: JsonBody }> {
  const r = await request(`${l.cluster.api.url}${path}`, { dispatcher: agent, headers: { authorization: `Bearer ${l.cluster.api.adminToken}`, accept: 'application/json' } });
  return { status: r.statusCode, body: await r.body.json() };
}

beforeAll(async () => {
  l = await startLiving({ nodeGroups: [{ name: 'general', offering: 'k8s-4-8', nodes: 1 }] });
  agent = new Agent({ connect: { ca: l.cluster.api.caPem } });
  const client = l.cluster.api.client();
  await client.create('/pods', 'default', {
    metadata: { name: 'annotated', annotations: { 'sim.vpsie.com/usage': '{"cpu":"200m","memory":"300Mi"}' } },
    spec: { containers: [{ name: 'a', image: 'app', resources: { requests: { cpu: '300m', memory: '512Mi' } } }, { name: 'b', image: 'sidecar', resources: { requests: { cpu: '100m', memory: '512Mi' } } }] },
  });
  await client.create('/pods', 'default', { metadata: { name: 'plain', labels: { 'sim.vpsie.com/workload': 'plain' } }, spec: { containers: [{ name: 'main', image: 'app', resources: { requests: { cpu: '1', memory: '1Gi' } } }] } });
  await eventually(() => (pods(l, (p) => p.status?.phase === 'Running').length === 2 ? true : undefined));
});
afterAll(async () => {
  await agent?.close();
  await l?.close();
});

describe('metrics.k8s.io/v1beta1 over HTTPS', () => {
  it('lists NodeMetrics for every node whose kubelet runs, in metrics-server\'s units', async () => {
    const r = await get('/apis/metrics.k8s.io/v1beta1/nodes');
    expect(r.status).toBe(200);
    expect(r.body.kind).toBe('NodeMetricsList');
    expect(r.body.items.map((i: { metadata: { name: string } }) => i.metadata.name).sort()).toEqual([...l.living.cache.nodes.keys()].sort());
    const worker = r.body.items.find((i: { metadata: { name: string } }) => i.metadata.name === workerNodes(l)[0]!.metadata.name);
    expect(worker).toMatchObject({ kind: 'NodeMetrics', apiVersion: 'metrics.k8s.io/v1beta1', window: '15s', timestamp: expect.stringMatching(/Z$/) });
    // System 50m + 1% of 4 cores, the annotated pod's 200m, half of the plain pod's 1 core.
    expect(worker.usage).toEqual({ cpu: `${(90 + 200 + 500) * 1e6}n`, memory: `${350 * 1024 + 300 * 1024 + Math.ceil(0.6 * 1024 * 1024)}Ki` });
  });

  it('gets one node\'s metrics by name', async () => {
    const name = workerNodes(l)[0]!.metadata.name!;
    const r = await get(`/apis/metrics.k8s.io/v1beta1/nodes/${name}`);
    expect(r.status).toBe(200);
    expect(r.body.metadata.name).toBe(name);
  });

  it('serves PodMetrics per container, split by the containers\' requests', async () => {
    const r = await get('/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/annotated');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ kind: 'PodMetrics', metadata: { name: 'annotated', namespace: 'default' }, window: '15s' });
    expect(r.body.containers).toEqual([
      { name: 'a', usage: { cpu: '150000000n', memory: `${150 * 1024}Ki` } },
      { name: 'b', usage: { cpu: '50000000n', memory: `${150 * 1024}Ki` } },
    ]);
  });

  it('follows a workload profile set by a scenario before the annotation and the default share', async () => {
    l.living.usage.setProfile('default', 'plain', [{ at: 0, cpu: 42 }]);
    const r = await get('/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/plain');
    expect(r.body.containers[0].usage.cpu).toBe('42000000n');
  });

  it('answers 404 for a pod that does not run', async () => {
    const r = await get('/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/nothing');
    expect(r.status).toBe(404);
  });
});

describe('usage profiles', () => {
  it('step through levels over time, each part keeping its last value', () => {
    const points = [{ at: 0, cpu: 100, memory: 1000 }, { at: 60_000, cpu: 300 }, { at: 120_000, memory: 500 }];
    expect(usageAt(points, -1)).toEqual({});
    expect(usageAt(points, 0)).toEqual({ cpu: 100, memory: 1000 });
    expect(usageAt(points, 90_000)).toEqual({ cpu: 300, memory: 1000 });
    expect(usageAt(points, 120_000)).toEqual({ cpu: 300, memory: 500 });
  });

  it.each([
    ['{"cpu":"200m","memory":"300Mi"}', { cpu: 200, memory: 300 * 2 ** 20 }],
    ['{"cpu":"1"}', { cpu: 1000 }],
    ['{"cpu":"lots"}', undefined],
    ['[1]', undefined],
    ['not json', undefined],
    ['', undefined],
  ])('read the usage annotation %j', (text, expected) => {
    expect(parseUsageAnnotation(text)).toEqual(expected);
  });
});
