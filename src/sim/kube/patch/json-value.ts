// JSON documents as the patch code handles them: plain values from JSON.parse, copied before any
// change so neither the stored object nor the request body is ever mutated.
import { goNumber, isGoInt64 } from '../schema/goFormat.ts';

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function hasMember(o: JsonObject, key: string): boolean {
  return Object.hasOwn(o, key);
}

/** Sets a member as an own property: a body may carry a `__proto__` key, which plain assignment would turn into a prototype change. */
export function setMember(o: JsonObject, key: string, value: JsonValue): void {
  if (key === '__proto__') Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
  else o[key] = value;
}

export function copyJson(v: JsonValue): JsonValue {
  if (Array.isArray(v)) return v.map(copyJson);
  if (isObject(v)) {
    const out: JsonObject = {};
    for (const key of Object.keys(v)) setMember(out, key, copyJson(v[key]));
    return out;
  }
  return v;
}

/** reflect.DeepEqual over decoded JSON (numbers compare by value). */
export function jsonEquals(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEquals(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => hasMember(b, k) && jsonEquals(a[k], b[k]));
  }
  return false;
}

/** The Go type a value decodes to (`map[string]interface{}` for objects), for comparisons the Go code makes with reflect.TypeOf. */
export type GoType = 'nil' | 'bool' | 'int64' | 'float64' | 'string' | 'slice' | 'map';

export function goType(v: JsonValue): GoType {
  if (v === null) return 'nil';
  if (Array.isArray(v)) return 'slice';
  switch (typeof v) {
    case 'boolean': return 'bool';
    case 'number': return isGoInt64(v) ? 'int64' : 'float64';
    case 'string': return 'string';
    default: return 'map';
  }
}

/** `%s` of reflect.TypeOf(v), as ErrBadArgType prints it. */
export function goTypeName(type: GoType): string {
  switch (type) {
    case 'nil': return '%!s(<nil>)';
    case 'slice': return '[]interface {}';
    case 'map': return 'map[string]interface {}';
    default: return type;
  }
}

/** `%v` of a decoded JSON value: maps with sorted keys, slices space-separated, strings bare. */
export function goValue(v: JsonValue): string {
  if (v === null) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`;
  if (isObject(v)) return `map[${Object.keys(v).sort().map((k) => `${k}:${goValue(v[k])}`).join(' ')}]`;
  if (typeof v === 'number') return goNumber(v);
  return String(v);
}

/** The JSON kind Go's decoder names in "cannot unmarshal X into Go value of type …". */
export function jsonKindName(v: JsonValue): string {
  if (Array.isArray(v)) return 'array';
  if (isObject(v)) return 'object';
  if (typeof v === 'boolean') return 'bool';
  return typeof v === 'number' ? 'number' : 'string';
}
