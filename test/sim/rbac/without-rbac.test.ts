import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawClient } from '../../support/raw.ts';
import { startHarness, type SimHarness } from '../../support/sim.ts';

let h: SimHarness;
let admin: ReturnType<typeof rawClient>;

beforeAll(async () => {
  h = await startHarness();
  admin = rawClient(h);
});
afterAll(async () => {
  await admin.close();
  await h.close();
});

describe('without rbac (the default)', () => {
  it('creates no RBAC objects', () => {
    expect(h.cluster.api.store.count('rbac.authorization.k8s.io/clusterroles')).toBe(0);
  });

  it('answers access reviews as AlwaysAllow does', async () => {
    const r = await admin.send('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', { apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec: { user: 'anyone', resourceAttributes: { verb: 'delete', resource: 'nodes' } } });
    expect(r.json.status).toEqual({ allowed: true });
  });

  it('lists everything as the rules of any user', async () => {
    const r = await admin.send('POST', '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', spec: { namespace: 'default' } });
    expect(r.json.status).toEqual({ resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }], nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }], incomplete: false });
  });

  it('still refuses requests without credentials, except the public paths', async () => {
    const anonymous = rawClient(h, '');
    const [api, version] = [await anonymous.send('GET', '/api'), await anonymous.send('GET', '/version')];
    await anonymous.close();
    expect([api.status, version.status]).toEqual([401, 200]);
  });

  it('accepts kubectl --as, as every impersonation is allowed', async () => {
    expect(await h.kubectl('auth', 'can-i', 'delete', 'pods', '--as=bob', '--as-group=devs')).toEqual({ code: 0, stdout: 'yes\n', stderr: '' });
  });
});
