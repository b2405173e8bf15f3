import { goQuote } from '../schema/goFormat.ts';
import type { Binding } from './bindings-by-subject.ts';
import type { CompiledRule } from './rule-matcher.ts';
import type { Subject } from './types.ts';

/**
 * A binding as it applies through one of its subjects: the rules of its role, or why it has
 * none. Built once per binding and subject until RBAC objects change, shared by every user it
 * applies to.
 */
export class Grant {
  readonly binding: Binding;
  readonly subject: Subject;
  readonly rules: readonly CompiledRule[];
  /** Set when the role cannot be used (missing, or an unsupported kind). */
  readonly error?: string;
  #allowReason: string | undefined;

  constructor(binding: Binding, subject: Subject, rules: readonly CompiledRule[], error?: string) {
    this.binding = binding;
    this.subject = subject;
    this.rules = rules;
    if (error !== undefined) this.error = error;
  }

  /** `RBAC: allowed by …`, as the authorizer words an allow through this binding; worded on first use. */
  get allowReason(): string {
    this.#allowReason ??= `RBAC: allowed by ${describeBinding(this.binding, this.subject)}`;
    return this.#allowReason;
  }
}

/** rbac's describeSubject. */
function describeSubject(subject: Subject, bindingNamespace: string): string {
  if (subject.kind === 'ServiceAccount') return `${subject.kind} ${goQuote(`${subject.name ?? ''}/${subject.namespace || bindingNamespace}`)}`;
  return `${subject.kind ?? ''} ${goQuote(subject.name ?? '')}`;
}

/** clusterRoleBindingDescriber / roleBindingDescriber (which writes name/namespace). */
function describeBinding(binding: Binding, subject: Subject): string {
  const name = binding.kind === 'RoleBinding' ? `${binding.name}/${binding.namespace}` : binding.name;
  return `${binding.kind} ${goQuote(name)} of ${binding.roleKind} ${goQuote(binding.roleName)} to ${describeSubject(subject, binding.namespace)}`;
}
