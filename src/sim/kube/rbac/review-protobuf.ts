import { decodeMessage, toJson } from '../protobuf/decoder.ts';
import { openEnvelope } from '../protobuf/envelope.ts';
import { ProtobufDecodeError } from '../protobuf/errors.ts';
import { messageSchema } from '../protobuf/schema/index.ts';
import { WireReader, WireType } from '../protobuf/wire.ts';

/** A message of k8s.io/api authorization/v1 generated.proto: field number → JSON name and type. */
interface ReviewMessage {
  name: string;
  fields: Record<number, [json: string, type: 'string' | 'strings' | 'ObjectMeta' | ReviewMessage]>;
}

const RESOURCE_ATTRIBUTES: ReviewMessage = {
  name: 'ResourceAttributes',
  fields: { 1: ['namespace', 'string'], 2: ['verb', 'string'], 3: ['group', 'string'], 4: ['version', 'string'], 5: ['resource', 'string'], 6: ['subresource', 'string'], 7: ['name', 'string'] },
};
const NON_RESOURCE_ATTRIBUTES: ReviewMessage = { name: 'NonResourceAttributes', fields: { 1: ['path', 'string'], 2: ['verb', 'string'] } };

function review(name: string, spec: ReviewMessage): ReviewMessage {
  return { name, fields: { 1: ['metadata', 'ObjectMeta'], 2: ['spec', spec] } };
}

const SELF_ACCESS = review('SelfSubjectAccessReview', { name: 'SelfSubjectAccessReviewSpec', fields: { 1: ['resourceAttributes', RESOURCE_ATTRIBUTES], 2: ['nonResourceAttributes', NON_RESOURCE_ATTRIBUTES] } });
const ACCESS_SPEC: ReviewMessage = {
  name: 'SubjectAccessReviewSpec',
  fields: { 1: ['resourceAttributes', RESOURCE_ATTRIBUTES], 2: ['nonResourceAttributes', NON_RESOURCE_ATTRIBUTES], 3: ['user', 'string'], 4: ['groups', 'strings'], 6: ['uid', 'string'] },
};

/** The authorization.k8s.io/v1 kinds `kubectl auth can-i` and typed clients send as protobuf. */
const REVIEW_MESSAGES: Record<string, ReviewMessage> = {
  SelfSubjectAccessReview: SELF_ACCESS,
  SelfSubjectRulesReview: review('SelfSubjectRulesReview', { name: 'SelfSubjectRulesReviewSpec', fields: { 1: ['namespace', 'string'] } }),
  SubjectAccessReview: review('SubjectAccessReview', ACCESS_SPEC),
  LocalSubjectAccessReview: review('LocalSubjectAccessReview', ACCESS_SPEC),
};

/** Fields decode as gogo's generated Unmarshal does: unknown ones skipped, messages merged, lists appended. Status (3) is the server's to fill. */
function decode(bytes: Uint8Array, message: ReviewMessage, into: Record<string, unknown> = {}): Record<string, unknown> {
  const reader = new WireReader(bytes);
  while (!reader.done) {
    const { fieldNumber, wireType } = reader.readTag();
    const field = message.fields[fieldNumber];
    if (!field) {
      reader.skip(wireType);
      continue;
    }
    const [json, type] = field;
    if (wireType !== WireType.LengthDelimited) throw ProtobufDecodeError.malformed(`proto: wrong wireType = ${wireType} for field ${json} of ${message.name}`);
    if (type === 'string') into[json] = reader.readString();
    else if (type === 'strings') into[json] = [...((into[json] as string[] | undefined) ?? []), reader.readString()];
    else if (type === 'ObjectMeta') into[json] = toJson(messageSchema('meta.v1.ObjectMeta'), decodeMessage(reader.readBytes(), messageSchema('meta.v1.ObjectMeta')));
    else into[json] = decode(reader.readBytes(), type, (into[json] as Record<string, unknown> | undefined) ?? {});
  }
  return into;
}

/**
 * Decodes an `application/vnd.kubernetes.protobuf` review (what kubectl's typed client sends for
 * `auth can-i`) into its JSON form. Throws ProtobufDecodeError: 400 when malformed, 415 for a
 * kind that is not a review; a review of another kind than the URL's is left for the caller to refuse.
 */
export function decodeReviewProtobuf(body: Uint8Array, defaults: { apiVersion: string; kind: string }): Record<string, unknown> {
  const envelope = openEnvelope(body);
  const kind = envelope.kind || defaults.kind;
  const apiVersion = envelope.apiVersion || defaults.apiVersion;
  const message = REVIEW_MESSAGES[kind];
  if (!message) throw ProtobufDecodeError.unsupportedKind(apiVersion, kind);
  return { apiVersion, kind, ...decode(envelope.raw, message) };
}
