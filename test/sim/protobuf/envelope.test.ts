import { describe, expect, it } from 'vitest';
import { decodeKubernetesProtobuf, PROTOBUF_KINDS, ProtobufDecodeError } from '../../../src/sim/kube/protobuf/index.ts';
import { body, len, msg } from './support/encode.ts';

const MAGIC = Buffer.from('k8s\0', 'latin1');

function decodeError(bytes: Buffer, defaults?: { apiVersion: string; kind: string }): ProtobufDecodeError {
  try {
    decodeKubernetesProtobuf(bytes, defaults);
  } catch (error) {
    if (error instanceof ProtobufDecodeError) return error;
    throw error;
  }
  throw new Error('expected a ProtobufDecodeError');
}

describe('the protobuf envelope', () => {
  it('rejects a body without the k8s\\0 prefix, in the real serializer’s words', () => {
    const error = decodeError(Buffer.from('{"kind":"Namespace"}'));
    expect(error.code).toBe(400);
    expect(error.reason).toBe('BadRequest');
    expect(error.message).toBe('provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]');
  });

  it('rejects a body shorter than the prefix', () => {
    expect(decodeError(Buffer.from('k8s')).code).toBe(400);
  });

  it('rejects a runtime.Unknown cut short', () => {
    const whole = body('v1', 'Namespace', msg(1, len(1, 'n1')));
    expect(decodeError(whole.subarray(0, whole.length - 1)).message).toBe('unexpected EOF');
  });

  it('answers 415 for a kind it has no schema for, telling the user to send JSON', () => {
    const error = decodeError(body('apps/v1', 'StatefulSet'));
    expect(error.code).toBe(415);
    expect(error.reason).toBe('UnsupportedMediaType');
    expect(error.message).toContain('StatefulSet (apps/v1)');
    expect(error.message).toContain('kubectl create -f');
  });

  it('answers 415 for a known kind in a version it has no schema for', () => {
    expect(decodeError(body('apps/v1beta2', 'Deployment')).code).toBe(415);
  });

  it('takes kind and apiVersion from the request’s URL when the body leaves them out', () => {
    const untyped = Buffer.concat([MAGIC, msg(1), msg(2, msg(1, len(1, 'n1')))]);
    expect(decodeKubernetesProtobuf(untyped, { apiVersion: 'v1', kind: 'Namespace' })).toMatchObject({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n1' } });
  });

  it('prefers the kind the body names over the URL’s', () => {
    expect(decodeKubernetesProtobuf(body('v1', 'ConfigMap'), { apiVersion: 'v1', kind: 'Namespace' }).kind).toBe('ConfigMap');
  });

  it('rejects a body that names no kind when nothing else does', () => {
    expect(decodeError(Buffer.concat([MAGIC, msg(1, len(1, 'v1'))])).message).toBe("Object 'Kind' is missing in the protobuf body");
  });

  it('rejects a body that names no apiVersion when nothing else does', () => {
    expect(decodeError(Buffer.concat([MAGIC, msg(1, len(2, 'Namespace'))])).message).toBe("Object 'apiVersion' is missing in the protobuf body");
  });

  it('ignores the envelope’s contentEncoding and contentType, as the real serializer does', () => {
    const withHints = Buffer.concat([body('v1', 'Namespace', msg(1, len(1, 'n1'))), len(3, 'gzip'), len(4, 'application/json')]);
    expect(decodeKubernetesProtobuf(withHints)).toStrictEqual(decodeKubernetesProtobuf(body('v1', 'Namespace', msg(1, len(1, 'n1')))));
  });

  it('lists the kinds kubectl’s create generators send', () => {
    expect([...PROTOBUF_KINDS].sort()).toEqual([
      'apps/v1/Deployment',
      'policy/v1/PodDisruptionBudget',
      'rbac.authorization.k8s.io/v1/ClusterRole',
      'rbac.authorization.k8s.io/v1/ClusterRoleBinding',
      'rbac.authorization.k8s.io/v1/Role',
      'rbac.authorization.k8s.io/v1/RoleBinding',
      'v1/ConfigMap',
      'v1/Namespace',
      'v1/Secret',
      'v1/Service',
      'v1/ServiceAccount',
    ]);
  });
});
