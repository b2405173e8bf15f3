import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Authorizer } from '../../../src/sim/kube/auth.ts';
import { rawClient } from '../../support/raw.ts';
import { startHarness, type SimHarness } from '../../support/sim.ts';

/** Denies outright anything about secrets, allows the rest, and cannot list rules. */
const secretsDenier: Authorizer = {
  authorize: (_user, a) => ('resource' in a && a.resource === 'secrets' ? { allowed: false, denied: true, reason: 'secrets are off limits' } : { allowed: true }),
};

let h: SimHarness;
let admin: ReturnType<typeof rawClient>;

beforeAll(async () => {
  h = await startHarness({ installCrds: false, api: { rbac: true, authorizer: secretsDenier } });
  admin = rawClient(h);
});
afterAll(async () => {
  await admin.close();
  await h.close();
});

const review = (kind: string, spec: object) => admin.send('POST', `/apis/authorization.k8s.io/v1/${kind.toLowerCase()}s`, { apiVersion: 'authorization.k8s.io/v1', kind, spec });

describe('an explicit authorizer next to rbac: true', () => {
  it('is the one asked, even for system:masters', async () => {
    const r = await admin.send('GET', '/api/v1/secrets');
    expect(r.json.message).toBe('secrets is forbidden: User "sim-admin" cannot list resource "secrets" in API group "" at the cluster scope: secrets are off limits');
  });

  it('reports an explicit deny in access reviews', async () => {
    const r = await review('SelfSubjectAccessReview', { resourceAttributes: { verb: 'get', resource: 'secrets' } });
    expect(r.json.status).toEqual({ allowed: false, denied: true, reason: 'secrets are off limits' });
  });

  it('answers rules reviews as incomplete when it cannot list rules', async () => {
    const r = await review('SelfSubjectRulesReview', { namespace: 'default' });
    expect(r.json.status).toEqual({ resourceRules: [], nonResourceRules: [], incomplete: true });
  });

  it('still gets the bootstrap policy installed', () => {
    expect(h.cluster.api.store.get('rbac.authorization.k8s.io/clusterroles', '', 'cluster-admin')).toBeDefined();
  });
});
