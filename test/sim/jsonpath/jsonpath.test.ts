import { describe, expect, it } from 'vitest';
import { compileJsonPath, JsonPathSyntaxError, parseErrorOf, validateJsonPath } from '../../../src/sim/kube/jsonpath/index.ts';

const obj = {
  metadata: { name: 'general', labels: { 'autoscaler.vpsie.com/managed': 'true', tier: 'a' } },
  spec: { minNodes: 1, offeringIDs: ['k8s-2-4', 'k8s-4-8', 'k8s-8-16'], nested: { reason: 'deep' } },
  status: {
    readyNodes: 2,
    conditions: [
      { type: 'Scaling', status: 'False', reason: 'Idle', observedGeneration: 1 },
      { type: 'Ready', status: 'True', reason: 'AllGood', observedGeneration: 3 },
    ],
  },
};
const run = (expr: string) => compileJsonPath(expr)(obj);

describe('compileJsonPath', () => {
  it.each([
    ['.spec.minNodes', [1]],
    ['{.spec.minNodes}', [1]],
    ['.spec.offeringIDs[0]', ['k8s-2-4']],
    ['.spec.offeringIDs[-1]', ['k8s-8-16']],
    ['.spec.offeringIDs[*]', ['k8s-2-4', 'k8s-4-8', 'k8s-8-16']],
    ['.spec.offeringIDs[0:2]', ['k8s-2-4', 'k8s-4-8']],
    ['.spec.offeringIDs[::2]', ['k8s-2-4', 'k8s-8-16']],
    ["['spec']['minNodes']", [1]],
    ['.metadata.labels.autoscaler\\.vpsie\\.com/managed', ['true']],
    ['.status.conditions[?(@.type=="Ready")].reason', ['AllGood']],
    [".status.conditions[?(@.type!='Ready')].reason", ['Idle']],
    ['.status.conditions[?(@.observedGeneration>2)].type', ['Ready']],
    ['.status.conditions[?(@.observedGeneration<=1)].type', ['Scaling']],
    ['.status.conditions[?(@.observedGeneration>=1)].type', ['Scaling', 'Ready']],
    ['.status.conditions[?(@.observedGeneration<3)].type', ['Scaling']],
    ['.status.conditions[?(@.reason)].type', ['Scaling', 'Ready']],
    ['..reason', ['deep', 'Idle', 'AllGood']],
    ['.spec.missing', []],
    ['.spec.offeringIDs[7]', []],
    ['.spec.minNodes[0]', []],
    ['.status.conditions[?(@.observedGeneration==1.0)].type', []],
    ['{.spec.minNodes} of {.status.readyNodes}', [1, ' of ', 2]],
  ])('%s selects %j', (expr, expected) => {
    expect(run(expr)).toEqual(expected);
  });

  it('reads a bracketed key with dots as a nested path, as client-go does', () => {
    expect(compileJsonPath(".metadata.labels['autoscaler.vpsie.com/managed']")(obj)).toEqual([]);
    expect(compileJsonPath(".spec['nested.reason']")(obj)).toEqual(['deep']);
  });

  it.each([
    ['.a[', 'unterminated array'],
    ['.a[?(@.x==1', 'unterminated filter'],
    ['.a[?(@.x==1)', 'unclosed array expect ]'],
    ['.a[x]', 'invalid array index x'],
    ['{.a', 'unclosed action'],
    ['.a #', "unrecognized character in action: U+0023 '#'"],
    ['{"abc}', 'unterminated quoted string'],
    ['["spec"]', 'invalid array index "spec"'],
    ['.a....b', 'invalid multiple recursive descent'],
  ])('rejects %s with "%s"', (expr, message) => {
    expect(() => compileJsonPath(expr)).toThrow(JsonPathSyntaxError);
    expect(parseErrorOf(expr)).toBe(message);
  });
});

describe('validateJsonPath', () => {
  it('accepts a simple path', () => {
    expect(validateJsonPath('.status.conditions[?(@.type=="Ready")].reason')).toBeUndefined();
  });

  it('rejects an empty path or one not starting with a dot, as CRD validation does', () => {
    expect(validateJsonPath('')).toBe('must not be empty');
    expect(validateJsonPath('spec.x')).toBe('must be a simple json path starting with .');
  });
});
