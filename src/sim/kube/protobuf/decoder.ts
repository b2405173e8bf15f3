import { ProtobufDecodeError } from './errors.ts';
import { messageSchema } from './schema/index.ts';
import type { DecodedFields, FieldSchema, MessageName, MessageSchema } from './schema/types.ts';
import { WireReader, WireType } from './wire.ts';

/*
 * Two steps, as kube-apiserver does them: protobuf → Go struct (gogo's generated Unmarshal:
 * unknown fields skipped, repeated fields appended, a message field seen twice merged), then
 * Go struct → JSON (encoding/json: omitempty drops zero scalars and empty slices and maps, never
 * structs; nil pointers, slices and maps without omitempty are null).
 */

type MutableFields = Map<number, unknown>;

const isVarintType = (f: FieldSchema) => f.type === 'bool' || f.type === 'int32' || f.type === 'int64';

/** Step one: the fields of one message, by number, as the Go struct would hold them. */
export function decodeMessage(bytes: Uint8Array, schema: MessageSchema, into: MutableFields = new Map()): MutableFields {
  const reader = new WireReader(bytes);
  while (!reader.done) {
    const { fieldNumber, wireType } = reader.readTag();
    const f = schema.fields.get(fieldNumber);
    if (!f) {
      reader.skip(wireType);
      continue;
    }
    const expected = isVarintType(f) && !f.map ? WireType.Varint : WireType.LengthDelimited;
    if (wireType !== expected) throw ProtobufDecodeError.malformed(`proto: wrong wireType = ${wireType} for field ${f.json} of ${schema.name}`);
    if (f.map) {
      const [key, value] = decodeMapEntry(reader.readBytes(), f);
      const entries = (into.get(fieldNumber) as Map<string, unknown> | undefined) ?? new Map<string, unknown>();
      into.set(fieldNumber, entries.set(key, value));
    } else if (f.repeated) {
      const items = (into.get(fieldNumber) as unknown[] | undefined) ?? [];
      items.push(readValue(reader, f.type));
      into.set(fieldNumber, items);
    } else if (isMessageType(f.type)) {
      const nested = messageSchema(f.type);
      const previous = nested.replaceOnRepeat ? undefined : (into.get(fieldNumber) as MutableFields | undefined);
      into.set(fieldNumber, decodeMessage(reader.readBytes(), nested, previous));
    } else {
      into.set(fieldNumber, readValue(reader, f.type));
    }
  }
  return into;
}

/** Step two: the JSON encoding/json writes for those fields. */
export function toJson(schema: MessageSchema, fields: DecodedFields): unknown {
  if (schema.toJson) return schema.toJson(fields);
  const json: Record<string, unknown> = {};
  for (const f of schema.fields.values()) {
    const value = fieldToJson(f, fields.get(f.number));
    if (value !== OMITTED) json[f.json] = value;
  }
  return json;
}

const OMITTED = Symbol('omitted');

function fieldToJson(f: FieldSchema, decoded: unknown): unknown {
  const isSliceOrMap = f.repeated || f.map || f.type === 'bytes';
  if (decoded === undefined && (isSliceOrMap || f.pointer)) return f.omitempty ? OMITTED : null;
  if (f.map) {
    const entries = [...(decoded as Map<string, unknown>)].map(([key, value]) => [key, valueToJson(f.type, value)]);
    return Object.fromEntries(entries);
  }
  if (f.repeated) return (decoded as unknown[]).map((item) => valueToJson(f.type, item));
  if (f.type === 'bytes') {
    const bytes = decoded as Uint8Array;
    return f.omitempty && bytes.length === 0 ? OMITTED : valueToJson(f.type, bytes);
  }
  if (isMessageType(f.type)) return toJson(messageSchema(f.type), (decoded as DecodedFields | undefined) ?? new Map());
  const value = decoded ?? zeroOf(f.type);
  // A non-nil pointer is written even when it points at a zero value.
  if (f.omitempty && !f.pointer && value === zeroOf(f.type)) return OMITTED;
  return value;
}

function valueToJson(type: FieldSchema['type'], value: unknown): unknown {
  if (type === 'bytes') return Buffer.from(value as Uint8Array).toString('base64');
  if (isMessageType(type)) return toJson(messageSchema(type), value as DecodedFields);
  return value;
}

function readValue(reader: WireReader, type: FieldSchema['type']): unknown {
  switch (type) {
    case 'string':
      return reader.readString();
    case 'bytes':
      return reader.readBytes();
    case 'bool':
      return reader.readBool();
    case 'int32':
      return reader.readInt32();
    case 'int64':
      return reader.readInt64();
    default:
      return decodeMessage(reader.readBytes(), messageSchema(type));
  }
}

/** A map field's entry is a message of its own: key = 1, value = 2; either may be absent. */
function decodeMapEntry(bytes: Uint8Array, f: FieldSchema): [string, unknown] {
  const reader = new WireReader(bytes);
  let key = '';
  let value: unknown;
  while (!reader.done) {
    const { fieldNumber, wireType } = reader.readTag();
    if (fieldNumber === 1 && wireType === WireType.LengthDelimited) key = reader.readString();
    else if (fieldNumber === 2 && wireType === (isVarintType(f) ? WireType.Varint : WireType.LengthDelimited)) value = readValue(reader, f.type);
    else if (fieldNumber === 1 || fieldNumber === 2) throw ProtobufDecodeError.malformed(`proto: wrong wireType = ${wireType} for an entry of ${f.json}`);
    else reader.skip(wireType);
  }
  return [key, value ?? emptyValue(f.type)];
}

function emptyValue(type: FieldSchema['type']): unknown {
  if (type === 'bytes') return new Uint8Array();
  if (isMessageType(type)) return new Map();
  return zeroOf(type);
}

function zeroOf(type: FieldSchema['type']): unknown {
  if (type === 'string') return '';
  if (type === 'bool') return false;
  return 0;
}

function isMessageType(type: FieldSchema['type']): type is MessageName {
  return type.includes('.');
}
