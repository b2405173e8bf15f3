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

/** How a denial names the object; only worked out when there is a denial to write. */
function subjectOf(rules: CustomResourceRules, request: AdmissionRequest): string {
  return describeSubject(rules.kind, request, request.object ?? request.oldObject);
}

function judged(rules: CustomResourceRules, request: AdmissionRequest, errors: FieldError[]): AdmissionDecision {
  return errors.length === 0 ? ALLOW : decideFromViolations(subjectOf(rules, request), errors, 422);
}

/** CREATE and UPDATE are judged; DELETE and CONNECT have nothing of ours to check. */
export function admitCustomResource(rules: CustomResourceRules, request: AdmissionRequest): AdmissionDecision {
  const { operation, object, oldObject } = request;
  if (operation !== 'CREATE' && operation !== 'UPDATE') return ALLOW;
  if (!isObject(object)) return deny(400, 'BadRequest', `${subjectOf(rules, request)}: request.object is required for ${operation}`);
  if (operation === 'CREATE') return judged(rules, request, rules.validate(object));
  if (!isObject(oldObject)) return deny(400, 'BadRequest', `${subjectOf(rules, request)}: request.oldObject is required for UPDATE`);
  // An UPDATE that leaves the spec alone (finalizer removal, labels, annotations) must pass even
  // when a rule was tightened after the object was stored; otherwise a finalizer could never be
  // removed and the object could never be deleted.
  if (structurallyEqual(specOf(oldObject), specOf(object))) return ALLOW;
  return judged(rules, request, [...rules.validate(object), ...rules.validateUpdate(oldObject, object)]);
}
