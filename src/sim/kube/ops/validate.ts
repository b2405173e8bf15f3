import { ApiError, errors, type Status } from '../errors.ts';
import type { FieldError } from '../schema/index.ts';
import { invalidStatus, pruneObjectMeta, validateObjectMeta } from '../schema/index.ts';
import type { KubeObject } from '../types.ts';
import type { Scope, ServerContext } from '../context.ts';

/**
 * Defaulting, pruning and validation of an object about to be written, in the real server's
 * order: custom resources are defaulted and pruned by their structural schema (unknown fields
 * are an error under fieldValidation=Strict, a warning under Warn), then ObjectMeta, the schema
 * and the type's own rules are checked together and reported as one 422.
 */
export function defaultAndValidate(ctx: ServerContext, scope: Scope, obj: KubeObject, old: KubeObject | undefined): void {
  const type = scope.type;
  const schema = ctx.customResources.schemaOf(type);
  const problems: FieldError[] = [];
  const unknown = pruneObjectMeta(obj.metadata);
  if (schema) {
    schema.applyDefaults(obj);
    unknown.push(...schema.prune(obj));
  }
  if (unknown.length && scope.fieldValidation === 'Strict') {
    throw errors.badRequest(`strict decoding error: ${unknown.map((f) => `unknown field "${f}"`).join(', ')}`);
  }
  if (unknown.length && scope.fieldValidation === 'Warn') scope.warnings.push(...unknown.map((f) => `unknown field "${f}"`));
  problems.push(...validateObjectMeta(obj.metadata, { namespaced: type.namespaced, nameRule: type.nameRule }));
  if (schema) problems.push(...schema.validate(obj));
  problems.push(...(type.strategy?.validate?.(obj, old) ?? []));
  if (problems.length) {
    throw ApiError.fromStatus(invalidStatus({ group: type.group, kind: type.kind, name: obj.metadata.name ?? '', errors: problems }) as Status);
  }
}

/** NamespaceLifecycle admission: new content needs a namespace that exists and is not terminating. */
export function checkNamespaceAccepts(ctx: ServerContext, scope: Scope, name: string): void {
  if (!scope.type.namespaced) return;
  const ns = ctx.store.get('/namespaces', '', scope.namespace ?? '');
  if (!ns) throw errors.notFound({ group: '', resource: 'namespaces' }, scope.namespace ?? '');
  if (ns.object.metadata.deletionTimestamp) {
    const e = errors.forbidden({ group: scope.type.group, resource: scope.type.plural }, name, `unable to create new content in namespace ${scope.namespace} because it is being terminated`);
    e.status.details!.causes = [{ reason: 'NamespaceTerminating', message: `namespace ${scope.namespace} is being terminated`, field: 'metadata.namespace' }];
    throw e;
  }
}
