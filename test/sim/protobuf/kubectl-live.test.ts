import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeKubernetesProtobuf, ProtobufDecodeError } from '../../../src/sim/kube/protobuf/index.ts';
import { startCaptureSession, type CaptureSession } from './support/capture.ts';
import { readFixture } from './support/fixtures.ts';
import { GENERATOR_CASES } from './support/generators.ts';

// The installed kubectl, run now against the simulator through a recording proxy: its bodies must
// still be the recorded fixtures, and must decode into what it prints under --dry-run=client.

let session: CaptureSession;

beforeAll(async () => {
  session = await startCaptureSession();
});
afterAll(async () => {
  await session?.close();
});

describe('kubectl create, live', () => {
  for (const c of GENERATOR_CASES) {
    it(`${c.name}: ${c.supported ? 'decodes into the JSON kubectl prints for it' : 'is refused with 415'}`, async () => {
      const { request, dryRunJson } = await session.capture(c);
      if (c.supported) expect(decodeKubernetesProtobuf(request.body)).toStrictEqual(dryRunJson);
      else expect(() => decodeKubernetesProtobuf(request.body)).toThrow(ProtobufDecodeError);
      // A difference here means kubectl changed: re-record with support/record-fixtures.ts.
      if (c.saveFixture) expect(request.body.equals(readFixture(c.name).body)).toBe(true);
    });
  }
});
