import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LabelOperator, LabelRequirement } from '../../../src/sim/kube/selectors/index.ts';
import {
  LabelSelector,
  labelSelectorFromObject,
  parseFieldSelector,
  parseLabelSelector,
  supportedFieldsOf,
} from '../../../src/sim/kube/selectors/index.ts';

const alnum = fc.constantFrom(...'abcxyzABC0189');
const inner = fc.constantFrom(...'ab09-_.');
const name = fc
  .tuple(alnum, fc.array(inner, { maxLength: 6 }), alnum, fc.boolean())
  .map(([first, middle, last, single]) => (single ? first : `${first}${middle.join('')}${last}`));
const prefix = fc.array(fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,4}[a-z0-9])?$/), { minLength: 1, maxLength: 3 }).map((labels) => labels.join('.'));
const key = fc.oneof(name, fc.tuple(prefix, name).map(([p, n]) => `${p}/${n}`), fc.constantFrom('in', 'notin'));
const value = fc.oneof(name, fc.constant(''), fc.constantFrom('in', 'notin'));
const integer = fc.bigInt(0n, 2n ** 63n - 1n).map(String);

const requirement: fc.Arbitrary<LabelRequirement> = fc.oneof(
  fc.record({ key, operator: fc.constantFrom<LabelOperator>('=', '==', '!='), values: value.map((v) => [v]) }),
  fc.record({ key, operator: fc.constantFrom<LabelOperator>('in', 'notin'), values: fc.uniqueArray(value, { minLength: 1, maxLength: 4 }).map((vs) => [...vs].sort()) }),
  fc.record({ key, operator: fc.constantFrom<LabelOperator>('exists', '!'), values: fc.constant([]) }),
  fc.record({ key, operator: fc.constantFrom<LabelOperator>('gt', 'lt'), values: integer.map((v) => [v]) }),
);

const labels = fc.dictionary(fc.oneof(key, fc.constantFrom('a', 'b')), fc.oneof(value, integer), { maxKeys: 5 });

describe('selector properties', () => {
  it('parsing a formatted label selector gives back the same selector', () => {
    fc.assert(
      fc.property(fc.array(requirement, { maxLength: 5 }), (requirements) => {
        const selector = LabelSelector.of(requirements);
        expect(parseLabelSelector(selector.toString()).requirements).toEqual(selector.requirements);
      }),
    );
  });

  it('a metav1.LabelSelector and its formatted text select the same labels', () => {
    const expression = fc.record({
      key,
      operator: fc.constantFrom('In', 'NotIn', 'Exists', 'DoesNotExist'),
      values: fc.uniqueArray(value, { minLength: 1, maxLength: 3 }),
    }).map((e) => (e.operator === 'Exists' || e.operator === 'DoesNotExist' ? { key: e.key, operator: e.operator } : e));
    const selectorObject = fc.record({ matchLabels: fc.dictionary(key, value, { maxKeys: 2 }), matchExpressions: fc.array(expression, { maxLength: 3 }) });
    fc.assert(
      fc.property(selectorObject, labels, (object, candidate) => {
        const fromObject = labelSelectorFromObject(object);
        expect(parseLabelSelector(fromObject.toString()).matches(candidate)).toBe(fromObject.matches(candidate));
      }),
    );
  });

  it('a field selector value written with escapes parses back to itself', () => {
    const escape = (v: string) => v.replace(/[\\,=]/g, (ch) => `\\${ch}`);
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', ',', '=', '\\', '!', ' ', 'é') }), (raw) => {
        const selector = parseFieldSelector(`metadata.name=${escape(raw)}`, supportedFieldsOf('', 'ConfigMap'));
        expect(selector.requirements).toEqual([{ field: 'metadata.name', operator: '=', value: raw }]);
        expect(selector.matches({ 'metadata.name': raw })).toBe(true);
      }),
    );
  });
});
