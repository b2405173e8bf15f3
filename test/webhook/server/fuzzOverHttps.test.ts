import fc from 'fast-check';
import { Pool } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMISSION_PATHS } from '../../../webhook/admission/routes.ts';
import { admissionReviewBody, classifyAutoscalerDeletion } from '../support/admissionArbitraries.ts';
import { startWebhookUnderTest, type WebhookUnderTest } from '../support/webhookUnderTest.ts';

let webhook: WebhookUnderTest;
let pool: Pool;

beforeAll(async () => {
  webhook = await startWebhookUnderTest();
  pool = new Pool(webhook.server.url, { connections: 8, connect: { ca: webhook.ca.certPem } });
});
afterAll(async () => {
  await pool.close();
  await webhook.stop();
});

interface Reply {
  status: number;
  text: string;
}

async function send(path: string, body: string): Promise<Reply> {
  const response = await pool.request({ path, method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { status: response.statusCode, text: await response.body.text() };
}

describe('500 generated AdmissionReviews through the real HTTPS server', () => {
  it('never gets a 5xx, an internal error, or an allowed forbidden deletion', async () => {
    let reviewed = 0;
    let forbiddenDeletions = 0;
    const samples = fc.sample(fc.tuple(fc.constantFrom(...ADMISSION_PATHS), admissionReviewBody), { numRuns: 500, seed: 20261126 });
    for (let start = 0; start < samples.length; start += 25) {
      await Promise.all(
        samples.slice(start, start + 25).map(async ([path, body]) => {
          const reply = await send(path, JSON.stringify(body) ?? 'null');
          expect(reply.status).toBeLessThan(500);
          if (reply.status !== 200) {
            // A malformed envelope, or a generated huge string that took the body past 128 KiB.
            expect([400, 413]).toContain(reply.status);
            return;
          }
          reviewed += 1;
          const { response } = JSON.parse(reply.text) as { response: { allowed: boolean; status?: { code: number } } };
          expect(response.status?.code).not.toBe(500);
          // The body crossed the wire as JSON, so judge what the server actually received.
          const received: unknown = JSON.parse(JSON.stringify(body) ?? 'null');
          if (path === '/validate/node-deletion' && classifyAutoscalerDeletion(received) === 'forbidden') {
            forbiddenDeletions += 1;
            expect(response.allowed).toBe(false);
          }
        }),
      );
    }
    // The sample must exercise the validators and the guard, not only the envelope checks.
    expect(reviewed).toBeGreaterThan(100);
    expect(forbiddenDeletions).toBeGreaterThan(20);
    expect((await webhook.get('/healthz')).status).toBe(200);
    expect(webhook.logs.filter((line) => line.level === 50)).toEqual([]);
  });
});
