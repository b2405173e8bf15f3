// The patch bodies below were captured from kubectl v1.32.4 (the one on these machines) pointed at
// a recording HTTP server that served the objects in this file: Content-Type and body as sent.
import { describe, expect, it } from 'vitest';
import { applyPatch, patchSchemaFor } from '../../../src/sim/kube/patch/index.ts';

const deploymentSchema = patchSchemaFor('apps', 'v1', 'Deployment');
const nodeSchema = patchSchemaFor('', 'v1', 'Node');

const lastApplied =
  '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"default","labels":{"app":"web"}},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx:1.25","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]},{"name":"log","image":"busybox:1.36"}]}}}}\n';

function liveDeployment() {
  const container = (name: string, image: string) => ({
    name,
    image,
    imagePullPolicy: 'IfNotPresent',
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    resources: {},
  });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      namespace: 'default',
      labels: { app: 'web' },
      uid: 'u1',
      resourceVersion: '7',
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': lastApplied, 'deployment.kubernetes.io/revision': '1' },
    },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            { ...container('web', 'nginx:1.25'), env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] },
            container('log', 'busybox:1.36'),
          ],
          restartPolicy: 'Always',
        },
      },
    },
    status: { replicas: 2, conditions: [{ type: 'Available', status: 'True' }, { type: 'Progressing', status: 'True' }] },
  };
}

function liveNode(extra: Record<string, unknown> = {}) {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'n1', uid: 'n1u', labels: { 'kubernetes.io/hostname': 'n1', foo: 'bar' }, annotations: { a: 'b' } },
    spec: { taints: [{ key: 'dedicated', value: 'infra', effect: 'NoSchedule' }], ...extra },
    status: { conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

const strategic = 'application/strategic-merge-patch+json';
const merge = 'application/merge-patch+json';

describe('patches kubectl sends', () => {
  it('kubectl set resources merges the limits into the named container and keeps the order', () => {
    const patch = {
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'web' }, { name: 'log' }],
            containers: [{ name: 'web', resources: { limits: { cpu: '200m' } } }],
          },
        },
      },
    };
    const expected = liveDeployment();
    expected.spec.template.spec.containers[0]!.resources = { limits: { cpu: '200m' } };
    expect(applyPatch(strategic, liveDeployment(), patch, deploymentSchema)).toEqual(expected);
  });

  it('kubectl apply of a modified Deployment updates, deletes and reorders by the three-way patch', () => {
    const newLastApplied =
      '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"annotations":{},"labels":{"app":"web","tier":"frontend"},"name":"web","namespace":"default"},"spec":{"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"env":[{"name":"A","value":"1"}],"image":"nginx:1.27","name":"web"}]}}}}\n';
    const patch = {
      metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': newLastApplied }, labels: { tier: 'frontend' } },
      spec: {
        replicas: null,
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'web' }],
            containers: [
              { '$setElementOrder/env': [{ name: 'A' }], env: [{ $patch: 'delete', name: 'B' }], image: 'nginx:1.27', name: 'web' },
              { $patch: 'delete', name: 'log' },
            ],
          },
        },
      },
    };
    const live = liveDeployment();
    const { replicas: _replicas, ...specWithoutReplicas } = live.spec;
    const web = { ...live.spec.template.spec.containers[0]!, image: 'nginx:1.27', env: [{ name: 'A', value: '1' }] };
    expect(applyPatch(strategic, liveDeployment(), patch, deploymentSchema)).toEqual({
      ...live,
      metadata: {
        ...live.metadata,
        labels: { app: 'web', tier: 'frontend' },
        annotations: { ...live.metadata.annotations, 'kubectl.kubernetes.io/last-applied-configuration': newLastApplied },
      },
      spec: { ...specWithoutReplicas, template: { ...live.spec.template, spec: { ...live.spec.template.spec, containers: [web] } } },
    });
  });

  it('kubectl label adds a label with a JSON merge patch', () => {
    const result = applyPatch(merge, liveNode(), { metadata: { labels: { tier: 'infra' } } }, nodeSchema) as ReturnType<typeof liveNode>;
    expect(result.metadata.labels).toEqual({ 'kubernetes.io/hostname': 'n1', foo: 'bar', tier: 'infra' });
  });

  it('kubectl label with a trailing dash removes the label through a null', () => {
    const result = applyPatch(merge, liveNode(), { metadata: { labels: { foo: null } } }, nodeSchema) as ReturnType<typeof liveNode>;
    expect(result.metadata.labels).toEqual({ 'kubernetes.io/hostname': 'n1' });
  });

  it('kubectl annotate adds an annotation with a JSON merge patch', () => {
    const result = applyPatch(merge, liveNode(), { metadata: { annotations: { note: 'hello' } } }, nodeSchema) as ReturnType<typeof liveNode>;
    expect(result.metadata.annotations).toEqual({ a: 'b', note: 'hello' });
  });

  it('kubectl taint sends the whole taint list, which replaces the node’s (taints carry no merge key)', () => {
    const taints = [
      { effect: 'NoExecute', key: 'gpu', value: 'true' },
      { effect: 'NoSchedule', key: 'dedicated', value: 'infra' },
    ];
    const result = applyPatch(strategic, liveNode(), { spec: { taints } }, nodeSchema) as ReturnType<typeof liveNode>;
    expect(result.spec.taints).toEqual(taints);
  });

  it('kubectl taint removing the last taint sends null, which drops the list', () => {
    const result = applyPatch(strategic, liveNode(), { spec: { taints: null } }, nodeSchema) as ReturnType<typeof liveNode>;
    expect(result.spec).toEqual({});
  });

  it('kubectl cordon sets spec.unschedulable', () => {
    const result = applyPatch(strategic, liveNode(), { spec: { unschedulable: true } }, nodeSchema) as ReturnType<typeof liveNode>;
    expect(result.spec).toEqual({ taints: liveNode().spec.taints, unschedulable: true });
  });

  it('kubectl uncordon removes spec.unschedulable and leaves the unschedulable taint to the node controller', () => {
    const cordoned = liveNode({ unschedulable: true });
    const result = applyPatch(strategic, cordoned, { spec: { unschedulable: null } }, nodeSchema) as ReturnType<typeof liveNode>;
    expect(result.spec).toEqual({ taints: cordoned.spec.taints });
  });
});
