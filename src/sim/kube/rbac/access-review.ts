import { type Authorizer, type Decision, type RequestAttributes, rulesOf } from '../auth.ts';
import { ApiError, errors } from '../errors.ts';
import { decodeBody } from '../http/body.ts';
import { mediaTypeOf } from '../http/negotiation.ts';
import { ProtobufDecodeError } from '../protobuf/errors.ts';
import { asObjectOfType } from '../ops/common.ts';
import type { ResourceType, UserInfo } from '../types.ts';
import { ACCESS_SPEC, checkDecodes, type GoStruct, RULES_SPEC, SELF_ACCESS_SPEC } from './review-decoding.ts';
import { decodeReviewProtobuf } from './review-protobuf.ts';
import { goNonResourceAttributes, goObjectMeta, type Invalid, invalidReview, isEmptyMeta } from './review-validation.ts';

export const AUTHORIZATION_GROUP = 'authorization.k8s.io';

type Json = Record<string, unknown>;

export interface ReviewRequest {
  type: ResourceType;
  /** The namespace of the URL (LocalSubjectAccessReview only). */
  namespace?: string;
  /** Who is asking (after impersonation). */
  user: UserInfo;
  authorizer: Authorizer;
  /** The request body as sent: JSON, YAML or Kubernetes protobuf. */
  body: Uint8Array;
  contentType?: string;
}

const RESOURCE_FIELDS = ['namespace', 'verb', 'group', 'version', 'resource', 'subresource', 'name'] as const;

