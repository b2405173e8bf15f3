import { describe, expect, it } from 'vitest';
import { compileJsonPath, humanDuration, printerCell } from '../../../src/sim/kube/jsonpath/index.ts';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;
const y = 365 * d;

describe('humanDuration', () => {
  it.each([
    [-2 * s, '<invalid>'],
    [-1.5 * s, '0s'],
    [0, '0s'],
    [45 * s, '45s'],
    [119 * s, '119s'],
    [120 * s, '2m'],
    [130 * s, '2m10s'],
    [9 * m + 59 * s, '9m59s'],
    [10 * m, '10m'],
    [15 * m + 30 * s, '15m'],
    [179 * m, '179m'],
    [3 * h, '3h'],
    [3 * h + 20 * m, '3h20m'],
    [7 * h + 59 * m, '7h59m'],
    [8 * h, '8h'],
    [10 * h + 30 * m, '10h'],
    [47 * h, '47h'],
    [48 * h, '2d'],
    [3 * d + 4 * h, '3d4h'],
    [7 * d + 23 * h, '7d23h'],
    [8 * d, '8d'],
    [12 * d + 5 * h, '12d'],
    [729 * d, '729d'],
    [2 * y, '2y'],
    [2 * y + 30 * d, '2y30d'],
    [8 * y, '8y'],
    [8 * y + 100 * d, '8y'],
  ])('%d ms is %s', (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });
});

describe('printerCell', () => {
  const now = Date.parse('2025-01-10T12:00:00Z');

  it('is null when nothing was selected', () => {
    expect(printerCell([], 'string')).toBeNull();
    expect(printerCell([], 'integer')).toBeNull();
  });

  it('uses the first value only', () => {
    expect(printerCell(['a', 'b'], 'string')).toBe('a');
  });

  it('prints a string column value as text, JSON for arrays and objects', () => {
    expect(printerCell([['k8s-2-4', 'k8s-4-8']], 'string')).toBe('["k8s-2-4","k8s-4-8"]');
    expect(printerCell([{ b: 1, a: '<x>' }], 'string')).toBe('{"a":"\\u003cx\\u003e","b":1}');
    expect(printerCell([3], 'string')).toBe('3');
    expect(printerCell([1234567.5], 'string')).toBe('1.2345675e+06');
    expect(printerCell([0.25], 'string')).toBe('0.25');
    expect(printerCell([true], 'string')).toBe('true');
    expect(printerCell([null], 'string')).toBe('<no value>');
  });

  it('keeps numbers for integer and number columns, truncating for integers', () => {
    expect(printerCell([5], 'integer')).toBe(5);
    expect(printerCell([2.7], 'integer')).toBe(2);
    expect(printerCell([2.7], 'number')).toBe(2.7);
    expect(printerCell(['5'], 'integer')).toBeNull();
  });

  it('keeps booleans for boolean columns only', () => {
    expect(printerCell([false], 'boolean')).toBe(false);
    expect(printerCell(['false'], 'boolean')).toBeNull();
  });

  it('turns a date into its age', () => {
    expect(printerCell(['2025-01-10T11:45:00Z'], 'date', { now })).toBe('15m');
    expect(printerCell(['2025-01-07T08:00:00+00:00'], 'date', { now })).toBe('3d4h');
  });

  it('marks unparsable and empty dates', () => {
    expect(printerCell(['yesterday'], 'date', { now })).toBe('<invalid>');
    expect(printerCell([''], 'date', { now })).toBe('<unknown>');
    expect(printerCell([7], 'date', { now })).toBeNull();
  });

  it('fills a NodeGroup row the way kubectl shows it', () => {
    const ng = { spec: { minNodes: 1, maxNodes: 10 }, status: { conditions: [{ type: 'Ready', reason: 'AllGood' }] }, metadata: { creationTimestamp: '2025-01-10T09:00:00Z' } };
    const cell = (path: string, type: Parameters<typeof printerCell>[1]) => printerCell(compileJsonPath(path)(ng), type, { now });
    expect([cell('.spec.minNodes', 'integer'), cell('.status.desiredNodes', 'integer'), cell('.status.conditions[?(@.type=="Ready")].reason', 'string'), cell('.metadata.creationTimestamp', 'date')])
      .toEqual([1, null, 'AllGood', '3h']);
  });
});
