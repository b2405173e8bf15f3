import type { Change, ObjectStore } from '../store.ts';
import type { UserInfo } from '../types.ts';
import { type Binding, BindingsBySubject, subjectMatches } from './bindings-by-subject.ts';
import { Grant } from './grant.ts';
import { CompiledRule } from './rule-matcher.ts';
import { type BindingObject, CLUSTER_ROLE_BINDINGS, CLUSTER_ROLES, type RoleObject, ROLE_BINDINGS, ROLES } from './types.ts';

/** Resolutions kept per user and namespace; past this many, the cache starts over. */
const MAX_CACHED = 1_000;

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
  readonly #cache = new Map<string, readonly Grant[]>();
  #byUser = new WeakMap<UserInfo, Map<string, readonly Grant[]>>();
  readonly #grants = new Map<Binding, Grant[]>();
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
   * The bindings that apply to the user, ClusterRoleBindings first and then the namespace's
   * RoleBindings, each in name order, as DefaultRuleResolver.VisitRulesFor visits them. Cached
   * per user and namespace until the next change to any RBAC object, so a request costs one
   * lookup and its rule checks.
   */
  resolve(user: UserInfo, namespace: string): readonly Grant[] {
    // A token's user is one (unchanging) object for all its requests: found by identity, no key to build.
    let perUser = this.#byUser.get(user);
    let resolved = perUser?.get(namespace);
    if (resolved) return resolved;
    const key = `${namespace}\n${user.username}\n${user.groups.join('\n')}`;
    resolved = this.#cache.get(key);
    if (!resolved) {
      resolved = this.#resolveScope(this.#clusterBindings, user, '');
      const scoped = namespace === '' ? undefined : this.#bindings.get(namespace);
      if (scoped) resolved = [...resolved, ...this.#resolveScope(scoped, user, namespace)];
      if (this.#cache.size >= MAX_CACHED) this.#cache.clear();
      this.#cache.set(key, resolved);
    }
    if (!perUser) this.#byUser.set(user, (perUser = new Map()));
    perUser.set(namespace, resolved);
    return resolved;
  }

  #resolveScope(bindings: BindingsBySubject, user: UserInfo, namespace: string): Grant[] {
    const out: Grant[] = [];
    for (const binding of bindings.candidates(user)) {
      const i = binding.subjects.findIndex((s) => subjectMatches(user, s, namespace));
      if (i >= 0) out.push(this.#grantOf(binding, i, namespace));
    }
    return out;
  }

  #grantOf(binding: Binding, subjectIndex: number, namespace: string): Grant {
    let grants = this.#grants.get(binding);
    if (!grants) this.#grants.set(binding, (grants = []));
    let grant = grants[subjectIndex];
    if (!grant) {
      const { rules, error } = this.#rulesOf(binding, namespace);
      grant = grants[subjectIndex] = new Grant(binding, binding.subjects[subjectIndex]!, rules, error);
    }
    return grant;
  }

  #rulesOf(binding: Binding, namespace: string): { rules: readonly CompiledRule[]; error?: string } {
    if (binding.roleKind === 'Role') {
      const rules = this.#roles.get(`${namespace}/${binding.roleName}`);
      return rules ? { rules } : { rules: [], error: notFound('role', binding.roleName) };
    }
    if (binding.roleKind === 'ClusterRole') {
      const rules = this.#clusterRoles.get(binding.roleName);
      return rules ? { rules } : { rules: [], error: notFound('clusterrole', binding.roleName) };
    }
    return { rules: [], error: `unsupported role reference kind: "${binding.roleKind}"` };
  }

  #onChange(change: Change): void {
    const key = change.storageKey;
    if (key !== ROLES && key !== CLUSTER_ROLES && key !== ROLE_BINDINGS && key !== CLUSTER_ROLE_BINDINGS) return;
    this.#cache.clear();
    this.#grants.clear();
    this.#byUser = new WeakMap();
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
