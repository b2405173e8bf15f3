// ObjectMeta rules applied on create and update (apimachinery api/validation
// ValidateObjectMetaAccessor), with the real wording and field paths.
import { forbidden, invalid, required, tooLong } from './fieldError.ts';
import type { FieldError } from './fieldError.ts';
import { isPlainObject } from './jsonValue.ts';
import { isDns1123Label, isQualifiedName, isValidLabelValue, validateName } from './names.ts';
import type { NameRule } from './names.ts';

export type ObjectMetaOptions = { namespaced: boolean; nameRule: NameRule; path?: string };

export const totalAnnotationSizeLimit = 256 * 1024;

const objectMetaFields = new Set([
  'name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp',
  'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields',
]);

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function stringMapErrors(path: string, v: unknown): FieldError[] | Record<string, string> {
  if (v === undefined || v === null) return {};
  if (!isPlainObject(v) || !Object.values(v).every((x) => typeof x === 'string')) {
    return [invalid(path, v, 'must be a map of string keys to string values')];
  }
  return v as Record<string, string>;
}

function labelErrors(path: string, v: unknown): FieldError[] {
  const labels = stringMapErrors(path, v);
  if (Array.isArray(labels)) return labels;
  const out: FieldError[] = [];
  for (const [k, val] of Object.entries(labels)) {
    for (const msg of isQualifiedName(k)) out.push(invalid(path, k, msg));
    for (const msg of isValidLabelValue(val)) out.push(invalid(path, val, msg));
  }
  return out;
}

function annotationErrors(path: string, v: unknown): FieldError[] {
  const annotations = stringMapErrors(path, v);
  if (Array.isArray(annotations)) return annotations;
  const out: FieldError[] = [];
  let size = 0;
  for (const [k, val] of Object.entries(annotations)) {
    // Annotation keys are qualified names regardless of case.
    for (const msg of isQualifiedName(k.toLowerCase())) out.push(invalid(path, k, msg));
    size += Buffer.byteLength(k) + Buffer.byteLength(val);
  }
  if (size > totalAnnotationSizeLimit) out.push(tooLong(path, totalAnnotationSizeLimit));
  return out;
}

/** schema.FromAPIVersionAndKind's version: "" when apiVersion has more than one '/'. */
function versionOf(apiVersion: string): string {
  const slashes = apiVersion.split('/').length - 1;
  if (slashes === 0) return apiVersion;
  return slashes === 1 ? apiVersion.slice(apiVersion.indexOf('/') + 1) : '';
}

function ownerReferenceErrors(path: string, v: unknown): FieldError[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || !v.every(isPlainObject)) return [invalid(path, v, 'must be a list of owner references')];
  const out: FieldError[] = [];
  let firstController = '';
  for (const ref of v) {
    const apiVersion = str(ref.apiVersion);
    const kind = str(ref.kind);
    const name = str(ref.name);
    const version = versionOf(apiVersion);
    if (version === '') out.push(invalid(`${path}.apiVersion`, apiVersion, 'version must not be empty'));
    if (kind === '') out.push(invalid(`${path}.kind`, kind, 'kind must not be empty'));
    if (name === '') out.push(invalid(`${path}.name`, name, 'name must not be empty'));
    if (str(ref.uid) === '') out.push(invalid(`${path}.uid`, str(ref.uid), 'uid must not be empty'));
    if (apiVersion === 'v1' && kind === 'Event') out.push(invalid(path, ref, '/v1, Kind=Event is disallowed from being an owner'));
    if (ref.controller === true) {
      const current = `${kind}/${name}`;
      if (firstController === '') firstController = current;
      else {
        out.push(invalid(path, v, `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${current}`));
      }
    }
  }
  return out;
}

function finalizerErrors(path: string, v: unknown): FieldError[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || !v.every((f) => typeof f === 'string')) return [invalid(path, v, 'must be a list of strings')];
  const out: FieldError[] = [];
  for (const f of v) for (const msg of isQualifiedName(f)) out.push(invalid(path, f, msg));
  if (v.includes('orphan') && v.includes('foregroundDeletion')) {
    out.push(invalid(path, v, 'finalizer orphan and foregroundDeletion cannot be both set'));
  }
  return out;
}

/** The errors a real API server reports for an object's metadata on create or update. */
export function validateObjectMeta(meta: unknown, opts: ObjectMetaOptions): FieldError[] {
  const path = opts.path ?? 'metadata';
  if (!isPlainObject(meta)) return [invalid(path, meta ?? null, 'must be an object')];
  const out: FieldError[] = [];
  const generateName = str(meta.generateName);
  const name = str(meta.name);
  const namespace = str(meta.namespace);
  if (generateName !== '') {
    for (const msg of validateName(opts.nameRule, generateName, true)) out.push(invalid(`${path}.generateName`, generateName, msg));
  }
  if (name === '') out.push(required(`${path}.name`, 'name or generateName is required'));
  else for (const msg of validateName(opts.nameRule, name, false)) out.push(invalid(`${path}.name`, name, msg));
  if (opts.namespaced) {
    if (namespace === '') out.push(required(`${path}.namespace`));
    else for (const msg of isDns1123Label(namespace)) out.push(invalid(`${path}.namespace`, namespace, msg));
  } else if (namespace !== '') {
    out.push(forbidden(`${path}.namespace`, 'not allowed on this type'));
  }
  const generation = meta.generation;
  if (typeof generation === 'number' && generation < 0) {
    out.push(invalid(`${path}.generation`, generation, 'must be greater than or equal to 0'));
  }
  out.push(...labelErrors(`${path}.labels`, meta.labels));
  out.push(...annotationErrors(`${path}.annotations`, meta.annotations));
  out.push(...ownerReferenceErrors(`${path}.ownerReferences`, meta.ownerReferences));
  out.push(...finalizerErrors(`${path}.finalizers`, meta.finalizers));
  return out;
}

/**
 * Drops fields ObjectMeta does not have, returning their paths (e.g. "metadata.foo") as the real
 * server names them in strict-decoding errors and warnings.
 */
export function pruneObjectMeta(meta: Record<string, unknown>, path = 'metadata'): string[] {
  const pruned: string[] = [];
  for (const k of Object.keys(meta)) {
    if (objectMetaFields.has(k)) continue;
    delete meta[k];
    pruned.push(`${path}.${k}`);
  }
  return pruned.sort();
}
