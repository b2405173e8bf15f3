import { describe, expect, it } from 'vitest';
import type { SelectableFields } from '../../../src/sim/kube/selectors/index.ts';
import { SelectorError, matchesFields, parseFieldSelector, supportedFieldsOf } from '../../../src/sim/kube/selectors/index.ts';

const pods = supportedFieldsOf('', 'Pod');
const pod = { 'metadata.name': 'p', 'metadata.namespace': 'default', 'spec.nodeName': 'n1', 'status.phase': 'Running' };

function refusal(text: string, supported: SelectableFields = pods): string {
  try {
    parseFieldSelector(text, supported);
  } catch (e) {
    if (e instanceof SelectorError) return e.message;
    throw e;
  }
  throw new Error('the selector was accepted');
}

describe('field selector parsing', () => {
  it.each([
    ['spec.nodeName=n1', [{ field: 'spec.nodeName', operator: '=', value: 'n1' }]],
    ['spec.nodeName==n1', [{ field: 'spec.nodeName', operator: '==', value: 'n1' }]],
    ['spec.nodeName!=n1', [{ field: 'spec.nodeName', operator: '!=', value: 'n1' }]],
    ['spec.nodeName=', [{ field: 'spec.nodeName', operator: '=', value: '' }]],
    ['status.phase=Running,spec.nodeName=n1', [{ field: 'spec.nodeName', operator: '=', value: 'n1' }, { field: 'status.phase', operator: '=', value: 'Running' }]],
    ['spec.nodeName=n1,,', [{ field: 'spec.nodeName', operator: '=', value: 'n1' }]],
    ['metadata.name=a\\,b\\=c\\\\d', [{ field: 'metadata.name', operator: '=', value: 'a,b=c\\d' }]],
    ['metadata.name=a\\,b,spec.nodeName=n', [{ field: 'metadata.name', operator: '=', value: 'a,b' }, { field: 'spec.nodeName', operator: '=', value: 'n' }]],
  ])('parses %j', (text, requirements) => {
    expect(parseFieldSelector(text, pods).requirements).toEqual(requirements);
  });

  it('parses an empty selector to one that matches everything', () => {
    const selector = parseFieldSelector('', pods);
    expect([selector.empty, selector.matches({})]).toEqual([true, true]);
  });

  it.each([
    ['x', "invalid selector: 'x'; can't understand 'x'"],
    ['spec.nodeName=a,b', "invalid selector: 'spec.nodeName=a,b'; can't understand 'b'"],
    ['metadata.name=a=b', 'invalid field selector: unescaped character in value: 61'],
    ['metadata.name=a\\x', 'invalid field selector: invalid escape sequence: \\x'],
    ['metadata.name=a\\', 'invalid field selector: invalid escape sequence: \\'],
    ['foo=bar', 'field label not supported: foo'],
    [' spec.nodeName=n1', 'field label not supported:  spec.nodeName'],
    ['spec.nodeName in (a)', "invalid selector: 'spec.nodeName in (a)'; can't understand 'spec.nodeName in (a)'"],
  ])('refuses %j: %s', (text, message) => {
    expect(refusal(text)).toBe(message);
  });

  it('checks field labels after the whole selector parses, first in sorted order', () => {
    expect(refusal('zz=1,aa=2')).toBe('field label not supported: aa');
    expect(refusal('zz=1,x')).toBe("invalid selector: 'zz=1,x'; can't understand 'x'");
  });

  it('answers 400 BadRequest', () => {
    let error: SelectorError | undefined;
    try {
      parseFieldSelector('foo=bar', pods);
    } catch (e) {
      error = e as SelectorError;
    }
    expect(error?.status()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'field label not supported: foo',
      reason: 'BadRequest',
      code: 400,
    });
  });
});

describe('field selector matching', () => {
  it.each([
    ['spec.nodeName=n1', true],
    ['spec.nodeName==n1', true],
    ['spec.nodeName=n2', false],
    ['spec.nodeName!=n2', true],
    ['spec.nodeName!=n1', false],
    ['status.phase=Running,spec.nodeName=n1', true],
    ['status.phase!=Running,spec.nodeName=n1', false],
    ['status.nominatedNodeName=', true],
    ['status.nominatedNodeName!=', false],
  ])('%j against a running pod on n1 is %s', (text, expected) => {
    expect(matchesFields(parseFieldSelector(text, pods), pod)).toBe(expected);
  });

  it('reports the value a selector pins a field to, for index lookups', () => {
    const selector = parseFieldSelector('status.phase!=Failed,spec.nodeName=n1', pods);
    expect([selector.exactMatch('spec.nodeName'), selector.exactMatch('status.phase'), selector.exactMatch('metadata.name')]).toEqual(['n1', undefined, undefined]);
  });

  it('formats as Selector.String(), values unescaped', () => {
    expect(parseFieldSelector('spec.nodeName==n1,status.phase!=a\\,b', pods).toString()).toBe('spec.nodeName=n1,status.phase!=a,b');
  });
});
