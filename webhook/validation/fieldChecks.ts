import { fieldError, type FieldError } from './fieldError.ts';

/**
 * Type and range checks that mirror the CRD's OpenAPI schema. The API server enforces the schema
 * too, but the webhook does not rely on that: it may be called by a misconfigured server or a
 * forged request. Each check pushes its violations and returns the value only when it is valid.
 * JSON `null` counts as absent, as the API server prunes nulls of non-nullable fields.
 */

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isAbsent(value: unknown): value is null | undefined {
  return value === undefined || value === null;
}

function required(errors: FieldError[], field: string, isRequired: boolean | undefined): undefined {
  if (isRequired === true) errors.push(fieldError(field, 'is required'));
  return undefined;
}

/** Kubernetes counts string lengths in Unicode code points, not UTF-16 units. */
export function characterCount(text: string, atLeast: number): number {
  // A string no longer than `atLeast` UTF-16 units has no more code points than that either.
  if (text.length <= atLeast) return text.length;
  let count = 0;
  for (const _character of text) count += 1;
  return count;
}

export interface StringRule {
  required?: boolean;
  minLength?: number;
  maxLength?: number;
  pattern?: RegExp;
}

export function checkString(errors: FieldError[], field: string, value: unknown, rule: StringRule): string | undefined {
  if (isAbsent(value)) return required(errors, field, rule.required);
  if (typeof value !== 'string') {
    errors.push(fieldError(field, 'must be a string', value));
    return undefined;
  }
  if (rule.minLength !== undefined && value.length < rule.minLength) {
    errors.push(fieldError(field, rule.minLength === 1 ? 'must not be empty' : `must be at least ${rule.minLength} characters`, value));
    return undefined;
  }
  if (rule.maxLength !== undefined) {
    const length = characterCount(value, rule.maxLength);
    if (length > rule.maxLength) {
      errors.push(fieldError(field, `must be at most ${rule.maxLength} characters (has ${length})`, value));
      return undefined;
    }
  }
  // Patterns run only on strings already known to be short, so no input can make a regex slow.
  if (rule.pattern !== undefined && !rule.pattern.test(value)) {
    errors.push(fieldError(field, `must match ${rule.pattern.source}`, value));
    return undefined;
  }
  return value;
}

export interface NumberRule {
  required?: boolean;
  minimum?: number;
  maximum?: number;
}

function checkRange(errors: FieldError[], field: string, value: number, rule: NumberRule): number | undefined {
  if (rule.minimum !== undefined && value < rule.minimum) {
    errors.push(fieldError(field, `must be greater than or equal to ${rule.minimum}`, value));
    return undefined;
  }
  if (rule.maximum !== undefined && value > rule.maximum) {
    errors.push(fieldError(field, `must be less than or equal to ${rule.maximum}`, value));
    return undefined;
  }
  return value;
}

export function checkInteger(errors: FieldError[], field: string, value: unknown, rule: NumberRule): number | undefined {
  if (isAbsent(value)) return required(errors, field, rule.required);
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    errors.push(fieldError(field, 'must be an integer', value));
    return undefined;
  }
  return checkRange(errors, field, value, rule);
}

export function checkNumber(errors: FieldError[], field: string, value: unknown, rule: NumberRule): number | undefined {
  if (isAbsent(value)) return required(errors, field, rule.required);
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    errors.push(fieldError(field, 'must be a number', value));
    return undefined;
  }
  return checkRange(errors, field, value, rule);
}

export function checkBoolean(errors: FieldError[], field: string, value: unknown): boolean | undefined {
  if (isAbsent(value)) return undefined;
  if (typeof value !== 'boolean') {
    errors.push(fieldError(field, 'must be a boolean (true or false)', value));
    return undefined;
  }
  return value;
}

export function checkEnum<T extends string>(
  errors: FieldError[],
  field: string,
  value: unknown,
  allowed: readonly T[],
  rule: { required?: boolean } = {},
): T | undefined {
  if (isAbsent(value)) return required(errors, field, rule.required);
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    errors.push(fieldError(field, `must be one of ${allowed.join(', ')}`, value));
    return undefined;
  }
  return value as T;
}

export function checkObject(
  errors: FieldError[],
  field: string,
  value: unknown,
  rule: { required?: boolean } = {},
): Record<string, unknown> | undefined {
  if (isAbsent(value)) return required(errors, field, rule.required);
  if (!isObject(value)) {
    errors.push(fieldError(field, 'must be an object', value));
    return undefined;
  }
  return value;
}

export interface ArrayRule {
  required?: boolean;
  minItems?: number;
  maxItems?: number;
}

export function checkArray(errors: FieldError[], field: string, value: unknown, rule: ArrayRule): unknown[] | undefined {
  if (isAbsent(value)) return required(errors, field, rule.required);
  if (!Array.isArray(value)) {
    errors.push(fieldError(field, 'must be a list', value));
    return undefined;
  }
  if (rule.minItems !== undefined && value.length < rule.minItems) {
    errors.push(fieldError(field, `must have at least ${rule.minItems} item${rule.minItems === 1 ? '' : 's'}`));
    return undefined;
  }
  if (rule.maxItems !== undefined && value.length > rule.maxItems) {
    errors.push(fieldError(field, `must have at most ${rule.maxItems} items (has ${value.length})`));
    return undefined;
  }
  return value;
}
