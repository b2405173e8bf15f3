import { describe, expect, it } from 'vitest';
import { PatchError, applyJsonPatch } from '../../../src/sim/kube/patch/index.ts';
import { dig } from './dig.ts';

const doc = () => ({ metadata: { name: 'n', labels: { a: '1' } }, spec: { list: ['x', 'y', 'z'] } });

function failure(original: unknown, ops: unknown): PatchError {
  try {
    applyJsonPatch(original, ops);
  } catch (e) {
    if (e instanceof PatchError) return e;
    throw e;
  }
  throw new Error('the patch applied');
}

describe('JSON patch operations', () => {
  it.each([
    ['add a member', [{ op: 'add', path: '/metadata/labels/b', value: '2' }], { a: '1', b: '2' }, ['x', 'y', 'z']],
    ['add into a list by index', [{ op: 'add', path: '/spec/list/1', value: 'w' }], { a: '1' }, ['x', 'w', 'y', 'z']],
    ['append with -', [{ op: 'add', path: '/spec/list/-', value: 'w' }], { a: '1' }, ['x', 'y', 'z', 'w']],
    ['add at a negative index, counted from the end', [{ op: 'add', path: '/spec/list/-1', value: 'w' }], { a: '1' }, ['x', 'y', 'z', 'w']],
    ['remove a member', [{ op: 'remove', path: '/metadata/labels/a' }], {}, ['x', 'y', 'z']],
    ['remove the last element by a negative index', [{ op: 'remove', path: '/spec/list/-1' }], { a: '1' }, ['x', 'y']],
    ['replace a member', [{ op: 'replace', path: '/metadata/labels/a', value: '9' }], { a: '9' }, ['x', 'y', 'z']],
    ['replace a missing member, which adds it', [{ op: 'replace', path: '/metadata/labels/b', value: '2' }], { a: '1', b: '2' }, ['x', 'y', 'z']],
    ['move a member', [{ op: 'move', from: '/metadata/labels/a', path: '/metadata/labels/b' }], { b: '1' }, ['x', 'y', 'z']],
    ['copy an element', [{ op: 'copy', from: '/spec/list/0', path: '/spec/list/-' }], { a: '1' }, ['x', 'y', 'z', 'x']],
    ['copy a missing member, which writes null', [{ op: 'copy', from: '/metadata/labels/q', path: '/metadata/labels/c' }], { a: '1', c: null }, ['x', 'y', 'z']],
    ['add without a value, which adds null', [{ op: 'add', path: '/metadata/labels/b' }], { a: '1', b: null }, ['x', 'y', 'z']],
    ['decode ~1 and ~0 in a path', [{ op: 'add', path: '/metadata/labels/x~1y~0z', value: 'v' }], { a: '1', 'x/y~z': 'v' }, ['x', 'y', 'z']],
  ])('can %s', (_name, ops, labels, list) => {
    const result = applyJsonPatch(doc(), ops) as ReturnType<typeof doc>;
    expect(result.metadata.labels).toEqual(labels);
    expect(result.spec.list).toEqual(list);
  });

  it('passes a test of an equal value and applies the rest', () => {
    const ops = [{ op: 'test', path: '/metadata/name', value: 'n' }, { op: 'add', path: '/metadata/labels/b', value: '2' }];
    expect((applyJsonPatch(doc(), ops) as ReturnType<typeof doc>).metadata.labels).toEqual({ a: '1', b: '2' });
  });

  it('passes a test of a missing member against null, which clients use to assert absence', () => {
    const ops = [{ op: 'test', path: '/metadata/annotations', value: null }, { op: 'add', path: '/metadata/annotations', value: {} }];
    expect(dig(applyJsonPatch(doc(), ops), 'metadata', 'annotations')).toEqual({});
  });

  it('passes a test of the whole document', () => {
    expect(applyJsonPatch(doc(), [{ op: 'test', path: '', value: doc() }])).toEqual(doc());
  });

  it('replaces the whole document with path ""', () => {
    expect(applyJsonPatch(doc(), [{ op: 'replace', path: '', value: { kind: 'X' } }])).toEqual({ kind: 'X' });
  });

  it('treats a null body as no operations', () => {
    expect(applyJsonPatch(doc(), null)).toEqual(doc());
  });

  it('does not change the original document or the operations', () => {
    const original = doc();
    const value = { nested: ['a'] };
    const result = applyJsonPatch(original, [{ op: 'add', path: '/spec/extra', value }, { op: 'remove', path: '/spec/list/0' }]);
    (dig(result, 'spec', 'extra', 'nested') as string[]).push('b');
    expect(original).toEqual(doc());
    expect(value).toEqual({ nested: ['a'] });
  });
});

