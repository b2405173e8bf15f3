// The field selectors each type supports on the real server (v1.32): the labels its field-label
// conversion accepts (pkg/apis/core/v1/conversion.go; runtime.DefaultMetaV1FieldSelectorConversion
// for types without one; the CRD handler for custom resources) and the values its registry
// strategy exposes (GetAttrs / ToSelectableFields). A label that is accepted but never exposed,
// such as a Pod's status.podIPs, reads as "".
import type { Fields, SelectableFields } from './field-selector.ts';

type ObjectLike = Record<string, unknown>;

const notSupported = (label: string) => `field label not supported: ${label}`;

/** A member that is a JSON object, or an empty one. */
function object(value: unknown): ObjectLike {
  return typeof value === 'object' && value !== null ? (value as ObjectLike) : {};
}

/** A member that is a string, or "" (typed fields hold strings; anything else decodes to ""). */
function text(o: ObjectLike, key: string): string {
  const value = Object.hasOwn(o, key) ? o[key] : undefined;
  return typeof value === 'string' ? value : '';
}

function flag(o: ObjectLike, key: string): string {
  return Object.hasOwn(o, key) && o[key] === true ? 'true' : 'false';
}

/** The pod's primary IP: status.podIP wins over status.podIPs[0] when both are set, as v1→internal conversion decides. */
function podIP(status: ObjectLike): string {
  const first = Object.hasOwn(status, 'podIPs') && Array.isArray(status.podIPs) ? object(status.podIPs[0]) : {};
  return text(status, 'podIP') || text(first, 'ip');
}

type Values = (obj: ObjectLike, name: string, namespace: string) => Record<string, string>;

interface TypeFields {
  readonly labels: readonly string[];
  /** Every field the type exposes, metadata included, built in one object literal: this runs once per object in a list. */
  readonly values: Values;
}

function podFields(pod: ObjectLike, name: string, namespace: string): Record<string, string> {
  const spec = object(pod.spec);
  const status = object(pod.status);
  const nodeName = text(spec, 'nodeName');
  return {
    'metadata.name': name,
    'metadata.namespace': namespace,
    'spec.nodeName': nodeName,
    'spec.host': nodeName,
    'spec.restartPolicy': text(spec, 'restartPolicy'),
    'spec.schedulerName': text(spec, 'schedulerName'),
    'spec.serviceAccountName': text(spec, 'serviceAccountName'),
    'spec.hostNetwork': flag(spec, 'hostNetwork'),
    'status.phase': text(status, 'phase'),
    'status.podIP': podIP(status),
    'status.nominatedNodeName': text(status, 'nominatedNodeName'),
  };
}

function eventFields(event: ObjectLike, name: string, namespace: string): Record<string, string> {
  const involved = object(event.involvedObject);
  return {
    'metadata.name': name,
    'metadata.namespace': namespace,
    'involvedObject.kind': text(involved, 'kind'),
    'involvedObject.namespace': text(involved, 'namespace'),
    'involvedObject.name': text(involved, 'name'),
    'involvedObject.uid': text(involved, 'uid'),
    'involvedObject.apiVersion': text(involved, 'apiVersion'),
    'involvedObject.resourceVersion': text(involved, 'resourceVersion'),
    'involvedObject.fieldPath': text(involved, 'fieldPath'),
    reason: text(event, 'reason'),
    reportingComponent: text(event, 'reportingComponent'),
    source: text(object(event.source), 'component') || text(event, 'reportingComponent'),
    type: text(event, 'type'),
  };
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
      values: podFields,
    },
  ],
  [
    '/Node',
    {
      labels: ['metadata.name', 'spec.unschedulable'],
      values: (node, name, namespace) => ({ 'metadata.name': name, 'metadata.namespace': namespace, 'spec.unschedulable': flag(object(node.spec), 'unschedulable') }),
    },
  ],
  [
    '/Event',
    {
      labels: [
        'involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion',
        'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'source', 'type',
        'metadata.namespace', 'metadata.name',
      ],
      values: eventFields,
    },
  ],
  [
    '/Namespace',
    {
      labels: ['status.phase', 'metadata.name'],
      values: (ns, name, namespace) => ({ 'metadata.name': name, 'metadata.namespace': namespace, 'status.phase': text(object(ns.status), 'phase') }),
    },
  ],
  [
    '/Secret',
    {
      labels: ['type', 'metadata.namespace', 'metadata.name'],
      values: (secret, name, namespace) => ({ 'metadata.name': name, 'metadata.namespace': namespace, type: text(secret, 'type') }),
    },
  ],
  [
    '/Service',
    {
      labels: ['metadata.namespace', 'metadata.name', 'spec.clusterIP', 'spec.type'],
      values: (service, name, namespace) => {
        const spec = object(service.spec);
        return { 'metadata.name': name, 'metadata.namespace': namespace, 'spec.clusterIP': text(spec, 'clusterIP'), 'spec.type': text(spec, 'type') };
      },
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
  const o = object(obj);
  const metadata = object(o.metadata);
  const name = text(metadata, 'name');
  const namespace = text(metadata, 'namespace');
  const builtin = builtinTypes.get(`${group}/${kind}`);
  return builtin === undefined ? { 'metadata.name': name, 'metadata.namespace': namespace } : builtin.values(o, name, namespace);
}
