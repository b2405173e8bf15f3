import { describe, expect, it } from 'vitest';
import { compileStructuralSchema } from '../../../src/sim/kube/schema/index.ts';

function messages(schema: object, obj: unknown): string[] {
  return compileStructuralSchema(schema).validate(obj).map((e) => e.message);
}

const spec = (props: object, extra: object = {}) => ({ type: 'object', properties: { spec: { type: 'object', properties: props, ...extra } } });

describe('schema keywords produce the real server wording', () => {
  it.each([
    ['integer minimum', { n: { type: 'integer', minimum: 1 } }, { n: 0 }, 'spec.n: Invalid value: 0: spec.n in body should be greater than or equal to 1'],
    ['exclusive minimum', { n: { type: 'integer', minimum: 1, exclusiveMinimum: true } }, { n: 1 }, 'spec.n: Invalid value: 1: spec.n in body should be greater than 1'],
    ['integer maximum', { n: { type: 'integer', maximum: 1000 } }, { n: 1001 }, 'spec.n: Invalid value: 1001: spec.n in body should be less than or equal to 1000'],
    ['exclusive maximum', { n: { type: 'number', maximum: 2.5, exclusiveMaximum: true } }, { n: 2.5 }, 'spec.n: Invalid value: 2.5: spec.n in body should be less than 2.5'],
    ['integer bound truncated for integers', { n: { type: 'integer', minimum: 0.5 } }, { n: -1 }, 'spec.n: Invalid value: -1: spec.n in body should be greater than or equal to 0'],
    ['multipleOf integer', { n: { type: 'integer', multipleOf: 5 } }, { n: 7 }, 'spec.n: Invalid value: 7: spec.n in body should be a multiple of 5'],
    ['multipleOf float', { n: { type: 'number', multipleOf: 0.5 } }, { n: 0.3 }, 'spec.n: Invalid value: 0.3: spec.n in body should be a multiple of 0.5'],
    ['type integer given a string', { n: { type: 'integer' } }, { n: 'string' }, 'spec.n: Invalid value: "string": spec.n in body must be of type integer: "string"'],
    ['type integer given a fraction', { n: { type: 'integer' } }, { n: 1.5 }, 'spec.n: Invalid value: "number": spec.n in body must be of type integer: "number"'],
    ['type int32 given a boolean names the format', { n: { type: 'integer', format: 'int32' } }, { n: true }, 'spec.n: Invalid value: "": spec.n in body must be of type int32: ""'],
    ['type int32 given a fraction', { n: { type: 'integer', format: 'int32' } }, { n: 1.5 }, 'spec.n: Invalid value: "float64": spec.n in body must be of type int32: "float64"'],
    ['type string given an object', { s: { type: 'string' } }, { s: {} }, 'spec.s: Invalid value: "object": spec.s in body must be of type string: "object"'],
    ['type array given a string', { a: { type: 'array' } }, { a: 'x' }, 'spec.a: Invalid value: "string": spec.a in body must be of type array: "string"'],
    ['type boolean given a number', { b: { type: 'boolean' } }, { b: 1 }, 'spec.b: Invalid value: "integer": spec.b in body must be of type boolean: "integer"'],
    ['null for a non-nullable field', { s: { type: 'string' } }, { s: null }, 'spec.s: Invalid value: "null": spec.s in body must be of type string: "null"'],
    ['maxLength counts code points', { s: { type: 'string', maxLength: 2 } }, { s: 'abc' }, 'spec.s: Too long: may not be more than 2 bytes'],
    ['maxLength of one says byte', { s: { type: 'string', maxLength: 1 } }, { s: 'ab' }, 'spec.s: Too long: may not be more than 1 byte'],
    ['minLength', { s: { type: 'string', minLength: 1 } }, { s: '' }, 'spec.s: Invalid value: "": spec.s in body should be at least 1 chars long'],
    ['pattern', { s: { type: 'string', pattern: '^[a-z]+$' } }, { s: 'A1' }, `spec.s: Invalid value: "A1": spec.s in body should match '^[a-z]+$'`],
    ['enum of strings', { e: { type: 'string', enum: ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] } }, { e: 'Foo' }, 'spec.e: Unsupported value: "Foo": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"'],
    ['enum of numbers', { e: { type: 'integer', enum: [1, 2] } }, { e: 3 }, 'spec.e: Unsupported value: 3: supported values: "1", "2"'],
    ['minItems', { a: { type: 'array', minItems: 1, items: { type: 'string' } } }, { a: [] }, 'spec.a: Invalid value: 0: spec.a in body should have at least 1 items'],
    ['maxItems', { a: { type: 'array', maxItems: 1, items: { type: 'string' } } }, { a: ['x', 'y'] }, 'spec.a: Too many: 2: must have at most 1 items'],
    ['item errors carry the index', { a: { type: 'array', items: { type: 'string' } } }, { a: ['x', 2] }, 'spec.a[1]: Invalid value: "integer": spec.a[1] in body must be of type string: "integer"'],
    ['minProperties', { m: { type: 'object', minProperties: 1, additionalProperties: { type: 'string' } } }, { m: {} }, 'spec.m: Invalid value: 0: spec.m in body should have at least 1 properties'],
    ['maxProperties', { m: { type: 'object', maxProperties: 1, additionalProperties: { type: 'string' } } }, { m: { a: 'x', b: 'y' } }, 'spec.m: Too many: 2: must have at most 1 items'],
    ['additionalProperties schema', { m: { type: 'object', additionalProperties: { type: 'string' } } }, { m: { k: 1 } }, 'spec.m.k: Invalid value: "integer": spec.m.k in body must be of type string: "integer"'],
    ['additionalProperties false', { m: { type: 'object', additionalProperties: false } }, { m: { k: 1 } }, 'spec.m: Invalid value: "k": spec.m.k in body is a forbidden property'],
    ['required', { r: { type: 'object', required: ['x'], properties: { x: { type: 'string' } } } }, { r: {} }, 'spec.r.x: Required value'],
    ['date-time format', { t: { type: 'string', format: 'date-time' } }, { t: 'yesterday' }, 'spec.t: Invalid value: "yesterday": spec.t in body must be of type date-time: "yesterday"'],
    ['date-time format given a number', { t: { type: 'string', format: 'date-time' } }, { t: 5 }, 'spec.t: Invalid value: "int64": spec.t in body must be of type date-time: "int64"'],
    ['int-or-string given a boolean', { p: { 'x-kubernetes-int-or-string': true } }, { p: true }, 'spec.p: Invalid value: "boolean": spec.p in body must be of type integer,string: "boolean"'],
    ['uuid format', { u: { type: 'string', format: 'uuid' } }, { u: 'nope' }, 'spec.u: Invalid value: "nope": spec.u in body must be of type uuid: "nope"'],
    ['anyOf none matching', { a: { type: 'integer', anyOf: [{ minimum: 5 }, { maximum: 1 }] } }, { a: 3 }, '<nil>: Invalid value: "": "spec.a" must validate at least one schema (anyOf)'],
    ['not matching', { a: { type: 'integer', not: { minimum: 5 } } }, { a: 6 }, '<nil>: Invalid value: "": "spec.a" must not validate the schema (not)'],
  ])('%s', (_name, props, value, expected) => {
    expect(messages(spec(props), { spec: value })).toContain(expected);
  });

  it('accepts values that satisfy every keyword', () => {
    const props = {
      n: { type: 'integer', format: 'int32', minimum: 0, maximum: 10, multipleOf: 2 },
      s: { type: 'string', minLength: 1, maxLength: 3, pattern: '^[a-z]+$', enum: ['ab', 'cd'] },
      t: { type: 'string', format: 'date-time' },
      p: { 'x-kubernetes-int-or-string': true },
      q: { 'x-kubernetes-int-or-string': true },
      z: { type: 'string', nullable: true },
    };
    expect(messages(spec(props), { spec: { n: 4, s: 'ab', t: '2024-02-29T10:00:00.5+02:00', p: 3, q: '50%', z: null } })).toEqual([]);
  });

  it('keeps a whole number valid for an integer field even when written as 1.0', () => {
    expect(messages(spec({ n: { type: 'integer' } }), JSON.parse('{"spec":{"n":1.0}}'))).toEqual([]);
  });

  it('reports a string failure once, stopping at maxLength', () => {
    expect(messages(spec({ s: { type: 'string', maxLength: 1, pattern: '^x$' } }), { spec: { s: 'yy' } })).toEqual(['spec.s: Too long: may not be more than 1 byte']);
  });

  it('reports property errors before missing required fields', () => {
    const schema = spec({ a: { type: 'integer', minimum: 1 }, b: { type: 'string' } }, { required: ['b'] });
    expect(messages(schema, { spec: { a: 0 } })).toEqual(['spec.a: Invalid value: 0: spec.a in body should be greater than or equal to 1', 'spec.b: Required value']);
  });

  it('skips the inside of an object that fails a property count', () => {
    const schema = spec({ m: { type: 'object', maxProperties: 1, properties: { a: { type: 'string' }, b: { type: 'string' } } } });
    expect(messages(schema, { spec: { m: { a: 1, b: 2 } } })).toEqual(['spec.m: Too many: 2: must have at most 1 items']);
  });

  it('does not let null match an enum', () => {
    expect(messages(spec({ e: { type: 'string', nullable: true, enum: ['a'] } }), { spec: { e: null } })).toEqual(['spec.e: Unsupported value: "null": supported values: "a"']);
  });

  it('never throws on odd input', () => {
    const v = compileStructuralSchema(spec({ a: { type: 'string' } }));
    for (const x of [null, 1, 'x', [], [1, 2], { spec: [] }, { spec: null }]) expect(() => v.validate(x)).not.toThrow();
  });
});
