import type { UserInfo } from '../types.ts';
import { type Subject, serviceAccountUsername } from './types.ts';

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
export class BindingsBySubject {
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
