import { describe, expect, it } from 'vitest';
import { compileStructuralSchema, invalidStatus, validateObjectMeta } from '../../../src/sim/kube/schema/index.ts';

describe('invalidStatus', () => {
  const schema = compileStructuralSchema({ type: 'object', properties: { spec: { type: 'object', required: ['b'], properties: { a: { type: 'integer', minimum: 1 }, b: { type: 'string' } } } } });

  it('words one error bare', () => {
    const status = invalidStatus({ group: 'autoscaler.vpsie.com', kind: 'NodeGroup', name: 'broken', errors: schema.validate({ spec: { a: 0, b: 'x' } }) });
    expect(status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'NodeGroup.autoscaler.vpsie.com "broken" is invalid: spec.a: Invalid value: 0: spec.a in body should be greater than or equal to 1',
      reason: 'Invalid',
      details: {
        name: 'broken',
        group: 'autoscaler.vpsie.com',
        kind: 'NodeGroup',
        causes: [{ reason: 'FieldValueInvalid', message: 'Invalid value: 0: spec.a in body should be greater than or equal to 1', field: 'spec.a' }],
      },
      code: 422,
    });
  });

  it('brackets several errors and keeps them in order', () => {
    const status = invalidStatus({ group: 'autoscaler.vpsie.com', kind: 'NodeGroup', name: 'broken', errors: schema.validate({ spec: { a: 0 } }) });
    expect(status.message).toBe('NodeGroup.autoscaler.vpsie.com "broken" is invalid: [spec.a: Invalid value: 0: spec.a in body should be greater than or equal to 1, spec.b: Required value]');
    expect(status.details.causes.map((c) => c.field)).toEqual(['spec.a', 'spec.b']);
  });

  it('leaves the group out for core kinds', () => {
    const status = invalidStatus({ group: '', kind: 'Pod', name: 'x', errors: validateObjectMeta({ name: 'x' }, { namespaced: true, nameRule: 'dns1123Subdomain' }) });
    expect(status.message).toBe('Pod "x" is invalid: metadata.namespace: Required value');
    expect(status.details).not.toHaveProperty('group');
  });

  it('drops repeated messages from the summary but not from the causes', () => {
    const errs = [...schema.validate({ spec: { b: 'x', a: 0 } }), ...schema.validate({ spec: { b: 'x', a: 0 } })];
    const status = invalidStatus({ group: 'g.io', kind: 'K', name: 'n', errors: errs });
    expect(status.message).toBe('K.g.io "n" is invalid: spec.a: Invalid value: 0: spec.a in body should be greater than or equal to 1');
    expect(status.details.causes).toHaveLength(2);
  });
});
