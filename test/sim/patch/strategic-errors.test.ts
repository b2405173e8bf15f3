import { describe, expect, it } from 'vitest';
import type { PatchSchema } from '../../../src/sim/kube/patch/index.ts';
import { PatchError, applyStrategicMergePatch, patchSchemaFor } from '../../../src/sim/kube/patch/index.ts';

const podSchema = patchSchemaFor('', 'v1', 'Pod') as PatchSchema;

function failure(original: unknown, patch: unknown): PatchError {
  try {
    applyStrategicMergePatch(original, patch, podSchema);
  } catch (e) {
    if (e instanceof PatchError) return e;
    throw e;
  }
  throw new Error('the patch applied');
}

describe('strategic merge patch errors', () => {
  it.each([
    ['an array body', []],
    ['a string body', 'x'],
  ])('refuses %s as the handler’s decoder does (400)', (_name, body) => {
    const e = failure({}, body);
    expect(e.code).toBe(400);
    expect(e.message).toMatch(/^json: cannot unmarshal (array|string) into Go value of type map\[string\]interface \{\}$/);
  });

  it('answers 500 with the library’s words for a list item without its merge key', () => {
    const e = failure({ spec: { containers: [{ name: 'a' }] } }, { spec: { containers: [{ image: 'nginx' }] } });
    expect(e.status()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'map: map[image:nginx] does not contain declared merge key: name',
      code: 500,
    });
  });

  it('answers 400 for $retainKeys that is not a list', () => {
    const e = failure({ spec: {} }, { spec: { $retainKeys: 'a' } });
    expect([e.code, e.reason, e.message]).toEqual([400, 'BadRequest', 'invalid patch format of retainKeys']);
  });

  it('answers 400 when the patch sets a member $retainKeys does not list', () => {
    const e = failure({ spec: {} }, { spec: { $retainKeys: ['a'], b: 1 } });
    expect([e.code, e.message]).toEqual([400, 'invalid patch format of retainKeys']);
  });

  it('answers 400 for a $setElementOrder key without a field', () => {
    const e = failure({ spec: {} }, { spec: { $setElementOrder: [] } });
    expect([e.code, e.message]).toEqual([400, 'invalid patch format of setElementOrder list']);
  });

  it('answers 400 for a $deleteFromPrimitiveList key with a wrong prefix', () => {
    const e = failure({ metadata: {} }, { metadata: { '$deleteFromPrimitiveListX/finalizers': ['a'] } });
    expect([e.code, e.message]).toEqual([400, 'invalid patch format of primitive list']);
  });

  it('answers 422 with the generic sentence for a list of lists', () => {
    const e = failure({ metadata: { finalizers: [['a']] } }, { metadata: { finalizers: [['b']] } });
    expect(e.status()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'the server rejected our request due to an error in our request',
      reason: 'Invalid',
      details: {},
      code: 422,
    });
  });

  it('answers 500 for an unknown $patch directive on a map', () => {
    const e = failure({ metadata: { labels: { a: '1' } } }, { metadata: { labels: { $patch: 'foo', b: '1' } } });
    expect([e.code, e.message]).toEqual([500, 'unknown patch type: foo in map: map[$patch:foo b:1]']);
  });

  it('answers 500 for $patch: merge in a list', () => {
    const e = failure({ spec: { containers: [{ name: 'a' }] } }, { spec: { containers: [{ $patch: 'merge' }] } });
    expect([e.code, e.message]).toEqual([500, 'merging lists cannot yet be specified in the patch']);
  });

  it('answers 500 when the patch list’s order contradicts $setElementOrder', () => {
    const patch = { spec: { '$setElementOrder/containers': [{ name: 'a' }, { name: 'b' }], containers: [{ name: 'b' }, { name: 'a' }] } };
    const e = failure({ spec: { containers: [{ name: 'a' }, { name: 'b' }] } }, patch);
    expect([e.code, e.message]).toEqual([
      500,
      "the order in patch list:\n[map[name:b] map[name:a]]\n doesn't match $setElementOrder list:\n[map[name:a] map[name:b]]",
    ]);
  });

  it('answers 500 for a $setElementOrder that is not a list', () => {
    const e = failure({ spec: {} }, { spec: { '$setElementOrder/containers': 'a' } });
    expect([e.code, e.message]).toEqual([500, 'expected a []interface {}, but received a string']);
  });

  it('answers 500 for a merged list whose items have different types', () => {
    const e = failure({ metadata: { finalizers: ['a'] } }, { metadata: { finalizers: [1] } });
    expect([e.code, e.message]).toEqual([500, 'list element types are not identical: [[a] [1]]']);
  });

  it('answers 500 for a delete list of maps on a field with no merge key', () => {
    const e = failure({ spec: { tolerations: [{ key: 'a' }] } }, { spec: { '$deleteFromPrimitiveList/tolerations': [{ key: 'a' }] } });
    expect([e.code, e.message]).toEqual([500, 'cannot merge lists without merge key for struct']);
  });
});
