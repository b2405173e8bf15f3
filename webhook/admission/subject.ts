import { isObject } from '../validation/fieldChecks.ts';
import { shorten } from '../validation/fieldError.ts';
import type { AdmissionRequest } from './review.ts';

export interface ObjectIdentity {
  readonly name: string | undefined;
  readonly namespace: string | undefined;
}

/** Longest Kubernetes object name; identities are shortened only beyond what is legitimate. */
export const MAX_IDENTITY_CHARACTERS = 253;

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? shorten(value, MAX_IDENTITY_CHARACTERS) : undefined;
}

/** Name and namespace from the request, or from the object when the request omits them. */
export function identityOf(request: AdmissionRequest, object: unknown): ObjectIdentity {
  const metadata = isObject(object) && isObject(object.metadata) ? object.metadata : {};
  return {
    name: stringOrUndefined(request.name) ?? stringOrUndefined(metadata.name),
    namespace: stringOrUndefined(request.namespace) ?? stringOrUndefined(metadata.namespace),
  };
}

/** `NodeGroup "kube-system/general"`: how a denial names what it denies. */
export function describeSubject(kind: string, request: AdmissionRequest, object: unknown): string {
  const { name, namespace } = identityOf(request, object);
  if (name === undefined) return kind;
  return `${kind} ${JSON.stringify(namespace === undefined ? name : `${namespace}/${name}`)}`;
}
