import { describe, expect, it } from 'vitest';
import { decodeKubernetesProtobuf, ProtobufDecodeError } from '../../../src/sim/kube/protobuf/index.ts';
import { readFixture, readFixtureIndex } from './support/fixtures.ts';

// Bodies kubectl v1.32 sent for its create generators, recorded by support/record-fixtures.ts with
// what the same command prints under --dry-run=client -o json. The JSON printer writes the typed
// object through encoding/json, as kube-apiserver writes it after decoding the protobuf, so the
// two must be equal as they stand: nothing is normalised.
const index = readFixtureIndex();
const entries = Object.entries(index.fixtures);

describe(`kubectl ${index.kubectl} create bodies`, () => {
  it('were all sent as protobuf', () => {
    for (const [, fixture] of entries) expect(fixture.contentType).toBe('application/vnd.kubernetes.protobuf');
  });

  for (const [name, fixture] of entries.filter(([, f]) => f.supported)) {
    it(`decode \`kubectl ${fixture.command.join(' ')}\` into the JSON kubectl prints for it`, () => {
      const { body, dryRunJson } = readFixture(name);
      expect(decodeKubernetesProtobuf(body)).toStrictEqual(dryRunJson);
    });
  }

  for (const [name, fixture] of entries.filter(([, f]) => !f.supported)) {
    it(`refuse \`kubectl ${fixture.command.join(' ')}\` with 415`, () => {
      expect(() => decodeKubernetesProtobuf(readFixture(name).body)).toThrow(expect.objectContaining({ code: 415 }));
    });
  }

  it('either decode or are a 400 when cut short anywhere', () => {
    for (const [name] of entries.filter(([, f]) => f.supported)) {
      const { body } = readFixture(name);
      for (let length = 0; length < body.length; length++) {
        try {
          decodeKubernetesProtobuf(body.subarray(0, length));
        } catch (error) {
          expect(error).toBeInstanceOf(ProtobufDecodeError);
          expect((error as ProtobufDecodeError).code).toBe(400);
        }
      }
    }
  });
});
