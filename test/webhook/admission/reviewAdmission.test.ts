import { describe, expect, it } from 'vitest';
import { reviewAdmission } from '../../../webhook/admission/routes.ts';
import { AUTOSCALER, createReview, deleteNodeReview, node, validNodeGroup } from '../support/admissionReviews.ts';

const context = { autoscalerUsername: AUTOSCALER };

describe('reviewAdmission', () => {
  it('answers an allowed request without a denial record', () => {
    const body = createReview(validNodeGroup());
    const outcome = reviewAdmission('/validate/nodegroups', body, context);
    expect(outcome).toEqual({ kind: 'reviewed', review: { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: body.request.uid, allowed: true } } });
  });

  it('records uid, kind, name, namespace, user and reason of a denial', () => {
    const body = createReview(validNodeGroup({ maxNodes: 0 }), 'alice');
    const outcome = reviewAdmission('/validate/nodegroups', body, context);
    expect(outcome.kind === 'reviewed' && outcome.denial).toEqual({
      uid: body.request.uid,
      kind: 'NodeGroup',
      name: 'general',
      namespace: 'kube-system',
      user: 'alice',
      reason: 'NodeGroup "kube-system/general" is invalid: spec.maxNodes (0) must be greater than or equal to 1',
    });
  });

  it('records a node-deletion denial with the node name from oldObject', () => {
    const body = deleteNodeReview(node('worker-9', {}), AUTOSCALER);
    delete body.request.name;
    const outcome = reviewAdmission('/validate/node-deletion', body, context);
    expect(outcome.kind === 'reviewed' && outcome.denial).toMatchObject({ kind: 'Node', name: 'worker-9', user: AUTOSCALER });
  });

  it('reports a malformed envelope instead of a review', () => {
    expect(reviewAdmission('/validate/vpsienodes', { kind: 'AdmissionReview' }, context)).toEqual({
      kind: 'malformed',
      message: 'AdmissionReview.request is required and must be an object',
    });
  });
});
