// Field errors worded exactly like k8s.io/apimachinery/pkg/util/validation/field (v1.32):
// `<field>: <Type string>[: <bad value>][: <detail>]`.
import { goBadValue, goQuote } from './goFormat.ts';

export type FieldErrorType =
  | 'FieldValueRequired'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueDuplicate'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'FieldValueTypeInvalid'
  | 'FieldValueForbidden';

export type FieldError = {
  type: FieldErrorType;
  field: string;
  badValue?: unknown;
  detail: string;
  /** `field.Error.Error()`: the field path, then the body. */
  message: string;
};

const typeText: Record<FieldErrorType, string> = {
  FieldValueRequired: 'Required value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  FieldValueTypeInvalid: 'Invalid value',
  FieldValueForbidden: 'Forbidden',
};

/** Marks a TooMany error whose actual count is unknown (field.TooMany with a negative count). */
const omitted = Symbol('omitted');

/** Types whose body never shows the bad value (ErrorBody's first cases). */
const valueOmitted = new Set<FieldErrorType>(['FieldValueRequired', 'FieldValueForbidden', 'FieldValueTooLong']);

/** `field.Error.ErrorBody()`: the message without the field path (used as a Status cause message). */
export function errorBody(e: Pick<FieldError, 'type' | 'badValue' | 'detail'>): string {
  let s = typeText[e.type];
  if (!valueOmitted.has(e.type) && e.badValue !== omitted) s += `: ${goBadValue(e.badValue)}`;
  if (e.detail.length > 0) s += `: ${e.detail}`;
  return s;
}

function make(type: FieldErrorType, field: string, badValue: unknown, detail: string): FieldError {
  const body = errorBody({ type, badValue, detail });
  const e: FieldError = { type, field, detail, message: `${field}: ${body}` };
  if (badValue !== omitted) e.badValue = badValue;
  return e;
}

export function required(field: string, detail = ''): FieldError {
  return make('FieldValueRequired', field, '', detail);
}

export function invalid(field: string, value: unknown, detail: string): FieldError {
  return make('FieldValueInvalid', field, value, detail);
}

export function typeInvalid(field: string, value: unknown, detail: string): FieldError {
  return make('FieldValueTypeInvalid', field, value, detail);
}

export function duplicate(field: string, value: unknown): FieldError {
  return make('FieldValueDuplicate', field, value, '');
}

export function forbidden(field: string, detail: string): FieldError {
  return make('FieldValueForbidden', field, '', detail);
}

/** field.NotSupported: each supported value is strconv.Quote'd. */
export function notSupported(field: string, value: unknown, supported: readonly string[]): FieldError {
  const detail = supported.length > 0 ? `supported values: ${supported.map(goQuote).join(', ')}` : '';
  return make('FieldValueNotSupported', field, value, detail);
}

/** field.TooLong since v1.32 (TooLongMaxLength delegates to it): the value is never shown. */
export function tooLong(field: string, maxLength: number): FieldError {
  const detail = maxLength >= 0 ? `may not be more than ${maxLength} ${maxLength === 1 ? 'byte' : 'bytes'}` : 'value is too long';
  return make('FieldValueTooLong', field, '<value omitted>', detail);
}

export function tooMany(field: string, actual: number, max: number): FieldError {
  const detail = max >= 0 ? `must have at most ${max} items` : 'has too many items';
  return make('FieldValueTooMany', field, actual >= 0 ? actual : omitted, detail);
}

/**
 * `ErrorList.ToAggregate().Error()`: duplicates (by message) dropped, one error bare,
 * several joined with ", " inside brackets.
 */
export function aggregateMessage(errors: readonly FieldError[]): string {
  const seen = new Set<string>();
  for (const e of errors) seen.add(e.message);
  const unique = [...seen];
  if (unique.length === 1) return unique[0] ?? '';
  return `[${unique.join(', ')}]`;
}
