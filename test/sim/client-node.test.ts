import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import {
  AdmissionregistrationV1Api,
  ApiException,
  CoreV1Api,
  CustomObjectsApi,
  makeInformer,
  PatchStrategy,
  PolicyV1Api,
  setHeaderOptions,
  type V1ConfigMap,
} from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLoopbackTls } from '../../src/sim/certs.ts';
import { eventually, startHarness, type SimHarness } from '../support/sim.ts';

let h: SimHarness;
let core: CoreV1Api;
let custom: CustomObjectsApi;

beforeAll(async () => {
  h = await startHarness();
  core = h.kc.makeApiClient(CoreV1Api);
  custom = h.kc.makeApiClient(CustomObjectsApi);
});
afterAll(async () => {
  await h.close();
});

async function statusOf(call: Promise<unknown>): Promise<{ code: number; body: { message?: string; reason?: string; details?: { causes?: { message?: string }[] } } }> {
  try {
    await call;
  } catch (error) {
    if (error instanceof ApiException) return { code: error.code, body: JSON.parse(String(error.body)) };
    throw error;
  }
  throw new Error('expected the call to fail');
}

const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

function nodeGroup(name: string, extra: Record<string, unknown> = {}) {
  return {
    apiVersion: 'autoscaler.vpsie.com/v1alpha1',
    kind: 'NodeGroup',
    metadata: { name, namespace: 'default' },
    spec: { minNodes: 0, maxNodes: 3, datacenterID: 'dc-1', resourceIdentifier: 'cluster-1', offeringIDs: ['101'], ...extra },
  };
}

describe('informers', () => {
  it('list, then watch adds, updates and deletes', async () => {
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'before' }, data: { a: '1' } } });
    const informer = makeInformer<V1ConfigMap>(h.kc, '/api/v1/namespaces/default/configmaps', () => core.listNamespacedConfigMap({ namespace: 'default' }));
    const seen: string[] = [];
    informer.on('add', (o) => seen.push(`add ${o.metadata!.name}`));
    informer.on('update', (o) => seen.push(`update ${o.metadata!.name} ${o.data!.a}`));
    informer.on('delete', (o) => seen.push(`delete ${o.metadata!.name}`));
    await informer.start();
    try {
      await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'after' }, data: { a: '1' } } });
      await core.patchNamespacedConfigMap({ name: 'after', namespace: 'default', body: { data: { a: '2' } } }, mergePatch);
      await core.deleteNamespacedConfigMap({ name: 'after', namespace: 'default' });
      await eventually(() => (seen.includes('delete after') ? true : undefined));
      expect(seen).toEqual(['add before', 'add after', 'update after 2', 'delete after']);
    } finally {
      await informer.stop();
    }
  });

  it('re-lists after 410 Gone when its resourceVersion was compacted away', async () => {
    const informer = makeInformer<V1ConfigMap>(h.kc, '/api/v1/namespaces/default/configmaps', () => core.listNamespacedConfigMap({ namespace: 'default' }));
    const added: string[] = [];
    informer.on('add', (o) => added.push(o.metadata!.name!));
    await informer.start();
    try {
      await eventually(() => (added.includes('before') ? true : undefined));
      const watchesBefore = h.cluster.api.context.store.resourceVersion;
      // Drop the watch connection, then make a change and compact history past the informer's version.
      informer.stop();
      await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'during-outage' } } });
      h.cluster.api.store.compact();
      expect(h.cluster.api.store.oldestResumableVersion).toBeGreaterThan(watchesBefore);
      await informer.start();
      await eventually(() => (added.includes('during-outage') ? true : undefined));
    } finally {
      await informer.stop();
    }
  });
});

