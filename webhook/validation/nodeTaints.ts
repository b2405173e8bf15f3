import { checkArray, checkEnum, checkString, isObject } from './fieldChecks.ts';
import { fieldError, type FieldError } from './fieldError.ts';
import { DNS1123_SUBDOMAIN_MAX_LENGTH, LABEL_VALUE_MAX_LENGTH, NAME_PART_MAX_LENGTH, labelValueProblems, qualifiedNameProblems } from './qualifiedNames.ts';

export const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;
const MAX_TAINTS = 50;
const TAINT_KEY_MAX_LENGTH = DNS1123_SUBDOMAIN_MAX_LENGTH + 1 + NAME_PART_MAX_LENGTH;

/** Taints a NodeGroup applies to its nodes, checked as the API server checks a Node's taints. */
export function checkNodeTaints(errors: FieldError[], field: string, value: unknown): void {
  const taints = checkArray(errors, field, value, { maxItems: MAX_TAINTS });
  if (taints === undefined) return;
  const firstIndexByKeyAndEffect = new Map<string, number>();
  taints.forEach((taint, index) => {
    const path = `${field}[${index}]`;
    if (!isObject(taint)) {
      errors.push(fieldError(path, 'must be an object with key, value and effect', taint));
      return;
    }
    const key = checkString(errors, `${path}.key`, taint.key, { required: true, minLength: 1, maxLength: TAINT_KEY_MAX_LENGTH });
    const keyProblems = key === undefined ? [] : qualifiedNameProblems(key);
    for (const problem of keyProblems) errors.push(fieldError(`${path}.key`, `must be a qualified name: ${problem}`, key));
    const taintValue = checkString(errors, `${path}.value`, taint.value, { maxLength: LABEL_VALUE_MAX_LENGTH });
    if (taintValue !== undefined) {
      for (const problem of labelValueProblems(taintValue)) errors.push(fieldError(`${path}.value`, problem, taintValue));
    }
    const effect = checkEnum(errors, `${path}.effect`, taint.effect, TAINT_EFFECTS, { required: true });
    if (key === undefined || keyProblems.length > 0 || effect === undefined) return;
    const identity = `${key}\u0000${effect}`;
    const first = firstIndexByKeyAndEffect.get(identity);
    if (first === undefined) firstIndexByKeyAndEffect.set(identity, index);
    else errors.push(fieldError(path, `duplicates ${field}[${first}]: a node carries at most one taint per key and effect`));
  });
}
