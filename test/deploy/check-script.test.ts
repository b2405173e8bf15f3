import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { DEPLOY_DIR, DeployCopy } from './manifests.ts';

function check(deployDir: string): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'test/deploy/check.ts', deployDir], { timeout: 120_000 }, (error, stdout) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout }),
    );
  });
}

const copies: DeployCopy[] = [];
afterEach(() => {
  for (const c of copies.splice(0)) c.remove();
});

/** deploy/ copied, with one file edited: the check script is then run on the copy. */
function editedDeploy(path: string, edit: (text: string) => string): string {
  const copy = new DeployCopy();
  copies.push(copy);
  const file = copy.file(path);
  const edited = edit(readFileSync(file, 'utf8'));
  expect(edited).not.toBe(readFileSync(file, 'utf8'));
  writeFileSync(file, edited);
  return copy.dir;
}

describe('the CI check script (test/deploy/check.ts)', () => {
  it('passes deploy/ and says what it checked', async () => {
    const r = await check(DEPLOY_DIR);
    expect(r.stdout).not.toContain('FAIL');
    expect(r.stdout.match(/^ok {3}kubectl kustomize /gm)).toHaveLength(5);
    expect(r.stdout).toMatch(/^ok {3}no wildcard in any Role or ClusterRole rule/m);
    expect(r.stdout).toMatch(/^ok {3}every ValidatingWebhookConfiguration webhook has failurePolicy: Fail/m);
    expect(r.stdout).toMatch(/^ok {3}promtool check rules and promtool test rules/m);
    expect(r.code).toBe(0);
  }, 120_000);

  it('fails on a ClusterRole rule with a wildcard verb, naming the rule', async () => {
    const dir = editedDeploy('base/rbac/cluster-role.yaml', (t) => t.replace('verbs: [get, list, watch, patch, delete]', 'verbs: ["*"]'));
    const r = await check(dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAIL no wildcard in any Role or ClusterRole rule/m);
    expect(r.stdout).toContain('ClusterRole vpsie-autoscaler rules[5].verbs: wildcard "*"');
  }, 120_000);

  it('fails on a webhook with failurePolicy Ignore, naming the webhook', async () => {
    const dir = editedDeploy('base/webhook/validating-webhook-configuration.yaml', (t) => t.replace(/failurePolicy: Fail(?![\s\S]*failurePolicy: Fail)/, 'failurePolicy: Ignore'));
    const r = await check(dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('ValidatingWebhookConfiguration vpsie-autoscaler webhooks[2] (node-deletion.autoscaler.vpsie.com).failurePolicy: "Ignore"; must be Fail');
  }, 120_000);

  it('fails when a kustomization does not render', async () => {
    const dir = editedDeploy('overlays/production/kustomization.yaml', (t) => t.replace('../../components/webhook-cert-manager', '../../components/missing'));
    const r = await check(dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAIL kubectl kustomize .*overlays\/production$/m);
  }, 120_000);

  it('fails when an alert rule is broken', async () => {
    const dir = editedDeploy('monitoring/prometheus-rule.yaml', (t) => t.replace('expr: max(vpsie_autoscaler_vpsie_circuit_state) >= 2', 'expr: max(vpsie_autoscaler_vpsie_circuit_state) >='));
    const r = await check(dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAIL promtool check rules/m);
  }, 120_000);
});
