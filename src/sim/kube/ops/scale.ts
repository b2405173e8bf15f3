import { errors } from '../errors.ts';
import { applyPatch, patchSchemaFor } from '../patch/index.ts';
import { formatLabelSelector } from '../selectors/index.ts';
import type { KubeObject, ResourceType } from '../types.ts';
import type { Scope, ServerContext } from '../context.ts';
import { getStored, qualifiedOf, type Result } from './common.ts';
import { update } from './write.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- Scale bodies are loose JSON

function at(obj: unknown, path: string[]): unknown {
  return path.reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Json)[k] : undefined), obj);
}

function setAt(obj: Json, path: string[], value: unknown): void {
  let o = obj;
  for (const k of path.slice(0, -1)) o = (o[k] ??= {}) as Json;
  o[path[path.length - 1]!] = value;
}

function scaleSpec(type: ResourceType) {
  if (!type.scale) throw errors.pathNotFound();
  return type.scale;
}

/** The autoscaling/v1 Scale view of an object with a scale subresource. */
export function scaleOf(type: ResourceType, obj: KubeObject): Json {
  const s = scaleSpec(type);
  const selector = s.labelSelectorPath ? at(obj, s.labelSelectorPath) : undefined;
  const m = obj.metadata;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp },
    spec: { replicas: at(obj, s.specReplicasPath) ?? 0 },
    status: {
      replicas: at(obj, s.statusReplicasPath) ?? 0,
      ...(selector === undefined ? {} : { selector: typeof selector === 'string' ? selector : formatLabelSelector(selector as never) }),
    },
  };
}

export function getScale(ctx: ServerContext, scope: Scope, name: string): object {
  return scaleOf(scope.type, getStored(ctx, scope, name).object);
}

/** Writes a Scale back as a change of the object's replicas, keeping the Scale's resourceVersion as a precondition. */
async function writeScale(ctx: ServerContext, scope: Scope, name: string, scale: Json): Promise<object> {
  const s = scaleSpec(scope.type);
  const replicas = scale?.spec?.replicas;
  if (!Number.isInteger(replicas) || replicas < 0) {
    throw errors.invalid(`Scale.autoscaling "${name}" is invalid: spec.replicas: Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`, {
      name,
      group: 'autoscaling',
      kind: 'Scale',
      causes: [{ reason: 'FieldValueInvalid', message: 'must be greater than or equal to 0', field: 'spec.replicas' }],
    });
  }
  const current = getStored(ctx, scope, name);
  const next = JSON.parse(current.json) as Json;
  setAt(next, s.specReplicasPath, replicas);
  next.metadata.resourceVersion = scale.metadata?.resourceVersion || current.object.metadata.resourceVersion;
  const result: Result = await update(ctx, scope, name, next);
  return scaleOf(scope.type, result.object);
}

export function updateScale(ctx: ServerContext, scope: Scope, name: string, body: unknown): Promise<object> {
  if (!body || typeof body !== 'object') throw errors.badRequest('the body of the request must be a Scale object');
  const scale = body as Json;
  if (scale.metadata?.name && scale.metadata.name !== name) throw errors.badRequest(`the name of the object (${scale.metadata.name}) does not match the name on the URL (${name})`);
  return writeScale(ctx, scope, name, scale);
}

export function patchScale(ctx: ServerContext, scope: Scope, name: string, contentType: string, patchBody: unknown): Promise<object> {
  const current = scaleOf(scope.type, getStored(ctx, scope, name).object);
  // A built-in's /scale takes strategic merge patches as an autoscaling/v1 Scale; a custom resource's does not.
  const patched = applyPatch(contentType, current, patchBody, scope.type.crdName ? undefined : patchSchemaFor('autoscaling', 'v1', 'Scale'));
  if (!patched || typeof patched !== 'object') throw errors.badRequest(`invalid patch for ${qualifiedOf(scope.type).resource}/scale`);
  return writeScale(ctx, scope, name, patched as Json);
}