describe('optimistic concurrency', () => {
  it('answers 409 to an update carrying a stale resourceVersion', async () => {
    const created = await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'cas' }, data: { v: '1' } } });
    await core.replaceNamespacedConfigMap({ name: 'cas', namespace: 'default', body: { ...created, data: { v: '2' } } });
    const stale = await statusOf(core.replaceNamespacedConfigMap({ name: 'cas', namespace: 'default', body: { ...created, data: { v: '3' } } }));
    expect(stale.code).toBe(409);
    expect(stale.body.reason).toBe('Conflict');
    expect(stale.body.message).toBe('Operation cannot be fulfilled on configmaps "cas": the object has been modified; please apply your changes to the latest version and try again');
    const now = await core.readNamespacedConfigMap({ name: 'cas', namespace: 'default' });
    expect(now.data).toEqual({ v: '2' });
  });

  it('answers 409 to a merge patch whose resourceVersion is stale', async () => {
    const created = (await custom.createNamespacedCustomObject({ group: 'autoscaler.vpsie.com', version: 'v1alpha1', namespace: 'default', plural: 'nodegroups', body: nodeGroup('cas-ng') })) as { metadata: { resourceVersion: string } };
    await custom.patchNamespacedCustomObject({ group: 'autoscaler.vpsie.com', version: 'v1alpha1', namespace: 'default', plural: 'nodegroups', name: 'cas-ng', body: { spec: { maxNodes: 4 } } }, mergePatch);
    const stale = await statusOf(
      custom.patchNamespacedCustomObjectStatus(
        { group: 'autoscaler.vpsie.com', version: 'v1alpha1', namespace: 'default', plural: 'nodegroups', name: 'cas-ng', body: { metadata: { resourceVersion: created.metadata.resourceVersion }, status: { desiredNodes: 1 } } },
        mergePatch,
      ),
    );
    expect(stale.code).toBe(409);
  });
});

describe('status subresource', () => {
  it('ignores status on the main resource and everything but status on /status', async () => {
    const group = { group: 'autoscaler.vpsie.com', version: 'v1alpha1', namespace: 'default', plural: 'nodegroups' };
    await custom.createNamespacedCustomObject({ ...group, body: { ...nodeGroup('iso'), status: { desiredNodes: 99 } } });
    let ng = (await custom.getNamespacedCustomObject({ ...group, name: 'iso' })) as { spec: { maxNodes: number }; status?: { desiredNodes?: number }; metadata: { generation: number } };
    expect(ng.status).toBeUndefined();
    await custom.patchNamespacedCustomObjectStatus({ ...group, name: 'iso', body: { spec: { maxNodes: 1 }, status: { desiredNodes: 2 } } }, mergePatch);
    ng = (await custom.getNamespacedCustomObject({ ...group, name: 'iso' })) as typeof ng;
    expect(ng.spec.maxNodes).toBe(3);
    expect(ng.status?.desiredNodes).toBe(2);
    expect(ng.metadata.generation).toBe(1);
    await custom.patchNamespacedCustomObject({ ...group, name: 'iso', body: { spec: { maxNodes: 2 }, status: { desiredNodes: 7 } } }, mergePatch);
    ng = (await custom.getNamespacedCustomObject({ ...group, name: 'iso' })) as typeof ng;
    expect(ng.spec.maxNodes).toBe(2);
    expect(ng.status?.desiredNodes).toBe(2);
    expect(ng.metadata.generation).toBe(2);
  });
});

describe('finalizers', () => {
  it('deletes an object only when its last finalizer is removed', async () => {
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'fin', finalizers: ['example.com/a', 'example.com/b'] } } });
    await core.deleteNamespacedConfigMap({ name: 'fin', namespace: 'default' });
    const terminating = await core.readNamespacedConfigMap({ name: 'fin', namespace: 'default' });
    expect(terminating.metadata?.deletionTimestamp).toBeDefined();
    const added = await statusOf(core.patchNamespacedConfigMap({ name: 'fin', namespace: 'default', body: { metadata: { finalizers: ['example.com/a', 'example.com/b', 'example.com/c'] } } }, mergePatch));
    expect(added.code).toBe(422);
    await core.patchNamespacedConfigMap({ name: 'fin', namespace: 'default', body: { metadata: { finalizers: ['example.com/b'] } } }, mergePatch);
    expect((await core.readNamespacedConfigMap({ name: 'fin', namespace: 'default' })).metadata?.finalizers).toEqual(['example.com/b']);
    await core.patchNamespacedConfigMap({ name: 'fin', namespace: 'default', body: { metadata: { finalizers: null } } }, mergePatch);
    expect((await statusOf(core.readNamespacedConfigMap({ name: 'fin', namespace: 'default' }))).code).toBe(404);
  });
});

