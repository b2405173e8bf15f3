import { describe, expect, it } from 'vitest';
import { applyMergePatch } from '../../../src/sim/kube/patch/index.ts';

describe('JSON merge patch', () => {
  it.each([
    ['sets a new member', { a: 1 }, { b: 2 }, { a: 1, b: 2 }],
    ['replaces a scalar', { a: 1 }, { a: 'x' }, { a: 'x' }],
    ['deletes a member set to null', { a: 1, b: 2 }, { a: null }, { b: 2 }],
    ['ignores a null for a missing member', { a: 1 }, { z: null }, { a: 1 }],
    ['merges nested objects', { m: { a: 1, b: 2 } }, { m: { b: 3, c: 4 } }, { m: { a: 1, b: 3, c: 4 } }],
    ['replaces arrays whole', { l: [1, 2, 3] }, { l: [4] }, { l: [4] }],
    ['replaces an object with a scalar', { m: { a: 1 } }, { m: 5 }, { m: 5 }],
    ['replaces a scalar with an object, without its null members', { m: 5 }, { m: { a: 1, b: null } }, { m: { a: 1 } }],
    ['prunes null members inside an inserted array', {}, { l: [{ a: 1, b: null }, null] }, { l: [{ a: 1 }, null] }],
    ['keeps an empty patch a no-op', { a: { b: 1 } }, {}, { a: { b: 1 } }],
  ])('%s', (_name, original, patch, expected) => {
    expect(applyMergePatch(original, patch)).toEqual(expected);
  });

  it('returns a patch that is not an object in place of the document (RFC 7386)', () => {
    expect(applyMergePatch({ a: 1 }, [1, 2])).toEqual([1, 2]);
  });

  it('does not change the original or the patch', () => {
    const original = { m: { a: 1 }, l: [1] };
    const patch = { m: { b: { c: 1 } }, l: null };
    const result = applyMergePatch(original, patch) as { m: { b: { c: number } } };
    result.m.b.c = 9;
    expect(original).toEqual({ m: { a: 1 }, l: [1] });
    expect(patch).toEqual({ m: { b: { c: 1 } }, l: null });
  });

  it('keeps a __proto__ member as data, not as a prototype', () => {
    const patch = JSON.parse('{"__proto__": {"polluted": true}}') as unknown;
    const result = applyMergePatch({}, patch) as Record<string, unknown>;
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(Object.keys(result)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
