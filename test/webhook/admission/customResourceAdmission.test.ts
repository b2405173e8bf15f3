import { describe, expect, it } from 'vitest';
import { admit } from '../../../webhook/admission/routes.ts';
import { parseAdmissionReview, type AdmissionRequest } from '../../../webhook/admission/review.ts';
import { createReview, review, updateReview, validNodeGroup, validVPSieNode } from '../support/admissionReviews.ts';

const context = { autoscalerUsername: 'system:serviceaccount:kube-system:vpsie-autoscaler' };

function requestOf(body: unknown): AdmissionRequest {
  const parsed = parseAdmissionReview(body);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.request;
}

describe('NodeGroup admission', () => {
  it('allows creating a valid NodeGroup', () => {
    expect(admit('/validate/nodegroups', requestOf(createReview(validNodeGroup())), context)).toEqual({ allowed: true });
  });

  it('denies creating an invalid NodeGroup as Invalid (422), naming the object and the field', () => {
    const decision = admit('/validate/nodegroups', requestOf(createReview(validNodeGroup({ minNodes: 5, maxNodes: 3 }))), context);
    expect(decision).toEqual({
      allowed: false,
      code: 422,
      reason: 'Invalid',
      message: 'NodeGroup "kube-system/general" is invalid: spec.minNodes (5) must be less than or equal to spec.maxNodes (3)',
    });
  });

  it('denies a CREATE without an object', () => {
    const decision = admit('/validate/nodegroups', requestOf(review({ operation: 'CREATE' })), context);
    expect(decision).toMatchObject({ allowed: false, code: 400, message: 'NodeGroup: request.object is required for CREATE' });
  });

  it('denies an UPDATE without an oldObject', () => {
    const decision = admit('/validate/nodegroups', requestOf(review({ operation: 'UPDATE', object: validNodeGroup() })), context);
    expect(decision).toMatchObject({ allowed: false, code: 400, message: expect.stringContaining('request.oldObject is required for UPDATE') as unknown });
  });

  it('denies an UPDATE that changes datacenterID', () => {
    const decision = admit('/validate/nodegroups', requestOf(updateReview(validNodeGroup(), validNodeGroup({ datacenterID: 'eu-1' }))), context);
    expect(decision).toMatchObject({ allowed: false, message: expect.stringContaining('spec.datacenterID ("eu-1") is immutable') as unknown });
  });

  it('validates the new object on UPDATE as on CREATE', () => {
    const decision = admit('/validate/nodegroups', requestOf(updateReview(validNodeGroup(), validNodeGroup({ maxNodes: 0 }))), context);
    expect(decision).toMatchObject({ allowed: false, message: expect.stringContaining('spec.maxNodes (0)') as unknown });
  });

  it('allows an UPDATE that leaves an already invalid spec unchanged, so finalizers can be removed', () => {
    const stored = validNodeGroup({ disruption: { budget: '150%' } });
    const withoutFinalizer = { ...stored, metadata: { ...(stored.metadata as object), finalizers: [], deletionTimestamp: '2026-01-01T00:00:00Z' } };
    expect(admit('/validate/nodegroups', requestOf(updateReview(stored, withoutFinalizer)), context)).toEqual({ allowed: true });
  });

  it.each(['DELETE', 'CONNECT'])('allows %s without looking at the object', (operation) => {
    expect(admit('/validate/nodegroups', requestOf(review({ operation })), context)).toEqual({ allowed: true });
  });
});

describe('VPSieNode admission', () => {
  it('allows creating a valid VPSieNode', () => {
    expect(admit('/validate/vpsienodes', requestOf(createReview(validVPSieNode())), context)).toEqual({ allowed: true });
  });

  it('denies an UPDATE that moves a VPSieNode to another offering', () => {
    const decision = admit('/validate/vpsienodes', requestOf(updateReview(validVPSieNode(), validVPSieNode({ offeringID: 'k8s-8-16' }))), context);
    expect(decision).toMatchObject({
      allowed: false,
      code: 422,
      message: 'VPSieNode "kube-system/general-x7k2p" is invalid: spec.offeringID ("k8s-8-16") is immutable: it was "k8s-4-8" and cannot be changed',
    });
  });

  it('allows a status-only UPDATE', () => {
    const before = validVPSieNode();
    const after = { ...before, status: { phase: 'Active' } };
    expect(admit('/validate/vpsienodes', requestOf(updateReview(before, after)), context)).toEqual({ allowed: true });
  });
});