describe('eviction', () => {
  it('answers 429 while a PodDisruptionBudget allows no disruption, 201 once it does', async () => {
    const policy = h.kc.makeApiClient(PolicyV1Api);
    const ready = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] };
    for (const name of ['guarded-1', 'guarded-2']) {
      await core.createNamespacedPod({ namespace: 'default', body: { metadata: { name, labels: { app: 'guarded' } }, spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'x:1' }] } } });
      await core.replaceNamespacedPodStatus({ name, namespace: 'default', body: { ...(await core.readNamespacedPod({ name, namespace: 'default' })), status: ready } });
    }
    await policy.createNamespacedPodDisruptionBudget({ namespace: 'default', body: { metadata: { name: 'guard' }, spec: { minAvailable: 2, selector: { matchLabels: { app: 'guarded' } } } } });
    await eventually(async () => ((await policy.readNamespacedPodDisruptionBudget({ name: 'guard', namespace: 'default' })).status?.currentHealthy === 2 ? true : undefined));
    const blocked = await statusOf(core.createNamespacedPodEviction({ name: 'guarded-1', namespace: 'default', body: { metadata: { name: 'guarded-1', namespace: 'default' } } }));
    expect(blocked.code).toBe(429);
    expect(blocked.body.message).toBe("Cannot evict pod as it would violate the pod's disruption budget.");
    expect(blocked.body.details?.causes?.[0]?.message).toBe('The disruption budget guard needs 2 healthy pods and has 2 currently');
    expect((await core.readNamespacedPod({ name: 'guarded-1', namespace: 'default' })).metadata?.deletionTimestamp).toBeUndefined();

    await policy.patchNamespacedPodDisruptionBudget({ name: 'guard', namespace: 'default', body: { spec: { minAvailable: 1 } } }, mergePatch);
    await eventually(async () => ((await policy.readNamespacedPodDisruptionBudget({ name: 'guard', namespace: 'default' })).status?.disruptionsAllowed === 1 ? true : undefined));
    await core.createNamespacedPodEviction({ name: 'guarded-1', namespace: 'default', body: { metadata: { name: 'guarded-1', namespace: 'default' } } });
    const evicted = await core.readNamespacedPod({ name: 'guarded-1', namespace: 'default' });
    expect(evicted.metadata?.deletionTimestamp).toBeDefined();
    const second = await statusOf(core.createNamespacedPodEviction({ name: 'guarded-2', namespace: 'default', body: { metadata: { name: 'guarded-2', namespace: 'default' } } }));
    expect(second.code).toBe(429);
  });
});

interface WebhookCall {
  operation: string;
  name: string;
  object: unknown;
  oldObject: { metadata?: { name?: string } } | null;
  username: string;
}

async function startWebhook(decide: (call: WebhookCall) => { allowed: boolean; message?: string }): Promise<{ server: Server; url: string; caBundle: string; calls: WebhookCall[] }> {
  const { ca, server: pair } = createLoopbackTls('test-webhook-ca');
  const calls: WebhookCall[] = [];
  const server = createServer({ cert: pair.certPem, key: pair.keyPem }, (req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const review = JSON.parse(body) as { request: { uid: string; operation: string; name: string; object: unknown; oldObject: WebhookCall['oldObject']; userInfo: { username: string } } };
      const call = { operation: review.request.operation, name: review.request.name, object: review.request.object, oldObject: review.request.oldObject, username: review.request.userInfo.username };
      calls.push(call);
      const verdict = decide(call);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: review.request.uid, allowed: verdict.allowed, status: verdict.message ? { code: 403, message: verdict.message } : undefined } }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { server, url: `https://127.0.0.1:${(server.address() as AddressInfo).port}/validate`, caBundle: Buffer.from(ca.certPem).toString('base64'), calls };
}

