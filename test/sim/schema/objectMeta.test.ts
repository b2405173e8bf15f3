import { describe, expect, it } from 'vitest';
import {
  isDns1035Label, isDns1123Label, isDns1123Subdomain, isQualifiedName, pruneObjectMeta, validateObjectMeta,
} from '../../../src/sim/kube/schema/index.ts';

const ns = { namespaced: true, nameRule: 'dns1123Subdomain' } as const;
const messages = (meta: unknown, opts: Parameters<typeof validateObjectMeta>[1] = ns) => validateObjectMeta(meta, opts).map((e) => e.message);

describe('name validators', () => {
  it('explain a bad subdomain with the real regex message', () => {
    expect(isDns1123Subdomain('Bad_Name')).toEqual([
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ]);
  });

  it('limit a label to 63 characters', () => {
    expect(isDns1123Label('a'.repeat(64))).toEqual(['must be no more than 63 characters']);
  });

  it('require a DNS-1035 label to start with a letter', () => {
    expect(isDns1035Label('1abc')).toEqual([
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    ]);
  });

  it('check both parts of a qualified name', () => {
    expect(isQualifiedName('/x')).toEqual(['prefix part must be non-empty']);
    expect(isQualifiedName('example.com/')).toHaveLength(2);
    expect(isQualifiedName('a/b/c')[0]).toMatch(/^a qualified name must consist of/);
    expect(isQualifiedName('autoscaler.vpsie.com/managed')).toEqual([]);
  });
});

describe('validateObjectMeta', () => {
  it('accepts a complete namespaced object', () => {
    expect(messages({ name: 'general', namespace: 'kube-system', labels: { 'autoscaler.vpsie.com/managed': 'true' }, finalizers: ['nodegroup.autoscaler.vpsie.com/finalizer'] })).toEqual([]);
  });

  it('requires a name unless generateName is set', () => {
    expect(messages({ namespace: 'a' })).toEqual(['metadata.name: Required value: name or generateName is required']);
  });

  it('checks generateName with its trailing dash masked', () => {
    expect(messages({ generateName: 'web-', name: 'web-x1', namespace: 'a' })).toEqual([]);
    expect(messages({ generateName: 'Web-', name: 'web-x1', namespace: 'a' })[0]).toMatch(/^metadata.generateName: Invalid value: "Web-": a lowercase RFC 1123 subdomain/);
  });

  it('requires a namespace for namespaced kinds and forbids one otherwise', () => {
    expect(messages({ name: 'a' })).toEqual(['metadata.namespace: Required value']);
    expect(messages({ name: 'a', namespace: 'x' }, { namespaced: false, nameRule: 'dns1123Subdomain' })).toEqual(['metadata.namespace: Forbidden: not allowed on this type']);
  });

  it('uses the kind name rule: Services are DNS-1035 labels', () => {
    expect(messages({ name: '1svc', namespace: 'a' }, { namespaced: true, nameRule: 'dns1035Label' })[0]).toMatch(/^metadata.name: Invalid value: "1svc": a DNS-1035 label/);
  });

  it('reports a bad label value with the real message', () => {
    expect(messages({ name: 'a', namespace: 'b', labels: { k: 'bad value!' } })).toEqual([
      `metadata.labels: Invalid value: "bad value!": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    ]);
  });

  it('reports a bad label key as a qualified name', () => {
    expect(messages({ name: 'a', namespace: 'b', labels: { 'bad key': 'v' } })[0]).toMatch(/^metadata.labels: Invalid value: "bad key": name part must consist of/);
  });

  it('limits annotations to 256 KiB in total', () => {
    expect(messages({ name: 'a', namespace: 'b', annotations: { k: 'x'.repeat(256 * 1024) } })).toEqual(['metadata.annotations: Too long: may not be more than 262144 bytes']);
  });

  it('checks finalizer names', () => {
    expect(messages({ name: 'a', namespace: 'b', finalizers: ['bad/name/x'] })[0]).toMatch(/^metadata.finalizers: Invalid value: "bad\/name\/x": a qualified name/);
  });

  it('requires owner reference fields', () => {
    expect(messages({ name: 'a', namespace: 'b', ownerReferences: [{}] })).toEqual([
      'metadata.ownerReferences.apiVersion: Invalid value: "": version must not be empty',
      'metadata.ownerReferences.kind: Invalid value: "": kind must not be empty',
      'metadata.ownerReferences.name: Invalid value: "": name must not be empty',
      'metadata.ownerReferences.uid: Invalid value: "": uid must not be empty',
    ]);
  });

  it('allows only one controller owner', () => {
    const ref = (name: string) => ({ apiVersion: 'autoscaler.vpsie.com/v1alpha1', kind: 'NodeGroup', name, uid: name, controller: true });
    const errs = validateObjectMeta({ name: 'a', namespace: 'b', ownerReferences: [ref('x'), ref('y')] }, ns);
    expect(errs.map((e) => e.detail)).toEqual(['Only one reference can have Controller set to true. Found "true" in references for NodeGroup/x and NodeGroup/y']);
  });

  it('rejects a negative generation', () => {
    expect(messages({ name: 'a', namespace: 'b', generation: -1 })).toEqual(['metadata.generation: Invalid value: -1: must be greater than or equal to 0']);
  });

  it('prunes fields ObjectMeta does not have', () => {
    const meta: Record<string, unknown> = { name: 'a', foo: 1, labels: {}, bar: 2 };
    expect(pruneObjectMeta(meta)).toEqual(['metadata.bar', 'metadata.foo']);
    expect(meta).toEqual({ name: 'a', labels: {} });
  });
});
