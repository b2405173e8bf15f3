import { ProtobufDecodeError } from './errors.ts';

/** Protobuf wire types (groups, 3 and 4, are deprecated and never produced for Kubernetes types). */
export const WireType = { Varint: 0, Fixed64: 1, LengthDelimited: 2, Fixed32: 5 } as const;

export interface FieldTag {
  fieldNumber: number;
  wireType: number;
}

const TWO_TO_32 = 2 ** 32;

// The wording is Go's (gogo-protobuf's generated code, io.ErrUnexpectedEOF), so messages read as
// the real server's do.
const unexpectedEof = () => ProtobufDecodeError.malformed('unexpected EOF');
const integerOverflow = () => ProtobufDecodeError.malformed('proto: integer overflow');

/** Reads protobuf wire format from one span of a buffer; every malformation is a 400. */
export class WireReader {
  readonly #bytes: Uint8Array;
  readonly #end: number;
  #position: number;

  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
    this.#position = 0;
    this.#end = bytes.length;
  }

  get done(): boolean {
    return this.#position >= this.#end;
  }

  readTag(): FieldTag {
    const { low, high } = this.#readVarint();
    // Go reads the tag as a uint64 and takes int32(tag >> 3) as the field number.
    const fieldNumber = ((low >>> 3) | (high << 29)) | 0;
    const wireType = low & 7;
    if (wireType === 4) throw ProtobufDecodeError.malformed('proto: wiretype end group for non-group');
    if (fieldNumber <= 0) throw ProtobufDecodeError.malformed(`proto: illegal tag ${fieldNumber} (wire type ${wireType})`);
    return { fieldNumber, wireType };
  }

  /** A varint as Go's int32(v): the low 32 bits, signed. */
  readInt32(): number {
    return this.#readVarint().low | 0;
  }

  /** A varint as Go's int64(v), as a JS number (precision beyond 2^53 is lost, as with JSON.parse). */
  readInt64(): number {
    const { low, high } = this.#readVarint();
    return (high | 0) * TWO_TO_32 + low;
  }

  readBool(): boolean {
    const { low, high } = this.#readVarint();
    return low !== 0 || high !== 0;
  }

  /** A length-delimited field's bytes (a view, not a copy). */
  readBytes(): Uint8Array {
    const { low, high } = this.#readVarint();
    // Go converts the length to int: anything with the sign bit set is negative.
    if (high >= 0x80000000) throw ProtobufDecodeError.malformed('proto: negative length found during unmarshaling');
    const length = high * TWO_TO_32 + low;
    if (length > this.#end - this.#position) throw unexpectedEof();
    const start = this.#position;
    this.#position += length;
    return this.#bytes.subarray(start, this.#position);
  }

  readString(): string {
    return Buffer.from(this.readBytes()).toString('utf8');
  }

  /** Skips the value of a field this reader's caller does not know, as protobuf requires. */
  skip(wireType: number): void {
    switch (wireType) {
      case WireType.Varint:
        this.#readVarint();
        return;
      case WireType.Fixed64:
        this.#advance(8);
        return;
      case WireType.LengthDelimited:
        this.readBytes();
        return;
      case WireType.Fixed32:
        this.#advance(4);
        return;
      default:
        throw ProtobufDecodeError.malformed(`proto: illegal wireType ${wireType}`);
    }
  }

  #advance(count: number): void {
    if (count > this.#end - this.#position) throw unexpectedEof();
    this.#position += count;
  }

  /** Up to ten 7-bit groups, least significant first, as two unsigned 32-bit halves. */
  #readVarint(): { low: number; high: number } {
    let low = 0;
    let high = 0;
    for (let group = 0; group < 10; group++) {
      if (this.#position >= this.#end) throw unexpectedEof();
      const byte = this.#bytes[this.#position++]!;
      const bits = byte & 0x7f;
      if (group < 4) low |= bits << (7 * group);
      else if (group === 4) {
        low |= bits << 28;
        high |= bits >>> 4;
      } else high |= bits << (7 * group - 32);
      if (byte < 0x80) return { low: low >>> 0, high: high >>> 0 };
    }
    throw integerOverflow();
  }
}
