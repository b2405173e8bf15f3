import { describe, expect, it } from 'vitest';
import { compileGoRegexp } from '../../../src/sim/kube/schema/index.ts';
import { formatChecker } from '../../../src/sim/kube/schema/formats.ts';

describe('Go regular expressions', () => {
  it.each([
    ['^v\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?$', 'v1.31.2-rc.1+build.5', true],
    ['^v\\d+\\.\\d+\\.\\d+$', 'v1.٣.2', false],
    ['^[[:alpha:]]+$', 'abc', true],
    ['^[[:digit:]]+$', 'a1', false],
    ['(?i)^abc$', 'ABC', true],
    ['^a\\z', 'a', true],
    ['^\\Qa.b\\E$', 'a.b', true],
    ['^\\Qa.b\\E$', 'axb', false],
    ['^\\pL+$', 'héllo', true],
    ['^\\x{41}\\101$', 'AA', true],
    ['^a{,2}$', 'a{,2}', true],
    ['^\\-\\#$', '-#', true],
    ['^\\s$', '\u00a0', false],
    ['^.$', '😀', true],
    ['^(?P<word>\\w+)$', 'abc_1', true],
  ])('%s matching %j is %s', (pattern, input, expected) => {
    expect(compileGoRegexp(pattern).test(input)).toBe(expected);
  });

  it.each([['(?=a)'], ['(?<!a)b'], ['(a)\\1'], ['a{1001}'], ['x(?i)y'], ['\\C']])('rejects %s as Go does', (pattern) => {
    expect(() => compileGoRegexp(pattern)).toThrow();
  });
});

describe('string formats', () => {
  it.each([
    ['date-time', '2024-01-31T23:59:59Z', true],
    ['date-time', '2024-01-31t10:00:00.123+05:30', true],
    ['date-time', '2024-02-30T10:00:00Z', false],
    ['date-time', '2024-01-31T24:00:00Z', false],
    ['date-time', '2024-01-31 10:00:00Z', false],
    ['date-time', '2024-01-31T10:00:00', false],
    ['date', '2024-02-29', true],
    ['date', '2023-02-29', false],
    ['duration', '1h30m', true],
    ['duration', '3 days', true],
    ['duration', 'soon', false],
    ['uuid', '123e4567-e89b-12d3-a456-426614174000', true],
    ['uuid4', '123e4567-e89b-12d3-a456-426614174000', false],
    ['ipv4', '10.0.0.1', true],
    ['ipv4', '10.0.0.01', false],
    ['ipv6', '2001:db8::1', true],
    ['ipv6', '2001:db8:::1', false],
    ['cidr', '10.0.0.0/8', true],
    ['cidr', '10.0.0.0/33', false],
    ['mac', '00:1a:2b:3c:4d:5e', true],
    ['mac', '00:1a:2b', false],
    ['hostname', 'node-1.example.com', true],
    ['hostname', '-bad.example.com', false],
    ['byte', 'aGVsbG8=', true],
    ['byte', 'not base64!', false],
    ['email', 'ops@example.com', true],
    ['email', 'not-an-email', false],
    ['uri', 'https://example.com/x', true],
    ['uri', 'relative/path', false],
  ])('%s accepts %j: %s', (format, value, expected) => {
    expect(formatChecker(format)?.(value)).toBe(expected);
  });

  it('has no checker for formats the server ignores', () => {
    expect(formatChecker('int32')).toBeUndefined();
    expect(formatChecker('k8s-short-name')).toBeUndefined();
  });
});
