import type { LabelSelector } from './types.ts';

/**
 * policy/v1 LabelSelector semantics: matchLabels and matchExpressions ANDed; an empty selector
 * matches everything, an absent one nothing (as the disruption controller reads a PDB's).
 */
export function selectorMatches(selector: LabelSelector | undefined, labels: Readonly<Record<string, string>> | undefined): boolean {
  if (!selector) return false;
  const own = labels ?? {};
  for (const key in selector.matchLabels ?? {}) {
    if (!Object.hasOwn(own, key) || own[key] !== selector.matchLabels![key]) return false;
  }
  for (const r of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(own, r.key);
    const values = r.values ?? [];
    switch (r.operator) {
      case 'In':
        if (!has || !values.includes(own[r.key]!)) return false;
        break;
      case 'NotIn':
        if (has && values.includes(own[r.key]!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}
