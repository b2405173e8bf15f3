import { decodeMessage, toJson } from './decoder.ts';
import { openEnvelope } from './envelope.ts';
import { ProtobufDecodeError } from './errors.ts';
import { KINDS, messageSchema } from './schema/index.ts';

export { ProtobufDecodeError } from './errors.ts';

/** The JSON form of a decoded object, as kube-apiserver's JSON encoding of it would read. */
export interface DecodedObject {
  apiVersion: string;
  kind: string;
  [field: string]: unknown;
}

/** Where the request's URL says the object belongs, used when the body leaves it out. */
export interface KindDefaults {
  apiVersion: string;
  kind: string;
}

/** `apiVersion/kind` of every kind decodeKubernetesProtobuf understands. */
export const PROTOBUF_KINDS: readonly string[] = [...KINDS.keys()];

/**
 * Decodes an `application/vnd.kubernetes.protobuf` request body into the object the JSON form of
 * the same request would carry. Throws ProtobufDecodeError: 400 for a malformed body, 415 for a
 * kind without a schema here.
 */
export function decodeKubernetesProtobuf(body: Uint8Array, defaults?: KindDefaults): DecodedObject {
  const envelope = openEnvelope(body);
  // As the real serializer does: a missing kind, or a missing apiVersion, comes from the URL's.
  const kind = envelope.kind || defaults?.kind || '';
  const apiVersion = envelope.apiVersion || defaults?.apiVersion || '';
  if (!kind) throw ProtobufDecodeError.malformed(`Object 'Kind' is missing in the protobuf body`);
  if (!apiVersion) throw ProtobufDecodeError.malformed(`Object 'apiVersion' is missing in the protobuf body`);
  const name = KINDS.get(`${apiVersion}/${kind}`);
  if (!name) throw ProtobufDecodeError.unsupportedKind(apiVersion, kind);
  const schema = messageSchema(name);
  const object = toJson(schema, decodeMessage(envelope.raw, schema)) as Record<string, unknown>;
  return { apiVersion, kind, ...object };
}
