import type { InternalClient } from '../internal-client.ts';
import type { ObjectStore } from '../store.ts';
import { ClusterRoleAggregationController } from './aggregation-controller.ts';
import { RbacAuthorizer } from './authorizer.ts';
import { installBootstrapPolicy } from './bootstrap-policy.ts';
import { PolicyIndex } from './policy-index.ts';

export { review, AUTHORIZATION_GROUP } from './access-review.ts';
export { RbacAuthorizer } from './authorizer.ts';
export { forbiddenError } from './forbidden.ts';
export { hasImpersonationHeaders, impersonate } from './impersonation.ts';
export { PolicyIndex } from './policy-index.ts';
export { resourceAttributesOf } from './request-attributes.ts';
export { ruleAllows } from './rule-matcher.ts';

/** RBAC as kube-apiserver and kube-controller-manager run it: the authorizer, its index and the aggregation controller. */
export interface Rbac {
  readonly authorizer: RbacAuthorizer;
  stop(): void;
}

/**
 * Starts RBAC over a store: the policy index follows the store from now on, the aggregation
 * controller fills aggregated ClusterRoles, and the bootstrap policy is created.
 */
export async function startRbac(store: ObjectStore, controlPlane: InternalClient, onError: (error: unknown) => void): Promise<Rbac> {
  const index = new PolicyIndex(store);
  const aggregation = new ClusterRoleAggregationController(store, controlPlane, onError);
  const rbac = {
    authorizer: new RbacAuthorizer(index),
    stop() {
      aggregation.stop();
      index.stop();
    },
  };
  try {
    await installBootstrapPolicy(controlPlane);
  } catch (error) {
    rbac.stop();
    throw error;
  }
  return rbac;
}
