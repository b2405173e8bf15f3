import { describe, expect, it } from 'vitest';
import { SelectorError, matchesLabels, parseLabelSelector } from '../../../src/sim/kube/selectors/index.ts';

const labels = { app: 'web', tier: 'frontend', version: '12' };

describe('label selector syntax', () => {
  it.each([
    ['a=b', [{ key: 'a', operator: '=', values: ['b'] }]],
    ['a==b', [{ key: 'a', operator: '==', values: ['b'] }]],
    ['a!=b', [{ key: 'a', operator: '!=', values: ['b'] }]],
    ['a in (y,x)', [{ key: 'a', operator: 'in', values: ['x', 'y'] }]],
    ['a notin (x, y)', [{ key: 'a', operator: 'notin', values: ['x', 'y'] }]],
    ['a', [{ key: 'a', operator: 'exists', values: [] }]],
    ['!a', [{ key: 'a', operator: '!', values: [] }]],
    ['a>5', [{ key: 'a', operator: 'gt', values: ['5'] }]],
    ['a<5', [{ key: 'a', operator: 'lt', values: ['5'] }]],
    ['a=', [{ key: 'a', operator: '=', values: [''] }]],
    ['a in ()', [{ key: 'a', operator: 'in', values: [''] }]],
    ['a in (,x)', [{ key: 'a', operator: 'in', values: ['', 'x'] }]],
    ['a in (x,x)', [{ key: 'a', operator: 'in', values: ['x'] }]],
    ['example.com/a=b', [{ key: 'example.com/a', operator: '=', values: ['b'] }]],
    ['in in (in, notin)', [{ key: 'in', operator: 'in', values: ['in', 'notin'] }]],
  ])('parses %j', (text, requirements) => {
    expect(parseLabelSelector(text).requirements).toEqual(requirements);
  });

  it('tolerates blanks, tabs and newlines around tokens', () => {
    expect(parseLabelSelector(' a = b ,\tc\nin ( x , y ) ').toString()).toBe('a=b,c in (x,y)');
  });

  it('orders requirements by key', () => {
    expect(parseLabelSelector('z=1,a!=2,m').requirements.map((r) => r.key)).toEqual(['a', 'm', 'z']);
  });

  it('parses an empty selector to one that matches everything', () => {
    const selector = parseLabelSelector('');
    expect(selector.empty).toBe(true);
    expect(selector.matches(undefined)).toBe(true);
  });

  it('formats as the real server’s Selector.String(), requirements ordered by key', () => {
    expect(parseLabelSelector('x in (foo,,baz),y,z notin (),!w,v==1,u>3').toString()).toBe('u>3,v==1,!w,x in (,baz,foo),y,z notin ()');
  });
});

describe('label selector matching', () => {
  it.each([
    ['app=web', true],
    ['app==web', true],
    ['app=api', false],
    ['app!=api', true],
    ['app!=web', false],
    ['missing!=x', true],
    ['app in (api,web)', true],
    ['app in (api)', false],
    ['missing in (x)', false],
    ['app notin (api)', true],
    ['app notin (web)', false],
    ['missing notin (x)', true],
    ['tier', true],
    ['missing', false],
    ['!missing', true],
    ['!tier', false],
    ['version>11', true],
    ['version>12', false],
    ['version<13', true],
    ['app>1', false],
    ['missing<1', false],
    ['app=web,tier=frontend', true],
    ['app=web,tier=backend', false],
    ['missing=', false],
  ])('%j against {app: web, tier: frontend, version: "12"} is %s', (text, expected) => {
    expect(matchesLabels(parseLabelSelector(text), labels)).toBe(expected);
  });

  it('matches an object without labels only by absence', () => {
    expect(matchesLabels(parseLabelSelector('!app,x notin (y)'), undefined)).toBe(true);
    expect(matchesLabels(parseLabelSelector('app'), undefined)).toBe(false);
  });

  it('ignores inherited property names when looking labels up', () => {
    expect(matchesLabels(parseLabelSelector('constructor'), {})).toBe(false);
    expect(matchesLabels(parseLabelSelector('!toString'), {})).toBe(true);
  });

  it('matches many values by set membership', () => {
    const selector = parseLabelSelector('v in (a,b,c,d,e,f,g)');
    expect([selector.matches({ v: 'g' }), selector.matches({ v: 'h' })]).toEqual([true, false]);
  });
});

