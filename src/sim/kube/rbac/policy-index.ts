import type { Change, ObjectStore } from '../store.ts';
import type { UserInfo } from '../types.ts';
import { CompiledRule } from './rule-matcher.ts';
import { type BindingObject, CLUSTER_ROLE_BINDINGS, CLUSTER_ROLES, type RoleObject, ROLE_BINDINGS, ROLES, type Subject, serviceAccountUsername } from './types.ts';

/** A RoleBinding or ClusterRoleBinding as the authorizer needs it. */
export interface Binding {
  readonly kind: 'RoleBinding' | 'ClusterRoleBinding';
  readonly name: string;
  /** '' for a ClusterRoleBinding. */
  readonly namespace: string;
  readonly roleKind: string;
  readonly roleName: string;
  readonly subjects: readonly Subject[];
}

/** Called per binding that applies to the user, in name order; return false to stop. */
export type BindingVisitor = (binding: Binding, subject: Subject, rules: readonly CompiledRule[] | undefined, error: string | undefined) => boolean;

/** rbac's appliesToUser: a ServiceAccount subject without namespace takes the binding's. */
export function subjectMatches(user: UserInfo, subject: Subject, bindingNamespace: string): boolean {
  switch (subject.kind) {
    case 'User':
      return user.username === subject.name;
    case 'Group':
      return subject.name !== undefined && user.groups.includes(subject.name);
    case 'ServiceAccount': {
      const namespace = subject.namespace || bindingNamespace;
      return namespace !== '' && user.username === serviceAccountUsername(namespace, subject.name ?? '');
    }
    default:
      return false;
  }
}

/** The index key a subject is filed under; a user is looked up by name and by each group. */
function subjectKey(subject: Subject, bindingNamespace: string): string | undefined {
  switch (subject.kind) {
    case 'User':
      return `u:${subject.name ?? ''}`;
    case 'Group':
      return `g:${subject.name ?? ''}`;
    case 'ServiceAccount': {
      const namespace = subject.namespace || bindingNamespace;
      return namespace ? `u:${serviceAccountUsername(namespace, subject.name ?? '')}` : undefined;
    }
    default:
      return undefined;
  }
}

/** Bindings of one scope (the cluster, or one namespace) filed by subject. */
class BindingsBySubject {
  readonly #byKey = new Map<string, Binding[]>();
  readonly #byName = new Map<string, Binding>();

  get size(): number {
    return this.#byName.size;
  }

  put(binding: Binding): void {
    this.remove(binding.name);
    this.#byName.set(binding.name, binding);
    const keys = new Set<string>();
    for (const s of binding.subjects) {
      const key = subjectKey(s, binding.namespace);
      if (key !== undefined) keys.add(key);
    }
    for (const key of keys) {
      const list = this.#byKey.get(key);
      if (list) list.push(binding);
      else this.#byKey.set(key, [binding]);
    }
  }

  remove(name: string): void {
    const old = this.#byName.get(name);
    if (!old) return;
    this.#byName.delete(name);
    for (const [key, list] of this.#byKey) {
      const i = list.indexOf(old);
      if (i < 0) continue;
      list.splice(i, 1);
      if (list.length === 0) this.#byKey.delete(key);
    }
  }

  /** Bindings naming the user, by name or by one of its groups, in name order. */
  candidates(user: UserInfo): readonly Binding[] {
    let found = this.#byKey.get(`u:${user.username}`);
    for (const group of user.groups) {
      const more = this.#byKey.get(`g:${group}`);
      if (!more) continue;
      found = found ? [...new Set([...found, ...more])] : more;
    }
    if (!found || found.length < 2) return found ?? [];
    return [...found].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}

function notFound(resource: 'role' | 'clusterrole', name: string): string {
  // The listers' NotFound: the singular resource, qualified by the RBAC group.
  return `${resource}.rbac.authorization.k8s.io "${name}" not found`;
}

function compile(object: RoleObject): CompiledRule[] {
  return (object.rules ?? []).map((r) => new CompiledRule(r));
}

function bindingOf(kind: Binding['kind'], object: BindingObject, namespace: string): Binding {
  return {
    kind,
    name: object.metadata.name ?? '',
    namespace,
    roleKind: object.roleRef?.kind ?? '',
    roleName: object.roleRef?.name ?? '',
    subjects: object.subjects ?? [],
  };
}

/**
 * Roles, ClusterRoles and their bindings kept current from the store's change events (as the
 * RBAC authorizer's informers do), so authorizing a request looks up only the bindings that
 * name the user or one of its groups, never scans all of them.
 */
export class PolicyIndex {
  readonly #roles = new Map<string, CompiledRule[]>();
  readonly #clusterRoles = new Map<string, CompiledRule[]>();
  readonly #clusterBindings = new BindingsBySubject();
  readonly #bindings = new Map<string, BindingsBySubject>();
  readonly #unsubscribe: () => void;

