import { describe, expect, it } from 'vitest';
import { nodeDeletionByAutoscalerViolations } from '../../../webhook/validation/nodeDeletion.ts';
import { MANAGED, node } from '../support/admissionReviews.ts';

describe('nodeDeletionByAutoscalerViolations', () => {
  it('finds nothing wrong with a managed worker', () => {
    expect(nodeDeletionByAutoscalerViolations(node('w1', { ...MANAGED, 'autoscaler.vpsie.com/nodegroup': 'general' }))).toEqual([]);
  });

  it.each<[string, Record<string, string>]>([
    ['no labels', {}],
    ['managed=false', { 'autoscaler.vpsie.com/managed': 'false' }],
    ['managed=True', { 'autoscaler.vpsie.com/managed': 'True' }],
    ['only the nodegroup label', { 'autoscaler.vpsie.com/nodegroup': 'general' }],
  ])('rejects an unmanaged node (%s)', (_case, labels) => {
    expect(nodeDeletionByAutoscalerViolations(node('n', labels)).map((error) => error.field)).toEqual(['metadata.labels["autoscaler.vpsie.com/managed"]']);
  });

  it.each(['node-role.kubernetes.io/control-plane', 'node-role.kubernetes.io/master'])('rejects a managed node that carries %s, even with an empty value', (label) => {
    const errors = nodeDeletionByAutoscalerViolations(node('cp', { ...MANAGED, [label]: '' }));
    expect(errors.map((error) => error.message)).toEqual([`metadata.labels["${label}"] is set: the autoscaler never deletes a control-plane node`]);
  });

  it.each([undefined, null, 'node', [], { metadata: null }, { metadata: { labels: ['autoscaler.vpsie.com/managed=true'] } }])(
    'rejects a node whose labels cannot be read (%j)',
    (value) => {
      expect(nodeDeletionByAutoscalerViolations(value)).toHaveLength(1);
    },
  );
});
