import { describe, expect, it } from 'vitest';
import { SelectorError, fieldsOf, parseFieldSelector, supportedFieldsOf } from '../../../src/sim/kube/selectors/index.ts';

function refusal(group: string, kind: string, text: string, scope?: 'Namespaced' | 'Cluster'): string {
  try {
    parseFieldSelector(text, supportedFieldsOf(group, kind, scope));
  } catch (e) {
    if (e instanceof SelectorError) return e.message;
    throw e;
  }
  throw new Error('the selector was accepted');
}

describe('field labels each type supports', () => {
  it.each([
    ['', 'Pod', ['metadata.name', 'metadata.namespace', 'spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'spec.hostNetwork', 'status.phase', 'status.podIP', 'status.podIPs', 'status.nominatedNodeName', 'spec.host']],
    ['', 'Node', ['metadata.name', 'spec.unschedulable']],
    ['', 'Namespace', ['metadata.name', 'status.phase']],
    ['', 'Secret', ['metadata.name', 'metadata.namespace', 'type']],
    ['', 'Service', ['metadata.name', 'metadata.namespace', 'spec.clusterIP', 'spec.type']],
    ['', 'Event', ['metadata.name', 'metadata.namespace', 'involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'source', 'type']],
    ['', 'ConfigMap', ['metadata.name', 'metadata.namespace']],
    ['apps', 'ReplicaSet', ['metadata.name', 'metadata.namespace']],
    ['rbac.authorization.k8s.io', 'ClusterRole', ['metadata.name', 'metadata.namespace']],
  ])('%s/%s accepts exactly %j', (group, kind, labels) => {
    expect([...supportedFieldsOf(group, kind).labels].sort()).toEqual([...labels].sort());
  });

  it.each([
    ['', 'Pod', 'spec.containers', 'field label not supported: spec.containers'],
    ['', 'Node', 'metadata.namespace', 'field label not supported: metadata.namespace'],
    ['', 'Namespace', 'name', 'field label not supported: name'],
    ['apps', 'ReplicaSet', 'status.replicas', '"status.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"'],
    ['apps', 'Deployment', 'spec.replicas', '"spec.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"'],
    ['autoscaler.vpsie.com', 'NodeGroup', 'spec.minNodes', 'field label not supported: spec.minNodes'],
  ])('%s/%s refuses %s as the real server words it', (group, kind, label, message) => {
    expect(refusal(group, kind, `${label}=x`)).toBe(message);
  });

  it('lets a namespaced custom resource select by name and namespace', () => {
    expect(supportedFieldsOf('autoscaler.vpsie.com', 'VPSieNode').labels).toEqual(['metadata.name', 'metadata.namespace']);
  });

  it('refuses metadata.namespace for a cluster-scoped custom resource', () => {
    expect(refusal('example.com', 'Widget', 'metadata.namespace=a', 'Cluster')).toBe('field label not supported: metadata.namespace');
  });
});

describe('field values of an object', () => {
  it('reads a pod’s fields, a missing one as ""', () => {
    const pod = {
      metadata: { name: 'p', namespace: 'd' },
      spec: { nodeName: 'n1', restartPolicy: 'Always', schedulerName: 'default-scheduler', serviceAccountName: 'sa', hostNetwork: true },
      status: { phase: 'Running', podIP: '10.0.0.5', podIPs: [{ ip: '10.0.0.5' }], nominatedNodeName: 'n2' },
    };
    expect(fieldsOf('', 'Pod', pod)).toEqual({
      'metadata.name': 'p',
      'metadata.namespace': 'd',
      'spec.nodeName': 'n1',
      'spec.host': 'n1',
      'spec.restartPolicy': 'Always',
      'spec.schedulerName': 'default-scheduler',
      'spec.serviceAccountName': 'sa',
      'spec.hostNetwork': 'true',
      'status.phase': 'Running',
      'status.podIP': '10.0.0.5',
      'status.nominatedNodeName': 'n2',
    });
  });

  it('gives a pod without hostNetwork "false", and its first podIPs entry as status.podIP', () => {
    const fields = fieldsOf('', 'Pod', { metadata: { name: 'p' }, status: { podIPs: [{ ip: 'fd00::1' }, { ip: '10.0.0.1' }] } });
    expect([fields['spec.hostNetwork'], fields['status.podIP'], fields['spec.nodeName']]).toEqual(['false', 'fd00::1', '']);
  });

  it('reads a node’s spec.unschedulable as "true" or "false"', () => {
    expect(fieldsOf('', 'Node', { metadata: { name: 'n' }, spec: { unschedulable: true } })['spec.unschedulable']).toBe('true');
    expect(fieldsOf('', 'Node', { metadata: { name: 'n' }, spec: {} })['spec.unschedulable']).toBe('false');
  });

  it('reads an event’s source from source.component, else reportingComponent', () => {
    const event = { metadata: { name: 'e', namespace: 'd' }, involvedObject: { kind: 'Pod', name: 'p', namespace: 'd', uid: 'u' }, reason: 'FailedScheduling', type: 'Warning', reportingComponent: 'default-scheduler' };
    const fields = fieldsOf('', 'Event', event);
    expect([fields['involvedObject.kind'], fields['involvedObject.name'], fields.reason, fields.type, fields.source, fields.reportingComponent]).toEqual([
      'Pod', 'p', 'FailedScheduling', 'Warning', 'default-scheduler', 'default-scheduler',
    ]);
    expect(fieldsOf('', 'Event', { ...event, source: { component: 'kubelet' } }).source).toBe('kubelet');
  });

  it.each([
    ['', 'Namespace', { metadata: { name: 'ns' }, status: { phase: 'Terminating' } }, 'status.phase', 'Terminating'],
    ['', 'Secret', { metadata: { name: 's' }, type: 'kubernetes.io/tls' }, 'type', 'kubernetes.io/tls'],
    ['', 'Service', { metadata: { name: 's' }, spec: { clusterIP: '10.96.0.1', type: 'ClusterIP' } }, 'spec.clusterIP', '10.96.0.1'],
    ['', 'Service', { metadata: { name: 's' }, spec: { type: 'NodePort' } }, 'spec.type', 'NodePort'],
  ])('reads %s/%s %j field %s', (group, kind, obj, field, value) => {
    expect(fieldsOf(group, kind, obj)[field]).toBe(value);
  });

  it('reads only name and namespace for other types and custom resources', () => {
    expect(fieldsOf('autoscaler.vpsie.com', 'NodeGroup', { metadata: { name: 'g', namespace: 'd' }, spec: { minNodes: 1 } })).toEqual({
      'metadata.name': 'g',
      'metadata.namespace': 'd',
    });
  });

  it('reads a value of the wrong type as ""', () => {
    expect(fieldsOf('', 'Pod', { metadata: { name: 7 }, spec: { nodeName: ['n'] } })).toMatchObject({ 'metadata.name': '', 'spec.nodeName': '' });
  });

  it('selects pods by node through fieldsOf and the parsed selector, the way a list filters', () => {
    const selector = parseFieldSelector('spec.nodeName=n1', supportedFieldsOf('', 'Pod'));
    const pods = ['n1', 'n2', 'n1'].map((nodeName, i) => ({ metadata: { name: `p${i}` }, spec: { nodeName } }));
    expect(pods.filter((p) => selector.matches(fieldsOf('', 'Pod', p))).map((p) => p.metadata.name)).toEqual(['p0', 'p2']);
  });
});
