import { CoreV1Api, type V1ConfigMap } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Informer } from '../../../src/infra/kube/informer.ts';
import { captureLogger } from '../../support/log.ts';
import { eventually, startHarness, type SimHarness } from '../../support/sim.ts';

let h: SimHarness;
let core: CoreV1Api;

beforeAll(async () => {
  h = await startHarness({ installCrds: false, api: { bookmarkIntervalMs: 200 } });
  core = h.kc.makeApiClient(CoreV1Api);
});
afterAll(async () => {
  await h.close();
});

function configMapInformer(log = captureLogger().log, idleTimeoutMs?: number) {
  const restarts: string[] = [];
  const informer = new Informer<V1ConfigMap>(h.kc, {
    path: '/api/v1/namespaces/default/configmaps',
    list: () => core.listNamespacedConfigMap({ namespace: 'default' }),
    log,
    idleTimeoutMs,
    backoff: { baseMs: 20, capMs: 200 },
    onRestart: (reason) => restarts.push(reason),
  });
  const seen: string[] = [];
  informer.on({
    add: (o) => seen.push(`add ${o.metadata!.name}`),
    update: (o) => seen.push(`update ${o.metadata!.name}`),
    delete: (o) => seen.push(`delete ${o.metadata!.name}`),
  });
  return { informer, seen, restarts };
}

describe('Informer', () => {
  it('lists, then follows changes, and keeps a cache', async () => {
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'first' } } });
    const { informer, seen } = configMapInformer();
    informer.start();
    await informer.waitForSync();
    try {
      await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'second' } } });
      await core.deleteNamespacedConfigMap({ namespace: 'default', name: 'first' });
      await eventually(() => (seen.includes('delete first') ? true : undefined));
      expect(seen).toEqual(['add first', 'add second', 'delete first']);
      expect(informer.list().map((o) => o.metadata!.name)).toEqual(['second']);
    } finally {
      informer.stop();
    }
  });

  it('re-lists after its watch expired (410) and reports deletions it missed', async () => {
    const { informer, seen, restarts } = configMapInformer();
    informer.start();
    await informer.waitForSync();
    try {
      await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'short-lived' } } });
      await eventually(() => (seen.includes('add short-lived') ? true : undefined));
      // Cut the watch, then (in-process, before the informer can re-watch) change things and
      // compact history past the informer's resourceVersion.
      h.cluster.api.closeWatches();
      const client = h.cluster.api.client();
      await client.delete('/configmaps', 'default', 'short-lived');
      await client.create('/configmaps', 'default', { metadata: { name: 'after-gap' } });
      h.cluster.api.store.compact();
      await eventually(() => (seen.includes('add after-gap') && seen.includes('delete short-lived') ? true : undefined));
      expect(restarts).toContain('expired');
    } finally {
      informer.stop();
    }
  });

  it('restarts a watch that went silent', async () => {
    const { informer, restarts } = configMapInformer(captureLogger().log, 100);
    informer.start();
    await informer.waitForSync();
    try {
      // Bookmarks every 200 ms exceed the 100 ms idle limit: the informer restarts its watch.
      await eventually(() => (restarts.includes('idle') ? true : undefined));
      expect(informer.hasSynced).toBe(true);
    } finally {
      informer.stop();
    }
  });

  it('backs off and recovers when the API server is unreachable', async () => {
    const captured = captureLogger();
    const { informer, seen, restarts } = configMapInformer(captured.log);
    const authenticator = h.cluster.api.authenticator;
    // Revoke the admin token: every call now fails with 401 until it is restored.
    const token = h.cluster.api.adminToken;
    const user = authenticator.authenticate(`Bearer ${token}`)!;
    authenticator.revoke(token);
    informer.start();
    try {
      await eventually(() => (restarts.filter((r) => r === 'error').length >= 3 ? true : undefined));
      expect(informer.hasSynced).toBe(false);
      authenticator.add(token, user);
      await informer.waitForSync();
      expect(seen.length).toBeGreaterThan(0);
      expect(captured.text()).not.toContain(token);
    } finally {
      authenticator.add(token, user);
      informer.stop();
    }
  });
});
