// x-kubernetes-list-type set/map uniqueness, checked after the schema (like apiextensions'
// ValidateListSetsAndMaps): the first repeat of each value (or map key) is a Duplicate value.
import { duplicate, invalid } from './fieldError.ts';
import type { FieldError } from './fieldError.ts';
import { goJson, isPlainObject } from './jsonValue.ts';
import type { SchemaNode } from './structural.ts';

/** A value's identity for uniqueness: scalars by type and value, compounds by their JSON. */
function identity(v: unknown): string {
  if (v === undefined) return 'unspecified';
  return typeof v === 'object' && v !== null ? `c${goJson(v)}` : `s${typeof v}:${String(v)}`;
}

function firstRepeats(values: readonly unknown[]): number[] {
  const seen = new Map<string, number>();
  const repeats: number[] = [];
  values.forEach((v, i) => {
    const id = identity(v);
    const times = seen.get(id) ?? 0;
    seen.set(id, times + 1);
    if (times === 1) repeats.push(i);
  });
  return repeats;
}

function listMapErrors(path: string, node: SchemaNode, list: readonly unknown[]): FieldError[] {
  for (let i = 0; i < list.length; i++) {
    const x = list[i];
    if (x !== null && !isPlainObject(x)) return [invalid(`${path}[${i}]`, x, 'must be an object for an array of list-type map')];
  }
  if (list.length <= 1) return [];
  const keyFields = node.listMapKeys ?? [];
  const keys = list.map((x) => {
    const key: Record<string, unknown> = {};
    if (isPlainObject(x)) for (const f of keyFields) if (f in x) key[f] = x[f];
    return key;
  });
  const ids = keyFields.length === 1 ? keys.map((k) => k[keyFields[0] ?? '']) : keys;
  return firstRepeats(ids).map((i) => duplicate(`${path}[${i}]`, keys[i]));
}

function arrayErrors(path: string, node: SchemaNode, list: readonly unknown[], out: FieldError[]): void {
  if (node.listType === 'set') {
    for (const i of firstRepeats(list)) out.push(duplicate(`${path}[${i}]`, list[i]));
  } else if (node.listType === 'map') {
    out.push(...listMapErrors(path, node, list));
  }
  if (node.items !== undefined) for (let i = 0; i < list.length; i++) walk(`${path}[${i}]`, node.items, list[i], out);
}

function objectErrors(path: string, node: SchemaNode, obj: Record<string, unknown>, out: FieldError[]): void {
  const extra = node.additionalProperties?.schema;
  if (extra !== undefined) for (const [k, v] of Object.entries(obj)) walk(`${path}[${k}]`, extra, v, out);
  const props = node.properties;
  if (props !== undefined) {
    for (const [k, v] of Object.entries(obj)) {
      const sub = props.get(k);
      if (sub !== undefined) walk(path === '' ? k : `${path}.${k}`, sub, v, out);
    }
  }
}

function walk(path: string, node: SchemaNode, value: unknown, out: FieldError[]): void {
  if (Array.isArray(value)) arrayErrors(path, node, value, out);
  else if (isPlainObject(value)) objectErrors(path, node, value, out);
}

export function listTypeErrors(root: SchemaNode, obj: unknown): FieldError[] {
  const out: FieldError[] = [];
  if (isPlainObject(obj)) objectErrors('', root, obj, out);
  return out;
}
