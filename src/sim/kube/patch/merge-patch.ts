// JSON merge patch (RFC 7386) exactly as kube-apiserver applies it, through
// gopkg.in/evanphx/json-patch.v4 MergePatch: a null member deletes, objects merge recursively,
// anything else replaces. One difference from the RFC text: where a value is inserted rather than
// merged, the library also prunes null members of objects nested inside arrays, and a patch that
// is not an object (which the RFC returns as is) comes back with that pruning too.
import type { JsonObject, JsonValue } from './json-value.ts';
import { copyJson, hasMember, isObject, setMember } from './json-value.ts';

export function applyMergePatch(original: unknown, patch: unknown): unknown {
  const p = patch as JsonValue;
  if (!isObject(p)) return withoutNulls(p);
  const target = isObject(original) ? (copyJson(original) as JsonObject) : {};
  mergeInto(target, p);
  return target;
}

function mergeInto(target: JsonObject, patch: JsonObject): void {
  for (const key of Object.keys(patch)) {
    const value = patch[key];
    if (value === null) {
      delete target[key];
      continue;
    }
    const current = hasMember(target, key) ? target[key] : null;
    if (!isObject(current)) {
      setMember(target, key, withoutNulls(value));
    } else if (isObject(value)) {
      mergeInto(current, value);
    } else {
      setMember(target, key, copyJson(value));
    }
  }
}

/** pruneNulls: drops null members of objects, at any depth, keeping null array elements. */
function withoutNulls(v: JsonValue): JsonValue {
  if (Array.isArray(v)) return v.map(withoutNulls);
  if (isObject(v)) {
    const out: JsonObject = {};
    for (const key of Object.keys(v)) {
      if (v[key] !== null) setMember(out, key, withoutNulls(v[key]));
    }
    return out;
  }
  return v;
}
