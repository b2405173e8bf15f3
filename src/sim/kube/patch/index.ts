export { applyJsonPatch } from './json-patch.ts';
export { applyMergePatch } from './merge-patch.ts';
export { PatchError } from './patch-error.ts';
export type { PatchErrorCode, PatchErrorReason, PatchStatus, PatchStatusCause } from './patch-error.ts';
export {
  APPLY_PATCH,
  JSON_PATCH,
  MERGE_PATCH,
  STRATEGIC_MERGE_PATCH,
  applyPatch,
  strategicMergeUnsupportedMessage,
} from './patch-types.ts';
export { patchSchemaFor } from './schema/builtin-types.ts';
export type { PatchField, PatchSchema } from './schema/patch-schema.ts';
export { applyStrategicMergePatch } from './strategic/merge.ts';
