import { describe, expect, it } from 'vitest';
import type { PatchSchema } from '../../../src/sim/kube/patch/index.ts';
import { applyStrategicMergePatch, patchSchemaFor } from '../../../src/sim/kube/patch/index.ts';
import { dig } from './dig.ts';

const podSchema = patchSchemaFor('', 'v1', 'Pod') as PatchSchema;

function patchPod(pod: unknown, patch: unknown): unknown {
  return applyStrategicMergePatch(pod, patch, podSchema);
}

describe('strategic merge patch: maps', () => {
  it('merges nested maps member by member', () => {
    const pod = { metadata: { labels: { a: '1' }, annotations: { x: 'y' } } };
    expect(patchPod(pod, { metadata: { labels: { b: '2' } } })).toEqual({ metadata: { labels: { a: '1', b: '2' }, annotations: { x: 'y' } } });
  });

  it('deletes a member whose patch value is null', () => {
    expect(patchPod({ metadata: { labels: { a: '1', b: '2' } } }, { metadata: { labels: { a: null } } })).toEqual({ metadata: { labels: { b: '2' } } });
  });

  it('ignores a null for a member the object does not have', () => {
    expect(patchPod({ spec: {} }, { spec: { nodeName: null } })).toEqual({ spec: {} });
  });

  it('drops null members from a value the object did not have', () => {
    expect(patchPod({ spec: {} }, { spec: { securityContext: { runAsUser: 1, fsGroup: null } } })).toEqual({
      spec: { securityContext: { runAsUser: 1 } },
    });
  });

  it('replaces a value whose type changes', () => {
    expect(patchPod({ spec: { priority: 'high' } }, { spec: { priority: { value: 1 } } })).toEqual({ spec: { priority: { value: 1 } } });
  });

  it('replaces a field tagged with the replace strategy instead of merging it', () => {
    const schema = patchSchemaFor('policy', 'v1', 'PodDisruptionBudget') as PatchSchema;
    const pdb = { spec: { selector: { matchLabels: { app: 'a', tier: 'b' } } } };
    expect(applyStrategicMergePatch(pdb, { spec: { selector: { matchLabels: { app: 'c' } } } }, schema)).toEqual({
      spec: { selector: { matchLabels: { app: 'c' } } },
    });
  });

  it('treats a null patch as an empty patch', () => {
    expect(patchPod({ metadata: { name: 'p' } }, null)).toEqual({ metadata: { name: 'p' } });
  });
});

describe('strategic merge patch: lists', () => {
  const pod = () => ({
    spec: {
      containers: [
        { name: 'a', image: 'a:1', env: [{ name: 'X', value: '1' }] },
        { name: 'b', image: 'b:1' },
      ],
      tolerations: [{ key: 't1', operator: 'Exists' }],
    },
  });

  it('merges a patch item into the item with the same merge key', () => {
    const result = patchPod(pod(), { spec: { containers: [{ name: 'b', image: 'b:2' }] } });
    expect(dig(result, 'spec', 'containers')).toEqual([
      { name: 'a', image: 'a:1', env: [{ name: 'X', value: '1' }] },
      { name: 'b', image: 'b:2' },
    ]);
  });

  it('merges nested merge-keyed lists (env by name inside containers by name)', () => {
    const result = patchPod(pod(), { spec: { containers: [{ name: 'a', env: [{ name: 'Y', value: '2' }] }] } });
    expect(dig(result, 'spec', 'containers', 0, 'env')).toEqual([{ name: 'Y', value: '2' }, { name: 'X', value: '1' }]);
  });

  it('puts an item the server lacks before the server’s items when the patch gives no order', () => {
    const result = patchPod(pod(), { spec: { containers: [{ name: 'c', image: 'c:1' }] } });
    expect((dig(result, 'spec', 'containers') as { name: string }[]).map((c) => c.name)).toEqual(['c', 'a', 'b']);
  });

  it('replaces a list that has no merge strategy (tolerations are atomic)', () => {
    const result = patchPod(pod(), { spec: { tolerations: [{ key: 't2', operator: 'Exists' }] } });
    expect(dig(result, 'spec', 'tolerations')).toEqual([{ key: 't2', operator: 'Exists' }]);
  });

  it('unions a list of scalars with the merge strategy (finalizers), without duplicates', () => {
    const result = patchPod({ metadata: { finalizers: ['a', 'b'] } }, { metadata: { finalizers: ['b', 'c'] } });
    expect(dig(result, 'metadata', 'finalizers')).toEqual(['a', 'b', 'c']);
  });

  it('merges conditions by type', () => {
    const status = { status: { conditions: [{ type: 'Ready', status: 'False' }, { type: 'PodScheduled', status: 'True' }] } };
    const result = patchPod(status, { status: { conditions: [{ type: 'Ready', status: 'True', reason: 'Up' }] } });
    expect(dig(result, 'status', 'conditions')).toEqual([
      { type: 'Ready', status: 'True', reason: 'Up' },
      { type: 'PodScheduled', status: 'True' },
    ]);
  });

  it('merges ownerReferences by uid', () => {
    const meta = { metadata: { ownerReferences: [{ uid: 'u1', kind: 'ReplicaSet', name: 'rs' }] } };
    const result = patchPod(meta, { metadata: { ownerReferences: [{ uid: 'u1', controller: true }] } });
    expect(dig(result, 'metadata', 'ownerReferences')).toEqual([{ uid: 'u1', kind: 'ReplicaSet', name: 'rs', controller: true }]);
  });

  it('merges container ports by containerPort', () => {
    const withPorts = { spec: { containers: [{ name: 'a', ports: [{ containerPort: 80, name: 'http' }] }] } };
    const result = patchPod(withPorts, { spec: { containers: [{ name: 'a', ports: [{ containerPort: 80, protocol: 'TCP' }] }] } });
    expect(dig(result, 'spec', 'containers', 0, 'ports')).toEqual([{ containerPort: 80, name: 'http', protocol: 'TCP' }]);
  });

  it('drops null members of an appended item, as the typed object would', () => {
    const result = patchPod({ spec: { containers: [] } }, { spec: { containers: [{ name: 'c', image: null }] } });
    expect(dig(result, 'spec', 'containers')).toEqual([{ name: 'c' }]);
  });

  it('merges a second patch item with the same merge key into the first', () => {
    const result = patchPod({ spec: { containers: [] } }, { spec: { containers: [{ name: 'c', image: 'i' }, { name: 'c', args: ['x'] }] } });
    expect(dig(result, 'spec', 'containers')).toEqual([{ name: 'c', image: 'i', args: ['x'] }]);
  });
});