  constructor(store: ObjectStore) {
    for (const key of [ROLES, CLUSTER_ROLES, ROLE_BINDINGS, CLUSTER_ROLE_BINDINGS]) {
      for (const s of store.list(key)) this.#apply(key, s.object, s.namespace, s.name, false);
    }
    this.#unsubscribe = store.subscribe((c) => this.#onChange(c));
  }

  stop(): void {
    this.#unsubscribe();
  }

  /**
   * Visits the bindings that apply to the user, ClusterRoleBindings first and then the
   * namespace's RoleBindings, with the rules of the role each refers to (or why there are none),
   * as DefaultRuleResolver.VisitRulesFor does.
   */
  visit(user: UserInfo, namespace: string, visitor: BindingVisitor): void {
    if (!this.#visitScope(this.#clusterBindings, user, '', visitor)) return;
    if (namespace === '') return;
    const scoped = this.#bindings.get(namespace);
    if (scoped) this.#visitScope(scoped, user, namespace, visitor);
  }

  #visitScope(bindings: BindingsBySubject, user: UserInfo, namespace: string, visitor: BindingVisitor): boolean {
    for (const binding of bindings.candidates(user)) {
      const subject = binding.subjects.find((s) => subjectMatches(user, s, namespace));
      if (!subject) continue;
      const { rules, error } = this.#rulesOf(binding, namespace);
      if (!visitor(binding, subject, rules, error)) return false;
    }
    return true;
  }

  #rulesOf(binding: Binding, namespace: string): { rules?: readonly CompiledRule[]; error?: string } {
    if (binding.roleKind === 'Role') {
      const rules = this.#roles.get(`${namespace}/${binding.roleName}`);
      return rules ? { rules } : { error: notFound('role', binding.roleName) };
    }
    if (binding.roleKind === 'ClusterRole') {
      const rules = this.#clusterRoles.get(binding.roleName);
      return rules ? { rules } : { error: notFound('clusterrole', binding.roleName) };
    }
    return { error: `unsupported role reference kind: "${binding.roleKind}"` };
  }

  #onChange(change: Change): void {
    const key = change.storageKey;
    if (key !== ROLES && key !== CLUSTER_ROLES && key !== ROLE_BINDINGS && key !== CLUSTER_ROLE_BINDINGS) return;
    this.#apply(key, change.current.object, change.current.namespace, change.current.name, change.type === 'DELETED');
  }

  #apply(key: string, object: RoleObject & BindingObject, namespace: string, name: string, deleted: boolean): void {
    switch (key) {
      case ROLES:
        if (deleted) this.#roles.delete(`${namespace}/${name}`);
        else this.#roles.set(`${namespace}/${name}`, compile(object));
        return;
      case CLUSTER_ROLES:
        if (deleted) this.#clusterRoles.delete(name);
        else this.#clusterRoles.set(name, compile(object));
        return;
      case CLUSTER_ROLE_BINDINGS:
        if (deleted) this.#clusterBindings.remove(name);
        else this.#clusterBindings.put(bindingOf('ClusterRoleBinding', object, ''));
        return;
      case ROLE_BINDINGS: {
        let scoped = this.#bindings.get(namespace);
        if (deleted) {
          scoped?.remove(name);
          if (scoped?.size === 0) this.#bindings.delete(namespace);
          return;
        }
        if (!scoped) this.#bindings.set(namespace, (scoped = new BindingsBySubject()));
        scoped.put(bindingOf('RoleBinding', object, namespace));
      }
    }
  }
}
