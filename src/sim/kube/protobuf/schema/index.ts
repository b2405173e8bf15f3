import { APIMACHINERY } from './apimachinery.ts';
import { APPS_V1 } from './apps-v1.ts';
import { CORE_V1_POD } from './core-v1-pod.ts';
import { CORE_V1 } from './core-v1.ts';
import { POLICY_V1 } from './policy-v1.ts';
import { RBAC_V1 } from './rbac-v1.ts';
import type { MessageName, MessageSchema } from './types.ts';

export const MESSAGES: ReadonlyMap<MessageName, MessageSchema> = new Map(
  [...APIMACHINERY, ...CORE_V1, ...CORE_V1_POD, ...APPS_V1, ...POLICY_V1, ...RBAC_V1].map((m) => [m.name, m]),
);

/** The kinds kubectl's `create` generators send as protobuf, by `apiVersion/kind`. */
export const KINDS: ReadonlyMap<string, MessageName> = new Map([
  ['v1/Namespace', 'core.v1.Namespace'],
  ['v1/ConfigMap', 'core.v1.ConfigMap'],
  ['v1/Secret', 'core.v1.Secret'],
  ['v1/ServiceAccount', 'core.v1.ServiceAccount'],
  ['v1/Service', 'core.v1.Service'],
  ['apps/v1/Deployment', 'apps.v1.Deployment'],
  ['policy/v1/PodDisruptionBudget', 'policy.v1.PodDisruptionBudget'],
  ['rbac.authorization.k8s.io/v1/Role', 'rbac.v1.Role'],
  ['rbac.authorization.k8s.io/v1/ClusterRole', 'rbac.v1.ClusterRole'],
  ['rbac.authorization.k8s.io/v1/RoleBinding', 'rbac.v1.RoleBinding'],
  ['rbac.authorization.k8s.io/v1/ClusterRoleBinding', 'rbac.v1.ClusterRoleBinding'],
]);

export function messageSchema(name: MessageName): MessageSchema {
  const schema = MESSAGES.get(name);
  // The tables are checked by test; a miss is a bug in them, not in the request.
  if (!schema) throw new Error(`no protobuf schema for ${name}`);
  return schema;
}
