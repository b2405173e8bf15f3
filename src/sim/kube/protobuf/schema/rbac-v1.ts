import { field, message, type MessageSchema } from './types.ts';

// Field numbers: k8s.io/api rbac/v1 generated.proto; JSON tags and pointers: rbac/v1 types.go, v1.32.

export const RBAC_V1: readonly MessageSchema[] = [
  message('rbac.v1.Role', [field(1, 'metadata', 'meta.v1.ObjectMeta', 'omitempty'), field(2, 'rules', 'rbac.v1.PolicyRule', 'repeated')]),
  message('rbac.v1.ClusterRole', [
    field(1, 'metadata', 'meta.v1.ObjectMeta', 'omitempty'),
    field(2, 'rules', 'rbac.v1.PolicyRule', 'repeated'),
    field(3, 'aggregationRule', 'rbac.v1.AggregationRule', 'omitempty', 'pointer'),
  ]),
  message('rbac.v1.AggregationRule', [field(1, 'clusterRoleSelectors', 'meta.v1.LabelSelector', 'repeated', 'omitempty')]),
  message('rbac.v1.PolicyRule', [
    field(1, 'verbs', 'string', 'repeated'),
    field(2, 'apiGroups', 'string', 'repeated', 'omitempty'),
    field(3, 'resources', 'string', 'repeated', 'omitempty'),
    field(4, 'resourceNames', 'string', 'repeated', 'omitempty'),
    field(5, 'nonResourceURLs', 'string', 'repeated', 'omitempty'),
  ]),
  message('rbac.v1.RoleBinding', [
    field(1, 'metadata', 'meta.v1.ObjectMeta', 'omitempty'),
    field(2, 'subjects', 'rbac.v1.Subject', 'repeated', 'omitempty'),
    field(3, 'roleRef', 'rbac.v1.RoleRef'),
  ]),
  message('rbac.v1.ClusterRoleBinding', [
    field(1, 'metadata', 'meta.v1.ObjectMeta', 'omitempty'),
    field(2, 'subjects', 'rbac.v1.Subject', 'repeated', 'omitempty'),
    field(3, 'roleRef', 'rbac.v1.RoleRef'),
  ]),
  message('rbac.v1.Subject', [
    field(1, 'kind', 'string'),
    field(2, 'apiGroup', 'string', 'omitempty'),
    field(3, 'name', 'string'),
    field(4, 'namespace', 'string', 'omitempty'),
  ]),
  message('rbac.v1.RoleRef', [field(1, 'apiGroup', 'string'), field(2, 'kind', 'string'), field(3, 'name', 'string')]),
];