function text(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A struct as Go writes it back: known fields only, empty strings omitted. */
function pick(source: Json, fields: readonly string[]): Json {
  const out: Json = {};
  for (const f of fields) if (source[f] !== undefined && source[f] !== null && source[f] !== '') out[f] = source[f];
  return out;
}

/** The attributes a review's spec asks about (ResourceAttributesFrom / NonResourceAttributesFrom). */
function attributesOf(spec: Json): RequestAttributes {
  if (isObject(spec.resourceAttributes)) {
    const r = spec.resourceAttributes;
    return { verb: text(r.verb), group: text(r.group), resource: text(r.resource), subresource: text(r.subresource) || undefined, namespace: text(r.namespace) || undefined, name: text(r.name) || undefined };
  }
  const n = spec.nonResourceAttributes as Json;
  return { verb: text(n.verb), path: text(n.path) };
}

/** ValidateSubjectAccessReviewSpec's first two rules, shared by every access review. */
function attributeProblems(spec: Json): Invalid[] {
  const hasResource = isObject(spec.resourceAttributes);
  const hasNonResource = isObject(spec.nonResourceAttributes);
  if (hasResource && hasNonResource) {
    return [{ field: 'spec.nonResourceAttributes', value: goNonResourceAttributes(spec.nonResourceAttributes as Json), detail: 'cannot be specified in combination with resourceAttributes' }];
  }
  if (!hasResource && !hasNonResource) return [{ field: 'spec.resourceAttributes', value: '"null"', detail: 'exactly one of nonResourceAttributes or resourceAttributes must be specified' }];
  return [];
}

function decodedBody(r: ReviewRequest): unknown {
  if (mediaTypeOf(r.contentType) !== 'application/vnd.kubernetes.protobuf') return decodeBody(Buffer.from(r.body), r.contentType);
  try {
    return decodeReviewProtobuf(r.body, { apiVersion: `${r.type.group}/${r.type.version}`, kind: r.type.kind });
  } catch (error) {
    if (error instanceof ProtobufDecodeError) throw new ApiError({ code: error.code, reason: error.reason, message: error.message });
    throw error;
  }
}

function specOf(kind: string, r: ReviewRequest, goSpec: GoStruct): { object: Json; spec: Json } {
  const object = asObjectOfType(decodedBody(r), r.type) as Json;
  checkDecodes(kind, object, goSpec);
  return { object, spec: isObject(object.spec) ? object.spec : {} };
}

function echoedSpec(spec: Json): Json {
  const out: Json = {};
  if (isObject(spec.resourceAttributes)) out.resourceAttributes = pick(spec.resourceAttributes, RESOURCE_FIELDS);
  if (isObject(spec.nonResourceAttributes)) out.nonResourceAttributes = pick(spec.nonResourceAttributes, ['path', 'verb']);
  return { ...out, ...pick(spec, ['user']), ...(Array.isArray(spec.groups) && spec.groups.length ? { groups: spec.groups } : {}), ...pick(spec, ['uid']) };
}

function statusOf(decision: Decision): Json {
  return { allowed: decision.allowed, ...(decision.denied ? { denied: true } : {}), ...(decision.reason ? { reason: decision.reason } : {}) };
}

function answer(type: ResourceType, metadata: Json, spec: Json, status: Json): Json {
  return { kind: type.kind, apiVersion: `${type.group}/${type.version}`, metadata: { creationTimestamp: null, ...metadata }, spec, status };
}

/** SelfSubjectAccessReview: may the requester do this? */
function selfSubjectAccessReview(r: ReviewRequest): Json {
  const kind = 'SelfSubjectAccessReview';
  const { object, spec } = specOf(kind, r, SELF_ACCESS_SPEC);
  const problems = attributeProblems(spec);
  if (!isEmptyMeta(object.metadata)) problems.push({ field: 'metadata', value: goObjectMeta(object.metadata as Json), detail: 'must be empty' });
  if (problems.length) throw invalidReview(kind, problems);
  return answer(r.type, {}, echoedSpec(spec), statusOf(r.authorizer.authorize(r.user, attributesOf(spec))));
}

/** The user a SubjectAccessReview asks about: exactly the user and groups given (no system:authenticated added). */
function subjectOf(spec: Json): UserInfo {
  const groups = Array.isArray(spec.groups) ? spec.groups.filter((g): g is string => typeof g === 'string') : [];
  return { username: text(spec.user), groups, ...(text(spec.uid) ? { uid: text(spec.uid) } : {}) };
}

function subjectProblems(spec: Json): Invalid[] {
  const problems = attributeProblems(spec);
  if (!text(spec.user) && !(Array.isArray(spec.groups) && spec.groups.length)) {
    problems.push({ field: 'spec.user', value: '""', detail: 'at least one of user or group must be specified' });
  }
  return problems;
}

/** SubjectAccessReview: may this user and these groups do this? */
function subjectAccessReview(r: ReviewRequest): Json {
  const kind = 'SubjectAccessReview';
  const { object, spec } = specOf(kind, r, ACCESS_SPEC);
  const problems = subjectProblems(spec);
  if (!isEmptyMeta(object.metadata)) problems.push({ field: 'metadata', value: goObjectMeta(object.metadata as Json), detail: 'must be empty' });
  if (problems.length) throw invalidReview(kind, problems);
  return answer(r.type, {}, echoedSpec(spec), statusOf(r.authorizer.authorize(subjectOf(spec), attributesOf(spec))));
}

/** LocalSubjectAccessReview: a SubjectAccessReview created in a namespace, resources only. */
function localSubjectAccessReview(r: ReviewRequest): Json {
  const kind = 'LocalSubjectAccessReview';
  const { object, spec } = specOf(kind, r, ACCESS_SPEC);
  const meta = (isObject(object.metadata) ? object.metadata : {}) as Json;
  if (text(meta.namespace) && meta.namespace !== r.namespace) throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
  const problems = subjectProblems(spec);
  if (!isEmptyMeta(meta, ['namespace'])) problems.push({ field: 'metadata', value: goObjectMeta({ ...meta, namespace: r.namespace }), detail: 'must be empty except for namespace' });
  if (isObject(spec.nonResourceAttributes)) {
    problems.push({ field: 'spec.nonResourceAttributes', value: goNonResourceAttributes(spec.nonResourceAttributes), detail: 'disallowed on this kind of request' });
  }
  if (problems.length) throw invalidReview(kind, problems);
  return answer(r.type, { namespace: r.namespace }, echoedSpec(spec), statusOf(r.authorizer.authorize(subjectOf(spec), attributesOf(spec))));
}

/** SelfSubjectRulesReview: everything the requester may do in a namespace (`kubectl auth can-i --list`). */
function selfSubjectRulesReview(r: ReviewRequest): Json {
  const { spec } = specOf('SelfSubjectRulesReview', r, RULES_SPEC);
  const namespace = text(spec.namespace);
  if (!namespace) throw errors.badRequest('no namespace on request');
  const rules = rulesOf(r.authorizer, r.user, namespace);
  const status: Json = { resourceRules: rules.resourceRules, nonResourceRules: rules.nonResourceRules, incomplete: rules.incomplete };
  if (rules.evaluationError) status.evaluationError = rules.evaluationError;
  // The real REST answers a new object: the spec is not echoed.
  return answer(r.type, {}, {}, status);
}

const REVIEWS: Record<string, (r: ReviewRequest) => Json> = {
  SelfSubjectAccessReview: selfSubjectAccessReview,
  SubjectAccessReview: subjectAccessReview,
  LocalSubjectAccessReview: localSubjectAccessReview,
  SelfSubjectRulesReview: selfSubjectRulesReview,
};

/**
 * Answers a create of an authorization.k8s.io/v1 review. Reviews are virtual: evaluated against
 * the server's authorizer and returned with their status, never stored.
 */
export function review(r: ReviewRequest): Json {
  const handler = REVIEWS[r.type.kind];
  if (!handler) throw errors.pathNotFound();
  return handler(r);
}
