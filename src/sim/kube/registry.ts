import { builtinTypes } from './builtin/catalog.ts';
import type { ResourceType } from './types.ts';
import { storageKeyOf } from './types.ts';

/** Preferred order of groups in discovery, as kube-apiserver lists them. */
const GROUP_ORDER = ['', 'apps', 'events.k8s.io', 'authentication.k8s.io', 'authorization.k8s.io', 'autoscaling', 'batch', 'policy', 'rbac.authorization.k8s.io', 'coordination.k8s.io', 'admissionregistration.k8s.io', 'apiextensions.k8s.io', 'metrics.k8s.io'];

export interface GroupVersion {
  group: string;
  version: string;
}

/** Which types the server serves; custom resource types come and go with their CRDs. */
export class TypeRegistry {
  #byPath = new Map<string, ResourceType>();
  #listeners = new Set<() => void>();

  constructor() {
    for (const t of builtinTypes()) this.#add(t);
  }

  /** The type served at /apis/<group>/<version>/<plural>, if any. */
  lookup(group: string, version: string, plural: string): ResourceType | undefined {
    return this.#byPath.get(`${group}/${version}/${plural}`);
  }

  /** The preferred (first registered) version of a group's resource, for internal callers. */
  byStorageKey(storageKey: string): ResourceType | undefined {
    for (const t of this.#byPath.values()) if (storageKeyOf(t) === storageKey) return t;
    return undefined;
  }

  byKind(apiVersion: string, kind: string): ResourceType | undefined {
    for (const t of this.#byPath.values()) {
      if (t.kind === kind && (t.group ? `${t.group}/${t.version}` : t.version) === apiVersion) return t;
    }
    return undefined;
  }

  all(): ResourceType[] {
    return [...this.#byPath.values()];
  }

  groupVersions(): GroupVersion[] {
    const seen = new Map<string, GroupVersion>();
    for (const t of this.#byPath.values()) seen.set(`${t.group}/${t.version}`, { group: t.group, version: t.version });
    const rank = (g: string) => {
      const i = GROUP_ORDER.indexOf(g);
      return i < 0 ? GROUP_ORDER.length : i;
    };
    return [...seen.values()].sort((a, b) => rank(a.group) - rank(b.group) || a.group.localeCompare(b.group) || b.version.localeCompare(a.version));
  }

  typesOf(group: string, version: string): ResourceType[] {
    return [...this.#byPath.values()].filter((t) => t.group === group && t.version === version);
  }

  /** Replaces every served version of a CRD's resource. */
  setCustomTypes(crdName: string, types: ResourceType[]): void {
    for (const [path, t] of this.#byPath) if (t.crdName === crdName) this.#byPath.delete(path);
    for (const t of types) this.#add(t);
    this.#changed();
  }

  removeCustomTypes(crdName: string): void {
    this.setCustomTypes(crdName, []);
  }

  /** Called when the set of served types changes (discovery and OpenAPI caches listen). */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #add(t: ResourceType): void {
    this.#byPath.set(`${t.group}/${t.version}/${t.plural}`, t);
  }

  #changed(): void {
    for (const l of this.#listeners) l();
  }
}
