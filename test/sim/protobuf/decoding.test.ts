import { describe, expect, it } from 'vitest';
import { decodeKubernetesProtobuf, ProtobufDecodeError, type DecodedObject } from '../../../src/sim/kube/protobuf/index.ts';
import { body, entry, fixed32, fixed64, len, msg, num } from './support/encode.ts';

const decode = (apiVersion: string, kind: string, ...object: Buffer[]): DecodedObject => decodeKubernetesProtobuf(body(apiVersion, kind, ...object));

function decodeError(apiVersion: string, kind: string, ...object: Buffer[]): ProtobufDecodeError {
  try {
    decode(apiVersion, kind, ...object);
  } catch (error) {
    if (error instanceof ProtobufDecodeError) return error;
    throw error;
  }
  throw new Error('expected a ProtobufDecodeError');
}

// Field numbers used below, from the schema tables: metadata = 1 everywhere; ObjectMeta name = 1,
// generation = 7, creationTimestamp = 8, deletionTimestamp = 9, labels = 11; Time seconds = 1,
// nanos = 2; IntOrString type = 1, intVal = 2, strVal = 3.
const name = (value: string) => msg(1, len(1, value));

describe('decoding Go zero values and omitempty', () => {
  it('writes the zero values of non-pointer fields the body leaves out, as the Go struct holds them', () => {
    expect(decode('policy/v1', 'PodDisruptionBudget')).toStrictEqual({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { creationTimestamp: null },
      spec: {},
      status: { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 },
    });
  });

  it('writes null for a nil slice or pointer whose JSON tag has no omitempty', () => {
    expect(decode('rbac.authorization.k8s.io/v1', 'Role').rules).toBeNull();
    const deployment = decode('apps/v1', 'Deployment');
    expect(deployment.spec).toStrictEqual({
      selector: null,
      template: { metadata: { creationTimestamp: null }, spec: { containers: null } },
      strategy: {},
    });
  });

  it('omits zero scalars tagged omitempty even when they were on the wire', () => {
    // ServiceSpec: clusterIP = 3, type = 4, healthCheckNodePort = 12, publishNotReadyAddresses = 13.
    const service = decode('v1', 'Service', msg(2, len(3, ''), len(4, 'ClusterIP'), num(12, 0), num(13, false)));
    expect(service.spec).toStrictEqual({ type: 'ClusterIP' });
  });

  it('keeps a zero behind a pointer: it was set', () => {
    // DeploymentSpec replicas = 1 (*int32); ConfigMap immutable = 4 (*bool).
    expect((decode('apps/v1', 'Deployment', msg(2, num(1, 0))).spec as { replicas: unknown }).replicas).toBe(0);
    expect(decode('v1', 'ConfigMap', num(4, false)).immutable).toBe(false);
  });

  it('omits an unset pointer tagged omitempty', () => {
    expect(decode('v1', 'ConfigMap')).not.toHaveProperty('immutable');
    expect(decode('v1', 'Namespace').metadata).not.toHaveProperty('deletionTimestamp');
  });
});

describe('decoding the protobuf wire format', () => {
  it('skips unknown fields of every wire type, at any depth', () => {
    const unknown = [num(99, 7), fixed64(98), len(97, 'x'), fixed32(96)];
    expect(decode('v1', 'Namespace', msg(1, len(1, 'n1'), ...unknown), ...unknown)).toStrictEqual(decode('v1', 'Namespace', name('n1')));
  });

  it('rejects a known field sent with the wrong wire type', () => {
    const error = decodeError('v1', 'Namespace', msg(1, num(1, 5)));
    expect(error.code).toBe(400);
    expect(error.message).toBe('proto: wrong wireType = 0 for field name of meta.v1.ObjectMeta');
  });

  it('appends the items of a repeated field in order', () => {
    // Role rules = 2; PolicyRule verbs = 1.
    const role = decode('rbac.authorization.k8s.io/v1', 'Role', msg(2, len(1, 'get')), msg(2, len(1, 'list'), len(1, 'watch')));
    expect(role.rules).toStrictEqual([{ verbs: ['get'] }, { verbs: ['list', 'watch'] }]);
  });

  it('merges a message field that appears twice, as generated Unmarshal does', () => {
    const ns = decode('v1', 'Namespace', name('n1'), msg(1, entry(11, 'team', 'a')));
    expect(ns.metadata).toStrictEqual({ name: 'n1', creationTimestamp: null, labels: { team: 'a' } });
  });

  it('lets the last entry win when a map key repeats, and reads an entry without value as empty', () => {
    const ns = decode('v1', 'Namespace', msg(1, entry(11, 'a', '1'), entry(11, 'a', '2'), msg(11, len(1, 'b'))));
    expect((ns.metadata as { labels: unknown }).labels).toStrictEqual({ a: '2', b: '' });
  });

  it('rejects a map entry whose key or value has the wrong wire type', () => {
    expect(decodeError('v1', 'Namespace', msg(1, msg(11, num(1, 1)))).message).toBe('proto: wrong wireType = 0 for an entry of labels');
    expect(decodeError('v1', 'Namespace', msg(1, msg(11, len(1, 'a'), num(2, 1)))).message).toBe('proto: wrong wireType = 0 for an entry of labels');
  });

  it('skips unknown fields inside a map entry', () => {
    const ns = decode('v1', 'Namespace', msg(1, msg(11, len(1, 'a'), num(3, 9), len(2, 'b'))));
    expect((ns.metadata as { labels: unknown }).labels).toStrictEqual({ a: 'b' });
  });

  it('keeps a map key named like an Object.prototype member as plain data', () => {
    const labels = (decode('v1', 'Namespace', msg(1, entry(11, '__proto__', 'x'))).metadata as { labels: Record<string, unknown> }).labels;
    expect(Object.keys(labels)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(labels)).toBe(Object.prototype);
  });

  it('writes bytes fields as base64, binary or not', () => {
    // Secret data = 2 (map<string, bytes>), stringData = 4 (map<string, string>).
    const secret = decode('v1', 'Secret', entry(2, 'bin', Buffer.from([0xff, 0x00])), entry(2, 'text', 'p&ss=1'), entry(4, 'plain', 'kept'));
    expect(secret.data).toStrictEqual({ bin: '/wA=', text: Buffer.from('p&ss=1').toString('base64') });
    expect(secret.stringData).toStrictEqual({ plain: 'kept' });
  });

  it('replaces bytes that are not UTF-8 in strings, as JSON encoding does', () => {
    const ns = decode('v1', 'Namespace', msg(1, len(1, Buffer.from([0x61, 0xff]))));
    expect((ns.metadata as { name: string }).name).toBe('a\ufffd');
  });

  it('reads int32 and int64 fields, negative ones included', () => {
    // ServicePort port = 3 (int32); ObjectMeta generation = 7 (int64).
    const service = decode('v1', 'Service', msg(1, num(7, 2 ** 40)), msg(2, msg(1, num(3, -1))));
    expect((service.metadata as { generation: number }).generation).toBe(2 ** 40);
    expect(service.spec).toStrictEqual({ ports: [{ port: -1, targetPort: 0 }] });
  });
});

