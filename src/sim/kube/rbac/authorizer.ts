import { type Authorizer, type Decision, isResourceRequest, type RequestAttributes, type ResourceRule, type NonResourceRule, type UserRules } from '../auth.ts';
import { goQuote } from '../schema/goFormat.ts';
import type { UserInfo } from '../types.ts';
import type { Binding, PolicyIndex } from './policy-index.ts';
import type { PolicyRule, Subject } from './types.ts';

/** user.SystemPrivilegedGroup: kube-apiserver allows its members everything before asking RBAC. */
export const PRIVILEGED_GROUP = 'system:masters';

/** rbac's describeSubject. */
function describeSubject(subject: Subject, bindingNamespace: string): string {
  if (subject.kind === 'ServiceAccount') return `${subject.kind} ${goQuote(`${subject.name ?? ''}/${subject.namespace || bindingNamespace}`)}`;
  return `${subject.kind ?? ''} ${goQuote(subject.name ?? '')}`;
}

/** The clusterRoleBindingDescriber / roleBindingDescriber wording of an allow reason. */
function describeBinding(binding: Binding, subject: Subject): string {
  const name = binding.kind === 'RoleBinding' ? `${binding.name}/${binding.namespace}` : binding.name;
  return `${binding.kind} ${goQuote(name)} of ${binding.roleKind} ${goQuote(binding.roleName)} to ${describeSubject(subject, binding.namespace)}`;
}

/** utilerrors.NewAggregate(errs).Error(): one message bare, several deduplicated inside brackets. */
export function aggregateErrors(messages: readonly string[]): string {
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
    let allowedBy: string | undefined;
    const errors: string[] = [];
    this.#index.visit(user, namespace, (binding, subject, rules, error) => {
      if (error !== undefined) {
        errors.push(error);
        return true;
      }
      for (const rule of rules!) {
        if (!rule.allows(attributes)) continue;
        allowedBy = describeBinding(binding, subject);
        return false;
      }
      return true;
    });
    if (allowedBy !== undefined) return { allowed: true, reason: `RBAC: allowed by ${allowedBy}` };
    return errors.length ? { allowed: false, reason: `RBAC: ${aggregateErrors(errors)}` } : { allowed: false };
  }

  /** RBACAuthorizer.RulesFor: every rule of every binding that applies, split into resource and non-resource rules. */
  rulesFor(user: UserInfo, namespace: string): UserRules {
    const rules: PolicyRule[] = [];
    const errors: string[] = [];
    this.#index.visit(user, namespace, (_binding, _subject, compiled, error) => {
      if (error !== undefined) errors.push(error);
      else for (const c of compiled!) rules.push(c.rule);
      return true;
    });
    const resourceRules: ResourceRule[] = [];
    const nonResourceRules: NonResourceRule[] = [];
    for (const r of rules) {
      if (r.resources?.length) {
        resourceRules.push({ verbs: r.verbs ?? [], ...optional('apiGroups', r.apiGroups), ...optional('resources', r.resources), ...optional('resourceNames', r.resourceNames) });
      }
      if (r.nonResourceURLs?.length) nonResourceRules.push({ verbs: r.verbs ?? [], ...optional('nonResourceURLs', r.nonResourceURLs) });
    }
    return { resourceRules, nonResourceRules, incomplete: false, ...(errors.length ? { evaluationError: aggregateErrors(errors) } : {}) };
  }
}

/** A list field as Go's `omitempty` writes it: absent when empty. */
function optional<K extends string>(key: K, values: string[] | undefined): Partial<Record<K, string[]>> {
  return values?.length ? ({ [key]: values } as Record<K, string[]>) : {};
}
