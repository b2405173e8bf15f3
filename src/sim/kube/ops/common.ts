import { errors, type QualifiedResource } from '../errors.ts';
import type { StoredObject } from '../store.ts';
import type { KubeObject, ResourceType } from '../types.ts';
import { apiVersionOf, storageKeyOf } from '../types.ts';
import type { Scope, ServerContext } from '../context.ts';

/** What a read or write hands back: the object and its wire form. */
export interface Result {
  object: KubeObject;
  json: string;
}

export function resultOf(stored: StoredObject): Result {
  return { object: stored.object, json: stored.json };
}

export function resultOfObject(object: KubeObject): Result {
  return { object, json: JSON.stringify(object) };
}

export function qualifiedOf(type: ResourceType): QualifiedResource {
  return { group: type.group, resource: type.plural };
}

/** A private, mutable copy of a stored object. */
export function copyOf(stored: StoredObject): KubeObject {
  return JSON.parse(stored.json) as KubeObject;
}

export function namespaceOf(scope: Scope): string {
  return scope.type.namespaced ? (scope.namespace ?? '') : '';
}

export function getStored(ctx: ServerContext, scope: Scope, name: string): StoredObject {
  const stored = ctx.store.get(storageKeyOf(scope.type), namespaceOf(scope), name);
  if (!stored) throw errors.notFound(qualifiedOf(scope.type), name);
  return stored;
}

/** Checks a request body is an object of the endpoint's kind, filling apiVersion/kind when absent. */
export function asObjectOfType(body: unknown, type: ResourceType): KubeObject {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw errors.badRequest('the body of the request must be a JSON object');
  const obj = body as KubeObject;
  const apiVersion = apiVersionOf(type);
  obj.apiVersion ??= apiVersion;
  obj.kind ??= type.kind;
  if (obj.apiVersion !== apiVersion) throw errors.badRequest(`the API version in the data (${obj.apiVersion}) does not match the expected API version (${apiVersion})`);
  if (obj.kind !== type.kind) throw errors.badRequest(`the kind in the data (${obj.kind}) does not match the expected kind (${type.kind})`);
  if (typeof obj.metadata !== 'object' || obj.metadata === null || Array.isArray(obj.metadata)) obj.metadata = {};
  return obj;
}

/** A JSON form with sorted keys, for comparing objects regardless of key order. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}
