// Structural defaulting as the real server's unstructuredDefaulter does it: first drop nulls of
// non-nullable fields that have no default (PruneNonNullableNullsWithoutDefaults), then fill every
// absent field that has a default — and a non-nullable null one — and recurse into the result, so
// `default: {}` on an object also yields its children's defaults. The server runs this when it
// decodes a request body, when it reads from storage, and after mutating admission.
import { deepCopyJson, isPlainObject } from './jsonValue.ts';
import type { SchemaNode } from './structural.ts';

function fieldSchema(k: string, s: SchemaNode | undefined): SchemaNode | undefined {
  if (s === undefined) return undefined;
  return s.properties?.get(k) ?? s.additionalProperties?.schema;
}

function isNonNullableNull(x: unknown, s: SchemaNode | undefined): boolean {
  return x === null && s !== undefined && !s.nullable;
}

export function pruneNonNullableNullsWithoutDefaults(x: unknown, s: SchemaNode | undefined): void {
  if (Array.isArray(x)) {
    for (const v of x) pruneNonNullableNullsWithoutDefaults(v, s?.items);
  } else if (isPlainObject(x)) {
    for (const [k, v] of Object.entries(x)) {
      const sub = fieldSchema(k, s);
      if (isNonNullableNull(v, sub) && sub?.hasDefault === false) delete x[k];
      else pruneNonNullableNullsWithoutDefaults(v, sub);
    }
  }
}

export function applyStructuralDefaults(x: unknown, s: SchemaNode | undefined): void {
  if (s === undefined) return;
  if (isPlainObject(x)) {
    for (const [k, prop] of s.properties ?? []) {
      if (prop.hasDefault && (!(k in x) || isNonNullableNull(x[k], prop))) x[k] = deepCopyJson(prop.default);
    }
    const extra = s.additionalProperties?.schema;
    for (const [k, v] of Object.entries(x)) {
      const prop = s.properties?.get(k);
      if (prop !== undefined) {
        applyStructuralDefaults(v, prop);
      } else if (s.additionalProperties !== undefined) {
        if (isNonNullableNull(v, extra) && extra?.hasDefault === true) x[k] = deepCopyJson(extra.default);
        applyStructuralDefaults(x[k], extra);
      }
    }
  } else if (Array.isArray(x)) {
    const items = s.items;
    for (let i = 0; i < x.length; i++) {
      if (isNonNullableNull(x[i], items) && items?.hasDefault === true) x[i] = deepCopyJson(items.default);
      applyStructuralDefaults(x[i], items);
    }
  }
}
