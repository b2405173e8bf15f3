import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeKubernetesProtobuf, PROTOBUF_KINDS, ProtobufDecodeError } from '../../../src/sim/kube/protobuf/index.ts';
import { body } from './support/encode.ts';
import { readFixture, readFixtureIndex } from './support/fixtures.ts';

const MAGIC = Buffer.from('k8s\0', 'latin1');
const fixtures = Object.keys(readFixtureIndex().fixtures).map((name) => readFixture(name).body);

/** Decodes, and fails the property on any error that is not a ProtobufDecodeError. */
function decodesOrRefuses(bytes: Uint8Array): void {
  try {
    decodeKubernetesProtobuf(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(ProtobufDecodeError);
    expect([400, 415]).toContain((error as ProtobufDecodeError).code);
  }
}

const kind = fc.constantFrom(...PROTOBUF_KINDS).map((k) => ({ apiVersion: k.slice(0, k.lastIndexOf('/')), kind: k.slice(k.lastIndexOf('/') + 1) }));

describe('decoding arbitrary bytes', () => {
  it('never throws anything but a ProtobufDecodeError', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 512 }), decodesOrRefuses), { numRuns: 2000 });
  });

  it('never throws anything but a ProtobufDecodeError after a valid prefix', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 512 }), (rest) => decodesOrRefuses(Buffer.concat([MAGIC, rest]))), { numRuns: 2000 });
  });

  it('never throws anything but a ProtobufDecodeError for a supported kind with an arbitrary object', () => {
    fc.assert(fc.property(kind, fc.uint8Array({ maxLength: 512 }), (k, raw) => decodesOrRefuses(body(k.apiVersion, k.kind, Buffer.from(raw)))), { numRuns: 3000 });
  });

  it('never throws anything but a ProtobufDecodeError for kubectl’s bodies with bytes changed', () => {
    const mutation = fc.record({
      fixture: fc.nat(fixtures.length - 1),
      edits: fc.array(fc.record({ at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 4 }),
    });
    fc.assert(
      fc.property(mutation, ({ fixture, edits }) => {
        const bytes = Buffer.from(fixtures[fixture]!);
        for (const { at, byte } of edits) bytes[at % bytes.length] = byte;
        decodesOrRefuses(bytes);
      }),
      { numRuns: 3000 },
    );
  });
});
