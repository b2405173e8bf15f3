import { shorten } from '../validation/fieldError.ts';
import { validateNodeGroup, validateNodeGroupUpdate } from '../validation/nodeGroup.ts';
import { validateVPSieNode, validateVPSieNodeUpdate } from '../validation/vpsieNode.ts';
import { admitCustomResource, type CustomResourceRules } from './customResourceAdmission.ts';
import { deny, type AdmissionDecision } from './decision.ts';
import { MAX_IDENTITY_CHARACTERS, identityOf } from './subject.ts';
import { admitNodeDeletion } from './nodeDeletionAdmission.ts';
import { admissionResponseReview, parseAdmissionReview, usernameOf, type AdmissionRequest, type AdmissionResponseReview } from './review.ts';

export const ADMISSION_PATHS = ['/validate/nodegroups', '/validate/vpsienodes', '/validate/node-deletion'] as const;
export type AdmissionPath = (typeof ADMISSION_PATHS)[number];

export function isAdmissionPath(path: string): path is AdmissionPath {
  return (ADMISSION_PATHS as readonly string[]).includes(path);
}

export interface AdmissionContext {
  /** The autoscaler's own identity, e.g. system:serviceaccount:kube-system:vpsie-autoscaler. */
  readonly autoscalerUsername: string;
}

const NODE_GROUP_RULES: CustomResourceRules = { kind: 'NodeGroup', validate: validateNodeGroup, validateUpdate: validateNodeGroupUpdate };
const VPSIE_NODE_RULES: CustomResourceRules = { kind: 'VPSieNode', validate: validateVPSieNode, validateUpdate: validateVPSieNodeUpdate };

const KIND_BY_PATH: Record<AdmissionPath, string> = {
  '/validate/nodegroups': 'NodeGroup',
  '/validate/vpsienodes': 'VPSieNode',
  '/validate/node-deletion': 'Node',
};

export function admit(path: AdmissionPath, request: AdmissionRequest, context: AdmissionContext): AdmissionDecision {
  switch (path) {
    case '/validate/nodegroups':
      return admitCustomResource(NODE_GROUP_RULES, request);
    case '/validate/vpsienodes':
      return admitCustomResource(VPSIE_NODE_RULES, request);
    case '/validate/node-deletion':
      return admitNodeDeletion(request, context.autoscalerUsername);
  }
}

/** What a denial log line says about the request; every string is shortened for the log. */
export interface DenialRecord {
  readonly uid: string;
  readonly kind: string;
  readonly name: string | undefined;
  readonly namespace: string | undefined;
  readonly user: string | undefined;
  readonly reason: string;
}

export type ReviewOutcome =
  | {
      readonly kind: 'reviewed';
      readonly review: AdmissionResponseReview;
      readonly denial?: DenialRecord;
      /** Set when a validator threw: a bug, answered as a denial so the request fails closed. */
      readonly failure?: unknown;
    }
  | { readonly kind: 'malformed'; readonly message: string };

const INTERNAL_ERROR = deny(500, 'InternalError', 'the admission webhook failed to evaluate this request');

/**
 * The whole admission decision for one parsed request body, without any I/O: the server calls
 * it after reading the body, and property tests call it directly.
 */
export function reviewAdmission(path: AdmissionPath, body: unknown, context: AdmissionContext): ReviewOutcome {
  const parsed = parseAdmissionReview(body);
  if (!parsed.ok) return { kind: 'malformed', message: parsed.message };
  const { request } = parsed;
  let decision: AdmissionDecision;
  let failure: unknown;
  try {
    decision = admit(path, request, context);
  } catch (error) {
    decision = INTERNAL_ERROR;
    failure = error;
  }
  const review = admissionResponseReview(request.uid, decision);
  if (decision.allowed) return { kind: 'reviewed', review };
  const user = usernameOf(request);
  const denial: DenialRecord = {
    uid: shorten(request.uid, MAX_IDENTITY_CHARACTERS),
    kind: KIND_BY_PATH[path],
    ...identityOf(request, request.object ?? request.oldObject),
    user: user === undefined ? undefined : shorten(user, MAX_IDENTITY_CHARACTERS),
    reason: decision.message,
  };
  return failure === undefined ? { kind: 'reviewed', review, denial } : { kind: 'reviewed', review, denial, failure };
}
