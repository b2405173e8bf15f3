import { isObject } from '../validation/fieldChecks.ts';
import type { AdmissionDecision } from './decision.ts';

export const ADMISSION_API_VERSION = 'admission.k8s.io/v1';
export const ADMISSION_REVIEW_KIND = 'AdmissionReview';

/** The parts of an admission.k8s.io/v1 AdmissionRequest the validators read; all untrusted. */
export interface AdmissionRequest {
  readonly uid: string;
  readonly operation: unknown;
  readonly object: unknown;
  readonly oldObject: unknown;
  readonly userInfo: unknown;
  readonly name: unknown;
  readonly namespace: unknown;
}

export type ParsedAdmissionReview = { readonly ok: true; readonly request: AdmissionRequest } | { readonly ok: false; readonly message: string };

/** Checks the envelope only; what is inside `request` is for the validators to judge. */
export function parseAdmissionReview(value: unknown): ParsedAdmissionReview {
  if (!isObject(value)) return { ok: false, message: 'request body must be a JSON object (an AdmissionReview)' };
  if (value.apiVersion !== undefined && value.apiVersion !== ADMISSION_API_VERSION) {
    return { ok: false, message: `apiVersion must be ${ADMISSION_API_VERSION}` };
  }
  if (value.kind !== undefined && value.kind !== ADMISSION_REVIEW_KIND) return { ok: false, message: `kind must be ${ADMISSION_REVIEW_KIND}` };
  const request = value.request;
  if (!isObject(request)) return { ok: false, message: 'AdmissionReview.request is required and must be an object' };
  if (typeof request.uid !== 'string' || request.uid.length === 0) {
    return { ok: false, message: 'AdmissionReview.request.uid is required and must be a non-empty string' };
  }
  return {
    ok: true,
    request: {
      uid: request.uid,
      operation: request.operation,
      object: request.object,
      oldObject: request.oldObject,
      userInfo: request.userInfo,
      name: request.name,
      namespace: request.namespace,
    },
  };
}

export interface AdmissionResponseReview {
  apiVersion: typeof ADMISSION_API_VERSION;
  kind: typeof ADMISSION_REVIEW_KIND;
  response: {
    uid: string;
    allowed: boolean;
    status?: { code: number; reason: string; message: string };
  };
}

export function admissionResponseReview(uid: string, decision: AdmissionDecision): AdmissionResponseReview {
  const response: AdmissionResponseReview['response'] = decision.allowed
    ? { uid, allowed: true }
    : { uid, allowed: false, status: { code: decision.code, reason: decision.reason, message: decision.message } };
  return { apiVersion: ADMISSION_API_VERSION, kind: ADMISSION_REVIEW_KIND, response };
}

export function usernameOf(request: AdmissionRequest): string | undefined {
  return isObject(request.userInfo) && typeof request.userInfo.username === 'string' ? request.userInfo.username : undefined;
}
