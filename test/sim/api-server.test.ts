import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawClient } from '../support/raw.ts';
import { eventually, startHarness, type SimHarness } from '../support/sim.ts';

let h: SimHarness;
let api: ReturnType<typeof rawClient>;

beforeAll(async () => {
  h = await startHarness();
  api = rawClient(h);
});
afterAll(async () => {
  await api.close();
  await h.close();
});

const cm = (name: string, labels: Record<string, string> = {}, namespace = 'default') => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, labels } });

describe('authentication', () => {
  it('answers 401 without a known token and serves /version anonymously', async () => {
    const anonymous = rawClient(h, '');
    try {
      const denied = await anonymous.send('GET', '/api/v1/namespaces');
      expect(denied.status).toBe(401);
      expect(denied.json).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
      expect((await anonymous.send('GET', '/version')).json.gitVersion).toMatch(/^v1\.32/);
    } finally {
      await anonymous.close();
    }
  });
});

describe('discovery', () => {
  it('lists groups and resources with subresources, short names and verbs', async () => {
    const core = (await api.send('GET', '/api/v1')).json;
    const pods = core.resources.find((r: { name: string }) => r.name === 'pods');
    expect(pods).toMatchObject({ kind: 'Pod', namespaced: true, shortNames: ['po'] });
    expect(core.resources.map((r: { name: string }) => r.name)).toEqual(expect.arrayContaining(['pods/eviction', 'pods/binding', 'pods/status', 'nodes/status']));
    const groups = (await api.send('GET', '/apis')).json.groups.map((g: { name: string }) => g.name);
    expect(groups).toEqual(expect.arrayContaining(['apps', 'policy', 'coordination.k8s.io', 'autoscaler.vpsie.com', 'metrics.k8s.io']));
    const ours = (await api.send('GET', '/apis/autoscaler.vpsie.com/v1alpha1')).json.resources.map((r: { name: string }) => r.name);
    expect(ours).toEqual(['nodegroups', 'nodegroups/status', 'vpsienodes', 'vpsienodes/status']);
  });

  it('serves OpenAPI v3 with PATCH operations that declare fieldValidation', async () => {
    const index = (await api.send('GET', '/openapi/v3')).json;
    const url = index.paths['apis/autoscaler.vpsie.com/v1alpha1'].serverRelativeURL as string;
    const doc = (await api.send('GET', url)).json;
    const patch = doc.paths['/apis/autoscaler.vpsie.com/v1alpha1/namespaces/{namespace}/nodegroups/{name}'].patch;
    expect(patch['x-kubernetes-group-version-kind']).toEqual({ group: 'autoscaler.vpsie.com', version: 'v1alpha1', kind: 'NodeGroup' });
    expect(patch.parameters.map((p: { name: string }) => p.name)).toContain('fieldValidation');
    expect(doc.components.schemas['com.vpsie.autoscaler.v1alpha1.NodeGroup'].properties.spec.required).toContain('maxNodes');
  });

  it('answers 404 for unknown resources and 405 for unsupported verbs', async () => {
    expect((await api.send('GET', '/api/v1/widgets')).status).toBe(404);
    expect((await api.send('POST', '/apis/metrics.k8s.io/v1beta1/nodes', {})).status).toBe(405);
  });
});

describe('resource versions and generation', () => {
  it('assigns one increasing resourceVersion across types and bumps generation on spec changes only', async () => {
    const a = (await api.send('POST', '/api/v1/namespaces/default/configmaps', cm('rv-a'))).json;
    const d = (await api.send('POST', '/apis/apps/v1/namespaces/default/deployments', {
      metadata: { name: 'gen' },
      spec: { selector: { matchLabels: { app: 'gen' } }, template: { metadata: { labels: { app: 'gen' } }, spec: { containers: [{ name: 'c', image: 'x:1' }] } } },
    })).json;
    expect(Number(d.metadata.resourceVersion)).toBeGreaterThan(Number(a.metadata.resourceVersion));
    expect(d.metadata.generation).toBe(1);
    const labelled = (await api.send('PATCH', '/apis/apps/v1/namespaces/default/deployments/gen', { metadata: { labels: { x: 'y' } } }, { 'content-type': 'application/merge-patch+json' })).json;
    expect(labelled.metadata.generation).toBe(1);
    const scaled = (await api.send('PATCH', '/apis/apps/v1/namespaces/default/deployments/gen', { spec: { replicas: 3 } }, { 'content-type': 'application/merge-patch+json' })).json;
    expect(scaled.metadata.generation).toBe(2);
    const same = await api.send('PATCH', '/apis/apps/v1/namespaces/default/deployments/gen', { spec: { replicas: 3 } }, { 'content-type': 'application/merge-patch+json' });
    expect(same.json.metadata.resourceVersion).toBe(scaled.metadata.resourceVersion);
  });
});

