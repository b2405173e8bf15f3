import type { ObjectStore } from '../../../src/sim/kube/store.ts';
import type { PolicyRule, Subject } from '../../../src/sim/kube/rbac/types.ts';
import type { KubeObject } from '../../../src/sim/kube/types.ts';

/** Builders of RBAC objects written straight into a store, for tests of the authorizer without HTTP. */
export const RBAC = 'rbac.authorization.k8s.io';

export function clusterRole(name: string, rules: PolicyRule[], extra: Partial<KubeObject> = {}): KubeObject {
  return { apiVersion: `${RBAC}/v1`, kind: 'ClusterRole', metadata: { name }, rules, ...extra };
}

export function role(namespace: string, name: string, rules: PolicyRule[]): KubeObject {
  return { apiVersion: `${RBAC}/v1`, kind: 'Role', metadata: { name, namespace }, rules };
}

export function clusterRoleBinding(name: string, roleName: string, subjects: Subject[], roleKind = 'ClusterRole'): KubeObject {
  return { apiVersion: `${RBAC}/v1`, kind: 'ClusterRoleBinding', metadata: { name }, roleRef: { apiGroup: RBAC, kind: roleKind, name: roleName }, subjects };
}

export function roleBinding(namespace: string, name: string, roleKind: string, roleName: string, subjects: Subject[]): KubeObject {
  return { apiVersion: `${RBAC}/v1`, kind: 'RoleBinding', metadata: { name, namespace }, roleRef: { apiGroup: RBAC, kind: roleKind, name: roleName }, subjects };
}

export const user = (name: string): Subject => ({ kind: 'User', apiGroup: RBAC, name });
export const group = (name: string): Subject => ({ kind: 'Group', apiGroup: RBAC, name });
export const serviceAccount = (name: string, namespace?: string): Subject => ({ kind: 'ServiceAccount', name, ...(namespace ? { namespace } : {}) });

const KEYS: Record<string, string> = {
  ClusterRole: `${RBAC}/clusterroles`,
  Role: `${RBAC}/roles`,
  ClusterRoleBinding: `${RBAC}/clusterrolebindings`,
  RoleBinding: `${RBAC}/rolebindings`,
};

export function put(store: ObjectStore, ...objects: KubeObject[]): void {
  for (const o of objects) store.put(KEYS[o.kind]!, JSON.parse(JSON.stringify(o)) as KubeObject);
}

export function remove(store: ObjectStore, object: KubeObject): void {
  store.remove(KEYS[object.kind]!, object.metadata.namespace ?? '', object.metadata.name!);
}