describe('strategic merge patch: directives', () => {
  it('$patch: delete in a list item removes the item with that merge key', () => {
    const pod = { spec: { containers: [{ name: 'a' }, { name: 'b' }] } };
    expect(dig(patchPod(pod, { spec: { containers: [{ name: 'a', $patch: 'delete' }] } }), 'spec', 'containers')).toEqual([{ name: 'b' }]);
  });

  it('$patch: replace in a list replaces the whole list with the other items', () => {
    const pod = { spec: { containers: [{ name: 'a', image: 'a' }, { name: 'b' }] } };
    const result = patchPod(pod, { spec: { containers: [{ $patch: 'replace' }, { name: 'c' }] } });
    expect(dig(result, 'spec', 'containers')).toEqual([{ name: 'c' }]);
  });

  it('$patch: replace on a map replaces the map', () => {
    const pod = { metadata: { labels: { a: '1', b: '2' } } };
    expect(dig(patchPod(pod, { metadata: { labels: { $patch: 'replace', c: '3' } } }), 'metadata', 'labels')).toEqual({ c: '3' });
  });

  it('$patch: delete on a map empties it', () => {
    const pod = { metadata: { labels: { a: '1' } } };
    expect(dig(patchPod(pod, { metadata: { labels: { $patch: 'delete' } } }), 'metadata', 'labels')).toEqual({});
  });

  it('drops a new member whose value carries a $patch directive', () => {
    expect(patchPod({ metadata: {} }, { metadata: { labels: { $patch: 'replace', a: '1' } } })).toEqual({ metadata: {} });
  });

  it('$retainKeys clears the members it does not list', () => {
    const deployment = { spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } } };
    const schema = patchSchemaFor('apps', 'v1', 'Deployment') as PatchSchema;
    const patch = { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } };
    expect(applyStrategicMergePatch(deployment, patch, schema)).toEqual({ spec: { strategy: { type: 'Recreate' } } });
  });

  it('$deleteFromPrimitiveList removes values from a list of scalars', () => {
    const pod = { metadata: { finalizers: ['a', 'b', 'c'] } };
    expect(dig(patchPod(pod, { metadata: { '$deleteFromPrimitiveList/finalizers': ['b', 'x'] } }), 'metadata', 'finalizers')).toEqual(['a', 'c']);
  });

  it('$deleteFromPrimitiveList and an addition in the same patch both apply', () => {
    const pod = { metadata: { finalizers: ['a', 'b'] } };
    const result = patchPod(pod, { metadata: { finalizers: ['c'], '$deleteFromPrimitiveList/finalizers': ['a'] } });
    expect(dig(result, 'metadata', 'finalizers')).toEqual(['c', 'b']);
  });
});
