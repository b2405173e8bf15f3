import { describe, expect, it } from 'vitest';
import type { PatchSchema } from '../../../src/sim/kube/patch/index.ts';
import { PatchError, applyPatch, patchSchemaFor, strategicMergeUnsupportedMessage } from '../../../src/sim/kube/patch/index.ts';

const configMap = patchSchemaFor('', 'v1', 'ConfigMap') as PatchSchema;
const object = () => ({ metadata: { name: 'c', labels: { a: '1' } }, data: { k: 'v' } });

function failure(contentType: string, body: unknown, schema: PatchSchema | undefined): PatchError {
  try {
    applyPatch(contentType, object(), body, schema);
  } catch (e) {
    if (e instanceof PatchError) return e;
    throw e;
  }
  throw new Error('the patch applied');
}

describe('applyPatch dispatch on Content-Type', () => {
  it('applies a JSON merge patch', () => {
    expect(applyPatch('application/merge-patch+json', object(), { data: { k: null } }, configMap)).toEqual({ metadata: object().metadata, data: {} });
  });

  it('applies a JSON patch', () => {
    expect(applyPatch('application/json-patch+json', object(), [{ op: 'remove', path: '/data' }], configMap)).toEqual({ metadata: object().metadata });
  });

  it('applies a strategic merge patch to a built-in type', () => {
    const result = applyPatch('application/strategic-merge-patch+json', object(), { metadata: { labels: { b: '2' } } }, configMap);
    expect(result).toEqual({ metadata: { name: 'c', labels: { a: '1', b: '2' } }, data: { k: 'v' } });
  });

  it('ignores media type parameters such as charset', () => {
    expect(applyPatch('application/merge-patch+json; charset=utf-8', object(), { data: null }, undefined)).toEqual({ metadata: object().metadata });
  });

  it('refuses a strategic merge patch to a custom resource with the real 415', () => {
    const e = failure('application/strategic-merge-patch+json', {}, undefined);
    expect(e.status()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
      reason: 'UnsupportedMediaType',
      code: 415,
    });
    expect(e.message).toBe(strategicMergeUnsupportedMessage());
  });

  it('refuses an unknown media type for a built-in type as go-restful does', () => {
    const e = failure('application/json', {}, configMap);
    expect(e.status()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: '415: Unsupported Media Type',
      reason: 'UnsupportedMediaType',
      details: {},
      code: 415,
    });
  });

  it('refuses an unknown media type for a custom resource with the handler’s list', () => {
    expect(failure('application/json', {}, undefined).message).toBe(strategicMergeUnsupportedMessage());
  });

  it('refuses a built-in type’s media type the router accepts but the handler does not (space before ";")', () => {
    const e = failure('application/merge-patch+json ; charset=utf-8', {}, configMap);
    expect(e.message).toBe(
      'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml',
    );
  });

  it.each([
    ['a built-in type', configMap],
    ['a custom resource', undefined],
  ])('refuses server-side apply for %s and points to client-side apply', (_name, schema) => {
    const e = failure('application/apply-patch+yaml', 'metadata: {}', schema);
    expect([e.code, e.reason]).toEqual([415, 'UnsupportedMediaType']);
    expect(e.message).toMatch(/server-side apply .* is not supported by the simulated API server; use client-side apply/);
  });

  it.each([null, 3, 'x', true])('refuses a merge patch body %j with 400 "Invalid JSON Patch"', (body) => {
    const e = failure('application/merge-patch+json', body, configMap);
    expect([e.code, e.reason, e.message]).toEqual([400, 'BadRequest', 'Invalid JSON Patch']);
  });

  it('answers 422 "is invalid" for a merge patch body that is an array', () => {
    const e = failure('application/merge-patch+json', [{ a: null }], configMap);
    expect(e.code).toBe(422);
    expect(e.message).toMatch(/^ "" is invalid: patch: Invalid value: "\[\{\}\]": couldn't get version\/kind/);
  });
});
