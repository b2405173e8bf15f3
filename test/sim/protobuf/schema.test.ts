import { describe, expect, it } from 'vitest';
import { KINDS, MESSAGES } from '../../../src/sim/kube/protobuf/schema/index.ts';
import { field, message, type FieldSchema } from '../../../src/sim/kube/protobuf/schema/types.ts';

const allFields = (): [string, FieldSchema][] => [...MESSAGES.values()].flatMap((m) => [...m.fields.values()].map((f): [string, FieldSchema] => [m.name, f]));
const isMessage = (f: FieldSchema) => f.type.includes('.');

describe('the protobuf schema tables', () => {
  it('define every message a field refers to', () => {
    const missing = allFields().filter(([, f]) => isMessage(f) && !MESSAGES.has(f.type as `${string}.${string}`));
    expect(missing).toEqual([]);
  });

  it('map every kind to a message whose field 1 is the ObjectMeta', () => {
    for (const name of KINDS.values()) expect(MESSAGES.get(name)?.fields.get(1)).toMatchObject({ json: 'metadata', type: 'meta.v1.ObjectMeta' });
  });

  it('mark no slice or map as a pointer: Go has no such fields in these types', () => {
    expect(allFields().filter(([, f]) => (f.repeated || f.map) && f.pointer)).toEqual([]);
  });

  it('have no repeated numbers, which the decoder would have to read packed', () => {
    expect(allFields().filter(([, f]) => f.repeated && ['bool', 'int32', 'int64'].includes(f.type))).toEqual([]);
  });

  it('contain no message that nests itself, so decoding depth is bounded by the tables', () => {
    const nestsItself = (name: string, seen: string[]): boolean =>
      seen.includes(name) || [...(MESSAGES.get(name as `${string}.${string}`)?.fields.values() ?? [])].some((f) => isMessage(f) && nestsItself(f.type, [...seen, name]));
    expect([...MESSAGES.keys()].filter((name) => nestsItself(name, []))).toEqual([]);
  });

  it('refuse a message whose fields share a number', () => {
    expect(() => message('test.Dup', [field(1, 'a', 'string'), field(1, 'b', 'string')])).toThrow('two fields share a number or a JSON name');
  });

  it('refuse a message whose fields share a JSON name', () => {
    expect(() => message('test.Dup', [field(1, 'a', 'string'), field(2, 'a', 'string')])).toThrow('two fields share a number or a JSON name');
  });
});
