import { errors } from '../errors.ts';
import type { KubeObject } from '../types.ts';
import { storageKeyOf } from '../types.ts';
import type { Scope, ServerContext } from '../context.ts';
import { copyOf, getStored, namespaceOf, qualifiedOf, type Result, resultOf, resultOfObject } from './common.ts';
import { list, type ListOptions } from './read.ts';
import { rfc3339 } from '../time.ts';

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  preconditions?: { uid?: string; resourceVersion?: string };
}

export const FOREGROUND_FINALIZER = 'foregroundDeletion';
export const ORPHAN_FINALIZER = 'orphan';

function checkPreconditions(scope: Scope, obj: KubeObject, pre: DeleteOptions['preconditions']): void {
  if (!pre) return;
  const r = qualifiedOf(scope.type);
  const name = obj.metadata.name ?? '';
  if (pre.uid && pre.uid !== obj.metadata.uid) {
    throw errors.conflict(r, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${obj.metadata.uid}`);
  }
  if (pre.resourceVersion && pre.resourceVersion !== obj.metadata.resourceVersion) {
    throw errors.conflict(r, name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${obj.metadata.resourceVersion}`);
  }
}

/**
 * A pod bound to a node is deleted gracefully: it gets a deletionTimestamp and stays until its
 * kubelet confirms termination (a delete with grace period 0). Unbound and finished pods go at once.
 */
function podGracePeriod(obj: KubeObject, options: DeleteOptions): number {
  const spec = (obj.spec ?? {}) as { nodeName?: string; terminationGracePeriodSeconds?: number };
  const phase = (obj.status as { phase?: string } | undefined)?.phase;
  if (!spec.nodeName || phase === 'Succeeded' || phase === 'Failed') return 0;
  const grace = options.gracePeriodSeconds ?? spec.terminationGracePeriodSeconds ?? 30;
  return Math.max(0, grace);
}

export async function remove(ctx: ServerContext, scope: Scope, name: string, options: DeleteOptions): Promise<Result> {
  const type = scope.type;
  const key = storageKeyOf(type);
  const stored = getStored(ctx, scope, name);
  checkPreconditions(scope, stored.object, options.preconditions);
  const warnings = await ctx.admission.validate({
    operation: 'DELETE',
    type,
    namespace: type.namespaced ? scope.namespace : undefined,
    name,
    oldObject: stored.object,
    user: scope.user,
    dryRun: scope.dryRun,
    options: { ...(options.gracePeriodSeconds !== undefined ? { gracePeriodSeconds: options.gracePeriodSeconds } : {}), ...(options.propagationPolicy ? { propagationPolicy: options.propagationPolicy } : {}) },
  });
  scope.warnings.push(...warnings);
  // Admission is asynchronous: act on the object as it is now.
  const current = ctx.store.get(key, namespaceOf(scope), name);
  if (!current) throw errors.notFound(qualifiedOf(type), name);
  if (scope.dryRun) return resultOf(current);
  const obj = copyOf(current);
  const meta = obj.metadata;
  const now = ctx.now();

  if (type.group === '' && type.plural === 'pods') {
    const grace = podGracePeriod(obj, options);
    if (grace > 0) {
      const deadline = new Date(now.getTime() + grace * 1000);
      if (meta.deletionTimestamp && Date.parse(meta.deletionTimestamp) <= deadline.getTime()) return resultOf(current);
      meta.deletionTimestamp = rfc3339(deadline);
      meta.deletionGracePeriodSeconds = grace;
      return resultOf(ctx.store.put(key, obj));
    }
  }

  const finalizers = new Set(meta.finalizers ?? []);
  if (options.propagationPolicy === 'Foreground') finalizers.add(FOREGROUND_FINALIZER);
  if (options.propagationPolicy === 'Orphan') finalizers.add(ORPHAN_FINALIZER);
  if (type.group === '' && type.plural === 'namespaces') {
    // The namespace controller empties it, then drops spec.finalizers and the object.
    if (!meta.deletionTimestamp) {
      meta.deletionTimestamp = rfc3339(now);
      meta.deletionGracePeriodSeconds = 0;
      obj.status = { ...(obj.status as object), phase: 'Terminating' };
      return resultOf(ctx.store.put(key, obj));
    }
    return resultOf(current);
  }
  if (finalizers.size > 0) {
    if (meta.deletionTimestamp && finalizers.size === (meta.finalizers ?? []).length) return resultOf(current);
    meta.finalizers = [...finalizers];
    meta.deletionTimestamp ??= rfc3339(now);
    meta.deletionGracePeriodSeconds ??= 0;
    return resultOf(ctx.store.put(key, obj));
  }
  const removed = ctx.store.remove(key, namespaceOf(scope), name);
  return removed ? resultOf(removed) : resultOfObject(obj);
}

export async function removeCollection(ctx: ServerContext, scope: Scope, listOptions: ListOptions, options: DeleteOptions): Promise<{ items: Result[] }> {
  const { items } = list(ctx, scope, { labelSelector: listOptions.labelSelector, fieldSelector: listOptions.fieldSelector });
  const deleted: Result[] = [];
  for (const item of items) {
    const itemScope: Scope = { ...scope, namespace: item.object.metadata.namespace };
    try {
      deleted.push(await remove(ctx, itemScope, item.object.metadata.name!, options));
    } catch (error) {
      // Something else deleted it meanwhile; deletecollection does not fail for that.
      if ((error as { code?: number }).code !== 404) throw error;
    }
  }
  return { items: deleted };
}
