import fc from 'fast-check';
import { ADMIN, AUTOSCALER } from './admissionReviews.ts';

const MANAGED_LABEL = 'autoscaler.vpsie.com/managed';
const CONTROL_PLANE = 'node-role.kubernetes.io/control-plane';
const MASTER = 'node-role.kubernetes.io/master';

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));

/** Plain, unicode, control-character, lone-surrogate and very long strings. */
export const oddString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: loneSurrogate }),
  fc.string({ unit: 'binary-ascii' }),
  fc.integer({ min: 1_000, max: 60_000 }).map((length) => 'é😀'.repeat(length / 3)),
);

const junk = fc.oneof(fc.anything({ maxDepth: 3 }), oddString, fc.constantFrom(null, undefined, Number.NaN, -0, 1e308, []));

/** Sometimes a plausible value, sometimes anything at all. */
function plausible<T>(value: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 3, arbitrary: value }, { weight: 1, arbitrary: junk });
}

const labelKey = fc.oneof(
  fc.constantFrom(MANAGED_LABEL, CONTROL_PLANE, MASTER, 'app', 'example.com/team', 'kubernetes.io/hostname', 'a/b/c', ''),
  oddString,
);
const labelValue = plausible(fc.constantFrom('true', 'false', '', 'True', 'general', '-x'));
const labels = plausible(fc.dictionary(labelKey, labelValue, { maxKeys: 6 }));

const integer = plausible(fc.oneof(fc.integer({ min: -5, max: 1_005 }), fc.double()));
const identifier = plausible(fc.oneof(fc.constantFrom('us-east-1', 'k8s-2-4', 'a b', ''), oddString));

const spec = plausible(
  fc.record(
    {
      minNodes: integer,
      maxNodes: integer,
      datacenterID: identifier,
      resourceIdentifier: identifier,
      project: identifier,
      offeringIDs: plausible(fc.array(identifier, { maxLength: 6 })),
      preferredInstanceType: identifier,
      kubernetesVersion: plausible(fc.constantFrom('v1.31.2', 'v1.31', 'latest')),
      labels,
      taints: plausible(fc.array(plausible(fc.record({ key: identifier, value: identifier, effect: plausible(fc.constantFrom('NoSchedule', 'NoExecute', 'x')) }, { requiredKeys: [] })), { maxLength: 4 })),
      scaleUpPolicy: plausible(fc.record({ enabled: junk, stabilizationWindowSeconds: integer }, { requiredKeys: [] })),
      scaleDownPolicy: plausible(fc.record({ enabled: junk, cpuThreshold: integer, memoryThreshold: integer, cooldownSeconds: integer }, { requiredKeys: [] })),
      disruption: plausible(fc.record({ budget: plausible(fc.constantFrom('1', '20%', '150%', '05', '99999999999')) }, { requiredKeys: [] })),
      rebalance: plausible(fc.record({ strategy: plausible(fc.constantFrom('rolling', 'surge', 'x')), minMonthlySavings: integer }, { requiredKeys: [] })),
      nodeGroupName: identifier,
      offeringID: identifier,
      reason: plausible(fc.constantFrom('scale-up', 'replace', 'x')),
    },
    { requiredKeys: [] },
  ),
);

const metadata = plausible(fc.record({ name: plausible(oddString), namespace: plausible(oddString), labels }, { requiredKeys: [] }));

/** NodeGroups, VPSieNodes and Nodes, mostly shaped right, often broken somewhere. */
export const kubernetesObject = plausible(fc.record({ apiVersion: junk, kind: junk, metadata, spec }, { requiredKeys: [] }));

export const operation = plausible(fc.constantFrom('CREATE', 'UPDATE', 'DELETE', 'CONNECT', 'delete'));
export const username = plausible(fc.oneof(fc.constantFrom(AUTOSCALER, ADMIN, `${AUTOSCALER} `, 'system:node:worker-1'), oddString));

export const admissionRequest = plausible(
  fc.record(
    {
      uid: plausible(fc.oneof(fc.uuid(), oddString)),
      operation,
      userInfo: plausible(fc.record({ username, groups: junk }, { requiredKeys: [] })),
      object: kubernetesObject,
      oldObject: kubernetesObject,
      name: plausible(oddString),
      namespace: plausible(oddString),
    },
    { requiredKeys: [] },
  ),
);

const anyReviewBody = plausible(
  fc.record(
    {
      apiVersion: plausible(fc.constant('admission.k8s.io/v1')),
      kind: plausible(fc.constant('AdmissionReview')),
      request: admissionRequest,
    },
    { requiredKeys: [] },
  ),
);

const nodeLabels = fc.oneof(
  fc.constant({ [MANAGED_LABEL]: 'true', 'autoscaler.vpsie.com/nodegroup': 'general' }),
  fc.record(
    {
      [MANAGED_LABEL]: plausible(fc.constantFrom('true', 'false', '')),
      [CONTROL_PLANE]: fc.constantFrom('', 'true'),
      [MASTER]: fc.constantFrom('', 'true'),
      'autoscaler.vpsie.com/nodegroup': fc.constant('general'),
    },
    { requiredKeys: [] },
  ),
  labels,
);

/** Node DELETEs by the autoscaler: the requests the guard exists for, shaped right or not. */
const autoscalerNodeDeletionBody = fc.record({
  apiVersion: fc.constant('admission.k8s.io/v1'),
  kind: fc.constant('AdmissionReview'),
  request: fc.record(
    {
      uid: fc.uuid(),
      operation: fc.constant('DELETE'),
      userInfo: fc.constant({ username: AUTOSCALER }),
      name: plausible(oddString),
      oldObject: plausible(fc.record({ kind: fc.constant('Node'), metadata: plausible(fc.record({ name: oddString, labels: nodeLabels }, { requiredKeys: [] })) })),
      object: fc.option(kubernetesObject, { nil: undefined }),
    },
    { requiredKeys: ['uid', 'operation', 'userInfo'] },
  ),
});

/** Whole AdmissionReview bodies, from well-formed to nonsense, a quarter of them node deletions by the autoscaler. */
export const admissionReviewBody = fc.oneof({ weight: 3, arbitrary: anyReviewBody }, { weight: 1, arbitrary: autoscalerNodeDeletionBody });

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export type AutoscalerDeletion = 'not-an-autoscaler-deletion' | 'forbidden' | 'permitted';

/**
 * The guard's contract, stated independently of its implementation: a DELETE by the autoscaler
 * is permitted for a readable, managed, non-control-plane node and forbidden for anything else.
 */
export function classifyAutoscalerDeletion(body: unknown): AutoscalerDeletion {
  if (!isRecord(body) || !isRecord(body.request)) return 'not-an-autoscaler-deletion';
  const { operation: op, userInfo, oldObject } = body.request;
  if (op !== 'DELETE' || !isRecord(userInfo) || userInfo.username !== AUTOSCALER) return 'not-an-autoscaler-deletion';
  const found = isRecord(oldObject) && isRecord(oldObject.metadata) && isRecord(oldObject.metadata.labels) ? oldObject.metadata.labels : undefined;
  if (found === undefined) return 'forbidden';
  const forbidden = found[MANAGED_LABEL] !== 'true' || Object.hasOwn(found, CONTROL_PLANE) || Object.hasOwn(found, MASTER);
  return forbidden ? 'forbidden' : 'permitted';
}
