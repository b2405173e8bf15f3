import { describe, expect, it } from 'vitest';
import { ProtobufDecodeError } from '../../../src/sim/kube/protobuf/index.ts';
import { WireReader } from '../../../src/sim/kube/protobuf/wire.ts';
import { tag, varint } from './support/encode.ts';

const reader = (...parts: Buffer[]) => new WireReader(Buffer.concat(parts));

function decodeError(read: () => unknown): ProtobufDecodeError {
  try {
    read();
  } catch (error) {
    if (error instanceof ProtobufDecodeError) return error;
    throw error;
  }
  throw new Error('expected a ProtobufDecodeError');
}

describe('WireReader', () => {
  it('reads multi-byte varints', () => {
    expect(reader(varint(300)).readInt32()).toBe(300);
    expect(reader(varint(2 ** 31 - 1)).readInt32()).toBe(2 ** 31 - 1);
  });

  it('reads a negative int32 from its ten-byte two’s complement form', () => {
    const r = reader(varint(-1), varint(-123456));
    expect(r.readInt32()).toBe(-1);
    expect(r.readInt32()).toBe(-123456);
  });

  it('keeps only the low 32 bits of a varint read as int32, as Go’s int32(v) does', () => {
    expect(reader(varint(2n ** 32n + 7n)).readInt32()).toBe(7);
  });

  it('reads int64 values beyond 32 bits, and negative ones', () => {
    expect(reader(varint(2 ** 40 + 5)).readInt64()).toBe(2 ** 40 + 5);
    expect(reader(varint(-(2 ** 40))).readInt64()).toBe(-(2 ** 40));
    expect(reader(varint(Number.MAX_SAFE_INTEGER)).readInt64()).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('reads any non-zero varint as true', () => {
    const r = reader(varint(0), varint(1), varint(2n ** 40n));
    expect([r.readBool(), r.readBool(), r.readBool()]).toEqual([false, true, true]);
  });

  it('reads a tag as field number and wire type', () => {
    expect(reader(tag(1234, 2)).readTag()).toEqual({ fieldNumber: 1234, wireType: 2 });
  });

  it('reads strings as UTF-8', () => {
    expect(reader(varint(6), Buffer.from('héllo')).readString()).toBe('héllo');
  });

  it('is done once every byte was read', () => {
    const r = reader(varint(2), Buffer.from('ab'));
    expect(r.done).toBe(false);
    expect(Buffer.from(r.readBytes()).toString()).toBe('ab');
    expect(r.done).toBe(true);
  });

  it('skips every wire type a field can have', () => {
    const r = reader(varint(2n ** 63n), Buffer.alloc(8), varint(3), Buffer.from('abc'), Buffer.alloc(4));
    r.skip(0);
    r.skip(1);
    r.skip(2);
    r.skip(5);
    expect(r.done).toBe(true);
  });

  it('rejects a truncated varint as an unexpected EOF', () => {
    const error = decodeError(() => reader(Buffer.from([0x96])).readInt32());
    expect(error.code).toBe(400);
    expect(error.message).toBe('unexpected EOF');
  });

  it('rejects a varint longer than ten bytes as an integer overflow', () => {
    const error = decodeError(() => reader(Buffer.alloc(11, 0xff)).readInt64());
    expect(error.message).toBe('proto: integer overflow');
  });

  it('rejects a length that runs past the end of the data', () => {
    expect(decodeError(() => reader(varint(4), Buffer.from('abc')).readBytes()).message).toBe('unexpected EOF');
  });

  it('rejects a length Go would read as negative', () => {
    expect(decodeError(() => reader(varint(2n ** 63n)).readBytes()).message).toBe('proto: negative length found during unmarshaling');
  });

  it('rejects field number 0', () => {
    expect(decodeError(() => reader(tag(0, 2)).readTag()).message).toBe('proto: illegal tag 0 (wire type 2)');
  });

  it('rejects a field number that is negative as Go’s int32', () => {
    expect(decodeError(() => reader(varint(2n ** 34n)).readTag()).message).toBe('proto: illegal tag -2147483648 (wire type 0)');
  });

  it('rejects an end-group tag outside a group', () => {
    expect(decodeError(() => reader(tag(3, 4)).readTag()).message).toBe('proto: wiretype end group for non-group');
  });

  it('refuses to skip wire types that do not exist, and groups', () => {
    for (const wireType of [3, 6, 7]) expect(decodeError(() => reader().skip(wireType)).message).toBe(`proto: illegal wireType ${wireType}`);
  });

  it('rejects fixed-width values cut short', () => {
    expect(decodeError(() => reader(Buffer.alloc(7)).skip(1)).message).toBe('unexpected EOF');
    expect(decodeError(() => reader(Buffer.alloc(3)).skip(5)).message).toBe('unexpected EOF');
  });
});
