import { describe, expect, it } from 'vitest';
import { admissionResponseReview, parseAdmissionReview } from '../../../webhook/admission/review.ts';
import { deny } from '../../../webhook/admission/decision.ts';

describe('parseAdmissionReview', () => {
  it('accepts an AdmissionReview with a request and a uid', () => {
    const parsed = parseAdmissionReview({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: { uid: 'u', operation: 'CREATE' } });
    expect(parsed).toMatchObject({ ok: true, request: { uid: 'u', operation: 'CREATE' } });
  });

  it('accepts a review that omits apiVersion and kind', () => {
    expect(parseAdmissionReview({ request: { uid: 'u' } }).ok).toBe(true);
  });

  it.each<[string, unknown, string]>([
    ['a JSON array', [], 'request body must be a JSON object (an AdmissionReview)'],
    ['a JSON string', 'review', 'request body must be a JSON object'],
    ['JSON null', null, 'request body must be a JSON object'],
    ['an older apiVersion', { apiVersion: 'admission.k8s.io/v1beta1', request: { uid: 'u' } }, 'apiVersion must be admission.k8s.io/v1'],
    ['another kind', { kind: 'Pod', request: { uid: 'u' } }, 'kind must be AdmissionReview'],
    ['no request', { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' }, 'AdmissionReview.request is required and must be an object'],
    ['a null request', { request: null }, 'AdmissionReview.request is required'],
    ['a request that is a list', { request: [] }, 'AdmissionReview.request is required'],
    ['a request without uid', { request: { operation: 'CREATE' } }, 'AdmissionReview.request.uid is required and must be a non-empty string'],
    ['an empty uid', { request: { uid: '' } }, 'AdmissionReview.request.uid is required'],
    ['a numeric uid', { request: { uid: 7 } }, 'AdmissionReview.request.uid is required'],
  ])('rejects %s', (_case, body, message) => {
    expect(parseAdmissionReview(body)).toEqual({ ok: false, message: expect.stringContaining(message) as unknown });
  });
});

describe('admissionResponseReview', () => {
  it('echoes the uid of an allowed request without a status', () => {
    expect(admissionResponseReview('u-1', { allowed: true })).toEqual({
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      response: { uid: 'u-1', allowed: true },
    });
  });

  it('carries code, reason and message of a denial', () => {
    expect(admissionResponseReview('u-2', deny(422, 'Invalid', 'spec.minNodes is required')).response).toEqual({
      uid: 'u-2',
      allowed: false,
      status: { code: 422, reason: 'Invalid', message: 'spec.minNodes is required' },
    });
  });
});
