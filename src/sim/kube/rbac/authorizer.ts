import { type Authorizer, type Decision, isResourceRequest, type NonResourceRule, type RequestAttributes, type ResourceRule, type UserRules } from '../auth.ts';
import type { UserInfo } from '../types.ts';
import type { PolicyIndex } from './policy-index.ts';

/** user.SystemPrivilegedGroup: kube-apiserver allows its members everything before asking RBAC. */
const PRIVILEGED_GROUP = 'system:masters';

/** utilerrors.NewAggregate(errs).Error(): one message bare, several deduplicated inside brackets. */
function aggregateErrors(messages: readonly string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? unique[0]! : `[${unique.join(', ')}]`;
}

/**
 * kube-apiserver's authorizer chain for `--authorization-mode=RBAC`: members of system:masters
 * are allowed outright; everyone else is allowed by the first rule of a binding that applies to
 * them, and otherwise gets no opinion (a 403), with the reasons some bindings could not be used.
 */
export class RbacAuthorizer implements Authorizer {
  readonly #index: PolicyIndex;

  constructor(index: PolicyIndex) {
    this.#index = index;
  }

  authorize(user: UserInfo, attributes: RequestAttributes): Decision {
    if (user.groups.includes(PRIVILEGED_GROUP)) return { allowed: true };
    const namespace = isResourceRequest(attributes) ? (attributes.namespace ?? '') : '';
    let errors: string[] | undefined;
    for (const resolved of this.#index.resolve(user, namespace)) {
      if (resolved.error !== undefined) (errors ??= []).push(resolved.error);
      for (const rule of resolved.rules) if (rule.allows(attributes)) return { allowed: true, reason: resolved.allowReason };
    }
    return errors ? { allowed: false, reason: `RBAC: ${aggregateErrors(errors)}` } : { allowed: false };
  }

  /** RBACAuthorizer.RulesFor: every rule of every binding that applies, split into resource and non-resource rules. */
  rulesFor(user: UserInfo, namespace: string): UserRules {
    const resourceRules: ResourceRule[] = [];
    const nonResourceRules: NonResourceRule[] = [];
    const errors: string[] = [];
    for (const resolved of this.#index.resolve(user, namespace)) {
      if (resolved.error !== undefined) errors.push(resolved.error);
      for (const { rule: r } of resolved.rules) {
        if (r.resources?.length) {
          resourceRules.push({ verbs: r.verbs ?? [], ...optional('apiGroups', r.apiGroups), ...optional('resources', r.resources), ...optional('resourceNames', r.resourceNames) });
        }
        if (r.nonResourceURLs?.length) nonResourceRules.push({ verbs: r.verbs ?? [], ...optional('nonResourceURLs', r.nonResourceURLs) });
      }
    }
    return { resourceRules, nonResourceRules, incomplete: false, ...(errors.length ? { evaluationError: aggregateErrors(errors) } : {}) };
  }
}

/** A list field as Go's `omitempty` writes it: absent when empty. */
function optional<K extends string>(key: K, values: string[] | undefined): Partial<Record<K, string[]>> {
  return values?.length ? ({ [key]: values } as Record<K, string[]>) : {};
}
