import { labelSelectorFromObject, matchesLabels } from '../selectors/index.ts';
import type { KubeObject } from '../types.ts';
import type { AdmissionAttributes } from './attributes.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- webhook configurations are loose JSON

function listMatches(list: unknown, value: string): boolean {
  return Array.isArray(list) && (list.includes('*') || list.includes(value));
}

// apiserver's rule matching: "*" is every resource but no subresource, "*/*" both, "pods/*" every subresource of pods.
function resourceMatches(patterns: unknown, resource: string, subresource: string | undefined): boolean {
  if (!Array.isArray(patterns)) return false;
  const full = subresource ? `${resource}/${subresource}` : resource;
  return patterns.some((p: string) => {
    if (p === '*/*' || p === full) return true;
    if (p === '*') return !subresource;
    const [res, sub] = p.split('/');
    if (sub === undefined) return false;
    return (res === '*' || res === resource) && (sub === '*' ? subresource !== undefined : sub === subresource);
  });
}

function ruleMatches(rule: Json, a: AdmissionAttributes): boolean {
  const scope = rule.scope ?? '*';
  if (scope === 'Cluster' && a.type.namespaced) return false;
  if (scope === 'Namespaced' && !a.type.namespaced) return false;
  return (
    listMatches(rule.operations, a.operation) &&
    listMatches(rule.apiGroups, a.type.group) &&
    listMatches(rule.apiVersions, a.type.version) &&
    resourceMatches(rule.resources, a.type.plural, a.subresource)
  );
}

function labelsOf(obj: unknown): Record<string, string> {
  return ((obj as KubeObject | undefined)?.metadata?.labels ?? {}) as Record<string, string>;
}

/**
 * Whether a webhook applies to a request: its rules, its objectSelector (object or old object),
 * and its namespaceSelector (the namespace's labels; cluster-scoped objects other than
 * namespaces are always in).
 */
export function webhookMatches(webhook: Json, a: AdmissionAttributes, namespaceLabels: (ns: string) => Record<string, string> | undefined): boolean {
  if (!Array.isArray(webhook.rules) || !webhook.rules.some((r: Json) => ruleMatches(r, a))) return false;
  if (webhook.objectSelector && Object.keys(webhook.objectSelector).length) {
    const selector = labelSelectorFromObject(webhook.objectSelector);
    const hit = [a.object, a.oldObject].some((o) => o !== undefined && matchesLabels(selector, labelsOf(o)));
    if (!hit) return false;
  }
  if (webhook.namespaceSelector && Object.keys(webhook.namespaceSelector).length) {
    const ns = a.type.plural === 'namespaces' && a.type.group === '' ? a.name : a.namespace;
    if (ns !== undefined && ns !== '') {
      const labels = a.type.plural === 'namespaces' && a.type.group === '' ? labelsOf(a.object ?? a.oldObject) : (namespaceLabels(ns) ?? {});
      if (!matchesLabels(labelSelectorFromObject(webhook.namespaceSelector), labels)) return false;
    }
  }
  return true;
}
