// The patch strategies of the built-in types the simulator serves, transcribed from the
// `patchStrategy` / `patchMergeKey` struct tags of k8s.io/api v1.32 (checked against the tags
// compiled into the kubectl v1.32 binary). Lists not named here carry no tag and are atomic on
// the real server too: Pod tolerations, readinessGates and containerStatuses, Node taints, images
// and volumesAttached, Namespace spec.finalizers, ServiceAccount imagePullSecrets, RBAC rules and
// subjects, managedFields, and everything in a CustomResourceDefinition.
import type { PatchField, PatchSchema } from './patch-schema.ts';

const byName: PatchField = { strategy: 'merge', mergeKey: 'name' };
const byType: PatchField = { strategy: 'merge', mergeKey: 'type' };
const byIp: PatchField = { strategy: 'merge', mergeKey: 'ip' };
const nested = (schema: PatchSchema): PatchField => ({ schema });

const objectMeta: PatchSchema = {
  finalizers: { strategy: 'merge' },
  ownerReferences: { strategy: 'merge', mergeKey: 'uid' },
};

/** Container, and EphemeralContainerCommon, which repeats its tags. */
const container: PatchSchema = {
  ports: { strategy: 'merge', mergeKey: 'containerPort' },
  env: byName,
  volumeMounts: { strategy: 'merge', mergeKey: 'mountPath' },
  volumeDevices: { strategy: 'merge', mergeKey: 'devicePath' },
};

const podSpec: PatchSchema = {
  volumes: byName,
  initContainers: { ...byName, schema: container },
  containers: { ...byName, schema: container },
  ephemeralContainers: { ...byName, schema: container },
  imagePullSecrets: byName,
  hostAliases: byIp,
  topologySpreadConstraints: { strategy: 'merge', mergeKey: 'topologyKey' },
  schedulingGates: byName,
  resourceClaims: byName,
};

const podStatus: PatchSchema = {
  conditions: byType,
  podIPs: byIp,
  hostIPs: byIp,
  resourceClaimStatuses: byName,
};

const podTemplateSpec: PatchSchema = { metadata: nested(objectMeta), spec: nested(podSpec) };

/** Conditions merged by type: the status of most workload kinds. */
const conditionsStatus: PatchSchema = { conditions: byType };

function withMetadata(fields: PatchSchema = {}): PatchSchema {
  return { metadata: nested(objectMeta), ...fields };
}

const workload = withMetadata({ spec: nested({ template: nested(podTemplateSpec) }), status: nested(conditionsStatus) });

/** Keyed by `<group>/<version>/<Kind>`, the core group being ''. */
const builtinPatchSchemas: ReadonlyMap<string, PatchSchema> = new Map<string, PatchSchema>([
  ['/v1/Pod', withMetadata({ spec: nested(podSpec), status: nested(podStatus) })],
  ['/v1/Node', withMetadata({ spec: nested({ podCIDRs: { strategy: 'merge' } }), status: nested({ conditions: byType, addresses: byType }) })],
  ['/v1/Namespace', withMetadata({ status: nested(conditionsStatus) })],
  ['/v1/Service', withMetadata({ spec: nested({ ports: { strategy: 'merge', mergeKey: 'port' } }), status: nested(conditionsStatus) })],
  ['/v1/ConfigMap', withMetadata()],
  ['/v1/Secret', withMetadata()],
  ['/v1/ServiceAccount', withMetadata({ secrets: byName })],
  ['/v1/Event', withMetadata()],
  ['apps/v1/Deployment', workload],
  ['apps/v1/ReplicaSet', workload],
  ['apps/v1/DaemonSet', workload],
  ['policy/v1/PodDisruptionBudget', withMetadata({ spec: nested({ selector: { strategy: 'replace' } }), status: nested(conditionsStatus) })],
  ['coordination.k8s.io/v1/Lease', withMetadata()],
  ['rbac.authorization.k8s.io/v1/Role', withMetadata()],
  ['rbac.authorization.k8s.io/v1/ClusterRole', withMetadata()],
  ['rbac.authorization.k8s.io/v1/RoleBinding', withMetadata()],
  ['rbac.authorization.k8s.io/v1/ClusterRoleBinding', withMetadata()],
  ['admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration', withMetadata({ webhooks: { ...byName, schema: { matchConditions: byName } } })],
  ['apiextensions.k8s.io/v1/CustomResourceDefinition', withMetadata()],
  ['autoscaling/v1/Scale', withMetadata()],
]);

/**
 * The schema for a built-in type the simulator serves; undefined for custom resources, which the
 * real server does not accept strategic merge patches for.
 */
export function patchSchemaFor(group: string, version: string, kind: string): PatchSchema | undefined {
  return builtinPatchSchemas.get(`${group}/${version}/${kind}`);
}
