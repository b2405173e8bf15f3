// How a decoded JSON value looks to Go's reflection in the real validator.
import { isGoInt64 } from './goFormat.ts';

export type GoKind = 'nil' | 'bool' | 'int64' | 'float64' | 'string' | 'slice' | 'map';

export function goKind(v: unknown): GoKind {
  if (v === null || v === undefined) return 'nil';
  switch (typeof v) {
    case 'boolean': return 'bool';
    case 'number': return isGoInt64(v) ? 'int64' : 'float64';
    case 'string': return 'string';
  }
  return Array.isArray(v) ? 'slice' : 'map';
}

/** The JSON type name and format go-openapi infers for a value (schemaInfoForType). */
export function schemaInfo(kind: GoKind): { type: string; format: string } {
  switch (kind) {
    case 'bool': return { type: 'boolean', format: '' };
    case 'int64': return { type: 'integer', format: 'int64' };
    case 'float64': return { type: 'number', format: 'float64' };
    case 'string': return { type: 'string', format: '' };
    case 'slice': return { type: 'array', format: '' };
    default: return { type: 'object', format: '' };
  }
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** reflect.DeepEqual over decoded JSON, where numbers compare by value. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && jsonEqual(a[k], b[k]));
  }
  return false;
}

/** encoding/json.Marshal: object keys sorted, as Go marshals map[string]interface{}. */
export function goJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(goJson).join(',')}]`;
  if (isPlainObject(v)) {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${goJson(v[k])}`).join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

export function deepCopyJson<T>(v: T): T {
  return structuredClone(v);
}