describe('JSON patch errors', () => {
  it.each([
    ['an object', {}, 'object'],
    ['a string', 'add', 'string'],
    ['a number', 3, 'number'],
  ])('refuses %s as the body with 400 and Go’s decoder message', (_name, body, kind) => {
    const e = failure(doc(), body);
    expect(e.status()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `json: cannot unmarshal ${kind} into Go value of type jsonpatch.Patch`,
      reason: 'BadRequest',
      code: 400,
    });
  });

  it('refuses an operation that is not an object with 400', () => {
    expect(failure(doc(), ['add']).message).toBe('json: cannot unmarshal string into Go value of type jsonpatch.Operation');
  });

  it('refuses more than 10000 operations with 413', () => {
    const ops = Array.from({ length: 10_001 }, () => ({ op: 'test', path: '/metadata/name', value: 'n' }));
    const e = failure(doc(), ops);
    expect([e.code, e.reason, e.message]).toEqual([
      413,
      'RequestEntityTooLarge',
      'Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001',
    ]);
  });

  it.each([
    ['a failed test', [{ op: 'test', path: '/metadata/name', value: 'other' }], 'testing value /metadata/name failed: test failed'],
    ['a test of a missing member against a value', [{ op: 'test', path: '/metadata/uid', value: 'u' }], 'testing value /metadata/uid failed: test failed'],
    ['an add under a missing parent', [{ op: 'add', path: '/status/phase', value: 'x' }], 'add operation does not apply: doc is missing path: "/status/phase": missing value'],
    ['a remove of a missing member', [{ op: 'remove', path: '/metadata/uid' }], 'Unable to remove nonexistent key: uid: missing value'],
    ['a replace past the end of a list', [{ op: 'replace', path: '/spec/list/3', value: 'w' }], 'replace operation does not apply: doc is missing key: /spec/list/3: missing value'],
    ['an add past the end of a list', [{ op: 'add', path: '/spec/list/5', value: 'w' }], 'Unable to access invalid index: 5: invalid index referenced'],
    ['a move from a missing member', [{ op: 'move', from: '/metadata/uid', path: '/metadata/x' }], 'Unable to remove nonexistent key: uid: missing value'],
    ['an unknown op', [{ op: 'merge', path: '/metadata' }], 'Unexpected kind: merge'],
    ['an operation without op', [{ path: '/metadata' }], 'Unexpected kind: unknown'],
    ['an operation without path', [{ op: 'remove' }], 'remove operation failed to decode path: missing value'],
    ['a replace of the document with a scalar', [{ op: 'replace', path: '', value: 1 }], 'replace operation value must be object or array'],
  ])('answers 422 with the generic sentence for %s', (_name, ops, detail) => {
    const e = failure(doc(), ops);
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
    expect(e.detail).toBe(detail);
  });

  it('applies nothing when a later operation fails', () => {
    const original = doc();
    failure(original, [{ op: 'add', path: '/metadata/labels/b', value: '2' }, { op: 'test', path: '/metadata/name', value: 'x' }]);
    expect(original).toEqual(doc());
  });

  it('answers 422 "is invalid" when the patched document is an array, as the typed decoder does', () => {
    const e = failure(doc(), [{ op: 'replace', path: '', value: [1] }]);
    const body =
      'Invalid value: "[1]": couldn\'t get version/kind; json parse error: json: cannot unmarshal array into Go value of type ' +
      'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }';
    expect(e.status()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: ` "" is invalid: patch: ${body}`,
      reason: 'Invalid',
      details: { causes: [{ reason: 'FieldValueInvalid', message: body, field: 'patch' }] },
      code: 422,
    });
  });
});
