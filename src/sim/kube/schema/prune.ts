// Structural pruning (apiextensions pruning.PruneWithOptions): fields the schema does not
// specify are removed, except under x-kubernetes-preserve-unknown-fields, in additionalProperties,
// and apiVersion/kind/metadata of the root and of embedded resources. Returns the removed paths,
// sorted, as the server words them in `unknown field "spec.foo"`.
import { isPlainObject } from './jsonValue.ts';
import type { SchemaNode } from './structural.ts';

const metaFields = new Set(['apiVersion', 'kind', 'metadata']);

function key(path: string, k: string): string {
  return path === '' ? k : `${path}.${k}`;
}

function prune(x: unknown, s: SchemaNode | undefined, path: string, embedded: boolean, out: string[]): void {
  if (s?.preserveUnknownFields === true) {
    keepUnknown(x, s, path, embedded, out);
    return;
  }
  if (Array.isArray(x)) {
    x.forEach((v, i) => prune(v, s?.items, `${path}[${i}]`, s?.items?.embeddedResource ?? false, out));
    return;
  }
  if (!isPlainObject(x)) return;
  if (s === undefined) {
    for (const k of Object.keys(x)) {
      out.push(key(path, k));
      delete x[k];
    }
    return;
  }
  for (const [k, v] of Object.entries(x)) {
    if (embedded && metaFields.has(k)) continue;
    const prop = s.properties?.get(k);
    if (prop !== undefined) prune(v, prop, key(path, k), prop.embeddedResource, out);
    else if (s.additionalProperties !== undefined) {
      const extra = s.additionalProperties.schema;
      prune(v, extra, key(path, k), extra?.embeddedResource ?? false, out);
    } else {
      if (!metaFields.has(k) || path !== '') out.push(key(path, k));
      delete x[k];
    }
  }
}

/** Under preserve-unknown-fields: unknown keys stay, known ones are pruned by their own schema. */
function keepUnknown(x: unknown, s: SchemaNode, path: string, embedded: boolean, out: string[]): void {
  if (Array.isArray(x)) {
    x.forEach((v, i) => prune(v, s.items, `${path}[${i}]`, s.items?.embeddedResource ?? false, out));
    return;
  }
  if (!isPlainObject(x)) return;
  for (const [k, v] of Object.entries(x)) {
    if (embedded && metaFields.has(k)) continue;
    const prop = s.properties?.get(k);
    if (prop !== undefined) prune(v, prop, key(path, k), prop.embeddedResource, out);
    else if (s.additionalProperties !== undefined) {
      const extra = s.additionalProperties.schema;
      prune(v, extra, key(path, k), extra?.embeddedResource ?? false, out);
    }
  }
}

/** Prunes obj in place as a resource root (its apiVersion, kind and metadata are kept). */
export function pruneUnknownFields(root: SchemaNode, obj: unknown): string[] {
  const out: string[] = [];
  prune(obj, root, '', true, out);
  return out.sort();
}
