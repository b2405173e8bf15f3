// The strategic merge patch as kube-apiserver applies it (apimachinery strategicpatch,
// StrategicMergeMapPatch with MergeParallelList and IgnoreUnmatchedNulls), over plain JSON and a
// declarative PatchSchema instead of Go struct tags. `original` is always a private copy the merge
// may change in place; the patch is only read.
import type { JsonObject, JsonValue } from '../json-value.ts';
import { copyJson, goType, goValue, hasMember, isObject, jsonKindName, setMember } from '../json-value.ts';
import { badRequest, unhandled } from '../patch-error.ts';
import type { PatchSchema } from '../schema/patch-schema.ts';
import { fieldOf } from '../schema/patch-schema.ts';
import {
  DELETE_FROM_PRIMITIVE_LIST,
  PATCH_DIRECTIVE,
  RETAIN_KEYS,
  SET_ELEMENT_ORDER,
  applyRetainKeys,
  badArgType,
  badPatchType,
  decodedValue,
  directiveField,
  elementType,
  newValue,
  noMergeKey,
} from './directives.ts';
import { normalizeElementOrder, partitionByPresence } from './element-order.ts';

export function applyStrategicMergePatch(original: unknown, patch: unknown, schema: PatchSchema): unknown {
  const p = patch as JsonValue;
  // The handler decodes the body into a map: null decodes to an empty patch, anything else is refused.
  if (p === null) return copyJson(original as JsonValue);
  if (!isObject(p)) throw badRequest(`json: cannot unmarshal ${jsonKindName(p)} into Go value of type map[string]interface {}`);
  const target = isObject(original) ? (copyJson(original) as JsonObject) : {};
  return mergeMap(target, p, schema);
}

function mergeMap(original: JsonObject, patch: JsonObject, schema: PatchSchema | undefined): JsonObject {
  if (hasMember(patch, PATCH_DIRECTIVE)) {
    switch (patch[PATCH_DIRECTIVE]) {
      case 'replace': return decodedValue(patch) as JsonObject;
      case 'delete': return {};
      default: throw badPatchType(patch[PATCH_DIRECTIVE] as JsonValue, patch);
    }
  }
  if (hasMember(patch, RETAIN_KEYS)) applyRetainKeys(original, patch);
  const ordered = applyElementOrders(original, patch, schema);
  for (const key of Object.keys(patch)) {
    if (key === RETAIN_KEYS || key.startsWith(SET_ELEMENT_ORDER) || ordered.has(key)) continue;
    mergeMember(original, key, patch[key] as JsonValue, schema);
  }
  return original;
}

function mergeMember(original: JsonObject, key: string, patchValue: JsonValue, schema: PatchSchema | undefined): void {
  const deleteList = key.startsWith(DELETE_FROM_PRIMITIVE_LIST);
  const field = deleteList ? directiveField(key, DELETE_FROM_PRIMITIVE_LIST) : key;
  if (patchValue === null) {
    delete original[field];
    return;
  }
  const current = hasMember(original, field) ? original[field] : undefined;
  if (current === undefined || goType(current) !== goType(patchValue)) {
    if (!deleteList) setNewValue(original, field, patchValue);
    return;
  }
  const meta = fieldOf(schema, field);
  if (isObject(current)) {
    const merged = meta?.strategy === 'replace' ? decodedValue(patchValue) : mergeMap(current, patchValue as JsonObject, meta?.schema);
    setMember(original, field, merged);
  } else if (Array.isArray(current)) {
    const merged = meta?.strategy === 'merge' || deleteList
      ? mergeList(current, patchValue as JsonValue[], meta?.schema, meta?.mergeKey ?? '', deleteList)
      : decodedValue(patchValue);
    setMember(original, field, merged);
  } else {
    setMember(original, field, patchValue);
  }
}

function setNewValue(original: JsonObject, field: string, patchValue: JsonValue): void {
  const value = newValue(patchValue);
  if (value === undefined) delete original[field];
  else setMember(original, field, value);
}

