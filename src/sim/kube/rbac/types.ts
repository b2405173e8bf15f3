/** rbac.authorization.k8s.io/v1 shapes, as stored (plain JSON). */
import type { KubeObject } from '../types.ts';
import type { LabelSelectorObject } from '../selectors/index.ts';

export const RBAC_GROUP = 'rbac.authorization.k8s.io';
export const ROLES = `${RBAC_GROUP}/roles`;
export const ROLE_BINDINGS = `${RBAC_GROUP}/rolebindings`;
export const CLUSTER_ROLES = `${RBAC_GROUP}/clusterroles`;
export const CLUSTER_ROLE_BINDINGS = `${RBAC_GROUP}/clusterrolebindings`;

export interface PolicyRule {
  verbs?: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface Subject {
  kind?: string;
  apiGroup?: string;
  name?: string;
  namespace?: string;
}

export interface RoleRef {
  apiGroup?: string;
  kind?: string;
  name?: string;
}

export interface RoleObject extends KubeObject {
  rules?: PolicyRule[] | null;
  aggregationRule?: { clusterRoleSelectors?: LabelSelectorObject[] | null } | null;
}

export interface BindingObject extends KubeObject {
  subjects?: Subject[] | null;
  roleRef?: RoleRef;
}

export const SERVICE_ACCOUNT_PREFIX = 'system:serviceaccount:';

/** serviceaccount.MakeUsername. */
export function serviceAccountUsername(namespace: string, name: string): string {
  return `${SERVICE_ACCOUNT_PREFIX}${namespace}:${name}`;
}
