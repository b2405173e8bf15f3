import { isQuantity, QuantityError } from '../../../../common/quantity.ts';
import { ProtobufDecodeError } from '../errors.ts';
import { field, message, type DecodedFields, type MessageSchema } from './types.ts';

// Field numbers: k8s.io/apimachinery generated.proto (pkg/apis/meta/v1, pkg/runtime,
// pkg/util/intstr, pkg/api/resource); JSON tags: the Go types of the same packages, v1.32.
// ObjectMeta.managedFields (17) is not modelled: kubectl never sends it, and the simulator's own
// field manager would overwrite it.

/** Go's zero time.Time, which metav1.Time writes as null. */
const GO_ZERO_TIME_UNIX_SECONDS = -62135596800;
const LAST_RFC3339_SECOND = 253402300799; // 9999-12-31T23:59:59Z

/**
 * metav1.Time: its protobuf form is a Timestamp, and it unmarshals only the seconds (nanoseconds
 * are dropped, as kube-apiserver's JSON has second precision); empty bytes are the zero time.
 */
function timeToJson(fields: DecodedFields): string | null {
  if (fields.size === 0) return null;
  const seconds = (fields.get(1) as number | undefined) ?? 0;
  if (seconds === GO_ZERO_TIME_UNIX_SECONDS) return null;
  if (seconds < GO_ZERO_TIME_UNIX_SECONDS || seconds > LAST_RFC3339_SECOND) {
    throw ProtobufDecodeError.malformed(`proto: Time: ${seconds} seconds is outside the years 0001-9999 that RFC 3339 can write`);
  }
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** resource.Quantity: the protobuf carries its string form, which must parse as a quantity. */
function quantityToJson(fields: DecodedFields): string {
  const text = (fields.get(1) as string | undefined) ?? '0';
  // ParseQuantity accepts no surrounding space; isQuantity is lenient about it.
  if (text.trim() !== text || !isQuantity(text)) throw ProtobufDecodeError.malformed(new QuantityError(text).message);
  return text;
}

/** intstr.IntOrString: type 0 writes intVal, type 1 writes strVal. */
function intOrStringToJson(fields: DecodedFields): number | string {
  const type = (fields.get(1) as number | undefined) ?? 0;
  if (type === 0) return (fields.get(2) as number | undefined) ?? 0;
  if (type === 1) return (fields.get(3) as string | undefined) ?? '';
  throw ProtobufDecodeError.malformed(`impossible IntOrString.Type: ${type}`);
}

export const APIMACHINERY: readonly MessageSchema[] = [
  message('runtime.Unknown', [
    field(1, 'typeMeta', 'runtime.TypeMeta'),
    field(2, 'raw', 'bytes'),
    field(3, 'contentEncoding', 'string'),
    field(4, 'contentType', 'string'),
  ]),
  message('runtime.TypeMeta', [field(1, 'apiVersion', 'string', 'omitempty'), field(2, 'kind', 'string', 'omitempty')]),

  message('meta.v1.ObjectMeta', [
    field(1, 'name', 'string', 'omitempty'),
    field(2, 'generateName', 'string', 'omitempty'),
    field(3, 'namespace', 'string', 'omitempty'),
    field(4, 'selfLink', 'string', 'omitempty'),
    field(5, 'uid', 'string', 'omitempty'),
    field(6, 'resourceVersion', 'string', 'omitempty'),
    field(7, 'generation', 'int64', 'omitempty'),
    field(8, 'creationTimestamp', 'meta.v1.Time', 'omitempty'),
    field(9, 'deletionTimestamp', 'meta.v1.Time', 'omitempty', 'pointer'),
    field(10, 'deletionGracePeriodSeconds', 'int64', 'omitempty', 'pointer'),
    field(11, 'labels', 'string', 'map', 'omitempty'),
    field(12, 'annotations', 'string', 'map', 'omitempty'),
    field(13, 'ownerReferences', 'meta.v1.OwnerReference', 'repeated', 'omitempty'),
    field(14, 'finalizers', 'string', 'repeated', 'omitempty'),
  ]),
  message('meta.v1.OwnerReference', [
    field(5, 'apiVersion', 'string'),
    field(1, 'kind', 'string'),
    field(3, 'name', 'string'),
    field(4, 'uid', 'string'),
    field(6, 'controller', 'bool', 'omitempty', 'pointer'),
    field(7, 'blockOwnerDeletion', 'bool', 'omitempty', 'pointer'),
  ]),
  message('meta.v1.LabelSelector', [
    field(1, 'matchLabels', 'string', 'map', 'omitempty'),
    field(2, 'matchExpressions', 'meta.v1.LabelSelectorRequirement', 'repeated', 'omitempty'),
  ]),
  message('meta.v1.LabelSelectorRequirement', [
    field(1, 'key', 'string'),
    field(2, 'operator', 'string'),
    field(3, 'values', 'string', 'repeated', 'omitempty'),
  ]),
  message('meta.v1.Condition', [
    field(1, 'type', 'string'),
    field(2, 'status', 'string'),
    field(3, 'observedGeneration', 'int64', 'omitempty'),
    field(4, 'lastTransitionTime', 'meta.v1.Time'),
    field(5, 'reason', 'string'),
    field(6, 'message', 'string'),
  ]),
  message('meta.v1.Time', [field(1, 'seconds', 'int64'), field(2, 'nanos', 'int32')], { replaceOnRepeat: true, toJson: timeToJson }),

  message('resource.Quantity', [field(1, 'string', 'string')], { replaceOnRepeat: true, toJson: quantityToJson }),
  message('intstr.IntOrString', [field(1, 'type', 'int64'), field(2, 'intVal', 'int32'), field(3, 'strVal', 'string')], {
    toJson: intOrStringToJson,
  }),
];
