// One behaviour per struct tag that matters to the simulator, checked through a patch.
import { describe, expect, it } from 'vitest';
import type { PatchSchema } from '../../../src/sim/kube/patch/index.ts';
import { applyStrategicMergePatch, patchSchemaFor } from '../../../src/sim/kube/patch/index.ts';
import { dig } from './dig.ts';

function patch(group: string, version: string, kind: string, original: unknown, body: unknown): unknown {
  return applyStrategicMergePatch(original, body, patchSchemaFor(group, version, kind) as PatchSchema);
}

const item = (key: string, value: string, extra: Record<string, unknown> = {}) => ({ [key]: value, ...extra });

describe('patch schemas of the built-in types', () => {
  it.each([
    ['Pod', '', 'v1', ['spec', 'volumes'], 'name'],
    ['Pod', '', 'v1', ['spec', 'imagePullSecrets'], 'name'],
    ['Pod', '', 'v1', ['spec', 'hostAliases'], 'ip'],
    ['Pod', '', 'v1', ['spec', 'topologySpreadConstraints'], 'topologyKey'],
    ['Pod', '', 'v1', ['spec', 'schedulingGates'], 'name'],
    ['Pod', '', 'v1', ['spec', 'resourceClaims'], 'name'],
    ['Pod', '', 'v1', ['status', 'conditions'], 'type'],
    ['Pod', '', 'v1', ['status', 'podIPs'], 'ip'],
    ['Node', '', 'v1', ['status', 'conditions'], 'type'],
    ['Node', '', 'v1', ['status', 'addresses'], 'type'],
    ['Namespace', '', 'v1', ['status', 'conditions'], 'type'],
    ['Service', '', 'v1', ['spec', 'ports'], 'port'],
    ['Service', '', 'v1', ['status', 'conditions'], 'type'],
    ['ServiceAccount', '', 'v1', ['secrets'], 'name'],
    ['Deployment', 'apps', 'v1', ['status', 'conditions'], 'type'],
    ['ReplicaSet', 'apps', 'v1', ['status', 'conditions'], 'type'],
    ['DaemonSet', 'apps', 'v1', ['status', 'conditions'], 'type'],
    ['PodDisruptionBudget', 'policy', 'v1', ['status', 'conditions'], 'type'],
    ['ValidatingWebhookConfiguration', 'admissionregistration.k8s.io', 'v1', ['webhooks'], 'name'],
  ])('%s (%s/%s) merges %j by %s', (kind, group, version, path, key) => {
    const wrap = (list: unknown) => path.reduceRight<unknown>((inner, field) => ({ [field]: inner }), list);
    const result = patch(group, version, kind, wrap([item(key, 'a', { x: 1 }), item(key, 'b')]), wrap([item(key, 'a', { y: 2 })]));
    expect(dig(result, ...path)).toEqual([item(key, 'a', { x: 1, y: 2 }), item(key, 'b')]);
  });

  it.each([
    ['Pod', '', 'v1', ['spec', 'tolerations']],
    ['Pod', '', 'v1', ['spec', 'readinessGates']],
    ['Pod', '', 'v1', ['status', 'containerStatuses']],
    ['Node', '', 'v1', ['spec', 'taints']],
    ['Node', '', 'v1', ['status', 'images']],
    ['Node', '', 'v1', ['status', 'volumesAttached']],
    ['Namespace', '', 'v1', ['spec', 'finalizers']],
    ['ServiceAccount', '', 'v1', ['imagePullSecrets']],
    ['Role', 'rbac.authorization.k8s.io', 'v1', ['rules']],
    ['ClusterRoleBinding', 'rbac.authorization.k8s.io', 'v1', ['subjects']],
    ['CustomResourceDefinition', 'apiextensions.k8s.io', 'v1', ['spec', 'versions']],
    ['Lease', 'coordination.k8s.io', 'v1', ['metadata', 'managedFields']],
  ])('%s (%s/%s) replaces %j whole: no patch strategy', (kind, group, version, path) => {
    const wrap = (list: unknown) => path.reduceRight<unknown>((inner, field) => ({ [field]: inner }), list);
    const result = patch(group, version, kind, wrap([{ name: 'a', key: 'a' }, { name: 'b', key: 'b' }]), wrap([{ name: 'a', key: 'a', x: 1 }]));
    expect(dig(result, ...path)).toEqual([{ name: 'a', key: 'a', x: 1 }]);
  });

  it.each([
    ['Deployment', 'apps'],
    ['ReplicaSet', 'apps'],
    ['DaemonSet', 'apps'],
  ])('%s merges its pod template’s containers by name, and their env by name', (kind, group) => {
    const original = { spec: { template: { spec: { containers: [{ name: 'c', env: [{ name: 'A', value: '1' }] }] } } } };
    const body = { spec: { template: { spec: { containers: [{ name: 'c', env: [{ name: 'A', value: '2' }] }] } } } };
    expect(dig(patch(group, 'v1', kind, original, body), 'spec', 'template', 'spec', 'containers')).toEqual([{ name: 'c', env: [{ name: 'A', value: '2' }] }]);
  });

  it.each([
    ['initContainers', 'volumeMounts', 'mountPath'],
    ['containers', 'volumeDevices', 'devicePath'],
    ['ephemeralContainers', 'ports', 'containerPort'],
  ])('Pod merges %s by name and their %s by %s', (list, nested, key) => {
    const original = { spec: { [list]: [{ name: 'c', [nested]: [item(key, '/a', { x: 1 }), item(key, '/b')] }] } };
    const body = { spec: { [list]: [{ name: 'c', [nested]: [item(key, '/a', { y: 2 })] }] } };
    expect(dig(patch('', 'v1', 'Pod', original, body), 'spec', list, 0, nested)).toEqual([item(key, '/a', { x: 1, y: 2 }), item(key, '/b')]);
  });

  it('merges a Node’s podCIDRs as a set', () => {
    expect(dig(patch('', 'v1', 'Node', { spec: { podCIDRs: ['10.0.0.0/24'] } }, { spec: { podCIDRs: ['10.0.0.0/24', 'fd00::/64'] } }), 'spec', 'podCIDRs')).toEqual([
      '10.0.0.0/24',
      'fd00::/64',
    ]);
  });

  it('merges a webhook’s matchConditions by name', () => {
    const original = { webhooks: [{ name: 'w', matchConditions: [{ name: 'm1', expression: 'a' }, { name: 'm2', expression: 'b' }] }] };
    const body = { webhooks: [{ name: 'w', matchConditions: [{ name: 'm1', expression: 'c' }] }] };
    expect(dig(patch('admissionregistration.k8s.io', 'v1', 'ValidatingWebhookConfiguration', original, body), 'webhooks', 0, 'matchConditions')).toEqual([
      { name: 'm1', expression: 'c' },
      { name: 'm2', expression: 'b' },
    ]);
  });

  it.each([
    ['', 'v1', 'ConfigMap'],
    ['', 'v1', 'Secret'],
    ['', 'v1', 'Event'],
    ['rbac.authorization.k8s.io', 'v1', 'ClusterRole'],
    ['rbac.authorization.k8s.io', 'v1', 'RoleBinding'],
    ['autoscaling', 'v1', 'Scale'],
  ])('%s/%s %s unions metadata.finalizers, a new value first', (group, version, kind) => {
    expect(dig(patch(group, version, kind, { metadata: { finalizers: ['a'] } }, { metadata: { finalizers: ['b'] } }), 'metadata', 'finalizers')).toEqual(['b', 'a']);
  });

  it.each([
    ['autoscaler.vpsie.com', 'v1alpha1', 'NodeGroup'],
    ['apps', 'v1', 'StatefulSet'],
    ['', 'v2', 'Pod'],
  ])('has no schema for %s/%s %s', (group, version, kind) => {
    expect(patchSchemaFor(group, version, kind)).toBeUndefined();
  });

  it('does not mistake an inherited property name for a schema field', () => {
    expect(patchSchemaFor('', 'v1', 'constructor')).toBeUndefined();
    const result = patch('', 'v1', 'Pod', { constructor: [1, 2] }, { constructor: [3] });
    expect(result).toEqual({ constructor: [3] });
  });
});
