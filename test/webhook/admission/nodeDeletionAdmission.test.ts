import { describe, expect, it } from 'vitest';
import { admitNodeDeletion } from '../../../webhook/admission/nodeDeletionAdmission.ts';
import { parseAdmissionReview, type AdmissionRequest } from '../../../webhook/admission/review.ts';
import { ADMIN, AUTOSCALER, MANAGED, deleteNodeReview, node, review } from '../support/admissionReviews.ts';

function requestOf(body: unknown): AdmissionRequest {
  const parsed = parseAdmissionReview(body);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.request;
}

const NODES: Record<string, Record<string, unknown> | undefined> = {
  managed: node('worker-1', MANAGED),
  unmanaged: node('worker-2', {}),
  'managed control-plane': node('cp-1', { ...MANAGED, 'node-role.kubernetes.io/control-plane': '' }),
  'managed master': node('master-1', { ...MANAGED, 'node-role.kubernetes.io/master': 'true' }),
};

describe('node-deletion guard', () => {
  it.each<[string, string, boolean]>([
    [AUTOSCALER, 'managed', true],
    [AUTOSCALER, 'unmanaged', false],
    [AUTOSCALER, 'managed control-plane', false],
    [AUTOSCALER, 'managed master', false],
    [ADMIN, 'managed', true],
    [ADMIN, 'unmanaged', true],
    [ADMIN, 'managed control-plane', true],
    [ADMIN, 'managed master', true],
  ])('user %s deleting a %s node: allowed=%s', (username, kind, allowed) => {
    expect(admitNodeDeletion(requestOf(deleteNodeReview(NODES[kind], username)), AUTOSCALER).allowed).toBe(allowed);
  });

  it('denies the autoscaler a DELETE without oldObject, failing safe', () => {
    expect(admitNodeDeletion(requestOf(deleteNodeReview(undefined, AUTOSCALER)), AUTOSCALER)).toEqual({
      allowed: false,
      code: 403,
      reason: 'Forbidden',
      message: 'Node "n" may not be deleted by the autoscaler: request.oldObject is missing, so its labels cannot be checked',
    });
  });

  it('allows another user a DELETE without oldObject', () => {
    expect(admitNodeDeletion(requestOf(deleteNodeReview(undefined, ADMIN)), AUTOSCALER).allowed).toBe(true);
  });

  it('reads the node from oldObject, not object', () => {
    const body = review({ operation: 'DELETE', userInfo: { username: AUTOSCALER }, object: NODES.managed, oldObject: NODES.unmanaged });
    expect(admitNodeDeletion(requestOf(body), AUTOSCALER).allowed).toBe(false);
  });

  it('names the node and every broken rule', () => {
    const decision = admitNodeDeletion(requestOf(deleteNodeReview(node('cp-2', { 'node-role.kubernetes.io/master': '' }), AUTOSCALER, 'cp-2')), AUTOSCALER);
    expect(decision).toMatchObject({
      allowed: false,
      code: 403,
      message:
        'Node "cp-2" may not be deleted by the autoscaler: metadata.labels["autoscaler.vpsie.com/managed"] must be "true": the autoscaler deletes only nodes it manages; ' +
        'metadata.labels["node-role.kubernetes.io/master"] is set: the autoscaler never deletes a control-plane node',
    });
  });

  it.each(['CREATE', 'UPDATE', 'CONNECT', undefined])('allows the autoscaler a %s of an unmanaged node', (operation) => {
    const body = review({ operation, userInfo: { username: AUTOSCALER }, object: NODES.unmanaged, oldObject: NODES.unmanaged });
    expect(admitNodeDeletion(requestOf(body), AUTOSCALER).allowed).toBe(true);
  });

  it('treats a request without userInfo as another user', () => {
    expect(admitNodeDeletion(requestOf(review({ operation: 'DELETE', oldObject: NODES.unmanaged })), AUTOSCALER).allowed).toBe(true);
  });

  it('guards whichever identity it is configured with', () => {
    const body = deleteNodeReview(NODES.unmanaged, 'system:serviceaccount:autoscaling:custom');
    expect(admitNodeDeletion(requestOf(body), 'system:serviceaccount:autoscaling:custom').allowed).toBe(false);
  });
});
