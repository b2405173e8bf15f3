import { describe, expect, it } from 'vitest';
import { selectorMatches } from '../../../src/policy/scaling/label-selector.ts';
import type { LabelSelector } from '../../../src/policy/scaling/types.ts';

describe('selectorMatches (PDB selectors)', () => {
  const labels = { app: 'web', tier: 'front' };
  it.each<[string, LabelSelector | undefined, Record<string, string> | undefined, boolean]>([
    ['an absent selector matches nothing', undefined, labels, false],
    ['an empty selector matches everything', {}, labels, true],
    ['an empty selector matches a pod without labels', {}, undefined, true],
    ['matchLabels all present', { matchLabels: { app: 'web' } }, labels, true],
    ['matchLabels with another value', { matchLabels: { app: 'db' } }, labels, false],
    ['matchLabels against no labels', { matchLabels: { app: 'web' } }, undefined, false],
    ['In', { matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'back'] }] }, labels, true],
    ['In, missing key', { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }, labels, false],
    ['NotIn', { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['front'] }] }, labels, false],
    ['NotIn, missing key', { matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }, labels, true],
    ['Exists', { matchExpressions: [{ key: 'app', operator: 'Exists' }] }, labels, true],
    ['DoesNotExist', { matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, labels, false],
    ['matchLabels and matchExpressions are ANDed', { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['back'] }] }, labels, false],
    ['an unknown operator matches nothing', { matchExpressions: [{ key: 'app', operator: 'Gt' as 'In', values: ['1'] }] }, labels, false],
  ])('%s', (_, selector, podLabels, expected) => {
    expect(selectorMatches(selector, podLabels)).toBe(expected);
  });
});
