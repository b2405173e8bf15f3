// The order of a merged list, as apimachinery fixes it (preserve-order-in-strategic-merge-patch):
// items named by the patch (or by `$setElementOrder`) follow that order, items only the server
// has keep their order, and the two are interleaved by the server's order where both are known.
// A new item the server has never seen therefore lands before the server items that follow it.
import type { JsonObject, JsonValue } from '../json-value.ts';
import { hasMember, isObject } from '../json-value.ts';
import { PATCH_DIRECTIVE, badArgType, noMergeKey } from './directives.ts';
import { unhandled } from '../patch-error.ts';

/** What identifies an item: its merge-key value in a list of maps, the item itself otherwise. */
function identity(item: JsonValue, mergeKey: string): JsonValue | undefined {
  if (mergeKey === '') return item;
  return isObject(item) ? item[mergeKey] : undefined;
}

/** Position of each identity's first occurrence in `order`. */
function positions(order: readonly JsonValue[], mergeKey: string): Map<JsonValue | undefined, number> {
  const at = new Map<JsonValue | undefined, number>();
  order.forEach((item, i) => {
    const id = identity(item, mergeKey);
    if (!at.has(id)) at.set(id, i);
  });
  return at;
}

/** Splits `merged` into the items `partitionBy` names and the rest, each keeping its order. */
export function partitionByPresence(merged: readonly JsonValue[], partitionBy: readonly JsonValue[], mergeKey: string): [JsonValue[], JsonValue[]] {
  if (mergeKey !== '') {
    partitionBy.forEach((item, i) => {
      if (!isObject(item)) throw unhandled(`value for key ${i} is not a map`);
    });
    for (const item of merged) {
      if (!isObject(item)) throw badArgType('map', item);
      if (!hasMember(item, mergeKey)) throw noMergeKey(item, mergeKey);
    }
  }
  const named = new Set(partitionBy.map((item) => identity(item, mergeKey)));
  const inPatch: JsonValue[] = [];
  const serverOnly: JsonValue[] = [];
  for (const item of merged) (named.has(identity(item, mergeKey)) ? inPatch : serverOnly).push(item);
  return [inPatch, serverOnly];
}

/** normalizeElementOrder: sorts each part by its own order, then interleaves them by the server's. */
export function normalizeElementOrder(
  patchItems: readonly JsonValue[],
  serverOnly: readonly JsonValue[],
  patchOrder: readonly JsonValue[],
  serverOrder: readonly JsonValue[],
  mergeKey: string,
): JsonValue[] {
  const sortedPatch = sortByOrder(patchItems, patchOrder, mergeKey);
  const sortedServer = sortByOrder(serverOnly, serverOrder, mergeKey);
  const server = positions(serverOrder, mergeKey);
  const out: JsonValue[] = [];
  let i = 0;
  let j = 0;
  while (i < sortedServer.length || j < sortedPatch.length) {
    if (j >= sortedPatch.length) {
      out.push(sortedServer[i++] as JsonValue);
    } else if (i >= sortedServer.length) {
      out.push(sortedPatch[j++] as JsonValue);
    } else {
      const left = server.get(identity(sortedServer[i] as JsonValue, mergeKey));
      const right = server.get(identity(sortedPatch[j] as JsonValue, mergeKey));
      const serverFirst = left !== undefined && right !== undefined && left < right;
      out.push(serverFirst ? (sortedServer[i++] as JsonValue) : (sortedPatch[j++] as JsonValue));
    }
  }
  return out;
}

/** normalizeSliceOrder: a stable sort by position in `order`, `$patch: delete` items last. */
function sortByOrder(items: readonly JsonValue[], order: readonly JsonValue[], mergeKey: string): JsonValue[] {
  let kept = items;
  let deleted: JsonValue[] = [];
  if (mergeKey !== '') {
    for (const list of [items, order]) {
      for (const item of list) {
        if (!isObject(item)) throw badArgType('map', item);
        if (!hasMember(item, mergeKey)) throw noMergeKey(item, mergeKey);
      }
    }
    const isDelete = (item: JsonValue) => (item as JsonObject)[PATCH_DIRECTIVE] === 'delete';
    kept = items.filter((item) => !isDelete(item));
    deleted = items.filter(isDelete);
  }
  const at = positions(order, mergeKey);
  const indexOf = (item: JsonValue) => at.get(identity(item, mergeKey));
  const sorted = kept.every((item) => indexOf(item) !== undefined)
    ? [...kept].sort((a, b) => (indexOf(a) as number) - (indexOf(b) as number))
    : insertionSort(kept, indexOf);
  return [...sorted, ...deleted];
}

/**
 * sort.SliceStable with apimachinery's comparator, which calls an item "less" whenever either
 * position is unknown. That comparator is not an order, so only Go's own algorithm (an insertion
 * sort for lists up to 20 items) gives the same result.
 */
function insertionSort(items: readonly JsonValue[], indexOf: (item: JsonValue) => number | undefined): JsonValue[] {
  const out = [...items];
  const less = (a: JsonValue, b: JsonValue) => {
    const ia = indexOf(a);
    const ib = indexOf(b);
    return ia === undefined || ib === undefined ? true : ia < ib;
  };
  for (let i = 1; i < out.length; i++) {
    for (let j = i; j > 0 && less(out[j] as JsonValue, out[j - 1] as JsonValue); j--) {
      [out[j], out[j - 1]] = [out[j - 1] as JsonValue, out[j] as JsonValue];
    }
  }
  return out;
}
