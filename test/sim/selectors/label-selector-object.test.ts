import { describe, expect, it } from 'vitest';
import type { LabelSelectorObject } from '../../../src/sim/kube/selectors/index.ts';
import { SelectorError, formatLabelSelector, labelSelectorFromObject, parseLabelSelector } from '../../../src/sim/kube/selectors/index.ts';

function refusal(selector: LabelSelectorObject): string {
  try {
    labelSelectorFromObject(selector);
  } catch (e) {
    if (e instanceof SelectorError) return e.message;
    throw e;
  }
  throw new Error('the selector was accepted');
}

describe('metav1.LabelSelector', () => {
  it.each([null, undefined])('%s matches nothing, not even an object without labels', (selector) => {
    const s = labelSelectorFromObject(selector);
    expect([s.matches(undefined), s.matches({ a: 'b' }), s.empty]).toEqual([false, false, false]);
  });

  it.each([{}, { matchLabels: {}, matchExpressions: [] }, { matchLabels: null, matchExpressions: null }])('%j matches everything', (selector) => {
    const s = labelSelectorFromObject(selector);
    expect([s.matches(undefined), s.matches({ a: 'b' }), s.empty]).toEqual([true, true, true]);
  });

  it('requires every matchLabels entry and every expression', () => {
    const s = labelSelectorFromObject({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['a', 'b'] },
        { key: 'env', operator: 'NotIn', values: ['prod'] },
        { key: 'team', operator: 'Exists' },
        { key: 'legacy', operator: 'DoesNotExist' },
      ],
    });
    expect(s.matches({ app: 'web', tier: 'a', team: 'x' })).toBe(true);
    expect(s.matches({ app: 'web', tier: 'a', team: 'x', env: 'prod' })).toBe(false);
    expect(s.matches({ app: 'web', tier: 'c', team: 'x' })).toBe(false);
    expect(s.matches({ app: 'web', tier: 'a' })).toBe(false);
    expect(s.matches({ app: 'web', tier: 'a', team: 'x', legacy: '' })).toBe(false);
    expect(s.toString()).toBe('app=web,env notin (prod),!legacy,team,tier in (a,b)');
  });

  it.each([
    [{ matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] }, '"Gt" is not a valid label selector operator'],
    [{ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }, "values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty"],
    [
      { matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x', 'y'] }] },
      'values: Invalid value: []string{"x", "y"}: values set must be empty for exists and does not exist',
    ],
    [{ matchLabels: { 'a/b/c': 'x' } }, /^key: Invalid value: "a\/b\/c": a qualified name must consist of/],
    [{ matchLabels: { a: 'x y' } }, /^values\[0\]\[a\]: Invalid value: "x y": a valid label must be an empty string/],
  ])('refuses %j', (selector, message) => {
    if (typeof message === 'string') expect(refusal(selector)).toBe(message);
    else expect(refusal(selector)).toMatch(message);
  });
});

describe('formatLabelSelector', () => {
  it('writes a metav1.LabelSelector as Selector.String(), as a Scale’s status.selector', () => {
    expect(formatLabelSelector({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['b', 'a'] }] })).toBe(
      'app=web,tier in (a,b)',
    );
  });

  it('writes a selector matching nothing or everything as ""', () => {
    expect([formatLabelSelector(null), formatLabelSelector({})]).toEqual(['', '']);
  });

  it('writes a parsed selector in canonical form', () => {
    expect(formatLabelSelector(parseLabelSelector('b , a==1'))).toBe('a==1,b');
  });
});
