import { describe, expect, it } from 'vitest';
import {
  describeRequirement,
  insufficientResource,
  matchesRequirement,
  missingSelectorLabel,
  placementFailure,
  tolerates,
  unmetAffinity,
  untoleratedTaint,
} from '../../../src/policy/scaling/predicates.ts';
import type { NodeSelectorRequirement, Taint, Toleration } from '../../../src/policy/scaling/types.ts';

const TAINT: Taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' };

describe('tolerates', () => {
  it.each<[string, Toleration, Taint, boolean]>([
    ['Equal with the same key and value', { key: 'dedicated', operator: 'Equal', value: 'gpu' }, TAINT, true],
    ['Equal is the default operator', { key: 'dedicated', value: 'gpu' }, TAINT, true],
    ['Equal with another value', { key: 'dedicated', operator: 'Equal', value: 'db' }, TAINT, false],
    ['Equal without a value against a taint with one', { key: 'dedicated', operator: 'Equal' }, TAINT, false],
    ['Equal without a value against a taint without one', { key: 'spot', operator: 'Equal' }, { key: 'spot', effect: 'NoSchedule' }, true],
    ['Exists with the same key, any value', { key: 'dedicated', operator: 'Exists' }, TAINT, true],
    ['Exists with another key', { key: 'spot', operator: 'Exists' }, TAINT, false],
    ['an empty key with Exists: every taint', { operator: 'Exists' }, TAINT, true],
    ['an empty key with Exists and an effect: every taint of that effect', { operator: 'Exists', effect: 'NoExecute' }, TAINT, false],
    ['the same effect', { key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }, TAINT, true],
    ['another effect', { key: 'dedicated', operator: 'Exists', effect: 'NoExecute' }, TAINT, false],
    ['an unknown operator tolerates nothing', { key: 'dedicated', operator: 'Lt' as 'Equal', value: 'gpu' }, TAINT, false],
  ])('%s', (_, toleration, taint, expected) => {
    expect(tolerates(toleration, taint)).toBe(expected);
  });
});

describe('untoleratedTaint', () => {
  it('names the first NoSchedule taint not tolerated', () => {
    expect(untoleratedTaint([TAINT], [])).toEqual(TAINT);
  });

  it('requires NoExecute taints to be tolerated too', () => {
    const taint: Taint = { key: 'maintenance', effect: 'NoExecute' };
    expect(untoleratedTaint([taint], undefined)).toEqual(taint);
    expect(untoleratedTaint([taint], [{ key: 'maintenance', operator: 'Exists' }])).toBeUndefined();
  });

  it('never lets PreferNoSchedule keep a pod off', () => {
    expect(untoleratedTaint([{ key: 'soft', effect: 'PreferNoSchedule' }], [])).toBeUndefined();
  });

  it('passes when every taint is tolerated', () => {
    const taints: Taint[] = [TAINT, { key: 'spot', effect: 'NoExecute' }];
    expect(untoleratedTaint(taints, [{ key: 'dedicated', value: 'gpu' }, { key: 'spot', operator: 'Exists' }])).toBeUndefined();
    expect(untoleratedTaint(taints, [{ key: 'dedicated', value: 'gpu' }])).toEqual(taints[1]);
  });
});

describe('missingSelectorLabel', () => {
  it.each<[string, Record<string, string> | undefined, Record<string, string>, { key: string; value: string } | undefined]>([
    ['no selector', undefined, {}, undefined],
    ['every pair present', { disk: 'ssd', zone: 'a' }, { disk: 'ssd', zone: 'a', other: 'x' }, undefined],
    ['a key missing', { disk: 'ssd' }, { zone: 'a' }, { key: 'disk', value: 'ssd' }],
    ['a key with another value', { disk: 'ssd' }, { disk: 'hdd' }, { key: 'disk', value: 'ssd' }],
    ['an empty value matches an empty label', { edge: '' }, { edge: '' }, undefined],
    ['an empty value does not match a missing label', { edge: '' }, {}, { key: 'edge', value: '' }],
  ])('%s', (_, selector, labels, expected) => {
    expect(missingSelectorLabel(selector, labels)).toEqual(expected);
  });
});

describe('matchesRequirement', () => {
  const labels = { zone: 'a', cores: '8', name: 'x' };
  it.each<[NodeSelectorRequirement, boolean]>([
    [{ key: 'zone', operator: 'In', values: ['a', 'b'] }, true],
    [{ key: 'zone', operator: 'In', values: ['b'] }, false],
    [{ key: 'missing', operator: 'In', values: ['a'] }, false],
    [{ key: 'zone', operator: 'NotIn', values: ['b'] }, true],
    [{ key: 'zone', operator: 'NotIn', values: ['a'] }, false],
    [{ key: 'missing', operator: 'NotIn', values: ['a'] }, true],
    [{ key: 'zone', operator: 'Exists' }, true],
    [{ key: 'missing', operator: 'Exists' }, false],
    [{ key: 'zone', operator: 'DoesNotExist' }, false],
    [{ key: 'missing', operator: 'DoesNotExist' }, true],
    [{ key: 'cores', operator: 'Gt', values: ['4'] }, true],
    [{ key: 'cores', operator: 'Gt', values: ['8'] }, false],
    [{ key: 'cores', operator: 'Lt', values: ['16'] }, true],
    [{ key: 'cores', operator: 'Lt', values: ['8'] }, false],
    [{ key: 'cores', operator: 'Gt', values: ['+4'] }, true],
    [{ key: 'name', operator: 'Gt', values: ['4'] }, false],
    [{ key: 'cores', operator: 'Gt', values: ['four'] }, false],
    [{ key: 'cores', operator: 'Gt', values: ['1', '2'] }, false],
    [{ key: 'missing', operator: 'Lt', values: ['4'] }, false],
  ])('%j is %s', (req, expected) => {
    expect(matchesRequirement(req, labels)).toBe(expected);
  });
});