describe('list', () => {
  it('filters by label and field selectors and pages with limit and continue', async () => {
    for (let i = 0; i < 5; i++) await api.send('POST', '/api/v1/namespaces/default/configmaps', cm(`page-${i}`, { tier: i % 2 ? 'odd' : 'even' }));
    const even = (await api.send('GET', '/api/v1/namespaces/default/configmaps?labelSelector=tier%3Deven')).json.items.map((i: { metadata: { name: string } }) => i.metadata.name);
    expect(even).toEqual(['page-0', 'page-2', 'page-4']);
    const notOdd = (await api.send('GET', '/api/v1/namespaces/default/configmaps?labelSelector=tier%20notin%20(odd),tier')).json.items.length;
    expect(notOdd).toBe(3);
    const byName = (await api.send('GET', '/api/v1/configmaps?fieldSelector=metadata.name%3Dpage-3')).json.items;
    expect(byName.map((i: { metadata: { namespace: string } }) => i.metadata.namespace)).toEqual(['default']);
    const badField = await api.send('GET', '/api/v1/configmaps?fieldSelector=spec.color%3Dred');
    expect(badField.status).toBe(400);
    const first = (await api.send('GET', '/api/v1/namespaces/default/configmaps?labelSelector=tier&limit=2')).json;
    expect(first.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(['page-0', 'page-1']);
    const second = (await api.send('GET', `/api/v1/namespaces/default/configmaps?labelSelector=tier&limit=2&continue=${first.metadata.continue}`)).json;
    expect(second.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(['page-2', 'page-3']);
    expect(second.metadata.resourceVersion).toBe(first.metadata.resourceVersion);
  });

  it('returns a server-side Table when kubectl asks for one', async () => {
    const table = (await api.send('GET', '/api/v1/namespaces', undefined, { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' })).json;
    expect(table.kind).toBe('Table');
    expect(table.columnDefinitions.map((c: { name: string }) => c.name)).toEqual(['Name', 'Status', 'Age']);
    expect(table.rows.map((r: { cells: unknown[] }) => r.cells[0])).toEqual(expect.arrayContaining(['default', 'kube-system']));
  });
});

describe('watch', () => {
  it('replays from a resourceVersion, follows selector transitions and sends bookmarks when asked', async () => {
    const start = (await api.send('GET', '/api/v1/namespaces/default/configmaps')).json.metadata.resourceVersion;
    const events = await api.watch(`/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${start}&labelSelector=watched%3Dyes`, 3, 5000, async () => {
      await api.send('POST', '/api/v1/namespaces/default/configmaps', cm('w1', { watched: 'yes' }));
      await api.send('POST', '/api/v1/namespaces/default/configmaps', cm('w2', { watched: 'no' }));
      await api.send('PATCH', '/api/v1/namespaces/default/configmaps/w2', { metadata: { labels: { watched: 'yes' } } }, { 'content-type': 'application/merge-patch+json' });
      await api.send('PATCH', '/api/v1/namespaces/default/configmaps/w1', { metadata: { labels: { watched: 'no' } } }, { 'content-type': 'application/merge-patch+json' });
    });
    expect(events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED w1', 'ADDED w2', 'DELETED w1']);
  });

  it('answers a compacted resourceVersion with a 410 Expired ERROR event', async () => {
    const old = (await api.send('GET', '/api/v1/namespaces/default/configmaps')).json.metadata.resourceVersion;
    await api.send('POST', '/api/v1/namespaces/default/configmaps', cm('after-compaction'));
    h.cluster.api.store.compact();
    const events = await api.watch(`/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${old}`, 1);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired' } });
  });

  it('starts with synthetic ADDED events when no resourceVersion is given', async () => {
    const events = await api.watch('/api/v1/namespaces?watch=true', 4);
    expect(events.every((e) => e.type === 'ADDED')).toBe(true);
    expect(events.map((e) => e.object.metadata.name)).toEqual(expect.arrayContaining(['default', 'kube-system', 'kube-public', 'kube-node-lease']));
  });
});

describe('deletion', () => {
  it('garbage-collects dependents by ownerReferences', async () => {
    const owner = (await api.send('POST', '/api/v1/namespaces/default/configmaps', cm('owner'))).json;
    const ref = { apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: owner.metadata.uid };
    await api.send('POST', '/api/v1/namespaces/default/configmaps', { ...cm('dependent'), metadata: { name: 'dependent', ownerReferences: [ref] } });
    await api.send('DELETE', '/api/v1/namespaces/default/configmaps/owner');
    await eventually(async () => ((await api.send('GET', '/api/v1/namespaces/default/configmaps/dependent')).status === 404 ? true : undefined));
  });

  it('orphans dependents with propagationPolicy=Orphan', async () => {
    const owner = (await api.send('POST', '/api/v1/namespaces/default/configmaps', cm('parent'))).json;
    const ref = { apiVersion: 'v1', kind: 'ConfigMap', name: 'parent', uid: owner.metadata.uid };
    await api.send('POST', '/api/v1/namespaces/default/configmaps', { ...cm('child'), metadata: { name: 'child', ownerReferences: [ref] } });
    await api.send('DELETE', '/api/v1/namespaces/default/configmaps/parent', { propagationPolicy: 'Orphan' });
    await eventually(async () => ((await api.send('GET', '/api/v1/namespaces/default/configmaps/parent')).status === 404 ? true : undefined));
    const child = await api.send('GET', '/api/v1/namespaces/default/configmaps/child');
    expect(child.status).toBe(200);
    expect(child.json.metadata.ownerReferences).toBeUndefined();
  });

  it('checks delete preconditions', async () => {
    await api.send('POST', '/api/v1/namespaces/default/configmaps', cm('pre'));
    const r = await api.send('DELETE', '/api/v1/namespaces/default/configmaps/pre', { preconditions: { uid: 'not-the-uid' } });
    expect(r.status).toBe(409);
    expect(r.json.message).toContain('Precondition failed: UID in precondition: not-the-uid');
  });

  it('deletes bound pods gracefully and unbound ones at once', async () => {
    const pod = (name: string, nodeName?: string) => ({ metadata: { name }, spec: { ...(nodeName ? { nodeName } : {}), containers: [{ name: 'c', image: 'x:1' }] } });
    await api.send('POST', '/api/v1/namespaces/default/pods', pod('bound', 'n1'));
    await api.send('POST', '/api/v1/namespaces/default/pods', pod('unbound'));
    const bound = (await api.send('DELETE', '/api/v1/namespaces/default/pods/bound')).json;
    expect(bound.metadata.deletionGracePeriodSeconds).toBe(30);
    expect((await api.send('GET', '/api/v1/namespaces/default/pods/bound')).status).toBe(200);
    await api.send('DELETE', '/api/v1/namespaces/default/pods/unbound');
    expect((await api.send('GET', '/api/v1/namespaces/default/pods/unbound')).status).toBe(404);
    await api.send('DELETE', '/api/v1/namespaces/default/pods/bound?gracePeriodSeconds=0');
    expect((await api.send('GET', '/api/v1/namespaces/default/pods/bound')).status).toBe(404);
  });

  it('empties a namespace before deleting it', async () => {
    await api.send('POST', '/api/v1/namespaces', { metadata: { name: 'doomed' } });
    await api.send('POST', '/api/v1/namespaces/doomed/configmaps', cm('inside', {}, 'doomed'));
    await api.send('DELETE', '/api/v1/namespaces/doomed');
    const refused = await api.send('POST', '/api/v1/namespaces/doomed/configmaps', cm('late', {}, 'doomed'));
    expect(refused.status).toBe(403);
    await eventually(async () => ((await api.send('GET', '/api/v1/namespaces/doomed')).status === 404 ? true : undefined));
    expect((await api.send('GET', '/api/v1/namespaces/doomed/configmaps/inside')).status).toBe(404);
  });
});

describe('writes', () => {
  it('rejects creating an existing object with 409 AlreadyExists', async () => {
    await api.send('POST', '/api/v1/namespaces/default/configmaps', cm('dup'));
    const r = await api.send('POST', '/api/v1/namespaces/default/configmaps', cm('dup'));
    expect(r.status).toBe(409);
    expect(r.json).toMatchObject({ reason: 'AlreadyExists', message: 'configmaps "dup" already exists' });
  });

  it('does not persist a dry run', async () => {
    const r = await api.send('POST', '/api/v1/namespaces/default/configmaps?dryRun=All', cm('dry'));
    expect(r.status).toBe(201);
    expect((await api.send('GET', '/api/v1/namespaces/default/configmaps/dry')).status).toBe(404);
  });

  it('generates names from generateName', async () => {
    const r = await api.send('POST', '/api/v1/namespaces/default/configmaps', { metadata: { generateName: 'gen-' } });
    expect(r.json.metadata.name).toMatch(/^gen-[a-z0-9]{5}$/);
  });

  it('answers 400 to malformed JSON and 415 to server-side apply', async () => {
    expect((await api.send('POST', '/api/v1/namespaces/default/configmaps', '{"metadata":')).status).toBe(400);
    const ssa = await api.send('PATCH', '/api/v1/namespaces/default/configmaps/dup', 'apiVersion: v1', { 'content-type': 'application/apply-patch+yaml' });
    expect(ssa.status).toBe(415);
  });

  it('validates pods and refuses spec changes that a real server refuses', async () => {
    const missing = await api.send('POST', '/api/v1/namespaces/default/pods', { metadata: { name: 'no-containers' }, spec: {} });
    expect(missing.status).toBe(422);
    expect(missing.json.message).toContain('spec.containers: Required value');
    await api.send('POST', '/api/v1/namespaces/default/pods', { metadata: { name: 'fixed' }, spec: { containers: [{ name: 'c', image: 'x:1' }] } });
    const moved = await api.send('PATCH', '/api/v1/namespaces/default/pods/fixed', { spec: { restartPolicy: 'Never' } }, { 'content-type': 'application/merge-patch+json' });
    expect(moved.status).toBe(422);
    const image = await api.send('PATCH', '/api/v1/namespaces/default/pods/fixed', { spec: { containers: [{ name: 'c', image: 'x:2' }] } }, { 'content-type': 'application/strategic-merge-patch+json' });
    expect(image.status).toBe(200);
  });

  it('binds a pod once and marks it scheduled', async () => {
    await api.send('POST', '/api/v1/namespaces/default/pods', { metadata: { name: 'to-bind' }, spec: { containers: [{ name: 'c', image: 'x:1' }] } });
    const bound = await api.send('POST', '/api/v1/namespaces/default/pods/to-bind/binding', { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'to-bind' }, target: { apiVersion: 'v1', kind: 'Node', name: 'n7' } });
    expect(bound.status).toBe(201);
    const pod = (await api.send('GET', '/api/v1/namespaces/default/pods/to-bind')).json;
    expect(pod.spec.nodeName).toBe('n7');
    expect(pod.status.conditions).toEqual([expect.objectContaining({ type: 'PodScheduled', status: 'True' })]);
    const again = await api.send('POST', '/api/v1/namespaces/default/pods/to-bind/binding', { target: { name: 'n8' } });
    expect(again.status).toBe(409);
  });

  it('serves the scale subresource of Deployments', async () => {
    await api.send('POST', '/apis/apps/v1/namespaces/default/deployments', {
      metadata: { name: 'scaled' },
      spec: { replicas: 2, selector: { matchLabels: { app: 's' } }, template: { metadata: { labels: { app: 's' } }, spec: { containers: [{ name: 'c', image: 'x:1' }] } } },
    });
    const scale = (await api.send('GET', '/apis/apps/v1/namespaces/default/deployments/scaled/scale')).json;
    expect(scale).toMatchObject({ kind: 'Scale', apiVersion: 'autoscaling/v1', spec: { replicas: 2 }, status: { selector: 'app=s' } });
    await api.send('PUT', '/apis/apps/v1/namespaces/default/deployments/scaled/scale', { ...scale, spec: { replicas: 4 } });
    expect((await api.send('GET', '/apis/apps/v1/namespaces/default/deployments/scaled')).json.spec.replicas).toBe(4);
    const stale = await api.send('PUT', '/apis/apps/v1/namespaces/default/deployments/scaled/scale', { ...scale, spec: { replicas: 1 } });
    expect(stale.status).toBe(409);
  });
});

describe('metrics.k8s.io', () => {
  it('serves the node and pod metrics the simulator supplies, read-only', async () => {
    h.cluster.api.setMetricsSource({
      nodes: () => [{ apiVersion: 'metrics.k8s.io/v1beta1', kind: 'NodeMetrics', metadata: { name: 'n1' }, timestamp: '2026-01-01T00:00:00Z', window: '30s', usage: { cpu: '250m', memory: '1Gi' } } as never],
      pods: () => [],
    });
    const nodes = (await api.send('GET', '/apis/metrics.k8s.io/v1beta1/nodes')).json;
    expect(nodes.items[0].usage).toEqual({ cpu: '250m', memory: '1Gi' });
    expect((await api.send('GET', '/apis/metrics.k8s.io/v1beta1/nodes/n1')).json.usage.cpu).toBe('250m');
    expect((await api.send('GET', '/apis/metrics.k8s.io/v1beta1/nodes/nope')).status).toBe(404);
  });
});
