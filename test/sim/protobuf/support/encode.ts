/** A small protobuf writer for building request bodies by hand in tests. */

const MAGIC = Buffer.from('k8s\0', 'latin1');

export function varint(value: number | bigint): Buffer {
  // Negative numbers go on the wire as their 64-bit two's complement, ten bytes long.
  let v = BigInt.asUintN(64, BigInt(value));
  const bytes: number[] = [];
  do {
    const low = Number(v & 0x7fn);
    v >>= 7n;
    bytes.push(v > 0n ? low | 0x80 : low);
  } while (v > 0n);
  return Buffer.from(bytes);
}

export const tag = (field: number, wireType: number): Buffer => varint(field * 8 + wireType);

/** A varint field (int32, int64, bool, enum). */
export const num = (field: number, value: number | bigint | boolean): Buffer =>
  Buffer.concat([tag(field, 0), varint(typeof value === 'boolean' ? Number(value) : value)]);

/** A length-delimited field (string, bytes, message). */
export const len = (field: number, payload: Buffer | string): Buffer => {
  const bytes = typeof payload === 'string' ? Buffer.from(payload) : payload;
  return Buffer.concat([tag(field, 2), varint(bytes.length), bytes]);
};

export const msg = (field: number, ...parts: Buffer[]): Buffer => len(field, Buffer.concat(parts));

/** One entry of a map field: key 1, value 2. */
export const entry = (field: number, key: string, value: Buffer | string): Buffer => msg(field, len(1, key), len(2, value));

export const fixed64 = (field: number): Buffer => Buffer.concat([tag(field, 1), Buffer.alloc(8)]);
export const fixed32 = (field: number): Buffer => Buffer.concat([tag(field, 5), Buffer.alloc(4)]);

/** A complete body: the magic, then runtime.Unknown with the type and the encoded object. */
export function body(apiVersion: string, kind: string, ...object: Buffer[]): Buffer {
  return Buffer.concat([MAGIC, msg(1, len(1, apiVersion), len(2, kind)), msg(2, ...object)]);
}
