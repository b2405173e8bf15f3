// Element order after a strategic merge, on the shapes of apimachinery's own fixtures
// (strategicpatch patch_test.go, "… and preserve order"): a list of maps merged by name and a
// list of scalars merged as a set.
import { describe, expect, it } from 'vitest';
import type { PatchSchema } from '../../../src/sim/kube/patch/index.ts';
import { applyStrategicMergePatch } from '../../../src/sim/kube/patch/index.ts';

const schema: PatchSchema = {
  mergingList: { strategy: 'merge', mergeKey: 'name' },
  mergingIntList: { strategy: 'merge' },
};

function apply(original: unknown, patch: unknown): unknown {
  return applyStrategicMergePatch(original, patch, schema);
}

const names = (...ns: number[]) => ns.map((name) => ({ name }));

describe('strategic merge patch: $setElementOrder on a list of scalars', () => {
  it('adds a value where the order puts it and keeps a server-only value after its neighbour', () => {
    const result = apply({ mergingIntList: [1, 2, 4] }, { '$setElementOrder/mergingIntList': [1, 2, 3], mergingIntList: [3] });
    expect(result).toEqual({ mergingIntList: [1, 2, 3, 4] });
  });

  it('adds a value at the front when the order puts it there', () => {
    const result = apply({ mergingIntList: [1, 4, 2] }, { '$setElementOrder/mergingIntList': [3, 1, 2], mergingIntList: [3] });
    expect(result).toEqual({ mergingIntList: [3, 1, 4, 2] });
  });

  it('deletes a value and reorders the rest', () => {
    const patch = { '$setElementOrder/mergingIntList': [2, 1], '$deleteFromPrimitiveList/mergingIntList': [3] };
    expect(apply({ mergingIntList: [1, 2, 3] }, patch)).toEqual({ mergingIntList: [2, 1] });
  });
});

describe('strategic merge patch: $setElementOrder on a list of maps', () => {
  it('adds an item where the order puts it, merging into existing items untouched', () => {
    const original = { mergingList: [{ name: 1, other: 'a' }, { name: 2, value: 2, other: 'b' }] };
    const patch = { '$setElementOrder/mergingList': names(3, 1, 2), mergingList: [{ name: 3, value: 3 }] };
    expect(apply(original, patch)).toEqual({
      mergingList: [{ name: 3, value: 3 }, { name: 1, other: 'a' }, { name: 2, value: 2, other: 'b' }],
    });
  });

  it('adds several items in between existing ones', () => {
    const original = { mergingList: [{ name: 1, other: 'a' }, { name: 2, value: 2, other: 'b' }] };
    const patch = { '$setElementOrder/mergingList': names(1, 4, 2, 3), mergingList: [{ name: 4, value: 4 }, { name: 3, value: 3 }] };
    expect(apply(original, patch)).toEqual({
      mergingList: [{ name: 1, other: 'a' }, { name: 4, value: 4 }, { name: 2, value: 2, other: 'b' }, { name: 3, value: 3 }],
    });
  });

  it('deletes an item and reorders the rest', () => {
    const original = { mergingList: [{ name: 1, other: 'a' }, { name: 2, value: 2, other: 'b' }, { name: 3, value: 3 }] };
    const patch = { '$setElementOrder/mergingList': names(2, 1), mergingList: [{ name: 3, $patch: 'delete' }] };
    expect(apply(original, patch)).toEqual({ mergingList: [{ name: 2, value: 2, other: 'b' }, { name: 1, other: 'a' }] });
  });

  it('reorders without changing any item', () => {
    const original = { mergingList: names(1, 3, 4, 2) };
    expect(apply(original, { '$setElementOrder/mergingList': names(4, 2, 3, 1) })).toEqual({ mergingList: names(4, 2, 3, 1) });
  });

  it('keeps a server-only item after the item it followed on the server', () => {
    const original = { mergingList: names(1, 2, 9, 3, 4) };
    expect(apply(original, { '$setElementOrder/mergingList': names(2, 1, 4, 3) })).toEqual({ mergingList: names(2, 1, 9, 4, 3) });
  });

  it('keeps a run of server-only items together', () => {
    const original = { mergingList: names(1, 2, 7, 9, 8, 3, 4) };
    expect(apply(original, { '$setElementOrder/mergingList': names(2, 1, 4, 3) })).toEqual({ mergingList: names(2, 1, 7, 9, 8, 4, 3) });
  });

  it('takes the patch’s list when the object has none', () => {
    const patch = { '$setElementOrder/mergingList': names(2, 1), mergingList: [{ name: 2 }, { name: 1, gone: null }] };
    expect(apply({}, patch)).toEqual({ mergingList: names(2, 1) });
  });

  it('is ignored for a list neither side has', () => {
    expect(apply({ other: 1 }, { '$setElementOrder/mergingList': names(1) })).toEqual({ other: 1 });
  });
});
