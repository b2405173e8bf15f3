import { describe, expect, it } from 'vitest';
import { compileStructuralSchema, SchemaCompileError } from '../../../src/sim/kube/schema/index.ts';

const root = (spec: object) => ({ type: 'object', properties: { spec } });

describe('list types', () => {
  const sets = compileStructuralSchema(root({ type: 'object', properties: { ids: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } } } }));
  const maps = compileStructuralSchema(root({
    type: 'object',
    properties: {
      conditions: { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['type'], items: { type: 'object', properties: { type: { type: 'string' }, status: { type: 'string' } } } },
      ports: { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['port', 'protocol'], items: { type: 'object', properties: { port: { type: 'integer' }, protocol: { type: 'string' } } } },
    },
  }));

  it('reports the first repeat of a set value once', () => {
    expect(sets.validate({ spec: { ids: ['a', 'b', 'a', 'a'] } }).map((e) => e.message)).toEqual(['spec.ids[2]: Duplicate value: "a"']);
  });

  it('names the key of a repeated list-map entry', () => {
    const errs = maps.validate({ spec: { conditions: [{ type: 'Ready', status: 'True' }, { type: 'Ready', status: 'False' }] } });
    expect(errs.map((e) => e.message)).toEqual(['spec.conditions[1]: Duplicate value: map[string]interface {}{"type":"Ready"}']);
  });

  it('names every key of a multi-key list map', () => {
    const errs = maps.validate({ spec: { ports: [{ port: 80, protocol: 'TCP' }, { port: 80, protocol: 'TCP' }, { port: 80, protocol: 'UDP' }] } });
    expect(errs.map((e) => e.message)).toEqual(['spec.ports[1]: Duplicate value: map[string]interface {}{"port":80, "protocol":"TCP"}']);
  });

  it('accepts distinct entries', () => {
    expect(maps.validate({ spec: { conditions: [{ type: 'Ready' }, { type: 'Scaling' }] } })).toEqual([]);
  });
});

describe('defaults', () => {
  const schema = compileStructuralSchema(root({
    type: 'object',
    properties: {
      policy: { type: 'object', default: {}, properties: { window: { type: 'integer', default: 60 }, enabled: { type: 'boolean' } } },
      items: { type: 'array', items: { type: 'object', properties: { weight: { type: 'integer', default: 1 } } } },
      byName: { type: 'object', additionalProperties: { type: 'object', properties: { size: { type: 'string', default: 'm' } } } },
      note: { type: 'string' },
      mode: { type: 'string', default: 'auto' },
      maybe: { type: 'string', nullable: true },
    },
  }));

  it('fills a defaulted object and then its children', () => {
    const obj = { spec: {} };
    schema.applyDefaults(obj);
    expect(obj.spec).toEqual({ policy: { window: 60 }, mode: 'auto' });
  });

  it('defaults inside array items and additionalProperties', () => {
    const obj = { spec: { items: [{}, { weight: 3 }], byName: { a: {} } } };
    schema.applyDefaults(obj);
    expect(obj.spec.items).toEqual([{ weight: 1 }, { weight: 3 }]);
    expect(obj.spec.byName).toEqual({ a: { size: 'm' } });
  });

  it('replaces a non-nullable null with its default and drops one without a default', () => {
    const obj: { spec: Record<string, unknown> } = { spec: { mode: null, note: null, maybe: null, policy: { enabled: true } } };
    schema.applyDefaults(obj);
    expect(obj.spec).toEqual({ mode: 'auto', maybe: null, policy: { enabled: true, window: 60 } });
  });

  it('never shares a default between objects', () => {
    const a = { spec: {} as Record<string, { window: number }> };
    const b = { spec: {} as Record<string, { window: number }> };
    schema.applyDefaults(a);
    schema.applyDefaults(b);
    (a.spec.policy as { window: number }).window = 5;
    expect(b.spec.policy?.window).toBe(60);
  });
});

describe('pruning', () => {
  const schema = compileStructuralSchema({
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        properties: {
          known: { type: 'string' },
          free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { typed: { type: 'object', properties: { a: { type: 'string' } } } } },
          labels: { type: 'object', additionalProperties: { type: 'string' } },
          template: { type: 'object', 'x-kubernetes-embedded-resource': true, properties: { spec: { type: 'object', properties: { x: { type: 'string' } } } } },
          list: { type: 'array', items: { type: 'object', properties: { a: { type: 'string' } } } },
        },
      },
    },
  });

  it('removes unknown fields and reports their paths sorted', () => {
    const obj = { apiVersion: 'g/v1', kind: 'K', metadata: { name: 'n' }, spec: { known: 'k', zz: 1, foo: { bar: 1 }, list: [{ a: 'x', b: 2 }] }, extra: true };
    expect(schema.prune(obj)).toEqual(['extra', 'spec.foo', 'spec.list[0].b', 'spec.zz']);
    expect(obj).toEqual({ apiVersion: 'g/v1', kind: 'K', metadata: { name: 'n' }, spec: { known: 'k', list: [{ a: 'x' }] } });
  });

  it('keeps unknown fields under preserve-unknown-fields but prunes its typed children', () => {
    const obj = { spec: { free: { anything: { deep: 1 }, typed: { a: 'x', b: 'y' } } } };
    expect(schema.prune(obj)).toEqual(['spec.free.typed.b']);
    expect(obj.spec.free).toEqual({ anything: { deep: 1 }, typed: { a: 'x' } });
  });

  it('keeps additionalProperties keys', () => {
    const obj = { spec: { labels: { a: 'x', b: 'y' } } };
    expect(schema.prune(obj)).toEqual([]);
  });

  it('keeps apiVersion, kind and metadata of an embedded resource', () => {
    const obj = { spec: { template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', anything: 1 }, spec: { x: 'a', y: 'b' }, status: {} } } };
    expect(schema.prune(obj)).toEqual(['spec.template.spec.y', 'spec.template.status']);
    expect(obj.spec.template).toEqual({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', anything: 1 }, spec: { x: 'a' } });
  });
});

describe('embedded resources', () => {
  const schema = compileStructuralSchema(root({ type: 'object', properties: { template: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true } } }));

  it('require apiVersion and kind', () => {
    expect(schema.validate({ spec: { template: {} } }).map((e) => e.message)).toEqual(['spec.template.apiVersion: Required value', 'spec.template.kind: Required value']);
  });

  it('check metadata names with the path-segment rule', () => {
    const errs = schema.validate({ spec: { template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a/b' } } } });
    expect(errs.map((e) => e.message)).toEqual([`spec.template.metadata.name: Invalid value: "a/b": may not contain '/'`]);
  });
});

describe('compiling', () => {
  it('refuses CEL rules, saying they would not be enforced', () => {
    const schema = root({ type: 'object', 'x-kubernetes-validations': [{ rule: 'self.a > 0' }] });
    expect(() => compileStructuralSchema(schema)).toThrow(SchemaCompileError);
    expect(() => compileStructuralSchema(schema)).toThrow(/does not evaluate CEL/);
  });

  it('refuses a pattern Go would not compile', () => {
    expect(() => compileStructuralSchema(root({ type: 'string', pattern: '(a)\\1' }))).toThrow(/backreferences/);
  });
});
