import { isObject } from '../validation/fieldChecks.ts';
import { nodeDeletionByAutoscalerViolations } from '../validation/nodeDeletion.ts';
import { ALLOW, decideFromViolations, deny, type AdmissionDecision } from './decision.ts';
import { usernameOf, type AdmissionRequest } from './review.ts';
import { describeSubject } from './subject.ts';

/**
 * The guard constrains the autoscaler's own identity only: admins, the node lifecycle controller
 * and everyone else keep deleting nodes as RBAC allows. For a DELETE the node is in `oldObject`.
 */
export function admitNodeDeletion(request: AdmissionRequest, autoscalerUsername: string): AdmissionDecision {
  if (request.operation !== 'DELETE') return ALLOW;
  if (usernameOf(request) !== autoscalerUsername) return ALLOW;
  const subject = describeSubject('Node', request, request.oldObject);
  if (!isObject(request.oldObject)) {
    return deny(403, 'Forbidden', `${subject} may not be deleted by the autoscaler: request.oldObject is missing, so its labels cannot be checked`);
  }
  return decideFromViolations(subject, nodeDeletionByAutoscalerViolations(request.oldObject), 403);
}
