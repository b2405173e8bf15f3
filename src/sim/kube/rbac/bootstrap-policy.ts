import type { InternalClient } from '../internal-client.ts';
import { CLUSTER_ROLE_BINDINGS, CLUSTER_ROLES, type PolicyRule, RBAC_GROUP } from './types.ts';

const METADATA = (name: string) => ({
  name,
  labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' },
  annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' },
});

/** The bootstrap ClusterRoles this simulator installs, with kube-apiserver's rules (its builder sorts each list). */
export const BOOTSTRAP_CLUSTER_ROLES: Record<string, PolicyRule[]> = {
  'cluster-admin': [
    { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
    { verbs: ['*'], nonResourceURLs: ['*'] },
  ],
  'system:discovery': [
    { verbs: ['get'], nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/'] },
  ],
  'system:basic-user': [
    { verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'] },
    { verbs: ['create'], apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'] },
  ],
  'system:public-info-viewer': [{ verbs: ['get'], nonResourceURLs: ['/healthz', '/livez', '/readyz', '/version', '/version/'] }],
  'system:monitoring': [
    { verbs: ['get'], nonResourceURLs: ['/healthz', '/healthz/*', '/livez', '/livez/*', '/metrics', '/metrics/slis', '/readyz', '/readyz/*'] },
  ],
};

/** Bootstrap ClusterRoleBindings: each named after its ClusterRole, to these groups. */
export const BOOTSTRAP_CLUSTER_ROLE_BINDINGS: Record<string, string[]> = {
  'cluster-admin': ['system:masters'],
  'system:discovery': ['system:authenticated'],
  'system:basic-user': ['system:authenticated'],
  'system:public-info-viewer': ['system:authenticated', 'system:unauthenticated'],
  'system:monitoring': ['system:monitoring'],
};

/**
 * Creates the bootstrap roles and bindings a fresh cluster has, so discovery, /version, OpenAPI
 * and self access reviews work for every authenticated user and system:masters may do anything.
 */
export async function installBootstrapPolicy(client: InternalClient): Promise<void> {
  for (const [name, rules] of Object.entries(BOOTSTRAP_CLUSTER_ROLES)) {
    await client.create(CLUSTER_ROLES, undefined, { apiVersion: `${RBAC_GROUP}/v1`, kind: 'ClusterRole', metadata: METADATA(name), rules });
  }
  for (const [name, groups] of Object.entries(BOOTSTRAP_CLUSTER_ROLE_BINDINGS)) {
    await client.create(CLUSTER_ROLE_BINDINGS, undefined, {
      apiVersion: `${RBAC_GROUP}/v1`,
      kind: 'ClusterRoleBinding',
      metadata: METADATA(name),
      roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name },
      subjects: groups.map((g) => ({ apiGroup: RBAC_GROUP, kind: 'Group', name: g })),
    });
  }
}
