import { ApiException, AuthorizationV1Api, CoreV1Api, RbacAuthorizationV1Api, type V1Status } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRbacHarness, type RbacHarness } from './harness.ts';
import { clusterRole, clusterRoleBinding, role, roleBinding, serviceAccount } from './policy.ts';

let h: RbacHarness;
let adminCore: CoreV1Api;

beforeAll(async () => {
  h = await startRbacHarness();
  adminCore = h.sim.kc.makeApiClient(CoreV1Api);
  await adminCore.createNamespacedPod({ namespace: 'default', body: { metadata: { name: 'web-1' }, spec: { containers: [{ name: 'c', image: 'x:1' }] } } });
  await adminCore.createNamespacedPod({ namespace: 'default', body: { metadata: { name: 'web-2' }, spec: { containers: [{ name: 'c', image: 'x:1' }] } } });
});
afterAll(async () => {
  await h.close();
});

async function refusal(call: Promise<unknown>): Promise<{ code: number; status: V1Status }> {
  try {
    await call;
  } catch (error) {
    if (error instanceof ApiException) return { code: error.code, status: JSON.parse(String(error.body)) as V1Status };
    throw error;
  }
  throw new Error('expected the call to be refused');
}

describe('@kubernetes/client-node with a service account token', () => {
  it('gets a 403 whose body is a Status', async () => {
    const core = h.kubeConfigAs('kube-system', 'vpsie-autoscaler').makeApiClient(CoreV1Api);
    expect(await refusal(core.listSecretForAllNamespaces())).toEqual({
      code: 403,
      status: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'secrets is forbidden: User "system:serviceaccount:kube-system:vpsie-autoscaler" cannot list resource "secrets" in API group "" at the cluster scope',
        reason: 'Forbidden',
        details: { kind: 'secrets' },
        code: 403,
      },
    });
  });

  it('names the object and the group of a refused grouped resource', async () => {
    const rbac = h.kubeConfigAs('kube-system', 'vpsie-autoscaler').makeApiClient(RbacAuthorizationV1Api);
    const { status } = await refusal(rbac.deleteClusterRole({ name: 'cluster-admin' }));
    expect([status.message, status.details]).toEqual([
      'clusterroles.rbac.authorization.k8s.io "cluster-admin" is forbidden: User "system:serviceaccount:kube-system:vpsie-autoscaler" cannot delete resource "clusterroles" in API group "rbac.authorization.k8s.io" at the cluster scope',
      { name: 'cluster-admin', group: 'rbac.authorization.k8s.io', kind: 'clusterroles' },
    ]);
  });

  it('asks SelfSubjectAccessReview what it may do', async () => {
    const authz = h.kubeConfigAs('kube-system', 'vpsie-autoscaler').makeApiClient(AuthorizationV1Api);
    const review = await authz.createSelfSubjectAccessReview({ body: { spec: { resourceAttributes: { verb: 'delete', resource: 'nodes' } } } });
    expect(review.status).toEqual({ allowed: false });
  });
});

describe('eviction needs create on pods/eviction', () => {
  const evict = (name: string, as: string) =>
    h.kubeConfigAs('kube-system', as).makeApiClient(CoreV1Api).createNamespacedPodEviction({ name, namespace: 'default', body: { metadata: { name, namespace: 'default' } } });

  it('is refused to a service account that may create pods but not pods/eviction', async () => {
    await h.apply(
      clusterRole('pod-creator', [{ verbs: ['create', 'delete'], apiGroups: [''], resources: ['pods'] }]),
      clusterRoleBinding('creator', 'pod-creator', [serviceAccount('creator', 'kube-system')]),
    );
    const { code, status } = await refusal(evict('web-1', 'creator'));
    expect([code, status.message]).toEqual([403, 'pods "web-1" is forbidden: User "system:serviceaccount:kube-system:creator" cannot create resource "pods/eviction" in API group "" in the namespace "default"']);
  });

  it('is allowed with create on pods/eviction', async () => {
    await h.apply(
      clusterRole('pod-evicter', [{ verbs: ['create'], apiGroups: [''], resources: ['pods/eviction'] }]),
      clusterRoleBinding('evicter', 'pod-evicter', [serviceAccount('evicter', 'kube-system')]),
    );
    await evict('web-1', 'evicter');
    const left = h.sim.cluster.api.store.get('/pods', 'default', 'web-1');
    expect(left === undefined || left.object.metadata.deletionTimestamp !== undefined).toBe(true);
  });

  it('may be limited to named pods', async () => {
    await h.apply(
      role('default', 'evict-web-2', [{ verbs: ['create'], apiGroups: [''], resources: ['pods/eviction'], resourceNames: ['web-2'] }]),
      roleBinding('default', 'evict-web-2', 'Role', 'evict-web-2', [serviceAccount('picky', 'kube-system')]),
    );
    await adminCore.createNamespacedPod({ namespace: 'default', body: { metadata: { name: 'web-3' }, spec: { containers: [{ name: 'c', image: 'x:1' }] } } });
    const other = await refusal(evict('web-3', 'picky'));
    await evict('web-2', 'picky');
    expect(other.code).toBe(403);
  });
});