describe('decoding metav1.Time', () => {
  const created = (...time: Buffer[]) => (decode('v1', 'Namespace', msg(1, msg(8, ...time))).metadata as { creationTimestamp: unknown }).creationTimestamp;

  it('writes RFC 3339 in UTC, at second precision: nanoseconds are dropped as metav1.Time drops them', () => {
    expect(created(num(1, 1_700_000_000), num(2, 999_999_999))).toBe('2023-11-14T22:13:20Z');
  });

  it('writes the zero time as null, whether empty or Go’s year 1', () => {
    expect(created()).toBeNull();
    expect(created(num(1, -62135596800))).toBeNull();
  });

  it('reads a timestamp without seconds as the Unix epoch', () => {
    expect(created(num(2, 5))).toBe('1970-01-01T00:00:00Z');
  });

  it('replaces, not merges, a time field that appears twice', () => {
    const ns = decode('v1', 'Namespace', msg(1, msg(8, num(1, 1_700_000_000)), msg(8, num(2, 1))));
    expect((ns.metadata as { creationTimestamp: unknown }).creationTimestamp).toBe('1970-01-01T00:00:00Z');
  });

  it('writes a pointer time only when it was sent', () => {
    const ns = decode('v1', 'Namespace', msg(1, msg(9, num(1, 0))));
    expect((ns.metadata as { deletionTimestamp: unknown }).deletionTimestamp).toBe('1970-01-01T00:00:00Z');
  });

  it('rejects a time RFC 3339 cannot write', () => {
    expect(decodeError('v1', 'Namespace', msg(1, msg(8, num(1, 253402300800)))).code).toBe(400);
    expect(decodeError('v1', 'Namespace', msg(1, msg(8, num(1, -62135596801)))).code).toBe(400);
  });
});

describe('decoding resource.Quantity', () => {
  // Deployment spec = 2 > template = 3 > spec = 2 > containers = 2 > resources = 8 > limits = 1.
  const limits = (...entries: Buffer[]) => {
    const deployment = decode('apps/v1', 'Deployment', msg(2, msg(3, msg(2, msg(2, len(1, 'c'), msg(8, ...entries))))));
    const spec = deployment.spec as { template: { spec: { containers: { resources: { limits: unknown } }[] } } };
    return spec.template.spec.containers[0]!.resources.limits;
  };

  it('carries the quantity’s string form', () => {
    expect(limits(msg(1, len(1, 'cpu'), msg(2, len(1, '500m'))), msg(1, len(1, 'memory'), msg(2, len(1, '1Gi'))))).toStrictEqual({ cpu: '500m', memory: '1Gi' });
  });

  it('reads a missing quantity as zero', () => {
    expect(limits(msg(1, len(1, 'cpu')))).toStrictEqual({ cpu: '0' });
  });

  it('rejects a string that is not a quantity, with ParseQuantity’s message', () => {
    const error = decodeError('apps/v1', 'Deployment', msg(2, msg(3, msg(2, msg(2, msg(8, msg(1, len(1, 'cpu'), msg(2, len(1, '2 cores')))))))));
    expect(error.code).toBe(400);
    expect(error.message).toContain('quantities must match the regular expression');
  });
});

describe('decoding intstr.IntOrString', () => {
  // PodDisruptionBudget spec = 2; minAvailable = 1, maxUnavailable = 3 (both *IntOrString).
  const spec = (...fields: Buffer[]) => decode('policy/v1', 'PodDisruptionBudget', msg(2, ...fields)).spec;

  it('writes type 0 as its integer and type 1 as its string', () => {
    expect(spec(msg(1, num(1, 0), num(2, 2)), msg(3, num(1, 1), len(3, '50%')))).toStrictEqual({ minAvailable: 2, maxUnavailable: '50%' });
  });

  it('writes a set but empty value as 0', () => {
    expect(spec(msg(1))).toStrictEqual({ minAvailable: 0 });
  });

  it('rejects a type that is neither int nor string', () => {
    expect(decodeError('policy/v1', 'PodDisruptionBudget', msg(2, msg(1, num(1, 2)))).message).toBe('impossible IntOrString.Type: 2');
  });
});
