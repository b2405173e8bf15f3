/**
 * The CI check of deploy/ (`node --import tsx test/deploy/check.ts [deploy-dir]`, deploy/ by
 * default): every kustomization
 * renders, no Role or ClusterRole uses a wildcard, every validating webhook fails closed, and
 * the alert rules pass `promtool check rules` and their unit tests. Prints one line per check
 * and every finding; exits 1 when anything fails.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { checkAlertRules, formatViolation, rbacWildcardViolations, webhookFailurePolicyViolations } from './checks.ts';
import { DEPLOY_DIR, DeployCopy, KUSTOMIZATIONS, type KustomizationName, type Manifest } from './manifests.ts';

const deployDir = process.argv[2] ?? DEPLOY_DIR;
const copy = new DeployCopy(deployDir);
let failed = false;
const report = (ok: boolean, what: string, details: string[] = []) => {
  if (!ok) failed = true;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  for (const d of details) console.log(`       ${d}`);
};

try {
  const rendered = new Map<KustomizationName, Manifest[]>();
  for (const name of Object.keys(KUSTOMIZATIONS) as KustomizationName[]) {
    try {
      const manifests = await copy.render(name);
      rendered.set(name, manifests);
      report(true, `kubectl kustomize ${join(deployDir, KUSTOMIZATIONS[name])} (${manifests.length} objects)`);
    } catch (error) {
      report(false, `kubectl kustomize ${join(deployDir, KUSTOMIZATIONS[name])}`, [(error as Error).message]);
    }
  }
  const all = [...rendered.values()].flat();
  const wildcards = rbacWildcardViolations(all);
  report(wildcards.length === 0, 'no wildcard in any Role or ClusterRole rule (apiGroups, resources, verbs)', wildcards.map(formatViolation));
  const open = webhookFailurePolicyViolations(all);
  report(open.length === 0, 'every ValidatingWebhookConfiguration webhook has failurePolicy: Fail', open.map(formatViolation));
  const testsDir = join(deployDir, 'monitoring/tests');
  const testFiles = readdirSync(testsDir).filter((f) => f.endsWith('.test.yaml')).map((f) => join(testsDir, f));
  const rules = await checkAlertRules(rendered.get('monitoring') ?? [], testFiles);
  report(rules.ok, `promtool check rules and promtool test rules on ${join(deployDir, 'monitoring')}`, rules.ok ? [] : rules.output.split('\n'));
} finally {
  copy.remove();
}
process.exitCode = failed ? 1 : 0;