describe('label selector errors', () => {
  const qualifiedName =
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
  const labelValue =
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
  const subdomain =
    "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

  it.each([
    ['app: nginx', `unable to parse requirement: <nil>: Invalid value: "app:": name part ${qualifiedName}`],
    ['-foo', `unable to parse requirement: <nil>: Invalid value: "-foo": name part ${qualifiedName}`],
    ['a/b/c=d', `unable to parse requirement: <nil>: Invalid value: "a/b/c": a qualified name ${qualifiedName} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`],
    ['Example.com/a', `unable to parse requirement: <nil>: Invalid value: "Example.com/a": ${subdomain}`],
    ['/a', 'unable to parse requirement: <nil>: Invalid value: "/a": prefix part must be non-empty'],
    ['a/', `unable to parse requirement: <nil>: Invalid value: "a/": name part must be non-empty; name part ${qualifiedName}`],
    [`${'k'.repeat(64)}`, `unable to parse requirement: <nil>: Invalid value: "${'k'.repeat(64)}": name part must be no more than 63 characters`],
    ['a=-b', `unable to parse requirement: values[0][a]: Invalid value: "-b": ${labelValue}`],
    [`a=${'v'.repeat(64)}`, `unable to parse requirement: values[0][a]: Invalid value: "${'v'.repeat(64)}": must be no more than 63 characters`],
    ['a in (x,-y,-z)', `unable to parse requirement: [values[0][a]: Invalid value: "-y": ${labelValue}, values[1][a]: Invalid value: "-z": ${labelValue}]`],
    ['a>x', `unable to parse requirement: values[0]: Invalid value: "x": for 'Gt', 'Lt' operators, the value must be an integer`],
    ['a<99999999999999999999', `unable to parse requirement: values[0]: Invalid value: "99999999999999999999": for 'Gt', 'Lt' operators, the value must be an integer`],
    ['a b', 'unable to parse requirement: found \'b\', expected: in, notin, =, ==, !=, gt, lt'],
    ['a in x', "unable to parse requirement: found 'x' expected: '('"],
    ['a in (', "unable to parse requirement: found '', expected: ',', ')' or identifier"],
    ['a in (x y)', "unable to parse requirement: found 'y', expected: ',' or ')'"],
    ['a in (x,=)', "unable to parse requirement: found '=', expected: ',', or identifier"],
    ['a=!b', "unable to parse requirement: found '!', expected: identifier"],
    ['!=a', "found '!=', expected: !, identifier, or 'end of string'"],
    ['!', "unable to parse requirement: found '', expected: identifier"],
    ['a=b c', "found 'c', expected: ',' or 'end of string'"],
    ['!a=b', "found '=', expected: ',' or 'end of string'"],
    ['a,', "found '', expected: identifier after ','"],
    [',a', "found ',', expected: !, identifier, or 'end of string'"],
    ['(a)', "found '(', expected: !, identifier, or 'end of string'"],
  ])('refuses %j: %s', (text, message) => {
    let error: unknown;
    try {
      parseLabelSelector(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SelectorError);
    expect((error as SelectorError).message).toBe(message);
  });

  it('answers 400 BadRequest', () => {
    let error: SelectorError | undefined;
    try {
      parseLabelSelector('a in');
    } catch (e) {
      error = e as SelectorError;
    }
    expect(error?.status()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: "unable to parse requirement: found '' expected: '('",
      reason: 'BadRequest',
      code: 400,
    });
  });
});
