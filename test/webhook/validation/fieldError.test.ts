import { describe, expect, it } from 'vitest';
import { describeValue, fieldError, formatViolations, shorten } from '../../../webhook/validation/fieldError.ts';
import { structurallyEqual } from '../../../webhook/validation/structuralEquality.ts';

describe('field error messages', () => {
  it('puts the value in parentheses after the field path', () => {
    expect(fieldError('spec.minNodes', 'must be an integer', 'x').message).toBe('spec.minNodes ("x") must be an integer');
  });

  it('omits the parentheses when there is no value', () => {
    expect(fieldError('spec.minNodes', 'is required').message).toBe('spec.minNodes is required');
  });

  it.each<[unknown, string]>([
    [null, 'null'],
    [[1], 'an array'],
    [{ a: 1 }, 'an object'],
    [false, 'false'],
    ['a"b', '"a\\"b"'],
  ])('describes %j as %s', (value, described) => {
    expect(describeValue(value)).toBe(described);
  });

  it('shortens by characters without splitting a surrogate pair', () => {
    expect(shorten('😀'.repeat(50))).toBe(`${'😀'.repeat(40)}…`);
  });

  it('lists at most 20 violations and counts the rest', () => {
    const errors = Array.from({ length: 25 }, (_, i) => fieldError(`f${i}`, 'is wrong'));
    const message = formatViolations(errors);
    expect(message.split('; ')).toHaveLength(21);
    expect(message.endsWith('and 5 more violations')).toBe(true);
  });
});

describe('structurallyEqual', () => {
  it('compares objects regardless of key order', () => {
    expect(structurallyEqual({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
  });

  it.each<[unknown, unknown]>([
    [{ a: 1 }, { a: 2 }],
    [{ a: 1 }, { a: 1, b: 1 }],
    [{ a: undefined }, { b: undefined }],
    [[1, 2], [2, 1]],
    [[], {}],
    [null, {}],
    ['1', 1],
  ])('tells %j from %j', (left, right) => {
    expect(structurallyEqual(left, right)).toBe(false);
  });

  it('compares values nested 100,000 levels deep without overflowing the stack', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(structurallyEqual(JSON.parse(deep), JSON.parse(deep))).toBe(true);
  });
});
