// The field selectors each type supports on the real server (v1.32): the labels its field-label
// conversion accepts (pkg/apis/core/v1/conversion.go; runtime.DefaultMetaV1FieldSelectorConversion
// for types without one; the CRD handler for custom resources) and the values its registry
// strategy exposes (GetAttrs / ToSelectableFields). A label that is accepted but never exposed,
// such as a Pod's status.podIPs, reads as "".
import type { Fields, SelectableFields } from './field-selector.ts';

type ObjectLike = Record<string, unknown>;

const notSupported = (label: string) => `field label not supported: ${label}`;

interface TypeFields {
  readonly labels: readonly string[];
  readonly values: (obj: ObjectLike) => Record<string, string>;
}

function member(obj: unknown, ...path: string[]): unknown {
  let node = obj;
  for (const key of path) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return undefined;
    node = (node as ObjectLike)[key];
  }
  return node;
}

function text(obj: unknown, ...path: string[]): string {
  const value = member(obj, ...path);
  return typeof value === 'string' ? value : '';
}

function flag(obj: unknown, ...path: string[]): string {
  return String(member(obj, ...path) === true);
}

/** The pod's primary IP: status.podIP wins over status.podIPs[0] when both are set, as v1→internal conversion decides. */
function podIP(pod: ObjectLike): string {
  return text(pod, 'status', 'podIP') || text(pod, 'status', 'podIPs', '0', 'ip');
}

const builtinTypes: ReadonlyMap<string, TypeFields> = new Map<string, TypeFields>([
  [
    '/Pod',
    {
      labels: [
        'metadata.name', 'metadata.namespace', 'spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName',
        'spec.hostNetwork', 'status.phase', 'status.podIP', 'status.podIPs', 'status.nominatedNodeName',
        // Older clients' name for spec.nodeName, which the server translates.
        'spec.host',
      ],
      values: (pod) => ({
        'spec.nodeName': text(pod, 'spec', 'nodeName'),
        'spec.host': text(pod, 'spec', 'nodeName'),
        'spec.restartPolicy': text(pod, 'spec', 'restartPolicy'),
        'spec.schedulerName': text(pod, 'spec', 'schedulerName'),
        'spec.serviceAccountName': text(pod, 'spec', 'serviceAccountName'),
        'spec.hostNetwork': flag(pod, 'spec', 'hostNetwork'),
        'status.phase': text(pod, 'status', 'phase'),
        'status.podIP': podIP(pod),
        'status.nominatedNodeName': text(pod, 'status', 'nominatedNodeName'),
      }),
    },
  ],
  ['/Node', { labels: ['metadata.name', 'spec.unschedulable'], values: (node) => ({ 'spec.unschedulable': flag(node, 'spec', 'unschedulable') }) }],
  [
    '/Event',
    {
      labels: [
        'involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion',
        'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'source', 'type',
        'metadata.namespace', 'metadata.name',
      ],
      values: (event) => ({
        'involvedObject.kind': text(event, 'involvedObject', 'kind'),
        'involvedObject.namespace': text(event, 'involvedObject', 'namespace'),
        'involvedObject.name': text(event, 'involvedObject', 'name'),
        'involvedObject.uid': text(event, 'involvedObject', 'uid'),
        'involvedObject.apiVersion': text(event, 'involvedObject', 'apiVersion'),
        'involvedObject.resourceVersion': text(event, 'involvedObject', 'resourceVersion'),
        'involvedObject.fieldPath': text(event, 'involvedObject', 'fieldPath'),
        reason: text(event, 'reason'),
        reportingComponent: text(event, 'reportingComponent'),
        source: text(event, 'source', 'component') || text(event, 'reportingComponent'),
        type: text(event, 'type'),
      }),
    },
  ],
  ['/Namespace', { labels: ['status.phase', 'metadata.name'], values: (ns) => ({ 'status.phase': text(ns, 'status', 'phase') }) }],
  ['/Secret', { labels: ['type', 'metadata.namespace', 'metadata.name'], values: (secret) => ({ type: text(secret, 'type') }) }],
  [
    '/Service',
    {
      labels: ['metadata.namespace', 'metadata.name', 'spec.clusterIP', 'spec.type'],
      values: (service) => ({ 'spec.clusterIP': text(service, 'spec', 'clusterIP'), 'spec.type': text(service, 'spec', 'type') }),
    },
  ],
]);

/** Built-in types with no conversion function of their own: only name and namespace, in other words. */
const metadataOnlyTypes = new Set([
  '/ConfigMap', '/ServiceAccount', 'apps/Deployment', 'apps/ReplicaSet', 'apps/DaemonSet', 'policy/PodDisruptionBudget',
  'coordination.k8s.io/Lease', 'rbac.authorization.k8s.io/Role', 'rbac.authorization.k8s.io/ClusterRole',
  'rbac.authorization.k8s.io/RoleBinding', 'rbac.authorization.k8s.io/ClusterRoleBinding',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration', 'apiextensions.k8s.io/CustomResourceDefinition', 'autoscaling/Scale',
]);

const metadataOnly: SelectableFields = {
  labels: ['metadata.name', 'metadata.namespace'],
  rejection: (label) => `"${label}" is not a known field selector: only "metadata.name", "metadata.namespace"`,
};

/**
 * The field labels the real server accepts for a type. Any group/kind the simulator does not
 * serve as a built-in is a custom resource: metadata.name, plus metadata.namespace when namespaced.
 */
export function supportedFieldsOf(group: string, kind: string, scope: 'Namespaced' | 'Cluster' = 'Namespaced'): SelectableFields {
  const key = `${group}/${kind}`;
  const builtin = builtinTypes.get(key);
  if (builtin !== undefined) return { labels: builtin.labels, rejection: notSupported };
  if (metadataOnlyTypes.has(key)) return metadataOnly;
  return { labels: scope === 'Namespaced' ? ['metadata.name', 'metadata.namespace'] : ['metadata.name'], rejection: notSupported };
}

/** The values a field selector sees for an object (a missing one reads as ""). */
export function fieldsOf(group: string, kind: string, obj: unknown): Fields {
  const o = (typeof obj === 'object' && obj !== null ? obj : {}) as ObjectLike;
  const meta = { 'metadata.name': text(o, 'metadata', 'name'), 'metadata.namespace': text(o, 'metadata', 'namespace') };
  const builtin = builtinTypes.get(`${group}/${kind}`);
  return builtin === undefined ? meta : { ...builtin.values(o), ...meta };
}
