import { formatViolations, type FieldError } from '../validation/fieldError.ts';

/** metav1.StatusReason values the API server passes back to the client with a denial. */
export type DenialReason = 'Invalid' | 'Forbidden' | 'BadRequest' | 'InternalError';

export type AdmissionDecision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly code: number; readonly reason: DenialReason; readonly message: string };

export const ALLOW: AdmissionDecision = { allowed: true };

export function deny(code: number, reason: DenialReason, message: string): AdmissionDecision {
  return { allowed: false, code, reason, message };
}

/** Allowed when there are no violations; otherwise one denial that lists them all. */
export function decideFromViolations(subject: string, errors: readonly FieldError[], code: 422 | 403): AdmissionDecision {
  if (errors.length === 0) return ALLOW;
  const reason = code === 422 ? 'Invalid' : 'Forbidden';
  const verdict = code === 422 ? 'is invalid' : 'may not be deleted by the autoscaler';
  return deny(code, reason, `${subject} ${verdict}: ${formatViolations(errors)}`);
}
