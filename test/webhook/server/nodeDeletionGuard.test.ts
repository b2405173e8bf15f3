import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, AUTOSCALER, MANAGED, deleteNodeReview, node, review } from '../support/admissionReviews.ts';
import { startWebhookUnderTest, type WebhookUnderTest } from '../support/webhookUnderTest.ts';

let webhook: WebhookUnderTest;

beforeAll(async () => {
  webhook = await startWebhookUnderTest();
});
afterAll(async () => {
  await webhook.stop();
});

const NODES = {
  managed: node('worker-1', MANAGED),
  unmanaged: node('worker-2', { 'kubernetes.io/hostname': 'worker-2' }),
  'control-plane': node('cp-1', { ...MANAGED, 'node-role.kubernetes.io/control-plane': '' }),
  master: node('master-1', { ...MANAGED, 'node-role.kubernetes.io/master': '' }),
};
type NodeKind = keyof typeof NODES;

async function deletionAllowed(username: string, kind: NodeKind, withOldObject: boolean): Promise<{ allowed: boolean; message?: string }> {
  const body = deleteNodeReview(withOldObject ? NODES[kind] : undefined, username);
  const reply = await webhook.post('/validate/node-deletion', body);
  expect(reply.status).toBe(200);
  const { response } = reply.json() as { response: { uid: string; allowed: boolean; status?: { message: string } } };
  expect(response.uid).toBe(body.request.uid);
  return { allowed: response.allowed, message: response.status?.message };
}

const MATRIX: Array<[string, string, NodeKind, boolean, boolean]> = [];
for (const [who, username] of [['autoscaler', AUTOSCALER], ['admin', ADMIN]] as const) {
  for (const kind of Object.keys(NODES) as NodeKind[]) {
    for (const withOldObject of [true, false]) {
      const allowed = username === ADMIN || (withOldObject && kind === 'managed');
      MATRIX.push([who, username, kind, withOldObject, allowed]);
    }
  }
}

describe('/validate/node-deletion', () => {
  it.each(MATRIX)('%s deleting a %s node (oldObject sent: %s): allowed=%s', async (_who, username, kind, withOldObject, allowed) => {
    expect((await deletionAllowed(username, kind, withOldObject)).allowed).toBe(allowed);
  });

  it('tells the autoscaler why a control-plane node is refused', async () => {
    expect((await deletionAllowed(AUTOSCALER, 'control-plane', true)).message).toContain(
      'metadata.labels["node-role.kubernetes.io/control-plane"] is set: the autoscaler never deletes a control-plane node',
    );
  });

  it('tells the autoscaler a DELETE without oldObject cannot be checked', async () => {
    expect((await deletionAllowed(AUTOSCALER, 'managed', false)).message).toContain('request.oldObject is missing, so its labels cannot be checked');
  });

  it('allows the autoscaler to UPDATE an unmanaged node', async () => {
    const reply = await webhook.post('/validate/node-deletion', review({ operation: 'UPDATE', userInfo: { username: AUTOSCALER }, object: NODES.unmanaged, oldObject: NODES.unmanaged }));
    expect((reply.json() as { response: { allowed: boolean } }).response.allowed).toBe(true);
  });

  it('logs a refused deletion with the node name and the autoscaler as user', async () => {
    const body = deleteNodeReview(NODES.master, AUTOSCALER, 'master-1');
    await webhook.post('/validate/node-deletion', body);
    expect(webhook.logs.filter((line) => line.uid === body.request.uid)).toEqual([
      expect.objectContaining({ msg: 'admission denied', kind: 'Node', name: 'master-1', user: AUTOSCALER }),
    ]);
  });
});
