import { isObject } from './fieldChecks.ts';
import { describeValue, fieldError, type FieldError } from './fieldError.ts';
import { LABEL_VALUE_MAX_LENGTH } from './qualifiedNames.ts';
import { structurallyEqual } from './structuralEquality.ts';

/**
 * Object names may be 253 characters long, but the autoscaler copies some of them into label
 * values (at most 63): a longer name would make every node of the group unlabellable.
 */
export function checkNameFitsLabel(errors: FieldError[], object: Record<string, unknown>, labelKey: string): void {
  const metadata = object.metadata;
  if (!isObject(metadata) || typeof metadata.name !== 'string') return;
  if (metadata.name.length > LABEL_VALUE_MAX_LENGTH) {
    errors.push(
      fieldError('metadata.name', `must be at most ${LABEL_VALUE_MAX_LENGTH} characters: it becomes the value of the ${labelKey} label`, metadata.name),
    );
  }
}

function absentAsUndefined(value: unknown): unknown {
  return value === null ? undefined : value;
}

/** Fields of `spec` that UPDATE may not change. */
export function immutableSpecFieldErrors(oldObject: unknown, newObject: unknown, fields: readonly string[]): FieldError[] {
  const before = isObject(oldObject) && isObject(oldObject.spec) ? oldObject.spec : {};
  const after = isObject(newObject) && isObject(newObject.spec) ? newObject.spec : {};
  const errors: FieldError[] = [];
  for (const field of fields) {
    const previous = absentAsUndefined(before[field]);
    const next = absentAsUndefined(after[field]);
    if (structurallyEqual(previous, next)) continue;
    const was = previous === undefined ? 'unset' : describeValue(previous);
    errors.push(fieldError(`spec.${field}`, `is immutable: it was ${was} and cannot be changed`, next ?? null));
  }
  return errors;
}
