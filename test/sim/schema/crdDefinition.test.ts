import { describe, expect, it } from 'vitest';
import { validateCrdDefinition } from '../../../src/sim/kube/schema/index.ts';

function crd(overrides: { name?: string; spec?: Record<string, unknown>; version?: Record<string, unknown>; schema?: object } = {}) {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: overrides.name ?? 'widgets.example.com' },
    spec: {
      group: 'example.com',
      scope: 'Namespaced',
      names: { plural: 'widgets', kind: 'Widget' },
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: overrides.schema ?? { type: 'object' } }, ...overrides.version }],
      ...overrides.spec,
    },
  };
}
const messages = (c: object) => validateCrdDefinition(c).map((e) => e.message);

describe('validateCrdDefinition', () => {
  it('accepts a minimal CRD, defaulting singular and listKind', () => {
    expect(messages(crd())).toEqual([]);
  });

  it('requires metadata.name to be plural.group', () => {
    expect(messages(crd({ name: 'widget.example.com' }))).toEqual(['metadata.name: Invalid value: "widget.example.com": must be spec.names.plural+"."+spec.group']);
  });

  it('requires exactly one storage version', () => {
    const two = crd({ spec: { versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } }, { name: 'v2', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } }] } });
    expect(messages(two)).toHaveLength(1);
    expect(messages(two)[0]).toMatch(/^spec.versions: Invalid value: .*: must have exactly one version marked as storage version$/);
  });

  it('requires a dotted group and a known scope', () => {
    expect(messages(crd({ name: 'widgets.example', spec: { group: 'example', scope: 'Global' } }))).toEqual([
      'spec.group: Invalid value: "example": should be a domain with at least one dot',
      'spec.scope: Unsupported value: "Global": supported values: "Cluster", "Namespaced"',
    ]);
  });

  it('requires the plural and kind names', () => {
    expect(messages(crd({ name: '.example.com', spec: { names: {} } })).filter((m) => m.startsWith('spec.names'))).toEqual([
      'spec.names.plural: Required value', 'spec.names.singular: Required value', 'spec.names.kind: Required value', 'spec.names.listKind: Required value',
    ]);
  });

  it('requires a schema with a type everywhere', () => {
    expect(messages(crd({ schema: { type: 'object', properties: { spec: { properties: {} } } } }))).toEqual([
      'spec.versions[0].schema.openAPIV3Schema.properties[spec].type: Required value: must not be empty for specified object fields',
    ]);
  });

  it('requires an object at the root', () => {
    expect(messages(crd({ schema: { type: 'string' } }))).toEqual(['spec.versions[0].schema.openAPIV3Schema.type: Invalid value: "string": must be object at the root']);
  });

  it('checks defaults against their schema', () => {
    const schema = { type: 'object', properties: { spec: { type: 'object', properties: { n: { type: 'integer', minimum: 1, default: 0 } } } } };
    expect(messages(crd({ schema }))).toEqual([
      'spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[n].default: Invalid value: 0:  in body should be greater than or equal to 1',
    ]);
  });

  it('rejects defaults with unknown fields', () => {
    const schema = { type: 'object', properties: { spec: { type: 'object', default: { x: 1 }, properties: {} } } };
    expect(messages(crd({ schema }))[0]).toMatch(/properties\[spec\]\.default: Invalid value: .*must not have unknown fields: x$/);
  });

  it('reports CEL rules as not enforceable', () => {
    expect(messages(crd({ schema: { type: 'object', 'x-kubernetes-validations': [{ rule: 'true' }] } }))[0]).toMatch(/does not evaluate CEL/);
  });

  it('checks printer columns', () => {
    const version = { additionalPrinterColumns: [{ name: 'Age', type: 'duration', jsonPath: 'metadata.creationTimestamp' }] };
    expect(messages(crd({ version }))).toEqual([
      'spec.versions[0].additionalPrinterColumns[0].type: Unsupported value: "duration": supported values: "integer", "number", "string", "boolean", "date"',
      'spec.versions[0].additionalPrinterColumns[0].jsonPath: Invalid value: "metadata.creationTimestamp": must be a simple json path starting with .',
    ]);
  });
});
