import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../support/sim.ts';
import { startRbacHarness, type RbacHarness } from './harness.ts';
import { clusterRole, clusterRoleBinding, role, roleBinding, serviceAccount, user } from './policy.ts';

let h: RbacHarness;

beforeAll(async () => {
  h = await startRbacHarness();
});
afterAll(async () => {
  await h.close();
});

const AUTOSCALER = 'system:serviceaccount:kube-system:vpsie-autoscaler';

describe('kubectl auth can-i', () => {
  it('says yes to the admin for anything', async () => {
    expect(await h.kubectl('auth', 'can-i', '*', '*', '--all-namespaces')).toEqual({ code: 0, stdout: 'yes\n', stderr: '' });
  });

  it('answers for an impersonated service account before and after a ClusterRole is bound to it', async () => {
    const before = await h.kubectl('auth', 'can-i', 'delete', 'nodes', `--as=${AUTOSCALER}`);
    expect([before.code, before.stdout]).toEqual([1, 'no\n']);
    await h.apply(
      clusterRole('vpsie-autoscaler-nodes', [{ verbs: ['get', 'list', 'watch', 'delete'], apiGroups: [''], resources: ['nodes'] }]),
      clusterRoleBinding('vpsie-autoscaler-nodes', 'vpsie-autoscaler-nodes', [serviceAccount('vpsie-autoscaler', 'kube-system')]),
    );
    const after = await h.kubectl('auth', 'can-i', 'delete', 'nodes', `--as=${AUTOSCALER}`);
    expect([after.code, after.stdout]).toEqual([0, 'yes\n']);
  });

  it('lists what a service account may do, as kubectl prints SelfSubjectRulesReview', async () => {
    await h.apply(
      clusterRole('lister-nodes', [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['nodes'] }]),
      clusterRoleBinding('lister-nodes', 'lister-nodes', [serviceAccount('lister', 'default')]),
    );
    const r = await h.kubectlAs('default', 'lister', 'auth', 'can-i', '--list');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^nodes\s+\[\]\s+\[\]\s+\[get list\]$/m);
    expect(r.stdout).toMatch(/^selfsubjectaccessreviews\.authorization\.k8s\.io\s+\[\]\s+\[\]\s+\[create\]$/m);
    expect(r.stdout).toMatch(/^\s+\[\/version\]\s+\[\]\s+\[get\]$/m);
  });

  it('answers for paths: /version for everyone, /metrics not', async () => {
    const version = await h.kubectlAs('default', 'nobody', 'auth', 'can-i', 'get', '/version');
    const metrics = await h.kubectlAs('default', 'nobody', 'auth', 'can-i', 'get', '/metrics');
    expect([version.stdout, metrics.stdout]).toEqual(['yes\n', 'no\n']);
  });
});

describe('a service account token', () => {
  beforeAll(async () => {
    await h.kubectl('create', 'secret', 'generic', 'vpsie-credentials', '-n', 'kube-system', '--from-literal=clientId=x');
    await h.kubectl('create', 'secret', 'generic', 'other', '-n', 'kube-system', '--from-literal=k=v');
    await h.apply(
      role('kube-system', 'vpsie-credentials-reader', [{ verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['secrets'], resourceNames: ['vpsie-credentials'] }]),
      roleBinding('kube-system', 'vpsie-credentials-reader', 'Role', 'vpsie-credentials-reader', [serviceAccount('vpsie-autoscaler')]),
    );
  });

  it('gets 403 listing Secrets across namespaces', async () => {
    expect(await h.kubectlAs('kube-system', 'vpsie-autoscaler', 'get', 'secrets', '-A')).toEqual({
      code: 1,
      stdout: '',
      stderr: `Error from server (Forbidden): secrets is forbidden: User "${AUTOSCALER}" cannot list resource "secrets" in API group "" at the cluster scope\n`,
    });
  });

  it('reads the Secret its Role names in resourceNames', async () => {
    expect(await h.kubectlAs('kube-system', 'vpsie-autoscaler', 'get', 'secret', 'vpsie-credentials', '-n', 'kube-system', '-o', 'jsonpath={.metadata.name}')).toEqual({ code: 0, stdout: 'vpsie-credentials', stderr: '' });
  });

  it('gets 403 reading any other Secret', async () => {
    const r = await h.kubectlAs('kube-system', 'vpsie-autoscaler', 'get', 'secret', 'other', '-n', 'kube-system');
    expect(r.stderr).toBe(`Error from server (Forbidden): secrets "other" is forbidden: User "${AUTOSCALER}" cannot get resource "secrets" in API group "" in the namespace "kube-system"\n`);
  });

  it('lists the named Secret when a field selector pins its name', async () => {
    const r = await h.kubectlAs('kube-system', 'vpsie-autoscaler', 'get', 'secrets', '-n', 'kube-system', '--field-selector', 'metadata.name=vpsie-credentials', '-o', 'name');
    expect([r.code, r.stdout]).toEqual([0, 'secret/vpsie-credentials\n']);
  });

  it('gets 403 for kubectl --as without permission to impersonate', async () => {
    expect(await h.kubectlAs('kube-system', 'vpsie-autoscaler', 'get', 'pods', '--as=bob')).toEqual({
      code: 1,
      stdout: '',
      stderr: `Error from server (Forbidden): users "bob" is forbidden: User "${AUTOSCALER}" cannot impersonate resource "users" in API group "" at the cluster scope\n`,
    });
  });

  it('impersonates exactly the users its role names for verb impersonate', async () => {
    await h.apply(
      clusterRole('impersonate-bob', [{ verbs: ['impersonate'], apiGroups: [''], resources: ['users'], resourceNames: ['bob'] }]),
      clusterRoleBinding('impersonator-bob', 'impersonate-bob', [serviceAccount('impersonator', 'default')]),
      clusterRole('pod-lister', [{ verbs: ['list'], apiGroups: [''], resources: ['pods'] }]),
      clusterRoleBinding('bob-lists-pods', 'pod-lister', [user('bob')]),
    );
    const asBob = await h.kubectlAs('default', 'impersonator', 'auth', 'can-i', 'list', 'pods', '--as=bob');
    const asCarol = await h.kubectlAs('default', 'impersonator', 'auth', 'can-i', 'list', 'pods', '--as=carol');
    expect([asBob.code, asBob.stdout]).toEqual([0, 'yes\n']);
    expect(asCarol.stderr).toBe('Error from server (Forbidden): users "carol" is forbidden: User "system:serviceaccount:default:impersonator" cannot impersonate resource "users" in API group "" at the cluster scope\n');
  });
});

