/**
 * The shape of the protobuf schema tables: per message, field number → JSON name, type and the
 * Go struct facts that decide what `encoding/json` writes for it (omitempty, pointer, slice, map).
 */

/** Protobuf scalars as Kubernetes uses them (`bytes` is a Go []byte, written as base64). */
export type ScalarType = 'string' | 'bool' | 'int32' | 'int64' | 'bytes';

/** A message by its proto package and name, e.g. `core.v1.Container`. */
export type MessageName = `${string}.${string}`;

export type FieldType = ScalarType | MessageName;

export type FieldFlag =
  /** the JSON tag has `,omitempty` */
  | 'omitempty'
  /** the Go field is a pointer: written whenever it was on the wire, even when zero */
  | 'pointer'
  /** a Go slice (`repeated`) */
  | 'repeated'
  /** a Go map with string keys (`map<string, type>`) */
  | 'map';

export interface FieldSchema {
  readonly number: number;
  readonly json: string;
  readonly type: FieldType;
  readonly omitempty: boolean;
  readonly pointer: boolean;
  readonly repeated: boolean;
  readonly map: boolean;
}

/** Decoded fields of one message, by field number, before they become JSON. */
export type DecodedFields = ReadonlyMap<number, unknown>;

export interface MessageSchema {
  readonly name: MessageName;
  readonly fields: ReadonlyMap<number, FieldSchema>;
  /**
   * apimachinery's hand-written codecs (Time, Quantity) unmarshal a repeated field as a whole new
   * value; generated code merges into the value already there.
   */
  readonly replaceOnRepeat: boolean;
  /** Types with their own MarshalJSON (Time, Quantity, IntOrString). */
  readonly toJson?: (fields: DecodedFields) => unknown;
}

export function field(number: number, json: string, type: FieldType, ...flags: FieldFlag[]): FieldSchema {
  return {
    number,
    json,
    type,
    omitempty: flags.includes('omitempty'),
    pointer: flags.includes('pointer'),
    repeated: flags.includes('repeated'),
    map: flags.includes('map'),
  };
}

export function message(
  name: MessageName,
  fields: readonly FieldSchema[],
  custom: { replaceOnRepeat?: boolean; toJson?: (fields: DecodedFields) => unknown } = {},
): MessageSchema {
  const byNumber = new Map(fields.map((f) => [f.number, f]));
  // The tables are code: a duplicate is a typo that would silently hide a field.
  if (byNumber.size !== fields.length || new Set(fields.map((f) => f.json)).size !== fields.length) {
    throw new Error(`${name}: two fields share a number or a JSON name`);
  }
  return {
    name,
    fields: byNumber,
    replaceOnRepeat: custom.replaceOnRepeat ?? false,
    ...(custom.toJson ? { toJson: custom.toJson } : {}),
  };
}
