// The per-keyword checks of kube-openapi's SchemaValidator, converted to field errors the way
// apiextensions' kubeOpenAPIResultToFieldErrors does. `name` is the validator's own path
// (e.g. "spec.maxNodes"); the messages quote it with " in body", as the real server does.
import { invalid, notSupported, tooLong, typeInvalid } from './fieldError.ts';
import type { FieldError } from './fieldError.ts';
import { formatChecker } from './formats.ts';
import { goFloat, goNumber, goQuote } from './goFormat.ts';
import { goJson, goKind, jsonEqual, schemaInfo } from './jsonValue.ts';
import type { SchemaNode } from './structural.ts';

export type Check = (value: unknown, name: string, out: FieldError[]) => void;

/** The field path apiextensions derives from a validator path: leading "." trimmed, empty = nil path. */
export function fieldOf(name: string): string {
  const trimmed = name.startsWith('.') ? name.slice(1) : name;
  return name === '' || name === '.' ? '<nil>' : trimmed;
}

function typeFailure(name: string, typeName: string, value: string): FieldError {
  return typeInvalid(fieldOf(name), value, `${name} in body must be of type ${typeName}: ${goQuote(value)}`);
}

/** typeValidator: runs when the schema has a type or a format, before every other check. */
export function typeCheck(node: SchemaNode): Check | undefined {
  const types = node.intOrString ? ['integer', 'string'] : node.type !== undefined ? [node.type] : [];
  const format = node.format ?? '';
  if (types.length === 0 && format === '') return undefined;
  const typeNames = types.join(',');
  const numeric = types.includes('number') || types.includes('integer');
  return (value, name, out) => {
    const kind = goKind(value);
    if (kind === 'nil') {
      if (types.length > 0 && !node.nullable) out.push(typeFailure(name, typeNames, 'null'));
      return;
    }
    const info = schemaInfo(kind);
    // Whole JSON numbers decode as int64 here, so Go's "float that is an integer" case never arises.
    const intAsNumber = info.type === 'integer' && types.includes('number');
    if (kind !== 'string' && kind !== 'slice' && format !== '' && !(types.includes(info.type) || info.format === format || intAsNumber)) {
      out.push(typeFailure(name, format, info.format));
      return;
    }
    if (!numeric && format !== '' && (kind === 'string' || kind === 'slice')) return;
    if (!(types.includes(info.type) || intAsNumber)) out.push(typeFailure(name, typeNames, info.type));
  };
}

/** stringValidator: maxLength, minLength, pattern, stopping at the first failure; lengths count code points. */
export function stringCheck(node: SchemaNode): Check | undefined {
  const { maxLength, minLength, pattern } = node;
  if (maxLength === undefined && minLength === undefined && pattern === undefined) return undefined;
  return (value, name, out) => {
    const s = value as string;
    const runes = maxLength !== undefined || minLength !== undefined ? [...s].length : 0;
    if (maxLength !== undefined && runes > maxLength) out.push(tooLong(fieldOf(name), maxLength));
    else if (minLength !== undefined && runes < minLength) {
      out.push(invalid(fieldOf(name), s, `${name} in body should be at least ${minLength} chars long`));
    } else if (pattern !== undefined && !pattern.regexp.test(s)) {
      out.push(invalid(fieldOf(name), s, `${name} in body should match '${pattern.source}'`));
    }
  };
}

/** formatValidator: only for formats the server validates (others were stripped when the schema was read). */
export function formatCheck(node: SchemaNode): Check | undefined {
  if (node.format === undefined) return undefined;
  const format = node.format;
  const accepts = formatChecker(format);
  if (accepts === undefined) return undefined;
  return (value, name, out) => {
    const s = value as string;
    if (!accepts(s)) out.push(typeInvalid(fieldOf(name), s, `${name} in body must be of type ${format}: ${goQuote(s)}`));
  };
}

function isJsonInteger(f: number): boolean {
  if (!Number.isFinite(f) || Math.abs(f) > 2 ** 53) return false;
  if (Number.isInteger(f)) return true;
  const g = Math.trunc(f);
  return Math.abs(f - g) / Math.min(Math.abs(f) + Math.abs(g), Number.MAX_VALUE) < 1e-9;
}

/**
 * numberValidator: multipleOf, minimum, maximum. Integers are compared with the bound truncated
 * to int64 (MinimumNativeType), floats with the bound as written — so the message shows either.
 */
export function numberCheck(node: SchemaNode): Check | undefined {
  const { multipleOf, minimum, maximum, exclusiveMinimum, exclusiveMaximum } = node;
  if (multipleOf === undefined && minimum === undefined && maximum === undefined) return undefined;
  return (value, name, out) => {
    const n = value as number;
    const asInt = goKind(n) === 'int64';
    const field = fieldOf(name);
    if (multipleOf !== undefined) {
      if (multipleOf < 0) {
        out.push(invalid(field, multipleOf, `factor MultipleOf declared for ${name} must be positive: ${goNumber(multipleOf)}`));
      } else if (asInt && Math.trunc(multipleOf) !== 0) {
        const factor = Math.trunc(multipleOf);
        if (n % factor !== 0) out.push(invalid(field, n, `${name} in body should be a multiple of ${goNumber(factor)}`));
      } else {
        const mult = multipleOf < 1 ? (1 / multipleOf) * n : n / multipleOf;
        if (!isJsonInteger(mult)) out.push(invalid(field, n, `${name} in body should be a multiple of ${goFloat(multipleOf)}`));
      }
    }
    if (minimum !== undefined) {
      const bound = asInt ? Math.trunc(minimum) : minimum;
      if (exclusiveMinimum ? n <= bound : n < bound) {
        const words = exclusiveMinimum ? 'should be greater than' : 'should be greater than or equal to';
        out.push(invalid(field, n, `${name} in body ${words} ${asInt ? goNumber(bound) : goFloat(bound)}`));
      }
    }
    if (maximum !== undefined) {
      const bound = asInt ? Math.trunc(maximum) : maximum;
      if (exclusiveMaximum ? n >= bound : n > bound) {
        const words = exclusiveMaximum ? 'should be less than' : 'should be less than or equal to';
        out.push(invalid(field, n, `${name} in body ${words} ${asInt ? goNumber(bound) : goFloat(bound)}`));
      }
    }
  };
}

/** basicCommonValidator: enum. null never matches (Go cannot convert it), even when the enum lists null. */
export function enumCheck(node: SchemaNode): Check | undefined {
  const values = node.enum;
  if (values === undefined || values.length === 0) return undefined;
  const supported = values.map((v) => (typeof v === 'string' ? v : goJson(v)));
  return (value, name, out) => {
    if (value !== null && value !== undefined && values.some((e) => enumMatches(value, e))) return;
    out.push(notSupported(fieldOf(name), value ?? null, supported));
  };
}

/** Go converts the value to the enum value's type before comparing: a float meets an int enum truncated. */
function enumMatches(value: unknown, e: unknown): boolean {
  if (typeof value === 'number' && typeof e === 'number' && goKind(e) === 'int64') return Math.trunc(value) === e;
  return jsonEqual(value, e);
}
