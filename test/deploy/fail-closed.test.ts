import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookFailurePolicyViolations } from './checks.ts';
import { type Manifest, renderEveryKustomization } from './manifests.ts';

const rendered = renderEveryKustomization({ beforeAll, afterAll });

function configuration(webhooks: object[]): Manifest {
  return { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', metadata: { name: 'open' }, webhooks };
}

describe('the fail-closed check', () => {
  it('passes every kustomization, each of which has the three webhooks', () => {
    for (const name of ['all', 'base', 'production', 'development'] as const) {
      const manifests = rendered.get(name)!;
      expect(manifests.filter((m) => m.kind === 'ValidatingWebhookConfiguration').flatMap((m) => m.webhooks as object[])).toHaveLength(3);
      expect({ name, violations: webhookFailurePolicyViolations(manifests) }).toEqual({ name, violations: [] });
    }
  });

  it('catches failurePolicy Ignore', () => {
    const violations = webhookFailurePolicyViolations([configuration([{ name: 'a.example.com', failurePolicy: 'Fail' }, { name: 'b.example.com', failurePolicy: 'Ignore' }])]);
    expect(violations).toEqual([{ object: 'ValidatingWebhookConfiguration open', field: 'webhooks[1] (b.example.com).failurePolicy', problem: '"Ignore"; must be Fail' }]);
  });

  it('catches a webhook that leaves failurePolicy to the default', () => {
    const violations = webhookFailurePolicyViolations([configuration([{ name: 'a.example.com' }])]);
    expect(violations).toEqual([{ object: 'ValidatingWebhookConfiguration open', field: 'webhooks[0] (a.example.com).failurePolicy', problem: 'not set; must be Fail' }]);
  });

  it('catches a configuration without webhooks', () => {
    expect(webhookFailurePolicyViolations([configuration([])])).toEqual([{ object: 'ValidatingWebhookConfiguration open', field: 'webhooks', problem: 'no webhooks' }]);
  });
});
