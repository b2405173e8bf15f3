import type { FieldError } from '../validation/fieldError.ts';
import { structurallyEqual } from '../validation/structuralEquality.ts';
import { isObject } from '../validation/fieldChecks.ts';
import { ALLOW, decideFromViolations, deny, type AdmissionDecision } from './decision.ts';
import type { AdmissionRequest } from './review.ts';
import { describeSubject } from './subject.ts';

export interface CustomResourceRules {
  readonly kind: string;
  validate(object: unknown): FieldError[];
  validateUpdate(oldObject: unknown, newObject: unknown): FieldError[];
}

function specOf(object: unknown): unknown {
  return isObject(object) ? object.spec : undefined;
}

/** CREATE and UPDATE are judged; DELETE and CONNECT have nothing of ours to check. */
export function admitCustomResource(rules: CustomResourceRules, request: AdmissionRequest): AdmissionDecision {
  const { operation, object, oldObject } = request;
  if (operation !== 'CREATE' && operation !== 'UPDATE') return ALLOW;
  const subject = describeSubject(rules.kind, request, object ?? oldObject);
  if (!isObject(object)) return deny(400, 'BadRequest', `${subject}: request.object is required for ${operation}`);
  if (operation === 'CREATE') return decideFromViolations(subject, rules.validate(object), 422);
  if (!isObject(oldObject)) return deny(400, 'BadRequest', `${subject}: request.oldObject is required for UPDATE`);
  // An UPDATE that leaves the spec alone (finalizer removal, labels, annotations) must pass even
  // when a rule was tightened after the object was stored; otherwise a finalizer could never be
  // removed and the object could never be deleted.
  if (structurallyEqual(specOf(oldObject), specOf(object))) return ALLOW;
  return decideFromViolations(subject, [...rules.validate(object), ...rules.validateUpdate(oldObject, object)], 422);
}
