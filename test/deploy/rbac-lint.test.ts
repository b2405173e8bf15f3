import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rbacWildcardViolations } from './checks.ts';
import { find, type Manifest, renderEveryKustomization } from './manifests.ts';

const rendered = renderEveryKustomization({ beforeAll, afterAll });

function role(kind: 'Role' | 'ClusterRole', rules: object[], namespace?: string): Manifest {
  return { apiVersion: 'rbac.authorization.k8s.io/v1', kind, metadata: { name: 'too-much', ...(namespace ? { namespace } : {}) }, rules };
}

describe('the RBAC the manifests grant', () => {
  it('the ClusterRole: exactly the calls the controller makes, and what the scale decisions read', () => {
    const rules = find(rendered.get('base')!, 'ClusterRole', 'vpsie-autoscaler').rules;
    expect(rules).toEqual([
      { apiGroups: ['autoscaler.vpsie.com'], resources: ['nodegroups'], verbs: ['get', 'list', 'watch', 'patch'] },
      { apiGroups: ['autoscaler.vpsie.com'], resources: ['nodegroups/status'], verbs: ['patch'] },
      { apiGroups: ['autoscaler.vpsie.com'], resources: ['nodegroups/finalizers'], verbs: ['update'] },
      { apiGroups: ['autoscaler.vpsie.com'], resources: ['vpsienodes'], verbs: ['get', 'list', 'watch', 'create', 'patch', 'delete'] },
      { apiGroups: ['autoscaler.vpsie.com'], resources: ['vpsienodes/status'], verbs: ['patch'] },
      { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch', 'patch', 'delete'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['list', 'watch'] },
      { apiGroups: [''], resources: ['pods/eviction'], verbs: ['create'] },
      { apiGroups: [''], resources: ['events'], verbs: ['create', 'update', 'patch'] },
      { apiGroups: ['metrics.k8s.io'], resources: ['nodes', 'pods'], verbs: ['get', 'list'] },
      { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: ['list', 'watch'] },
      { apiGroups: ['apps'], resources: ['daemonsets'], verbs: ['list', 'watch'] },
    ]);
  });

  it('the Role in kube-system: Lease creation, the named Lease, and the credentials Secret by name only', () => {
    const r = find(rendered.get('base')!, 'Role', 'vpsie-autoscaler');
    expect(r.metadata.namespace).toBe('kube-system');
    expect(r.rules).toEqual([
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create'] },
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], resourceNames: ['vpsie-autoscaler'], verbs: ['get', 'update'] },
      { apiGroups: [''], resources: ['secrets'], resourceNames: ['vpsie-secret'], verbs: ['get', 'list', 'watch'] },
    ]);
  });

  it('binds both to the vpsie-autoscaler ServiceAccount in kube-system', () => {
    const subjects = [{ kind: 'ServiceAccount', name: 'vpsie-autoscaler', namespace: 'kube-system' }];
    expect(find(rendered.get('base')!, 'ClusterRoleBinding', 'vpsie-autoscaler')).toMatchObject({ roleRef: { kind: 'ClusterRole', name: 'vpsie-autoscaler' }, subjects });
    expect(find(rendered.get('base')!, 'RoleBinding', 'vpsie-autoscaler')).toMatchObject({ roleRef: { kind: 'Role', name: 'vpsie-autoscaler' }, subjects });
  });
});

describe('the RBAC wildcard check', () => {
  it('finds no wildcard in any kustomization', () => {
    for (const [name, manifests] of rendered) expect({ name, violations: rbacWildcardViolations(manifests) }).toEqual({ name, violations: [] });
  });

  it('catches * in verbs', () => {
    const violations = rbacWildcardViolations([role('ClusterRole', [{ apiGroups: [''], resources: ['nodes'], verbs: ['get', '*'] }])]);
    expect(violations).toEqual([{ object: 'ClusterRole too-much', field: 'rules[0].verbs', problem: 'wildcard "*"' }]);
  });

  it('catches * in resources, also inside an entry (every subresource)', () => {
    const violations = rbacWildcardViolations([role('ClusterRole', [{ apiGroups: [''], resources: ['*'], verbs: ['get'] }, { apiGroups: [''], resources: ['pods/*'], verbs: ['get'] }])]);
    expect(violations).toEqual([
      { object: 'ClusterRole too-much', field: 'rules[0].resources', problem: 'wildcard "*"' },
      { object: 'ClusterRole too-much', field: 'rules[1].resources', problem: 'wildcard "pods/*"' },
    ]);
  });

  it('catches * in apiGroups, in a namespaced Role too', () => {
    const violations = rbacWildcardViolations([role('Role', [{ apiGroups: ['*'], resources: ['leases'], verbs: ['get'] }], 'kube-system')]);
    expect(violations).toEqual([{ object: 'Role kube-system/too-much', field: 'rules[0].apiGroups', problem: 'wildcard "*"' }]);
  });

  it('ignores objects that are not roles', () => {
    expect(rbacWildcardViolations([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, rules: [{ verbs: ['*'] }] }])).toEqual([]);
  });
});
