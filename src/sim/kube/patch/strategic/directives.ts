// The directives a strategic merge patch may carry (apimachinery strategicpatch), and the
// errors the real server answers when they are malformed.
import type { GoType, JsonObject, JsonValue } from '../json-value.ts';
import { goType, goTypeName, goValue, hasMember, isObject, setMember } from '../json-value.ts';
import type { PatchError } from '../patch-error.ts';
import { badRequest, rejectedPatch, unhandled } from '../patch-error.ts';

export const PATCH_DIRECTIVE = '$patch';
export const RETAIN_KEYS = '$retainKeys';
export const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList';
export const SET_ELEMENT_ORDER = '$setElementOrder';

type Prefix = typeof DELETE_FROM_PRIMITIVE_LIST | typeof SET_ELEMENT_ORDER;

/** `$deleteFromPrimitiveList/finalizers` → `finalizers`. */
export function directiveField(key: string, prefix: Prefix): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) {
    throw badRequest(prefix === SET_ELEMENT_ORDER ? 'invalid patch format of setElementOrder list' : 'invalid patch format of primitive list');
  }
  return key.slice(slash + 1);
}

function isDirectiveKey(key: string): boolean {
  return key === PATCH_DIRECTIVE || key === RETAIN_KEYS || key.startsWith(DELETE_FROM_PRIMITIVE_LIST) || key.startsWith(SET_ELEMENT_ORDER);
}

/**
 * A value the merge takes from the patch where the object has nothing to merge it into:
 * discardNullValuesFromPatch, then removeDirectives (a map carrying `$patch` is dropped whole),
 * then what the typed decoder drops (any other directive key). `undefined` means "leave it out".
 */
export function newValue(v: JsonValue): JsonValue | undefined {
  if (Array.isArray(v)) {
    const out: JsonValue[] = [];
    for (const item of v) {
      const kept = newValue(item);
      if (kept !== undefined) out.push(kept);
    }
    return out;
  }
  if (!isObject(v)) return v;
  if (hasMember(v, PATCH_DIRECTIVE)) return undefined;
  const out: JsonObject = {};
  for (const key of Object.keys(v)) {
    if (v[key] === null || isDirectiveKey(key)) continue;
    const kept = newValue(v[key]);
    if (kept !== undefined) setMember(out, key, kept);
  }
  return out;
}

/**
 * A value the merge inserts verbatim (a replaced list or map, an appended list item), as the typed
 * object the server decodes it into keeps it: null members and directive keys vanish.
 */
export function decodedValue(v: JsonValue): JsonValue {
  if (Array.isArray(v)) return v.map(decodedValue);
  if (!isObject(v)) return v;
  const out: JsonObject = {};
  for (const key of Object.keys(v)) {
    if (v[key] !== null && !isDirectiveKey(key)) setMember(out, key, decodedValue(v[key]));
  }
  return out;
}

/** `$retainKeys`: members of `original` not listed are cleared; the patch may only set listed members. */
export function applyRetainKeys(original: JsonObject, patch: JsonObject): void {
  const listed = patch[RETAIN_KEYS];
  if (!Array.isArray(listed)) throw badRequest('invalid patch format of retainKeys');
  const retained = new Set(listed);
  for (const key of Object.keys(patch)) {
    if (key === RETAIN_KEYS || patch[key] === null) continue;
    if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST) || key.startsWith(SET_ELEMENT_ORDER)) continue;
    if (!retained.has(key)) throw badRequest('invalid patch format of retainKeys');
  }
  for (const key of Object.keys(original)) {
    if (!retained.has(key)) delete original[key];
  }
}

export function noMergeKey(item: JsonObject, mergeKey: string): PatchError {
  return unhandled(`map: ${goValue(item)} does not contain declared merge key: ${mergeKey}`);
}

/** mergepatch.ErrBadArgType: a value of the wrong Go type where a map or a list was expected. */
export function badArgType(expected: GoType, actual: JsonValue): PatchError {
  return unhandled(`expected a ${goTypeName(expected)}, but received a ${goTypeName(goType(actual))}`);
}

export function badPatchType(directive: JsonValue, holder: JsonObject): PatchError {
  return unhandled(`unknown patch type: ${goValue(directive)} in map: ${goValue(holder)}`);
}

/** sliceElementType: every element of every list must have one Go type, and not be a list. */
export function elementType(...lists: readonly JsonValue[][]): GoType {
  let first: GoType | undefined;
  for (const list of lists) {
    for (const item of list) {
      const type = goType(item);
      if (first === undefined) {
        if (type === 'slice') throw rejectedPatch('lists of lists are not supported');
        first = type;
      } else if (type !== first) {
        throw unhandled(`list element types are not identical: ${goValue(lists as JsonValue[][])}`);
      }
    }
  }
  if (first === undefined) throw unhandled('no elements in any of the given slices');
  return first;
}
