import { isResourceRequest, type RequestAttributes } from '../auth.ts';
import type { PolicyRule } from './types.ts';

const ALL = '*';

function setOf(values: readonly string[] | undefined): ReadonlySet<string> {
  return new Set(values ?? []);
}

/**
 * A PolicyRule compiled for matching, with the semantics of RBAC's RuleAllows: verbs, apiGroups
 * and resources match exactly or by `*`; a `*\/sub` resource matches that subresource of any
 * resource; resourceNames, when present, require the request's name; nonResourceURLs match
 * exactly, by `*`, or by a prefix ending in `*`. Matching is on sets built once per rule.
 */
export class CompiledRule {
  readonly rule: PolicyRule;
  readonly #verbs: ReadonlySet<string>;
  readonly #groups: ReadonlySet<string>;
  readonly #resources: ReadonlySet<string>;
  readonly #names: ReadonlySet<string> | undefined;
  readonly #urls: ReadonlySet<string>;
  readonly #urlPrefixes: readonly string[];

  constructor(rule: PolicyRule) {
    this.rule = rule;
    this.#verbs = setOf(rule.verbs);
    this.#groups = setOf(rule.apiGroups);
    this.#resources = setOf(rule.resources);
    this.#names = rule.resourceNames?.length ? setOf(rule.resourceNames) : undefined;
    this.#urls = setOf(rule.nonResourceURLs);
    // strings.TrimRight(url, "*"): every trailing star goes.
    this.#urlPrefixes = (rule.nonResourceURLs ?? []).filter((u) => u.endsWith(ALL)).map((u) => u.replace(/\*+$/, ''));
  }

  allows(attributes: RequestAttributes): boolean {
    if (!this.#verbs.has(attributes.verb) && !this.#verbs.has(ALL)) return false;
    if (!isResourceRequest(attributes)) return this.#matchesUrl(attributes.path);
    if (!this.#groups.has(attributes.group) && !this.#groups.has(ALL)) return false;
    if (!this.#matchesResource(attributes.resource, attributes.subresource)) return false;
    return this.#names === undefined || this.#names.has(attributes.name ?? '');
  }

  #matchesResource(resource: string, subresource: string | undefined): boolean {
    const resources = this.#resources;
    if (resources.has(ALL)) return true;
    if (!subresource) return resources.has(resource);
    return resources.has(`${resource}/${subresource}`) || resources.has(`*/${subresource}`);
  }

  #matchesUrl(path: string): boolean {
    if (this.#urls.has(ALL) || this.#urls.has(path)) return true;
    for (const prefix of this.#urlPrefixes) if (path.startsWith(prefix)) return true;
    return false;
  }
}

/** RBAC's RuleAllows for one rule. */
export function ruleAllows(attributes: RequestAttributes, rule: PolicyRule): boolean {
  return new CompiledRule(rule).allows(attributes);
}
