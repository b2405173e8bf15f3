import { decodeMessage } from './decoder.ts';
import { ProtobufDecodeError } from './errors.ts';
import { messageSchema } from './schema/index.ts';

/** `k8s\0`: what kube-apiserver's protobuf serializer expects before the runtime.Unknown. */
export const PROTOBUF_MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

/** The runtime.Unknown every Kubernetes protobuf body is wrapped in. */
export interface ProtobufEnvelope {
  apiVersion: string;
  kind: string;
  /** The object itself, encoded as the message for apiVersion/kind. */
  raw: Uint8Array;
}

export function openEnvelope(body: Uint8Array): ProtobufEnvelope {
  if (body.length < PROTOBUF_MAGIC.length || !PROTOBUF_MAGIC.equals(body.subarray(0, PROTOBUF_MAGIC.length))) {
    throw ProtobufDecodeError.malformed(`provided data does not appear to be a protobuf message, expected prefix [${[...PROTOBUF_MAGIC].join(' ')}]`);
  }
  // contentEncoding and contentType are ignored, as the real serializer ignores them.
  const unknown = decodeMessage(body.subarray(PROTOBUF_MAGIC.length), messageSchema('runtime.Unknown'));
  const typeMeta = (unknown.get(1) as ReadonlyMap<number, unknown> | undefined) ?? new Map<number, unknown>();
  return {
    apiVersion: (typeMeta.get(1) as string | undefined) ?? '',
    kind: (typeMeta.get(2) as string | undefined) ?? '',
    raw: (unknown.get(2) as Uint8Array | undefined) ?? new Uint8Array(),
  };
}