describe('unmetAffinity', () => {
  const labels = { zone: 'a', disk: 'ssd' };

  it('passes without required affinity', () => {
    expect(unmetAffinity(undefined, labels)).toBeUndefined();
  });

  it('ANDs the requirements of a term and names the first that fails', () => {
    const failing: NodeSelectorRequirement = { key: 'disk', operator: 'In', values: ['nvme'] };
    expect(unmetAffinity([{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }, failing] }], labels)).toEqual(failing);
  });

  it('ORs the terms', () => {
    const terms = [{ matchExpressions: [{ key: 'zone', operator: 'In' as const, values: ['b'] }] }, { matchExpressions: [{ key: 'disk', operator: 'Exists' as const }] }];
    expect(unmetAffinity(terms, labels)).toBeUndefined();
  });

  it('names the failure of the first term when none matches', () => {
    const first: NodeSelectorRequirement = { key: 'zone', operator: 'In', values: ['b'] };
    expect(unmetAffinity([{ matchExpressions: [first] }, { matchExpressions: [{ key: 'gpu', operator: 'Exists' }] }], labels)).toEqual(first);
  });

  it('matches nothing with a term without requirements, or with no terms', () => {
    expect(unmetAffinity([{}], labels)).toEqual({});
    expect(unmetAffinity([], labels)).toEqual({});
    expect(describeRequirement({})).toContain('without requirements');
  });

  it('matches metadata.name fields against the node name; a node not yet named matches no In and every NotIn', () => {
    const pinned = [{ matchFields: [{ key: 'metadata.name', operator: 'In' as const, values: ['n1'] }] }];
    const avoiding = [{ matchFields: [{ key: 'metadata.name', operator: 'NotIn' as const, values: ['n1'] }] }];
    expect(unmetAffinity(pinned, labels, 'n1')).toBeUndefined();
    expect(unmetAffinity(pinned, labels, 'n2')).toBeDefined();
    expect(unmetAffinity(pinned, labels)).toBeDefined();
    expect(unmetAffinity(avoiding, labels, 'n1')).toBeDefined();
    expect(unmetAffinity(avoiding, labels)).toBeUndefined();
  });

  it('rejects fields other than metadata.name', () => {
    expect(unmetAffinity([{ matchFields: [{ key: 'spec.unschedulable', operator: 'In', values: ['false'] }] }], labels, 'n1')).toBeDefined();
  });

  it('renders a requirement as written', () => {
    expect(describeRequirement({ key: 'zone', operator: 'In', values: ['a', 'b'] })).toBe('zone In [a, b]');
    expect(describeRequirement({ key: 'gpu', operator: 'Exists' })).toBe('gpu Exists');
  });
});

describe('placementFailure', () => {
  it('checks taints, then the selector, then affinity, as kube-scheduler orders its plugins', () => {
    const pod = { requests: { cpu: 0, memory: 0 }, nodeSelector: { disk: 'ssd' }, requiredAffinity: [{ matchExpressions: [{ key: 'zone', operator: 'Exists' as const }] }] };
    expect(placementFailure(pod, {}, [TAINT])?.kind).toBe('TaintNotTolerated');
    expect(placementFailure(pod, {}, [])).toEqual({ kind: 'SelectorMismatch', key: 'disk', value: 'ssd' });
    expect(placementFailure(pod, { disk: 'ssd' }, [])?.kind).toBe('AffinityNotSatisfied');
    expect(placementFailure(pod, { disk: 'ssd', zone: 'a' }, [])).toBeUndefined();
  });
});

describe('insufficientResource', () => {
  const free = { cpu: 1000, memory: 1000, pods: 2 };
  it.each<[string, { cpu: number; memory: number }, typeof free, string | undefined]>([
    ['fits', { cpu: 1000, memory: 1000 }, free, undefined],
    ['too much cpu', { cpu: 1001, memory: 0 }, free, 'cpu'],
    ['too much memory', { cpu: 0, memory: 1001 }, free, 'memory'],
    ['no pod slot left', { cpu: 0, memory: 0 }, { ...free, pods: 0 }, 'pods'],
    ['a zero request fits an over-committed node', { cpu: 0, memory: 0 }, { cpu: -5, memory: -5, pods: 1 }, undefined],
  ])('%s', (_, requests, room, expected) => {
    expect(insufficientResource(requests, room)).toBe(expected);
  });
});
