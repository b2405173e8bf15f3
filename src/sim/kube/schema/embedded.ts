// Validation of objects marked x-kubernetes-embedded-resource below the root (apiextensions'
// objectmeta.Validate): apiVersion and kind required, metadata checked with the path-segment
// name rule. The root object's own metadata is left to validateObjectMeta.
import { invalid, required } from './fieldError.ts';
import type { FieldError } from './fieldError.ts';
import { isPlainObject } from './jsonValue.ts';
import { isDns1035Label } from './names.ts';
import { validateObjectMeta } from './objectMeta.ts';
import type { SchemaNode } from './structural.ts';

function embeddedResourceErrors(path: string, x: Record<string, unknown>): FieldError[] {
  const out: FieldError[] = [];
  if (!('apiVersion' in x)) out.push(required(`${path}.apiVersion`));
  if (!('kind' in x)) out.push(required(`${path}.kind`));
  for (const [k, v] of Object.entries(x)) {
    if (k === 'apiVersion') {
      if (typeof v !== 'string') out.push(invalid(`${path}.apiVersion`, v, 'must be a string'));
      else if (v === '') out.push(invalid(`${path}.apiVersion`, v, 'must not be empty'));
      else if (v.split('/').length > 2) out.push(invalid(`${path}.apiVersion`, v, `unexpected GroupVersion string: ${v}`));
    } else if (k === 'kind') {
      if (typeof v !== 'string') out.push(invalid(`${path}.kind`, v, 'must be a string'));
      else if (v === '') out.push(invalid(`${path}.kind`, v, 'must not be empty'));
      else {
        const errs = isDns1035Label(v.toLowerCase());
        if (errs.length > 0) out.push(invalid(`${path}.kind`, v, `may have mixed case, but should otherwise match: ${errs.join(',')}`));
      }
    } else if (k === 'metadata') {
      const meta = isPlainObject(v) && (typeof v.name !== 'string' || v.name === '') ? { ...v, name: 'fakename' } : v;
      const namespaced = isPlainObject(v) && typeof v.namespace === 'string' && v.namespace !== '';
      out.push(...validateObjectMeta(meta, { namespaced, nameRule: 'path', path: `${path}.metadata` }));
    }
  }
  return out;
}

function walk(path: string, node: SchemaNode | undefined, x: unknown, out: FieldError[]): void {
  if (node === undefined) return;
  if (Array.isArray(x)) {
    x.forEach((v, i) => walk(`${path}[${i}]`, node.items, v, out));
  } else if (isPlainObject(x)) {
    if (node.embeddedResource) out.push(...embeddedResourceErrors(path, x));
    for (const [k, v] of Object.entries(x)) {
      const prop = node.properties?.get(k);
      if (prop !== undefined) walk(path === '' ? k : `${path}.${k}`, prop, v, out);
      else if (node.additionalProperties !== undefined) walk(`${path}[${k}]`, node.additionalProperties.schema, v, out);
    }
  }
}

/** Errors of every embedded resource inside obj (the root itself is not treated as one here). */
export function embeddedResourceErrorsBelow(root: SchemaNode, obj: unknown): FieldError[] {
  const out: FieldError[] = [];
  if (!isPlainObject(obj)) return out;
  for (const [k, v] of Object.entries(obj)) {
    const prop = root.properties?.get(k);
    if (prop !== undefined) walk(k, prop, v, out);
    else if (root.additionalProperties !== undefined) walk(`[${k}]`, root.additionalProperties.schema, v, out);
  }
  return out;
}