describe('a RoleBinding to a ClusterRole', () => {
  beforeAll(async () => {
    await h.kubectl('create', 'namespace', 'team-a');
    await h.apply(
      clusterRole('configmap-reader', [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['configmaps'] }]),
      roleBinding('team-a', 'configmap-reader', 'ClusterRole', 'configmap-reader', [user('system:serviceaccount:team-a:app')]),
    );
  });

  it('grants the ClusterRole\'s rules in the binding\'s namespace', async () => {
    const r = await h.kubectlAs('team-a', 'app', 'get', 'configmaps', '-n', 'team-a');
    expect([r.code, r.stderr]).toEqual([0, 'No resources found in team-a namespace.\n']);
  });

  it('grants nothing in another namespace', async () => {
    const r = await h.kubectlAs('team-a', 'app', 'get', 'configmaps', '-n', 'default');
    expect(r.stderr).toBe('Error from server (Forbidden): configmaps is forbidden: User "system:serviceaccount:team-a:app" cannot list resource "configmaps" in API group "" in the namespace "default"\n');
  });

  it('grants nothing across namespaces', async () => {
    const r = await h.kubectlAs('team-a', 'app', 'auth', 'can-i', 'list', 'configmaps', '--all-namespaces');
    expect([r.code, r.stdout]).toEqual([1, 'no\n']);
  });
});

describe('aggregated ClusterRoles', () => {
  const label = 'autoscaler.vpsie.com/aggregate-to-autoscaler';
  beforeAll(async () => {
    await h.apply(
      clusterRole('autoscaler-aggregate', [], { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { [label]: 'true' } }] } }),
      clusterRoleBinding('autoscaler-aggregate', 'autoscaler-aggregate', [serviceAccount('aggregated', 'kube-system')]),
    );
  });

  const canGetLeases = () => h.kubectl('auth', 'can-i', 'get', 'leases.coordination.k8s.io', '-n', 'kube-system', '--as=system:serviceaccount:kube-system:aggregated');

  it('gain the rules of the ClusterRoles their selectors match', async () => {
    expect((await canGetLeases()).stdout).toBe('no\n');
    await h.apply({ ...clusterRole('autoscaler-leases', [{ verbs: ['get', 'update'], apiGroups: ['coordination.k8s.io'], resources: ['leases'] }]), metadata: { name: 'autoscaler-leases', labels: { [label]: 'true' } } });
    await eventually(async () => ((await canGetLeases()).stdout === 'yes\n' ? true : undefined));
    const rules = await h.kubectl('get', 'clusterrole', 'autoscaler-aggregate', '-o', 'jsonpath={.rules}');
    expect(JSON.parse(rules.stdout)).toEqual([{ apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'update'] }]);
  });

  it('lose them when the matching ClusterRole stops matching', async () => {
    await h.apply({ ...clusterRole('autoscaler-events', [{ verbs: ['create'], apiGroups: [''], resources: ['events'] }]), metadata: { name: 'autoscaler-events', labels: { [label]: 'true' } } });
    await eventually(async () => ((await canGetLeases()).stdout === 'yes\n' ? true : undefined));
    expect((await h.kubectl('label', 'clusterrole', 'autoscaler-leases', `${label}-`)).code).toBe(0);
    await eventually(async () => ((await canGetLeases()).stdout === 'no\n' ? true : undefined));
    const rules = await h.kubectl('get', 'clusterrole', 'autoscaler-aggregate', '-o', 'jsonpath={.rules[*].resources[0]}');
    expect(rules.stdout).toBe('events');
  });
});

describe('what every authenticated user may do', () => {
  it('discovers the API, including the authorization reviews', async () => {
    const r = await h.kubectlAs('default', 'nobody', 'api-resources', '--api-group=authorization.k8s.io', '-o', 'name');
    expect(r.stdout.trim().split('\n')).toEqual([
      'localsubjectaccessreviews.authorization.k8s.io',
      'selfsubjectaccessreviews.authorization.k8s.io',
      'selfsubjectrulesreviews.authorization.k8s.io',
      'subjectaccessreviews.authorization.k8s.io',
    ]);
  });

  it('reads the server version', async () => {
    const r = await h.kubectlAs('default', 'nobody', 'version', '-o', 'json');
    expect(JSON.parse(r.stdout).serverVersion.gitVersion).toBe('v1.32.0-vpsie-sim');
  });
});
