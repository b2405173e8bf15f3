import { randomBytes } from 'node:crypto';
import { errors } from '../errors.ts';
import { applyPatch, patchSchemaFor } from '../patch/index.ts';
import type { StoredObject } from '../store.ts';
import type { KubeObject } from '../types.ts';
import { storageKeyOf } from '../types.ts';
import type { Operation } from '../admission/attributes.ts';
import type { Scope, ServerContext } from '../context.ts';
import { asObjectOfType, canonical, copyOf, getStored, namespaceOf, qualifiedOf, type Result, resultOf, resultOfObject } from './common.ts';
import { checkNamespaceAccepts, defaultAndValidate } from './validate.ts';
import { rfc3339 } from '../time.ts';

const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const MAX_PATCH_ATTEMPTS = 5;

function generatedName(prefix: string): string {
  const bytes = randomBytes(5);
  return prefix + [...bytes].map((b) => NAME_ALPHABET[b % NAME_ALPHABET.length]).join('');
}

function withoutMetaAndStatus(obj: KubeObject, dropStatus: boolean): string {
  const { metadata: _m, status, ...rest } = obj;
  return canonical(dropStatus ? rest : { ...rest, status });
}

/** Runs validating admission, merging its warnings into the request's. */
async function admit(ctx: ServerContext, scope: Scope, operation: Operation, obj: KubeObject, old: KubeObject | undefined, subresource?: string): Promise<void> {
  const warnings = await ctx.admission.validate({
    operation,
    type: scope.type,
    subresource,
    namespace: scope.type.namespaced ? scope.namespace : undefined,
    name: obj.metadata.name ?? '',
    object: obj,
    oldObject: old,
    user: scope.user,
    dryRun: scope.dryRun,
  });
  scope.warnings.push(...warnings);
}

