// JSON patch (RFC 6902) with the semantics of gopkg.in/evanphx/json-patch.v4, the library
// kube-apiserver applies it with. That library departs from the RFC in ways clients rely on:
// `replace` of a missing object member adds it, `test` of a missing member against null passes,
// `copy` from a missing member writes null, an operation without `value` uses null, and negative
// array indices count from the end. A malformed body is a 400; any operation that cannot be
// applied makes the whole patch a 422 whose message does not say why.
import type { JsonObject, JsonValue } from './json-value.ts';
import { copyJson, hasMember, isObject, jsonEquals, jsonKindName, setMember } from './json-value.ts';
import { badRequest, entityTooLarge, rejectedPatch, undecodablePatchResult } from './patch-error.ts';

/** handlers.maxJSONPatchOperations. */
const maxOperations = 10_000;

type Operation = Readonly<Record<string, JsonValue>>;
type Container = JsonObject | JsonValue[];

export function applyJsonPatch(original: unknown, operations: unknown): unknown {
  const ops = decodeOperations(operations as JsonValue);
  let doc = copyJson(original as JsonValue);
  for (const op of ops) {
    const failure = apply(op, doc, (replaced) => (doc = replaced));
    if (failure !== undefined) throw rejectedPatch(failure);
  }
  if (Array.isArray(doc)) throw undecodablePatchResult(doc);
  return doc;
}

/** jsonpatch.DecodePatch, then the handler's size limit. */
function decodeOperations(body: JsonValue): Operation[] {
  if (body === null) return [];
  if (!Array.isArray(body)) throw badRequest(`json: cannot unmarshal ${jsonKindName(body)} into Go value of type jsonpatch.Patch`);
  const misfit = body.find((op) => op !== null && !isObject(op));
  if (misfit !== undefined) throw badRequest(`json: cannot unmarshal ${jsonKindName(misfit)} into Go value of type jsonpatch.Operation`);
  if (body.length > maxOperations) {
    throw entityTooLarge(`The allowed maximum operations in a JSON patch is ${maxOperations}, got ${body.length}`);
  }
  return body.map((op) => (op === null ? {} : op) as Operation);
}

/** Applies one operation in place (or through `replaceRoot`); returns the library's error text on failure. */
function apply(op: Operation, doc: JsonValue, replaceRoot: (doc: JsonValue) => void): string | undefined {
  const kind = typeof op.op === 'string' ? op.op : 'unknown';
  const path = typeof op.path === 'string' ? op.path : undefined;
  const value = hasMember(op as JsonObject, 'value') ? op.value : undefined;
  switch (kind) {
    case 'add': {
      if (path === undefined) return 'add operation failed to decode path: missing value';
      const at = locate(doc, path);
      if (at === undefined) return `add operation does not apply: doc is missing path: "${path}": missing value`;
      return insert(at.container, at.key, copyJson(value ?? null));
    }
    case 'remove': {
      if (path === undefined) return 'remove operation failed to decode path: missing value';
      const at = locate(doc, path);
      if (at === undefined) return `remove operation does not apply: doc is missing path: "${path}": missing value`;
      return remove(at.container, at.key);
    }
    case 'replace': {
      if (path === undefined) return 'replace operation failed to decode path';
      if (path === '') {
        if (!isObject(value) && !Array.isArray(value)) return 'replace operation value must be object or array';
        replaceRoot(copyJson(value));
        return undefined;
      }
      const at = locate(doc, path);
      if (at === undefined) return `replace operation does not apply: doc is missing path: ${path}: missing value`;
      if (Array.isArray(at.container) && arrayIndex(at.container, at.key) === undefined) {
        return `replace operation does not apply: doc is missing key: ${path}: missing value`;
      }
      return set(at.container, at.key, copyJson(value ?? null));
    }
    case 'move':
    case 'copy':
      return transfer(kind, op, doc, path);
    case 'test':
      return test(doc, path, value);
    default:
      return `Unexpected kind: ${kind}`;
  }
}

