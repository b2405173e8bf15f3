// PATCH dispatch on Content-Type, with the two refusals the real server has: go-restful's route
// match for built-in types ("415: Unsupported Media Type"), then the patch handler's own check
// ("the body of the request was in an unknown format - …"), which is the only one custom
// resources go through and which leaves strategic merge patch out of their list.
import { applyJsonPatch } from './json-patch.ts';
import type { JsonValue } from './json-value.ts';
import { isObject } from './json-value.ts';
import { applyMergePatch } from './merge-patch.ts';
import { badRequest, undecodablePatchResult, unsupportedMediaType } from './patch-error.ts';
import type { PatchSchema } from './schema/patch-schema.ts';
import { applyStrategicMergePatch } from './strategic/merge.ts';

export const JSON_PATCH = 'application/json-patch+json';
export const MERGE_PATCH = 'application/merge-patch+json';
export const STRATEGIC_MERGE_PATCH = 'application/strategic-merge-patch+json';
export const APPLY_PATCH = 'application/apply-patch+yaml';

const builtinPatchTypes = [JSON_PATCH, MERGE_PATCH, STRATEGIC_MERGE_PATCH, APPLY_PATCH];
const customResourcePatchTypes = [JSON_PATCH, MERGE_PATCH, APPLY_PATCH];

function unknownFormat(accepted: readonly string[]): string {
  return `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`;
}

/** What kube-apiserver answers (415) to a strategic merge patch of a custom resource. */
export function strategicMergeUnsupportedMessage(): string {
  return unknownFormat(customResourcePatchTypes);
}

/**
 * Applies a PATCH body to the stored object. `schema` is the type's PatchSchema for built-in
 * types and undefined for custom resources. Throws PatchError with the real server's status.
 */
export function applyPatch(contentType: string, original: unknown, patchBody: unknown, schema: PatchSchema | undefined): unknown {
  const accepted = schema === undefined ? customResourcePatchTypes : builtinPatchTypes;
  if (schema !== undefined && !routeConsumes(contentType, accepted)) throw unsupportedMediaType('415: Unsupported Media Type', {});
  const semicolon = contentType.indexOf(';');
  const patchType = semicolon > 0 ? contentType.slice(0, semicolon) : contentType;
  if (!accepted.includes(patchType)) throw unsupportedMediaType(unknownFormat(accepted));
  switch (patchType) {
    case JSON_PATCH:
      return applyJsonPatch(original, patchBody);
    case MERGE_PATCH:
      return applyServerMergePatch(original, patchBody as JsonValue);
    case STRATEGIC_MERGE_PATCH:
      return applyStrategicMergePatch(original, patchBody, schema as PatchSchema);
    default:
      throw unsupportedMediaType(
        'server-side apply (application/apply-patch+yaml) is not supported by the simulated API server; ' +
          'use client-side apply (kubectl apply --server-side=false)',
      );
  }
}

/** go-restful's Consumes match: any comma-separated type, parameters and surrounding blanks dropped. */
function routeConsumes(contentType: string, accepted: readonly string[]): boolean {
  return contentType.split(',').some((part) => accepted.includes((part.split(';')[0] ?? '').trim()));
}

/** The handler's merge patch: a body that is not an object is refused, or decoded and refused. */
function applyServerMergePatch(original: unknown, patch: JsonValue): unknown {
  if (!isObject(patch) && !Array.isArray(patch)) throw badRequest('Invalid JSON Patch');
  const result = applyMergePatch(original, patch) as JsonValue;
  if (Array.isArray(result)) throw undecodablePatchResult(result);
  return result;
}