/** mergeSlice: a list with the merge strategy, or a `$deleteFromPrimitiveList` list. */
function mergeList(original: JsonValue[], patch: JsonValue[], schema: PatchSchema | undefined, mergeKey: string, deleteList: boolean): JsonValue[] {
  if (original.length === 0 && patch.length === 0) return original;
  if (elementType(original, patch) !== 'map') {
    if (deleteList) {
      const removed = new Set(patch);
      return original.filter((item) => !removed.has(item));
    }
    const merged = [...new Set([...original, ...patch])];
    const [inPatch, serverOnly] = partitionByPresence(merged, patch, '');
    return normalizeElementOrder(inPatch, serverOnly, patch, original, '');
  }
  if (mergeKey === '') throw unhandled('cannot merge lists without merge key for struct');
  // Items the merge takes from the patch are copied, so a later item naming the same key merges
  // into the copy, and decoded once the order is settled.
  const fromPatch = new Set<JsonValue>();
  const takeFromPatch = (item: JsonValue) => {
    const copy = copyJson(item);
    fromPatch.add(copy);
    return copy;
  };
  let base = original;
  const plain: JsonObject[] = [];
  let replaceAll = false;
  for (const item of patch as JsonObject[]) {
    if (!hasMember(item, PATCH_DIRECTIVE)) {
      plain.push(item);
      continue;
    }
    const directive = item[PATCH_DIRECTIVE];
    if (directive === 'delete') {
      if (!hasMember(item, mergeKey)) throw noMergeKey(item, mergeKey);
      base = base.filter((o) => !(isObject(o) && hasMember(o, mergeKey) && o[mergeKey] === item[mergeKey]));
    } else if (directive === 'replace') {
      replaceAll = true;
    } else if (directive === 'merge') {
      throw unhandled('merging lists cannot yet be specified in the patch');
    } else {
      throw badPatchType(directive as JsonValue, item);
    }
  }
  const patchItems = replaceAll ? [] : plain;
  const merged = replaceAll ? plain.map(takeFromPatch) : [...base];
  if (replaceAll) base = merged;
  for (const item of patchItems) {
    if (!hasMember(item, mergeKey)) throw noMergeKey(item, mergeKey);
    const at = merged.findIndex((o) => isObject(o) && hasMember(o, mergeKey) && o[mergeKey] === item[mergeKey]);
    if (at >= 0) merged[at] = mergeMap(merged[at] as JsonObject, item, schema);
    else merged.push(takeFromPatch(item));
  }
  const [inPatch, serverOnly] = partitionByPresence(merged, patchItems, mergeKey);
  return normalizeElementOrder(inPatch, serverOnly, patchItems, base, mergeKey).map((item) => (fromPatch.has(item) ? decodedValue(item) : item));
}

/**
 * mergePatchIntoOriginal: each `$setElementOrder/<field>` merges `<field>` from the patch and
 * orders the result. Returns the fields it handled, which the member loop then skips.
 */
function applyElementOrders(original: JsonObject, patch: JsonObject, schema: PatchSchema | undefined): Set<string> {
  const handled = new Set<string>();
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER)) continue;
    const order = patch[key] as JsonValue;
    if (!Array.isArray(order)) throw badArgType('slice', order);
    const field = directiveField(key, SET_ELEMENT_ORDER);
    const current = listMember(original, field);
    const patchList = listMember(patch, field);
    const meta = fieldOf(schema, field);
    const mergeKey = meta?.mergeKey ?? '';
    checkOrderAgainstPatch(patchList ?? [], order, mergeKey);
    let merged: JsonValue[];
    if (current === undefined && patchList === undefined) continue;
    if (patchList === undefined) merged = current as JsonValue[];
    else if (current === undefined) merged = newValue(patchList) as JsonValue[];
    else if (meta?.strategy === 'merge') merged = mergeList(current, patchList, meta.schema, mergeKey, false);
    else merged = decodedValue(patchList) as JsonValue[];
    handled.add(field);
    // Go fails here on two empty lists ("no elements in any of the given slices"), a state its
    // typed objects never reach (empty lists are omitted); an empty list in this store stays empty.
    if (merged.length === 0 && (current ?? []).length === 0 && (patchList ?? []).length === 0) {
      setMember(original, field, merged);
      continue;
    }
    const [inOrder, serverOnly] = partitionByPresence(merged, order, mergeKey);
    elementType(current ?? [], patchList ?? []);
    setMember(original, field, normalizeElementOrder(inOrder, serverOnly, order, current ?? [], mergeKey));
  }
  return handled;
}

function listMember(o: JsonObject, field: string): JsonValue[] | undefined {
  if (!hasMember(o, field)) return undefined;
  const value = o[field] as JsonValue;
  if (!Array.isArray(value)) throw badArgType('slice', value);
  return value;
}

/** validatePatchWithSetOrderList: the patch's items must appear in `$setElementOrder` in the same relative order. */
function checkOrderAgainstPatch(patchList: JsonValue[], order: JsonValue[], mergeKey: string): void {
  if (order.length === 0 || patchList.length === 0) return;
  let items = patchList;
  if (mergeKey !== '') {
    for (const item of patchList) if (!isObject(item)) throw badArgType('map', item);
    items = patchList.filter((item) => (item as JsonObject)[PATCH_DIRECTIVE] !== 'delete');
  }
  let p = 0;
  let s = 0;
  while (p < items.length && s < order.length) {
    const item = items[p] as JsonValue;
    if (isObject(item) && hasMember(item, PATCH_DIRECTIVE)) {
      p++;
      continue;
    }
    if (sameItem(item, order[s] as JsonValue, mergeKey)) p++;
    s++;
  }
  if (p < items.length) {
    throw unhandled(`the order in patch list:\n${goValue(patchList)}\n doesn't match ${SET_ELEMENT_ORDER} list:\n${goValue(order)}`);
  }
}

function sameItem(a: JsonValue, b: JsonValue, mergeKey: string): boolean {
  if (mergeKey === '') return a === b;
  for (const item of [a, b]) {
    if (!isObject(item)) throw badArgType('map', item);
    if (!hasMember(item, mergeKey)) throw noMergeKey(item, mergeKey);
  }
  return (a as JsonObject)[mergeKey] === (b as JsonObject)[mergeKey];
}