function transfer(kind: 'move' | 'copy', op: Operation, doc: JsonValue, path: string | undefined): string | undefined {
  if (typeof op.from !== 'string') return `${kind} operation failed to decode from`;
  const source = locate(doc, op.from);
  if (source === undefined) return `${kind} operation does not apply: doc is missing from path: ${op.from}: missing value`;
  const value = get(source.container, source.key);
  if (value === undefined) return `error in ${kind} for path: '${source.key}': invalid index referenced`;
  if (kind === 'move') {
    const removed = remove(source.container, source.key);
    if (removed !== undefined) return removed;
  }
  if (path === undefined) return `${kind} operation failed to decode path`;
  const target = locate(doc, path);
  if (target === undefined) return `${kind} operation does not apply: doc is missing destination path: ${path}: missing value`;
  return insert(target.container, target.key, kind === 'copy' ? copyJson(value) : value);
}

function test(doc: JsonValue, path: string | undefined, value: JsonValue | undefined): string | undefined {
  if (path === undefined) return 'test operation failed to decode path';
  const failed = `testing value ${path} failed: test failed`;
  if (path === '') return value !== undefined && jsonEquals(doc, value) ? undefined : failed;
  const at = locate(doc, path);
  if (at === undefined) return `test operation does not apply: is missing path: ${path}: missing value`;
  const actual = get(at.container, at.key);
  if (actual === undefined) return `error in test for path: '${path}': invalid index referenced`;
  // A missing member reads as null, and null (or no value at all) is what it is tested against.
  if (actual === null) return value === undefined || value === null ? undefined : failed;
  return value !== undefined && value !== null && jsonEquals(actual, value) ? undefined : failed;
}

/** findObject: walks every segment but the last; the first segment is skipped, as the library splits on "/" and drops it. */
function locate(doc: JsonValue, path: string): { container: Container; key: string } | undefined {
  const segments = path.split('/');
  if (segments.length < 2) return undefined;
  let node: JsonValue = doc;
  for (const segment of segments.slice(1, -1)) {
    if (!isObject(node) && !Array.isArray(node)) return undefined;
    const next = get(node, decodeSegment(segment));
    if (next === undefined || next === null || (!isObject(next) && !Array.isArray(next))) return undefined;
    node = next;
  }
  if (!isObject(node) && !Array.isArray(node)) return undefined;
  return { container: node, key: decodeSegment(segments[segments.length - 1] ?? '') };
}

function decodeSegment(segment: string): string {
  return segment.replace(/~[01]/g, (escape) => (escape === '~1' ? '/' : '~'));
}

/** A member (null when missing, as the library reads maps) or an element (undefined for a bad index). */
function get(container: Container, key: string): JsonValue | undefined {
  if (!Array.isArray(container)) return hasMember(container, key) ? container[key] : null;
  const index = arrayIndex(container, key);
  return index === undefined ? undefined : container[index];
}

function insert(container: Container, key: string, value: JsonValue): string | undefined {
  if (!Array.isArray(container)) {
    setMember(container, key, value);
    return undefined;
  }
  if (key === '-') {
    container.push(value);
    return undefined;
  }
  const index = atoi(key);
  if (index === undefined) return `error in add for path: value was not a proper array index: '${key}'`;
  const size = container.length + 1;
  if (index >= size || index < -size) return `Unable to access invalid index: ${index}: invalid index referenced`;
  container.splice(index < 0 ? index + size : index, 0, value);
  return undefined;
}

function set(container: Container, key: string, value: JsonValue): undefined {
  if (Array.isArray(container)) container[arrayIndex(container, key) as number] = value;
  else setMember(container, key, value);
  return undefined;
}

function remove(container: Container, key: string): string | undefined {
  if (!Array.isArray(container)) {
    if (!hasMember(container, key)) return `Unable to remove nonexistent key: ${key}: missing value`;
    delete container[key];
    return undefined;
  }
  const index = arrayIndex(container, key);
  if (index === undefined) return `Unable to access invalid index: ${key}: invalid index referenced`;
  container.splice(index, 1);
  return undefined;
}

/** An existing element's index; negative indices count from the end (SupportNegativeIndices). */
function arrayIndex(array: JsonValue[], key: string): number | undefined {
  const index = atoi(key);
  if (index === undefined || index >= array.length || index < -array.length) return undefined;
  return index < 0 ? index + array.length : index;
}

/** strconv.Atoi: optional sign, decimal digits, within int64. */
function atoi(s: string): number | undefined {
  if (!/^[+-]?\d+$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : undefined;
}