function nodeDeletionWebhook(name: string, url: string, caBundle: string, failurePolicy: 'Fail' | 'Ignore') {
  return {
    metadata: { name },
    webhooks: [
      {
        name: `${name}.example.com`,
        clientConfig: { url, caBundle },
        rules: [{ operations: ['DELETE'], apiGroups: [''], apiVersions: ['v1'], resources: ['nodes'], scope: 'Cluster' }],
        failurePolicy,
        sideEffects: 'None',
        admissionReviewVersions: ['v1'],
        timeoutSeconds: 5,
      },
    ],
  };
}

describe('validating admission webhooks', () => {
  it('sends DELETE with the node in oldObject and relays a denial as the real server words it', async () => {
    const admission = h.kc.makeApiClient(AdmissionregistrationV1Api);
    const hook = await startWebhook((c) => (c.oldObject?.metadata?.name === 'protected' ? { allowed: false, message: 'node protected is not managed' } : { allowed: true }));
    try {
      await admission.createValidatingWebhookConfiguration({ body: nodeDeletionWebhook('deny-protected', hook.url, hook.caBundle, 'Fail') });
      await core.createNode({ body: { metadata: { name: 'protected' } } });
      await core.createNode({ body: { metadata: { name: 'disposable' } } });
      const denied = await statusOf(core.deleteNode({ name: 'protected' }));
      expect(denied.code).toBe(403);
      expect(denied.body.message).toBe('admission webhook "deny-protected.example.com" denied the request: node protected is not managed');
      await core.readNode({ name: 'protected' });
      await core.deleteNode({ name: 'disposable' });
      expect((await statusOf(core.readNode({ name: 'disposable' }))).code).toBe(404);
      expect(hook.calls.map((c) => [c.operation, c.name, c.object, c.oldObject?.metadata?.name, c.username])).toEqual([
        ['DELETE', 'protected', null, 'protected', 'sim-admin'],
        ['DELETE', 'disposable', null, 'disposable', 'sim-admin'],
      ]);
    } finally {
      await admission.deleteValidatingWebhookConfiguration({ name: 'deny-protected' });
      hook.server.close();
    }
  });

  it('fails closed with failurePolicy Fail when the webhook is down, and open with Ignore', async () => {
    const admission = h.kc.makeApiClient(AdmissionregistrationV1Api);
    const hook = await startWebhook(() => ({ allowed: true }));
    await new Promise<void>((r) => hook.server.close(() => r()));
    try {
      await admission.createValidatingWebhookConfiguration({ body: nodeDeletionWebhook('down', hook.url, hook.caBundle, 'Fail') });
      await core.createNode({ body: { metadata: { name: 'stuck' } } });
      const failed = await statusOf(core.deleteNode({ name: 'stuck' }));
      expect(failed.code).toBe(500);
      expect(failed.body.message).toMatch(/^Internal error occurred: failed calling webhook "down\.example\.com": failed to call webhook: Post "https:\/\/127\.0\.0\.1:\d+\/validate\?timeout=5s": /);
      await core.readNode({ name: 'stuck' });
      await admission.patchValidatingWebhookConfiguration({ name: 'down', body: [{ op: 'replace', path: '/webhooks/0/failurePolicy', value: 'Ignore' }] });
      await core.deleteNode({ name: 'stuck' });
      expect((await statusOf(core.readNode({ name: 'stuck' }))).code).toBe(404);
    } finally {
      await admission.deleteValidatingWebhookConfiguration({ name: 'down' });
    }
  });
});
