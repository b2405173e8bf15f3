import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawClient } from '../../support/raw.ts';
import { startRbacHarness, type RbacHarness } from './harness.ts';
import { clusterRole, clusterRoleBinding, serviceAccount } from './policy.ts';

let h: RbacHarness;
let admin: ReturnType<typeof rawClient>;
let anonymous: ReturnType<typeof rawClient>;
let sa: ReturnType<typeof rawClient>;
const SA = 'system:serviceaccount:kube-system:prober';

beforeAll(async () => {
  h = await startRbacHarness();
  admin = rawClient(h.sim);
  anonymous = rawClient(h.sim, '');
  sa = rawClient(h.sim, h.sim.cluster.api.tokenForServiceAccount('kube-system', 'prober'));
});
afterAll(async () => {
  await Promise.all([admin.close(), anonymous.close(), sa.close()]);
  await h.close();
});

const SSAR = '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews';
const SAR = '/apis/authorization.k8s.io/v1/subjectaccessreviews';
const ssar = (spec: object, metadata: object = {}) => ({ apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', metadata, spec });
const sar = (spec: object) => ({ apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec });

/** A length-delimited protobuf field (all lengths here are under 128). */
function field(number: number, value: string | Buffer): Buffer {
  const bytes = typeof value === 'string' ? Buffer.from(value) : value;
  return Buffer.concat([Buffer.from([(number << 3) | 2, bytes.length]), bytes]);
}

/** `k8s\0` and a runtime.Unknown: TypeMeta, then the object's own message. */
function protobufEnvelope(apiVersion: string, kind: string, raw = Buffer.alloc(0)): string {
  const unknown = Buffer.concat([field(1, Buffer.concat([field(1, apiVersion), field(2, kind)])), ...(raw.length ? [field(2, raw)] : [])]);
  return Buffer.concat([Buffer.from('k8s\0', 'latin1'), unknown]).toString('latin1');
}

describe('requests without credentials (system:anonymous)', () => {
  it('may read the version', async () => {
    expect((await anonymous.send('GET', '/version')).json.gitVersion).toBe('v1.32.0-vpsie-sim');
  });

  it('may read health', async () => {
    expect(await anonymous.send('GET', '/healthz').then((r) => [r.status, r.text])).toEqual([200, 'ok']);
  });

  it('may not discover the API', async () => {
    const r = await anonymous.send('GET', '/api');
    expect([r.status, r.json]).toEqual([403, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'forbidden: User "system:anonymous" cannot get path "/api"', reason: 'Forbidden', details: {}, code: 403 }]);
  });

  it('may not list resources', async () => {
    expect((await anonymous.send('GET', '/api/v1/pods')).json.message).toBe('pods is forbidden: User "system:anonymous" cannot list resource "pods" in API group "" at the cluster scope');
  });

  it('a token that is not known is 401, even for the version', async () => {
    const stranger = rawClient(h.sim, 'not-a-token');
    expect((await stranger.send('GET', '/version')).status).toBe(401);
    await stranger.close();
  });
});

describe('authorization order', () => {
  it('a resource the server does not have is 403 to whoever may not use it', async () => {
    expect((await sa.send('GET', '/apis/example.com/v1/widgets')).status).toBe(403);
  });

  it('and 404 to the admin', async () => {
    expect((await admin.send('GET', '/apis/example.com/v1/widgets')).status).toBe(404);
  });

  it('a path the server does not serve is 403 to whoever may not get it', async () => {
    expect((await sa.send('GET', '/metrics')).json.message).toBe(`forbidden: User "${SA}" cannot get path "/metrics"`);
  });

  it('a namespace object is authorized inside itself', async () => {
    expect((await sa.send('GET', '/api/v1/namespaces/kube-public')).json.message).toBe(`namespaces "kube-public" is forbidden: User "${SA}" cannot get resource "namespaces" in API group "" in the namespace "kube-public"`);
  });
});

describe('impersonation over HTTP', () => {
  it('the admin acting as a service account gets its 403', async () => {
    const r = await admin.send('GET', '/api/v1/namespaces/default/pods', undefined, { 'impersonate-user': SA });
    expect(r.json.message).toBe(`pods is forbidden: User "${SA}" cannot list resource "pods" in API group "" in the namespace "default"`);
  });

  it('groups without a user are a plain-text 500', async () => {
    const r = await admin.send('GET', '/api/v1/pods?limit=1', undefined, { 'impersonate-group': 'system:masters' });
    expect([r.status, r.headers['content-type'], r.text]).toEqual([500, 'text/plain; charset=utf-8', 'Internal Server Error: "/api/v1/pods?limit=1": requested [{Group  system:masters    }] without impersonating a user\n']);
  });

  it('a service account may not make itself a member of system:masters', async () => {
    const r = await sa.send('GET', '/api/v1/nodes', undefined, { 'impersonate-user': SA, 'impersonate-group': 'system:masters' });
    expect(r.json.message).toBe(`serviceaccounts "prober" is forbidden: User "${SA}" cannot impersonate resource "serviceaccounts" in API group "" in the namespace "kube-system"`);
  });
});

describe('SelfSubjectAccessReview', () => {
  it('answers 201 with the review and its status, and stores nothing', async () => {
    const r = await sa.send('POST', SSAR, ssar({ resourceAttributes: { verb: 'list', resource: 'pods', namespace: 'default' } }));
    expect([r.status, r.json]).toEqual([
      201,
      { kind: 'SelfSubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', metadata: { creationTimestamp: null }, spec: { resourceAttributes: { namespace: 'default', verb: 'list', resource: 'pods' } }, status: { allowed: false } },
    ]);
    expect(h.sim.cluster.api.store.count('authorization.k8s.io/selfsubjectaccessreviews')).toBe(0);
  });

  it('says which binding allows', async () => {
    const r = await sa.send('POST', SSAR, ssar({ resourceAttributes: { verb: 'create', group: 'authorization.k8s.io', resource: 'selfsubjectaccessreviews' } }));
    expect(r.json.status).toEqual({ allowed: true, reason: 'RBAC: allowed by ClusterRoleBinding "system:basic-user" of ClusterRole "system:basic-user" to Group "system:authenticated"' });
  });

  it('answers for a path', async () => {
    const r = await sa.send('POST', SSAR, ssar({ nonResourceAttributes: { verb: 'get', path: '/openapi/v3/apis/apps/v1' } }));
    expect(r.json.status.allowed).toBe(true);
  });

  it('refuses a review that asks nothing', async () => {
    const r = await sa.send('POST', SSAR, ssar({}));
    expect([r.status, r.json.message, r.json.details]).toEqual([
      422,
      'SelfSubjectAccessReview.authorization.k8s.io "" is invalid: spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified',
      { group: 'authorization.k8s.io', kind: 'SelfSubjectAccessReview', causes: [{ reason: 'FieldValueInvalid', message: 'Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified', field: 'spec.resourceAttributes' }] },
    ]);
  });

  it('refuses a review that asks about a resource and a path at once', async () => {
    const r = await sa.send('POST', SSAR, ssar({ resourceAttributes: { verb: 'get', resource: 'pods' }, nonResourceAttributes: { verb: 'get', path: '/api' } }));
    expect(r.json.message).toBe('SelfSubjectAccessReview.authorization.k8s.io "" is invalid: spec.nonResourceAttributes: Invalid value: authorization.NonResourceAttributes{Path:"/api", Verb:"get"}: cannot be specified in combination with resourceAttributes');
  });

  it('refuses metadata', async () => {
    const r = await sa.send('POST', SSAR, ssar({ resourceAttributes: { verb: 'get', resource: 'pods' } }, { name: 'mine' }));
    expect([r.status, r.json.message]).toEqual([422, expect.stringMatching(/^SelfSubjectAccessReview\.authorization\.k8s\.io "" is invalid: metadata: Invalid value: v1\.ObjectMeta\{Name:"mine", .*\}: must be empty$/)]);
  });

  it('refuses a field of the wrong JSON type as the decoder does', async () => {
    const r = await sa.send('POST', SSAR, ssar({ resourceAttributes: { verb: 7 } }));
    expect([r.status, r.json.message]).toEqual([400, 'SelfSubjectAccessReview in version "v1" cannot be handled as a SelfSubjectAccessReview: json: cannot unmarshal number into Go struct field ResourceAttributes.spec.resourceAttributes.verb of type string']);
  });

  it('refuses a spec that is not an object', async () => {
    const r = await sa.send('POST', SSAR, { ...ssar({}), spec: 'all' });
    expect(r.json.message).toBe('SelfSubjectAccessReview in version "v1" cannot be handled as a SelfSubjectAccessReview: json: cannot unmarshal string into Go struct field SelfSubjectAccessReview.spec of type v1.SelfSubjectAccessReviewSpec');
  });

  it('refuses attributes that are not an object', async () => {
    const r = await sa.send('POST', SSAR, ssar({ nonResourceAttributes: true }));
    expect(r.json.message).toBe('SelfSubjectAccessReview in version "v1" cannot be handled as a SelfSubjectAccessReview: json: cannot unmarshal bool into Go struct field SelfSubjectAccessReviewSpec.spec.nonResourceAttributes of type v1.NonResourceAttributes');
  });

  it('refuses another kind', async () => {
    const r = await sa.send('POST', SSAR, { ...ssar({}), kind: 'SubjectAccessReview' });
    expect([r.status, r.json.message]).toEqual([400, 'the kind in the data (SubjectAccessReview) does not match the expected kind (SelfSubjectAccessReview)']);
  });

  it('refuses an empty body', async () => {
    expect((await sa.send('POST', SSAR, '')).status).toBe(400);
  });

  it('refuses a protobuf body that is not one', async () => {
    const r = await sa.send('POST', SSAR, 'k8s\0garbage', { 'content-type': 'application/vnd.kubernetes.protobuf' });
    expect(r.status).toBe(400);
  });

  it('decodes a protobuf review, as kubectl sends it', async () => {
    const attributes = Buffer.concat([field(1, 'default'), field(2, 'list'), field(5, 'pods')]);
    const review = Buffer.concat([field(2, field(1, attributes))]);
    const r = await sa.send('POST', SSAR, protobufEnvelope('authorization.k8s.io/v1', 'SelfSubjectAccessReview', review), { 'content-type': 'application/vnd.kubernetes.protobuf' });
    expect([r.status, r.json.spec, r.json.status]).toEqual([201, { resourceAttributes: { namespace: 'default', verb: 'list', resource: 'pods' } }, { allowed: false }]);
  });

  it('refuses a protobuf body of a kind that is not a review', async () => {
    const r = await sa.send('POST', SSAR, protobufEnvelope('v1', 'ConfigMap'), { 'content-type': 'application/vnd.kubernetes.protobuf' });
    expect([r.status, r.json.reason]).toEqual([415, 'UnsupportedMediaType']);
  });

  it('is create-only', async () => {
    expect((await admin.send('GET', SSAR)).status).toBe(405);
  });

  it('is not served inside a namespace', async () => {
    expect((await admin.send('POST', '/apis/authorization.k8s.io/v1/namespaces/default/selfsubjectaccessreviews', ssar({ nonResourceAttributes: { verb: 'get', path: '/' } }))).status).toBe(404);
  });
});

describe('SubjectAccessReview', () => {
  it('asks about exactly the user and groups given, adding no system:authenticated', async () => {
    const bare = await admin.send('POST', SAR, sar({ user: 'carol', nonResourceAttributes: { verb: 'get', path: '/api' } }));
    const authenticated = await admin.send('POST', SAR, sar({ user: 'carol', groups: ['system:authenticated'], nonResourceAttributes: { verb: 'get', path: '/api' } }));
    expect([bare.json.status.allowed, authenticated.json.status.allowed]).toEqual([false, true]);
  });

  it('echoes the spec', async () => {
    const r = await admin.send('POST', SAR, sar({ user: 'carol', groups: ['g'], uid: 'u1', resourceAttributes: { verb: 'get', resource: 'pods', name: 'p', namespace: 'd' } }));
    expect(r.json.spec).toEqual({ resourceAttributes: { namespace: 'd', verb: 'get', resource: 'pods', name: 'p' }, user: 'carol', groups: ['g'], uid: 'u1' });
  });

  it('refuses a review for nobody', async () => {
    const r = await admin.send('POST', SAR, sar({ resourceAttributes: { verb: 'get', resource: 'pods' } }));
    expect(r.json.message).toBe('SubjectAccessReview.authorization.k8s.io "" is invalid: spec.user: Invalid value: "": at least one of user or group must be specified');
  });

  it('lists every problem', async () => {
    const r = await admin.send('POST', SAR, sar({}));
    expect(r.json.message).toBe(
      'SubjectAccessReview.authorization.k8s.io "" is invalid: [spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified, spec.user: Invalid value: "": at least one of user or group must be specified]',
    );
  });

  it('refuses groups that are not strings', async () => {
    const r = await admin.send('POST', SAR, sar({ user: 'u', groups: ['a', 1] }));
    expect(r.json.message).toBe('SubjectAccessReview in version "v1" cannot be handled as a SubjectAccessReview: json: cannot unmarshal number into Go struct field SubjectAccessReviewSpec.spec.groups of type string');
  });

  it('refuses metadata', async () => {
    const r = await admin.send('POST', SAR, { ...sar({ user: 'u', nonResourceAttributes: { verb: 'get', path: '/' } }), metadata: { labels: { a: 'b' } } });
    expect(r.json.message).toMatch(/^SubjectAccessReview\.authorization\.k8s\.io "" is invalid: metadata: Invalid value: v1\.ObjectMeta\{.*Labels:map\[string\]string\{"a":"b"\}.*\}: must be empty$/);
  });

  it('is forbidden to a service account without the right', async () => {
    const r = await sa.send('POST', SAR, sar({ user: 'carol', nonResourceAttributes: { verb: 'get', path: '/api' } }));
    expect(r.json.message).toBe(`subjectaccessreviews.authorization.k8s.io is forbidden: User "${SA}" cannot create resource "subjectaccessreviews" in API group "authorization.k8s.io" at the cluster scope`);
  });
});

describe('LocalSubjectAccessReview', () => {
  const LSAR = '/apis/authorization.k8s.io/v1/namespaces/team-x/localsubjectaccessreviews';
  const lsar = (spec: object, metadata: object = {}) => ({ apiVersion: 'authorization.k8s.io/v1', kind: 'LocalSubjectAccessReview', metadata, spec });

  it('answers in its namespace', async () => {
    const r = await admin.send('POST', LSAR, lsar({ user: 'carol', resourceAttributes: { verb: 'get', resource: 'pods', namespace: 'team-x' } }));
    expect([r.status, r.json.metadata, r.json.status]).toEqual([201, { creationTimestamp: null, namespace: 'team-x' }, { allowed: false }]);
  });

  it('refuses paths', async () => {
    const r = await admin.send('POST', LSAR, lsar({ user: 'carol', nonResourceAttributes: { verb: 'get', path: '/api' } }));
    expect(r.json.message).toBe('LocalSubjectAccessReview.authorization.k8s.io "" is invalid: spec.nonResourceAttributes: Invalid value: authorization.NonResourceAttributes{Path:"/api", Verb:"get"}: disallowed on this kind of request');
  });

  it('refuses metadata beyond the namespace', async () => {
    const r = await admin.send('POST', LSAR, lsar({ user: 'carol', resourceAttributes: { verb: 'get', resource: 'pods' } }, { name: 'x', namespace: 'team-x' }));
    expect(r.json.message).toMatch(/^LocalSubjectAccessReview\.authorization\.k8s\.io "" is invalid: metadata: Invalid value: v1\.ObjectMeta\{Name:"x", GenerateName:"", Namespace:"team-x", .*\}: must be empty except for namespace$/);
  });

  it('refuses another namespace in its metadata', async () => {
    const r = await admin.send('POST', LSAR, lsar({ user: 'carol', resourceAttributes: { verb: 'get', resource: 'pods' } }, { namespace: 'elsewhere' }));
    expect([r.status, r.json.message]).toEqual([400, 'the namespace of the provided object does not match the namespace sent on the request']);
  });
});

describe('SelfSubjectRulesReview', () => {
  it('lists the requester\'s rules in a namespace without echoing the spec', async () => {
    await h.apply(clusterRole('prober-nodes', [{ verbs: ['get'], apiGroups: [''], resources: ['nodes'] }]), clusterRoleBinding('prober-nodes', 'prober-nodes', [serviceAccount('prober', 'kube-system')]));
    const r = await sa.send('POST', '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', spec: { namespace: 'default' } });
    expect([r.status, r.json.spec, r.json.status.incomplete, r.json.status.resourceRules]).toEqual([
      201,
      {},
      false,
      expect.arrayContaining([{ verbs: ['get'], apiGroups: [''], resources: ['nodes'] }, { verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'] }]),
    ]);
  });

  it('refuses a namespace that is not a string', async () => {
    const r = await sa.send('POST', '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', spec: { namespace: ['default'] } });
    expect(r.json.message).toBe('SelfSubjectRulesReview in version "v1" cannot be handled as a SelfSubjectRulesReview: json: cannot unmarshal array into Go struct field SelfSubjectRulesReviewSpec.spec.namespace of type string');
  });

  it('refuses a review without a namespace', async () => {
    const r = await sa.send('POST', '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', spec: {} });
    expect([r.status, r.json.message]).toEqual([400, 'no namespace on request']);
  });
});
