import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, createReview, updateReview, validNodeGroup, validVPSieNode } from '../support/admissionReviews.ts';
import { startWebhookUnderTest, type WebhookUnderTest } from '../support/webhookUnderTest.ts';

let webhook: WebhookUnderTest;

beforeAll(async () => {
  webhook = await startWebhookUnderTest();
});
afterAll(async () => {
  await webhook.stop();
});

interface ResponseReview {
  response: { uid: string; allowed: boolean; status?: { code: number; reason: string; message: string } };
}

async function admit(path: string, body: unknown): Promise<ResponseReview['response']> {
  const reply = await webhook.post(path, body);
  expect(reply.status).toBe(200);
  return (reply.json() as ResponseReview).response;
}

describe('/validate/nodegroups', () => {
  it('allows a valid NodeGroup', async () => {
    expect((await admit('/validate/nodegroups', createReview(validNodeGroup()))).allowed).toBe(true);
  });

  it('denies an invalid NodeGroup with every violation, each naming its field', async () => {
    const body = createReview(validNodeGroup({ minNodes: 5, maxNodes: 3, offeringIDs: ['a', 'a'], preferredInstanceType: 'b', labels: { 'kubernetes.io/role': 'x' } }));
    const response = await admit('/validate/nodegroups', body);
    expect(response.uid).toBe(body.request.uid);
    expect(response.allowed).toBe(false);
    expect(response.status).toMatchObject({ code: 422, reason: 'Invalid' });
    const message = response.status?.message ?? '';
    expect(message).toContain('spec.minNodes (5) must be less than or equal to spec.maxNodes (3)');
    expect(message).toContain('spec.offeringIDs[1] ("a") duplicates spec.offeringIDs[0]');
    expect(message).toContain('spec.preferredInstanceType ("b") must be one of spec.offeringIDs');
    expect(message).toContain('spec.labels["kubernetes.io/role"] key uses the prefix kubernetes.io');
  });

  it('denies an UPDATE that changes datacenterID or resourceIdentifier', async () => {
    const response = await admit('/validate/nodegroups', updateReview(validNodeGroup(), validNodeGroup({ datacenterID: 'eu-1', resourceIdentifier: 'other' })));
    expect(response.allowed).toBe(false);
    expect(response.status?.message).toContain('spec.datacenterID ("eu-1") is immutable: it was "us-east-1" and cannot be changed');
    expect(response.status?.message).toContain('spec.resourceIdentifier ("other") is immutable');
  });

  it('allows an UPDATE that changes the size limits', async () => {
    expect((await admit('/validate/nodegroups', updateReview(validNodeGroup(), validNodeGroup({ maxNodes: 50 })))).allowed).toBe(true);
  });
});

describe('/validate/vpsienodes', () => {
  it('allows a valid VPSieNode', async () => {
    expect((await admit('/validate/vpsienodes', createReview(validVPSieNode()))).allowed).toBe(true);
  });

  it('denies a VPSieNode with a bad offering ID', async () => {
    const response = await admit('/validate/vpsienodes', createReview(validVPSieNode({ offeringID: 'k8s 2' })));
    expect(response.status?.message).toBe('VPSieNode "kube-system/general-x7k2p" is invalid: spec.offeringID ("k8s 2") must match ^[a-zA-Z0-9-]+$');
  });

  it.each(['nodeGroupName', 'offeringID', 'datacenterID', 'resourceIdentifier'])('denies an UPDATE that changes spec.%s', async (field) => {
    const response = await admit('/validate/vpsienodes', updateReview(validVPSieNode(), validVPSieNode({ [field]: 'changed' })));
    expect(response.allowed).toBe(false);
    expect(response.status?.message).toContain(`spec.${field} ("changed") is immutable`);
  });
});

describe('denial log', () => {
  it('writes one structured line per denial with uid, kind, name, user and reason', async () => {
    const body = createReview(validNodeGroup({ maxNodes: 0 }), ADMIN);
    await admit('/validate/nodegroups', body);
    const lines = webhook.logs.filter((line) => line.uid === body.request.uid);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      msg: 'admission denied',
      uid: body.request.uid,
      kind: 'NodeGroup',
      name: 'general',
      user: ADMIN,
      reason: 'NodeGroup "kube-system/general" is invalid: spec.maxNodes (0) must be greater than or equal to 1',
    });
  });

  it('writes nothing for an allowed request', async () => {
    const body = createReview(validNodeGroup());
    await admit('/validate/nodegroups', body);
    expect(webhook.logs.filter((line) => line.uid === body.request.uid)).toEqual([]);
  });
});