export async function create(ctx: ServerContext, scope: Scope, body: unknown): Promise<Result> {
  const type = scope.type;
  const obj = asObjectOfType(body, type);
  const meta = obj.metadata;
  if (type.namespaced) {
    if (meta.namespace !== undefined && meta.namespace !== '' && meta.namespace !== scope.namespace) {
      throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    meta.namespace = scope.namespace;
  } else {
    delete meta.namespace;
  }
  if (!meta.name && meta.generateName) meta.name = generatedName(String(meta.generateName));
  if (meta.resourceVersion) throw errors.internal('resourceVersion should not be set on objects to be created');
  meta.uid = ctx.newUid();
  meta.creationTimestamp = rfc3339(ctx.now());
  delete meta.deletionTimestamp;
  delete meta.deletionGracePeriodSeconds;
  if (type.tracksGeneration) meta.generation = 1;
  else delete meta.generation;
  // With a status subresource, status is written through /status only.
  if (type.crdName && type.statusSubresource) delete obj.status;
  type.strategy?.prepareForCreate?.(obj, { now: () => ctx.now(), allocateClusterIP: () => ctx.allocateClusterIP() });
  defaultAndValidate(ctx, scope, obj, undefined);
  checkNamespaceAccepts(ctx, scope, meta.name ?? '');
  await admit(ctx, scope, 'CREATE', obj, undefined);
  const key = storageKeyOf(type);
  if (ctx.store.get(key, namespaceOf(scope), meta.name!)) throw errors.alreadyExists(qualifiedOf(type), meta.name!);
  if (scope.dryRun) return resultOfObject(obj);
  return resultOf(ctx.store.put(key, obj));
}

/**
 * The object an update of `current` to `incoming` stores: server-owned metadata is kept, the
 * main resource cannot change status and `/status` can change nothing else, and generation
 * moves when anything outside metadata and status changes.
 */
function mergeForUpdate(ctx: ServerContext, scope: Scope, current: StoredObject, incoming: KubeObject, subresource: string | undefined): KubeObject {
  const type = scope.type;
  const old = current.object;
  let next: KubeObject;
  if (subresource === 'status') {
    next = copyOf(current);
    if (incoming.status === undefined) delete next.status;
    else next.status = incoming.status;
    if (!type.crdName) {
      // Built-in status strategies keep the new labels and annotations (kubelets set them).
      next.metadata.labels = incoming.metadata.labels;
      next.metadata.annotations = incoming.metadata.annotations;
    }
  } else {
    next = incoming;
    if (type.statusSubresource) {
      if (old.status === undefined) delete next.status;
      else next.status = old.status;
    }
  }
  const meta = next.metadata;
  const kept = meta as Record<string, unknown>;
  for (const field of ['uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'namespace', 'generation']) {
    if (old.metadata[field] === undefined) delete kept[field];
    else kept[field] = old.metadata[field];
  }
  if (old.metadata.deletionTimestamp) {
    const added = (meta.finalizers ?? []).filter((f) => !(old.metadata.finalizers ?? []).includes(f));
    if (added.length) {
      throw errors.invalid(`${type.kind} "${meta.name}" is invalid: metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{${added.map((f) => JSON.stringify(f)).join(', ')}}`, {
        name: meta.name,
        group: type.group,
        kind: type.kind,
        causes: [{ reason: 'FieldValueForbidden', message: 'no new finalizers can be added if the object is being deleted', field: 'metadata.finalizers' }],
      });
    }
  }
  if (type.tracksGeneration && withoutMetaAndStatus(next, type.statusSubresource) !== withoutMetaAndStatus(old, type.statusSubresource)) {
    meta.generation = (old.metadata.generation ?? 0) + 1;
  }
  if (subresource !== 'status') type.strategy?.prepareForUpdate?.(next, old, { now: () => ctx.now(), allocateClusterIP: () => ctx.allocateClusterIP() });
  return next;
}

class StaleRead extends Error {}

/** Validates, admits and stores an update of `current`; throws StaleRead if it changed meanwhile. */
async function commit(ctx: ServerContext, scope: Scope, current: StoredObject, next: KubeObject, subresource: string | undefined): Promise<Result> {
  defaultAndValidate(ctx, scope, next, current.object);
  await admit(ctx, scope, 'UPDATE', next, current.object, subresource);
  const key = storageKeyOf(scope.type);
  const latest = ctx.store.get(key, current.namespace, current.name);
  if (!latest) throw errors.notFound(qualifiedOf(scope.type), current.name);
  if (latest.resourceVersion !== current.resourceVersion) throw new StaleRead();
  next.metadata.resourceVersion = current.object.metadata.resourceVersion;
  // An update that changes nothing is not written: no new resourceVersion, no watch event.
  if (JSON.stringify(next) === current.json) return resultOf(current);
  if (scope.dryRun) return resultOfObject(next);
  const stored = ctx.store.put(key, next);
  if (next.metadata.deletionTimestamp && (next.metadata.finalizers ?? []).length === 0) {
    return resultOf(ctx.store.remove(key, current.namespace, current.name) ?? stored);
  }
  return resultOf(stored);
}

export async function update(ctx: ServerContext, scope: Scope, name: string, body: unknown, subresource?: string): Promise<Result> {
  const type = scope.type;
  const incoming = asObjectOfType(body, type);
  if (incoming.metadata.name !== undefined && incoming.metadata.name !== name) {
    throw errors.badRequest(`the name of the object (${incoming.metadata.name}) does not match the name on the URL (${name})`);
  }
  if (type.namespaced && incoming.metadata.namespace && incoming.metadata.namespace !== scope.namespace) {
    throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  incoming.metadata.name = name;
  const expected = incoming.metadata.resourceVersion;
  const bodyJson = JSON.stringify(incoming);
  for (let attempt = 0; ; attempt++) {
    const current = getStored(ctx, scope, name);
    if (expected) {
      if (expected !== String(current.resourceVersion)) throw errors.staleResourceVersion(qualifiedOf(type), name);
    } else if (!type.allowUnconditionalUpdate) {
      throw errors.invalid(`${type.kind}.${type.group} "${name}" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update`, {
        name,
        group: type.group,
        kind: type.kind,
        causes: [{ reason: 'FieldValueInvalid', message: 'Invalid value: 0x0: must be specified for an update', field: 'metadata.resourceVersion' }],
      });
    }
    const next = mergeForUpdate(ctx, scope, current, JSON.parse(bodyJson) as KubeObject, subresource);
    try {
      return await commit(ctx, scope, current, next, subresource);
    } catch (error) {
      if (!(error instanceof StaleRead)) throw error;
      // An unconditional update retries on the newer object, as GuaranteedUpdate does.
      if (expected || attempt >= MAX_PATCH_ATTEMPTS) throw errors.staleResourceVersion(qualifiedOf(type), name);
    }
  }
}

export async function patch(ctx: ServerContext, scope: Scope, name: string, contentType: string, patchBody: unknown, subresource?: string): Promise<Result> {
  const type = scope.type;
  for (let attempt = 0; ; attempt++) {
    const current = getStored(ctx, scope, name);
    const schema = type.crdName ? undefined : patchSchemaFor(type.group, type.version, type.kind);
    const patched = applyPatch(contentType, copyOf(current), patchBody, schema);
    const incoming = asObjectOfType(patched, type);
    const expected = incoming.metadata.resourceVersion;
    // A resourceVersion inside the patch is a precondition, like on an update.
    if (expected && expected !== String(current.resourceVersion)) throw errors.staleResourceVersion(qualifiedOf(type), name);
    if (incoming.metadata.name !== name) throw errors.badRequest(`the name of the object (${String(incoming.metadata.name)}) does not match the name on the URL (${name})`);
    const next = mergeForUpdate(ctx, scope, current, incoming, subresource);
    try {
      return await commit(ctx, scope, current, next, subresource);
    } catch (error) {
      if (!(error instanceof StaleRead)) throw error;
      if (expected || attempt >= MAX_PATCH_ATTEMPTS) throw errors.staleResourceVersion(qualifiedOf(type), name);
    }
  }
}

