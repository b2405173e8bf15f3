import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ADMISSION_PATHS, reviewAdmission } from '../../../webhook/admission/routes.ts';
import { admissionReviewBody, classifyAutoscalerDeletion } from '../support/admissionArbitraries.ts';
import { AUTOSCALER } from '../support/admissionReviews.ts';

const context = { autoscalerUsername: AUTOSCALER };

describe.each(ADMISSION_PATHS)('reviewAdmission on %s with 10,000 generated bodies', (path) => {
  it('always answers: a review echoing the uid, or a malformed-request message; never an internal error', () => {
    fc.assert(
      fc.property(admissionReviewBody, (body) => {
        const outcome = reviewAdmission(path, body, context);
        if (outcome.kind === 'malformed') {
          expect(outcome.message.length).toBeGreaterThan(0);
          return;
        }
        expect(outcome.failure).toBeUndefined();
        const { response } = outcome.review;
        expect(response.uid).toBe((body as { request: { uid: string } }).request.uid);
        expect(response.status?.code).not.toBe(500);
        if (!response.allowed) expect(response.status?.message.length).toBeGreaterThan(0);
        // The answer must serialise: it goes back over the wire as JSON.
        expect(() => JSON.stringify(outcome.review)).not.toThrow();
      }),
      { numRuns: 10_000 },
    );
  });
});

describe('the node-deletion guard under 10,000 generated bodies', () => {
  it('never allows the autoscaler to delete an unmanaged, unreadable or control-plane node', () => {
    fc.assert(
      fc.property(admissionReviewBody, (body) => {
        const outcome = reviewAdmission('/validate/node-deletion', body, context);
        if (outcome.kind === 'reviewed' && classifyAutoscalerDeletion(body) === 'forbidden') expect(outcome.review.response.allowed).toBe(false);
      }),
      { numRuns: 10_000 },
    );
  });

  it('always allows the autoscaler to delete a managed worker node', () => {
    fc.assert(
      fc.property(admissionReviewBody, (body) => {
        const outcome = reviewAdmission('/validate/node-deletion', body, context);
        if (outcome.kind === 'reviewed' && classifyAutoscalerDeletion(body) === 'permitted') expect(outcome.review.response.allowed).toBe(true);
      }),
      { numRuns: 10_000 },
    );
  });

  it('generates enough forbidden and permitted deletions for the properties to mean something', () => {
    const kinds = fc.sample(admissionReviewBody, { numRuns: 10_000, seed: 42 }).map(classifyAutoscalerDeletion);
    expect(kinds.filter((kind) => kind === 'forbidden').length).toBeGreaterThan(1_000);
    expect(kinds.filter((kind) => kind === 'permitted').length).toBeGreaterThan(100);
  });
});
