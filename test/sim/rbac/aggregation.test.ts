import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKubeApiServer, type KubeApiServer } from '../../../src/sim/kube/apiserver.ts';
import type { InternalClient } from '../../../src/sim/kube/internal-client.ts';
import { eventually } from '../../support/sim.ts';
import { clusterRole } from './policy.ts';

const CLUSTER_ROLES = 'rbac.authorization.k8s.io/clusterroles';
let api: KubeApiServer;
let client: InternalClient;

beforeAll(async () => {
  api = await startKubeApiServer({ rbac: true });
  client = api.client();
});
afterAll(async () => {
  await api.close();
});

const rulesOf = (name: string) => (api.store.get(CLUSTER_ROLES, '', name)?.object.rules as unknown[] | undefined) ?? [];
const selecting = (name: string, selectors: object[]) => clusterRole(name, [], { aggregationRule: { clusterRoleSelectors: selectors } });
const labelled = (name: string, labels: Record<string, string>, rules: object[]) => ({ ...clusterRole(name, rules as never), metadata: { name, labels } });

describe('the clusterrole-aggregation controller', () => {
  it('collects each distinct rule once, in name order of the matched roles', async () => {
    await client.create(CLUSTER_ROLES, undefined, selecting('agg-dedup', [{ matchLabels: { dedup: 'yes' } }]));
    await client.create(CLUSTER_ROLES, undefined, labelled('dedup-b', { dedup: 'yes' }, [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }, { verbs: ['list'], apiGroups: [''], resources: ['nodes'] }]));
    await client.create(CLUSTER_ROLES, undefined, labelled('dedup-a', { dedup: 'yes' }, [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }]));
    const rules = await eventually(() => (rulesOf('agg-dedup').length === 2 ? rulesOf('agg-dedup') : undefined));
    expect(rules).toEqual([{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }, { verbs: ['list'], apiGroups: [''], resources: ['nodes'] }]);
  });

  it('never aggregates a role into itself', async () => {
    await client.create(CLUSTER_ROLES, undefined, { ...selecting('agg-self', [{ matchLabels: { self: 'yes' } }]), metadata: { name: 'agg-self', labels: { self: 'yes' } }, rules: [{ verbs: ['get'], apiGroups: [''], resources: ['secrets'] }] });
    await client.create(CLUSTER_ROLES, undefined, labelled('self-source', { self: 'yes' }, [{ verbs: ['get'], apiGroups: [''], resources: ['configmaps'] }]));
    await eventually(() => (JSON.stringify(rulesOf('agg-self')) === JSON.stringify([{ verbs: ['get'], apiGroups: [''], resources: ['configmaps'] }]) ? true : undefined));
  });

  it('combines several selectors', async () => {
    await client.create(CLUSTER_ROLES, undefined, selecting('agg-or', [{ matchLabels: { one: 'yes' } }, { matchExpressions: [{ key: 'two', operator: 'Exists' }] }]));
    await client.create(CLUSTER_ROLES, undefined, labelled('or-one', { one: 'yes' }, [{ verbs: ['get'], apiGroups: ['apps'], resources: ['deployments'] }]));
    await client.create(CLUSTER_ROLES, undefined, labelled('or-two', { two: 'x' }, [{ verbs: ['get'], apiGroups: ['apps'], resources: ['replicasets'] }]));
    await eventually(() => (rulesOf('agg-or').length === 2 ? true : undefined));
  });

  it('leaves an aggregate with an invalid selector as it is', async () => {
    await client.create(CLUSTER_ROLES, undefined, { ...selecting('agg-broken', [{ matchExpressions: [{ key: 'k', operator: 'Near' }] }]), rules: [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }] });
    await client.create(CLUSTER_ROLES, undefined, labelled('broken-source', { k: 'v' }, [{ verbs: ['delete'], apiGroups: [''], resources: ['pods'] }]));
    // A marker aggregate created after it is filled; by then the broken one was visited too.
    await client.create(CLUSTER_ROLES, undefined, selecting('agg-marker', [{ matchLabels: { k: 'v' } }]));
    await eventually(() => (rulesOf('agg-marker').length === 1 ? true : undefined));
    expect(rulesOf('agg-broken')).toEqual([{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }]);
  });

  it('does not touch ClusterRoles without an aggregation rule', async () => {
    await client.create(CLUSTER_ROLES, undefined, labelled('plain', { dedup: 'yes' }, [{ verbs: ['watch'], apiGroups: [''], resources: ['pods'] }]));
    await eventually(() => (rulesOf('agg-dedup').length === 3 ? true : undefined));
    expect(rulesOf('plain')).toEqual([{ verbs: ['watch'], apiGroups: [''], resources: ['pods'] }]);
  });
});

describe('bootstrap policy', () => {
  it('creates the roles a fresh cluster has, marked as bootstrap policy', () => {
    const names = api.store.list(CLUSTER_ROLES).filter((s) => s.object.metadata.labels?.['kubernetes.io/bootstrapping'] === 'rbac-defaults').map((s) => s.name);
    expect(names).toEqual(['cluster-admin', 'system:basic-user', 'system:discovery', 'system:monitoring', 'system:public-info-viewer']);
  });

  it('binds cluster-admin to system:masters', () => {
    expect(api.store.get('rbac.authorization.k8s.io/clusterrolebindings', '', 'cluster-admin')?.object).toMatchObject({
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:masters' }],
    });
  });
});
