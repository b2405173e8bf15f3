import type { InternalClient } from '../internal-client.ts';
import { labelSelectorFromObject, matchesLabels, SelectorError } from '../selectors/index.ts';
import type { Change, ObjectStore } from '../store.ts';
import { CLUSTER_ROLES, type PolicyRule, type RoleObject } from './types.ts';

/** A rule compared as equality.Semantic does: absent and empty lists are the same. */
function ruleKey(rule: PolicyRule): string {
  return JSON.stringify([rule.verbs ?? [], rule.apiGroups ?? [], rule.resources ?? [], rule.resourceNames ?? [], rule.nonResourceURLs ?? []]);
}

function sameRules(a: readonly PolicyRule[], b: readonly PolicyRule[]): boolean {
  return a.length === b.length && a.every((r, i) => ruleKey(r) === ruleKey(b[i]!));
}

/**
 * kube-controller-manager's clusterrole-aggregation controller: a ClusterRole with an
 * aggregationRule gets, as its rules, the distinct rules of every other ClusterRole its
 * selectors match (in name order), rewritten whenever any ClusterRole changes.
 */
export class ClusterRoleAggregationController {
  readonly #store: ObjectStore;
  readonly #client: InternalClient;
  readonly #onError: (error: unknown) => void;
  readonly #unsubscribe: () => void;
  #scheduled = false;
  #stopped = false;

  constructor(store: ObjectStore, client: InternalClient, onError: (error: unknown) => void) {
    this.#store = store;
    this.#client = client;
    this.#onError = onError;
    this.#unsubscribe = store.subscribe((c) => this.#onChange(c));
    this.#schedule();
  }

  stop(): void {
    this.#stopped = true;
    this.#unsubscribe();
  }

  #onChange(change: Change): void {
    if (change.storageKey === CLUSTER_ROLES) this.#schedule();
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      if (!this.#stopped) this.#syncAll().catch(this.#onError);
    });
  }

  async #syncAll(): Promise<void> {
    const roles = this.#store.list(CLUSTER_ROLES).map((s) => s.object as RoleObject);
    for (const role of roles) {
      if (!role.aggregationRule) continue;
      const rules = this.#aggregate(role, roles);
      if (rules === undefined || sameRules(rules, role.rules ?? [])) continue;
      try {
        await this.#client.mergePatch(CLUSTER_ROLES, undefined, role.metadata.name!, { metadata: { resourceVersion: role.metadata.resourceVersion }, rules });
      } catch (error) {
        // Changed or gone meanwhile: that change schedules the next sync.
        const code = (error as { code?: number }).code;
        if (code !== 409 && code !== 404) throw error;
      }
    }
  }

  /** The aggregate's rules, or undefined when one of its selectors is invalid (the real controller retries). */
  #aggregate(role: RoleObject, all: readonly RoleObject[]): PolicyRule[] | undefined {
    const rules: PolicyRule[] = [];
    const seen = new Set<string>();
    for (const selectorObject of role.aggregationRule?.clusterRoleSelectors ?? []) {
      let selector;
      try {
        selector = labelSelectorFromObject(selectorObject);
      } catch (error) {
        if (error instanceof SelectorError) return undefined;
        throw error;
      }
      // The store lists by key, so by name: the controller sorts byName too.
      for (const other of all) {
        if (other.metadata.name === role.metadata.name || !matchesLabels(selector, other.metadata.labels ?? {})) continue;
        for (const rule of other.rules ?? []) {
          const key = ruleKey(rule);
          if (seen.has(key)) continue;
          seen.add(key);
          rules.push(rule);
        }
      }
    }
    return rules;
  }
}
