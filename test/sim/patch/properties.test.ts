import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PatchSchema } from '../../../src/sim/kube/patch/index.ts';
import { PatchError, applyJsonPatch, applyMergePatch, applyStrategicMergePatch, patchSchemaFor } from '../../../src/sim/kube/patch/index.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const isObject = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

const plainKey = fc.constantFrom('a', 'b', 'c', 'name', 'type', 'image');
const { value: jsonWithoutNull } = fc.letrec<{ value: Json }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string({ maxLength: 3 }),
    fc.integer(),
    fc.boolean(),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(plainKey, tie('value'), { maxKeys: 3 }),
  ),
}));
const objectWithoutNull = fc.dictionary(plainKey, jsonWithoutNull, { maxKeys: 4 });

/** Keys that steer the strategic merge into every branch: directives, merge-keyed and set lists. */
const strategicKey = fc.constantFrom(
  'a', 'name', 'type', 'containers', 'finalizers', 'mergingList', 'metadata', 'spec',
  '$patch', '$retainKeys', '$setElementOrder/containers', '$setElementOrder/finalizers', '$deleteFromPrimitiveList/finalizers',
);
const { value: strategicJson } = fc.letrec<{ value: Json }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom<Json>(null, 'delete', 'replace', 'merge', 'a', 'b', 1),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(strategicKey, tie('value'), { maxKeys: 4 }),
  ),
}));
const strategicObject = fc.dictionary(strategicKey, strategicJson, { maxKeys: 5 });

const mergeItemSchema: Record<string, { strategy?: 'merge'; mergeKey?: string; schema?: PatchSchema }> = {};
mergeItemSchema.mergingList = { strategy: 'merge', mergeKey: 'name', schema: mergeItemSchema };
mergeItemSchema.finalizers = { strategy: 'merge' };
mergeItemSchema.containers = { strategy: 'merge', mergeKey: 'name', schema: mergeItemSchema };
const schemas: PatchSchema[] = [patchSchemaFor('', 'v1', 'Pod') as PatchSchema, mergeItemSchema, {}];

/** The JSON merge patch that turns `from` into `to`. */
function mergeDiff(from: Record<string, Json>, to: Record<string, Json>): Record<string, Json> {
  const patch: Record<string, Json> = {};
  for (const key of Object.keys(from)) if (!(key in to)) patch[key] = null;
  for (const [key, value] of Object.entries(to)) {
    const before = from[key];
    if (isObject(before) && isObject(value)) {
      const nested = mergeDiff(before, value);
      if (Object.keys(nested).length > 0) patch[key] = nested;
    } else if (!(key in from) || JSON.stringify(before) !== JSON.stringify(value)) {
      patch[key] = value;
    }
  }
  return patch;
}

/** Runs a patch, accepting a PatchError (the server's refusal) but nothing else. */
function attempt(run: () => unknown): void {
  try {
    run();
  } catch (e) {
    if (!(e instanceof PatchError)) throw e;
  }
}

describe('patch properties', () => {
  it('a JSON merge patch of the difference between two documents turns the first into the second', () => {
    fc.assert(
      fc.property(objectWithoutNull, objectWithoutNull, (from, to) => {
        expect(applyMergePatch(from, mergeDiff(from, to))).toEqual(to);
      }),
    );
  });

  it('a strategic merge patch never changes its inputs and fails only with a PatchError', () => {
    fc.assert(
      fc.property(strategicObject, strategicObject, fc.constantFrom(...schemas), (original, patch, schema) => {
        const before = structuredClone([original, patch]);
        attempt(() => applyStrategicMergePatch(original, patch, schema));
        expect([original, patch]).toEqual(before);
      }),
      { numRuns: 500 },
    );
  });

  it('a strategic merge patch with an empty patch returns the object unchanged', () => {
    fc.assert(
      fc.property(strategicObject, fc.constantFrom(...schemas), (original, schema) => {
        expect(applyStrategicMergePatch(original, {}, schema)).toEqual(original);
      }),
    );
  });

  it('without directives or patch strategies, a strategic merge patch is a JSON merge patch', () => {
    const scalarLists = fc.letrec<{ value: Json }>((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.string({ maxLength: 3 }),
        fc.integer(),
        fc.array(fc.string({ maxLength: 2 }), { maxLength: 3 }),
        fc.dictionary(plainKey, fc.oneof(tie('value'), fc.constant(null)), { maxKeys: 3 }),
      ),
    })).value;
    fc.assert(
      fc.property(objectWithoutNull, fc.dictionary(plainKey, scalarLists, { maxKeys: 4 }), (original, patch) => {
        expect(applyStrategicMergePatch(original, patch, {})).toEqual(applyMergePatch(original, patch));
      }),
    );
  });

  it('a JSON patch never changes its inputs and fails only with a PatchError', () => {
    const pointer = fc.array(fc.constantFrom('a', 'b', '0', '1', '-', '-1', 'name'), { maxLength: 3 }).map((parts) => parts.map((p) => `/${p}`).join(''));
    const operation = fc.record({
      op: fc.constantFrom('add', 'remove', 'replace', 'move', 'copy', 'test', 'bogus'),
      path: pointer,
      from: pointer,
      value: jsonWithoutNull,
    });
    fc.assert(
      fc.property(objectWithoutNull, fc.array(operation, { maxLength: 4 }), (original, ops) => {
        const before = structuredClone([original, ops]);
        attempt(() => applyJsonPatch(original, ops));
        expect([original, ops]).toEqual(before);
      }),
      { numRuns: 500 },
    );
  });
});
