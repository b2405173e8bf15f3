// How kube-apiserver (v1.32, endpoints/handlers/patch.go) answers a patch it cannot apply. Each
// error carries the exact metav1.Status the real server sends, because kubectl and client-node
// print the message and branch on code and reason.

import { goQuote } from '../schema/goFormat.ts';
import { goJson } from '../schema/jsonValue.ts';
import type { JsonValue } from './json-value.ts';

export type PatchErrorCode = 400 | 413 | 415 | 422 | 500;

/** metav1.StatusReason; '' is StatusReasonUnknown, which the wire form omits. */
export type PatchErrorReason = 'BadRequest' | 'RequestEntityTooLarge' | 'UnsupportedMediaType' | 'Invalid' | '';

export interface PatchStatusCause {
  readonly reason: string;
  readonly message: string;
  readonly field: string;
}

export interface PatchStatus {
  readonly kind: 'Status';
  readonly apiVersion: 'v1';
  readonly metadata: Record<string, never>;
  readonly status: 'Failure';
  readonly message: string;
  readonly reason?: PatchErrorReason;
  readonly details?: { readonly causes?: readonly PatchStatusCause[] };
  readonly code: PatchErrorCode;
}

interface PatchErrorInit {
  code: PatchErrorCode;
  reason: PatchErrorReason;
  message: string;
  details?: { causes?: PatchStatusCause[] };
  detail?: string;
}

export class PatchError extends Error {
  readonly code: PatchErrorCode;
  readonly reason: PatchErrorReason;
  /**
   * Why the patch failed when the server's answer does not say (a failed JSON patch is answered
   * with a fixed sentence). For logs only: the real server never sends it.
   */
  readonly detail: string | undefined;
  readonly #details: { causes?: PatchStatusCause[] } | undefined;

  constructor(init: PatchErrorInit) {
    super(init.message);
    this.name = 'PatchError';
    this.code = init.code;
    this.reason = init.reason;
    this.detail = init.detail;
    this.#details = init.details;
  }

  /** The response body, as the real server serialises it (empty reason omitted, `details` only where it sends one). */
  status(): PatchStatus {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      ...(this.reason === '' ? {} : { reason: this.reason }),
      ...(this.#details === undefined ? {} : { details: this.#details }),
      code: this.code,
    };
  }
}

/** errors.NewBadRequest. */
export function badRequest(message: string): PatchError {
  return new PatchError({ code: 400, reason: 'BadRequest', message });
}

/** An error the handler passes on untyped: the server answers 500 with the bare message and no reason. */
export function unhandled(message: string): PatchError {
  return new PatchError({ code: 500, reason: '', message });
}

/** errors.NewGenericServerResponse(422, …): the JSON-patch library's own explanation is dropped. */
export function rejectedPatch(detail: string): PatchError {
  return new PatchError({
    code: 422,
    reason: 'Invalid',
    message: 'the server rejected our request due to an error in our request',
    details: {},
    detail,
  });
}

/**
 * The typed decoder's refusal of a patched document that is an array rather than an object:
 * errors.NewInvalid(schema.GroupKind{}, "", [field.Invalid("patch", <patched JSON>, <decode error>)]).
 */
export function undecodablePatchResult(patched: JsonValue): PatchError {
  const why =
    'couldn\'t get version/kind; json parse error: json: cannot unmarshal array into Go value of type ' +
    'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }';
  const body = `Invalid value: ${goQuote(goJson(patched))}: ${why}`;
  return new PatchError({
    code: 422,
    reason: 'Invalid',
    message: ` "" is invalid: patch: ${body}`,
    details: { causes: [{ reason: 'FieldValueInvalid', message: body, field: 'patch' }] },
  });
}

/** 415. The router's refusal carries an empty `details`; the patch handler's own refusal carries none. */
export function unsupportedMediaType(message: string, details?: Record<string, never>): PatchError {
  return new PatchError({ code: 415, reason: 'UnsupportedMediaType', message, ...(details === undefined ? {} : { details }) });
}

/** errors.NewRequestEntityTooLargeError. */
export function entityTooLarge(message: string): PatchError {
  return new PatchError({ code: 413, reason: 'RequestEntityTooLarge', message: `Request entity too large: ${message}` });
}
