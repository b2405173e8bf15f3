import { describe, expect, it } from 'vitest';
import { validateNodeGroup } from '../../../webhook/validation/nodeGroup.ts';
import { validNodeGroup } from '../support/admissionReviews.ts';

function messagesFor(spec: Record<string, unknown>): string[] {
  return validateNodeGroup(validNodeGroup(spec)).map((error) => error.message);
}

describe('NodeGroup labels', () => {
  it('accepts prefixed and plain keys with empty and non-empty values', () => {
    expect(messagesFor({ labels: { plain: 'v', 'example.com/team': '', 'a.b.example.com/x_y': 'Z.9' } })).toEqual([]);
  });

  it.each<[string, string, string]>([
    ['a key with a space', 'bad key', 'spec.labels["bad key"] key name part must consist of'],
    ['a key with two slashes', 'a/b/c', `spec.labels["a/b/c"] key must contain at most one '/'`],
    ['a key with an uppercase prefix', 'Example.com/x', 'spec.labels["Example.com/x"] key prefix part must be a lowercase RFC 1123 subdomain'],
    ['a key name longer than 63', `x/${'n'.repeat(64)}`, 'key name part must be at most 63 characters'],
    ['an empty key', '', 'spec.labels[""] key name part must not be empty'],
    ['a kubernetes.io key', 'kubernetes.io/hostname', 'spec.labels["kubernetes.io/hostname"] key uses the prefix kubernetes.io, which is reserved for Kubernetes'],
    ['a k8s.io key', 'k8s.io/x', 'key uses the prefix k8s.io, which is reserved for Kubernetes'],
    ['a node.kubernetes.io key', 'node.kubernetes.io/instance-type', 'key uses the prefix node.kubernetes.io, which is reserved for Kubernetes'],
    ['a node-role.kubernetes.io key', 'node-role.kubernetes.io/control-plane', 'key uses the prefix node-role.kubernetes.io'],
    ['a subdomain of k8s.io', 'x.k8s.io/y', 'key uses the prefix x.k8s.io'],
    ['an autoscaler ownership label', 'autoscaler.vpsie.com/managed', `key uses the prefix autoscaler.vpsie.com, which is reserved for the autoscaler's own`],
  ])('rejects %s', (_case, key, expected) => {
    const messages = messagesFor({ labels: { [key]: 'v' } });
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(expected);
  });

  it.each<[string, unknown, string]>([
    ['a value longer than 63', 'v'.repeat(64), 'must be at most 63 characters'],
    ['a value with a space', 'a b', 'spec.labels["app"] ("a b") must be empty or consist of'],
    ['a value starting with a dash', '-a', 'must be empty or consist of'],
    ['a number value', 3, 'spec.labels["app"] (3) must be a string'],
    ['a null value', null, 'spec.labels["app"] (null) must be a string'],
  ])('rejects %s', (_case, value, expected) => {
    const messages = messagesFor({ labels: { app: value } });
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(expected);
  });

  it('handles a __proto__ key as an ordinary key', () => {
    const labels = JSON.parse('{"__proto__": "x y"}') as Record<string, unknown>;
    expect(messagesFor({ labels })).toEqual([`spec.labels["__proto__"] key name part must consist of alphanumeric characters, '-', '_' or '.', starting and ending with an alphanumeric character`, `spec.labels["__proto__"] ("x y") must be empty or consist of alphanumeric characters, '-', '_' or '.', starting and ending with an alphanumeric character`]);
  });
});

describe('NodeGroup taints', () => {
  it.each(['NoSchedule', 'PreferNoSchedule', 'NoExecute'])('accepts the %s effect', (effect) => {
    expect(messagesFor({ taints: [{ key: 'example.com/gpu', value: 'true', effect }] })).toEqual([]);
  });

  it('accepts a taint without a value', () => {
    expect(messagesFor({ taints: [{ key: 'dedicated', effect: 'NoSchedule' }] })).toEqual([]);
  });

  it('accepts the same key with different effects', () => {
    expect(messagesFor({ taints: [{ key: 'k', effect: 'NoSchedule' }, { key: 'k', effect: 'NoExecute' }] })).toEqual([]);
  });

  it.each<[string, unknown, string]>([
    ['a taint that is not an object', 'dedicated=x:NoSchedule', 'spec.taints[0] ("dedicated=x:NoSchedule") must be an object with key, value and effect'],
    ['a missing key', { effect: 'NoSchedule' }, 'spec.taints[0].key is required'],
    ['an empty key', { key: '', effect: 'NoSchedule' }, 'spec.taints[0].key ("") must not be empty'],
    ['a key with a space', { key: 'a b', effect: 'NoSchedule' }, 'spec.taints[0].key ("a b") must be a qualified name: name part must consist of'],
    ['a key with a bad prefix', { key: 'Bad_/x', effect: 'NoSchedule' }, 'must be a qualified name: prefix part must be a lowercase RFC 1123 subdomain'],
    ['a key longer than 316', { key: 'k'.repeat(317), effect: 'NoSchedule' }, 'spec.taints[0].key'],
    ['a value with a slash', { key: 'k', value: 'a/b', effect: 'NoSchedule' }, 'spec.taints[0].value ("a/b") must be empty or consist of'],
    ['a value longer than 63', { key: 'k', value: 'v'.repeat(64), effect: 'NoSchedule' }, 'spec.taints[0].value'],
    ['a missing effect', { key: 'k' }, 'spec.taints[0].effect is required'],
    ['an unknown effect', { key: 'k', effect: 'NoScheduleAtAll' }, 'spec.taints[0].effect ("NoScheduleAtAll") must be one of NoSchedule, PreferNoSchedule, NoExecute'],
    ['a lowercase effect', { key: 'k', effect: 'noschedule' }, 'must be one of NoSchedule, PreferNoSchedule, NoExecute'],
  ])('rejects %s', (_case, taint, expected) => {
    const messages = messagesFor({ taints: [taint] });
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(expected);
  });

  it('rejects two taints with the same key and effect', () => {
    const taints = [
      { key: 'k', value: 'a', effect: 'NoSchedule' },
      { key: 'other', effect: 'NoSchedule' },
      { key: 'k', value: 'b', effect: 'NoSchedule' },
    ];
    expect(messagesFor({ taints })).toEqual(['spec.taints[2] duplicates spec.taints[0]: a node carries at most one taint per key and effect']);
  });

  it('rejects more than 50 taints', () => {
    const taints = Array.from({ length: 51 }, (_, i) => ({ key: `k${i}`, effect: 'NoSchedule' }));
    expect(messagesFor({ taints })).toEqual(['spec.taints must have at most 50 items (has 51)']);
  });
});
