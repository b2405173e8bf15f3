import { ApiError, errors } from '../errors.ts';
import { fieldsOf, matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector, SelectorError, supportedFieldsOf } from '../selectors/index.ts';
import type { FieldSelector, LabelSelector } from '../selectors/index.ts';
import type { KubeObject, ResourceType } from '../types.ts';
import { storageKeyOf } from '../types.ts';
import type { Scope, ServerContext } from '../context.ts';
import { getStored, qualifiedOf, type Result, resultOf, resultOfObject } from './common.ts';

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: string;
}

export interface ListResult {
  items: Result[];
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

/** Parsed selectors of a list or watch; `matches` is what both apply to each object. */
export interface Filter {
  namespace?: string;
  labels?: LabelSelector;
  fields?: FieldSelector;
  matches(obj: KubeObject): boolean;
}

export function filterOf(type: ResourceType, namespace: string | undefined, options: { labelSelector?: string; fieldSelector?: string }): Filter {
  let labels: LabelSelector | undefined;
  let fields: FieldSelector | undefined;
  try {
    if (options.labelSelector) labels = parseLabelSelector(options.labelSelector);
    if (options.fieldSelector) fields = parseFieldSelector(options.fieldSelector, supportedFieldsOf(type.group, type.kind, type.namespaced ? 'Namespaced' : 'Cluster'));
  } catch (error) {
    if (error instanceof SelectorError) throw ApiError.fromStatus(error.status() as never);
    throw error;
  }
  const ns = type.namespaced && namespace ? namespace : undefined;
  return {
    namespace: ns,
    labels,
    fields,
    matches(obj) {
      if (ns !== undefined && obj.metadata.namespace !== ns) return false;
      if (labels && !matchesLabels(labels, obj.metadata.labels ?? {})) return false;
      if (fields && !matchesFields(fields, fieldsOf(type.group, type.kind, obj))) return false;
      return true;
    },
  };
}

export function get(ctx: ServerContext, scope: Scope, name: string): Result {
  if (scope.type.readOnly) {
    const found = ctx.metrics(scope.type, scope.namespace).find((m) => m.metadata.name === name);
    if (!found) throw errors.notFound(qualifiedOf(scope.type), name);
    return resultOfObject(found);
  }
  return resultOf(getStored(ctx, scope, name));
}

interface ContinueToken {
  rv: number;
  start: string;
}

function decodeContinue(token: string): ContinueToken {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { v?: string; rv?: number; start?: string };
    if (parsed.v !== 'meta.k8s.io/v1' || typeof parsed.rv !== 'number' || typeof parsed.start !== 'string') throw new Error('bad token');
    return { rv: parsed.rv, start: parsed.start };
  } catch {
    throw errors.badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  }
}

function encodeContinue(rv: number, start: string): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start })).toString('base64url');
}

const CONTINUE_EXPIRED =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

export function list(ctx: ServerContext, scope: Scope, options: ListOptions): ListResult {
  const type = scope.type;
  const filter = filterOf(type, scope.namespace, options);
  const current = ctx.store.resourceVersion;
  if (type.readOnly) {
    return { items: ctx.metrics(type, filter.namespace).filter((m) => filter.matches(m)).map(resultOfObject), resourceVersion: String(current) };
  }
  if (options.resourceVersionMatch === 'Exact' && options.resourceVersion && Number(options.resourceVersion) !== current) {
    throw errors.gone(`too old resource version: ${options.resourceVersion} (${current})`);
  }
  let listVersion = current;
  let start = '';
  if (options.continue) {
    const token = decodeContinue(options.continue);
    if (token.rv < ctx.store.oldestResumableVersion) throw errors.gone(CONTINUE_EXPIRED);
    listVersion = token.rv;
    start = token.start;
  }
  const limit = options.limit && options.limit > 0 ? options.limit : Infinity;
  const items: Result[] = [];
  const all = ctx.store.list(storageKeyOf(type), filter.namespace);
  const filtered = Boolean(filter.labels || filter.fields);
  let i = 0;
  if (start) {
    // Objects are in key order; resume after the last key of the previous page.
    while (i < all.length && `${all[i]!.namespace}/${all[i]!.name}` <= start) i++;
  }
  for (; i < all.length; i++) {
    const s = all[i]!;
    if (filtered && !filter.matches(s.object)) continue;
    if (items.length === limit) {
      const last = items[items.length - 1]!.object.metadata;
      return {
        items,
        resourceVersion: String(listVersion),
        continue: encodeContinue(listVersion, `${last.namespace ?? ''}/${last.name}`),
        ...(filtered ? {} : { remainingItemCount: all.length - i }),
      };
    }
    items.push(resultOf(s));
  }
  return { items, resourceVersion: String(listVersion) };
}
