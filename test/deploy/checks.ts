import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { Manifest } from './manifests.ts';

/** One finding: which object, where in it, and what is wrong. */
export interface Violation {
  object: string;
  field: string;
  problem: string;
}

export function formatViolation(v: Violation): string {
  return `${v.object} ${v.field}: ${v.problem}`;
}

const RULE_LISTS = ['apiGroups', 'resources', 'verbs'] as const;

interface PolicyRule {
  apiGroups?: unknown;
  resources?: unknown;
  verbs?: unknown;
}

/**
 * Least privilege, mechanically: no Role or ClusterRole rule may use a wildcard in apiGroups,
 * resources or verbs — `*` alone or inside an entry (`*` or `pods/*` would grant what no call
 * site needs, including resources and verbs added to the cluster later).
 */
export function rbacWildcardViolations(manifests: Manifest[]): Violation[] {
  const violations: Violation[] = [];
  for (const m of manifests) {
    if (m.kind !== 'Role' && m.kind !== 'ClusterRole') continue;
    const object = `${m.kind} ${m.metadata.namespace ? `${m.metadata.namespace}/` : ''}${m.metadata.name}`;
    const rules = (m.rules ?? []) as PolicyRule[];
    rules.forEach((rule, i) => {
      for (const list of RULE_LISTS) {
        const entries = rule[list];
        if (!Array.isArray(entries)) continue;
        for (const entry of entries) {
          if (String(entry).includes('*')) violations.push({ object, field: `rules[${i}].${list}`, problem: `wildcard ${JSON.stringify(entry)}` });
        }
      }
    });
  }
  return violations;
}

/**
 * Fail closed: every webhook of every ValidatingWebhookConfiguration states failurePolicy: Fail.
 * Left out, the v1 default is Fail too, but a reader (and a later edit) must not depend on that.
 */
export function webhookFailurePolicyViolations(manifests: Manifest[]): Violation[] {
  const violations: Violation[] = [];
  for (const m of manifests) {
    if (m.kind !== 'ValidatingWebhookConfiguration') continue;
    const webhooks = (m.webhooks ?? []) as Array<{ name?: string; failurePolicy?: unknown }>;
    if (webhooks.length === 0) violations.push({ object: `ValidatingWebhookConfiguration ${m.metadata.name}`, field: 'webhooks', problem: 'no webhooks' });
    webhooks.forEach((webhook, i) => {
      if (webhook.failurePolicy !== 'Fail') {
        violations.push({
          object: `ValidatingWebhookConfiguration ${m.metadata.name}`,
          field: `webhooks[${i}] (${webhook.name ?? 'unnamed'}).failurePolicy`,
          problem: webhook.failurePolicy === undefined ? 'not set; must be Fail' : `${JSON.stringify(webhook.failurePolicy)}; must be Fail`,
        });
      }
    });
  }
  return violations;
}

export interface CommandResult {
  ok: boolean;
  output: string;
}

function run(command: string, args: string[]): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: 120_000 }, (error, stdout, stderr) => {
      const missing = (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';
      resolve({ ok: !error, output: missing ? `${command} not found on PATH` : `${stdout}${stderr}`.trim() });
    });
  });
}

export function hasPromtool(): Promise<boolean> {
  return run('promtool', ['--version']).then((r) => r.ok);
}

export const PROMTOOL_MISSING = 'promtool is not installed: install the Debian package "prometheus" (apt-get install -y prometheus)';

export const RULES_FILE_NAME = 'vpsie-autoscaler.rules.yaml';

/**
 * `promtool check rules` on the rule groups of every PrometheusRule, and, when given,
 * `promtool test rules` on unit-test files that load them as RULES_FILE_NAME.
 */
export async function checkAlertRules(manifests: Manifest[], testFiles: string[] = []): Promise<CommandResult> {
  const rules = manifests.filter((m) => m.kind === 'PrometheusRule');
  if (rules.length === 0) return { ok: false, output: 'no PrometheusRule found' };
  if (!(await hasPromtool())) return { ok: false, output: PROMTOOL_MISSING };
  const dir = mkdtempSync(join(tmpdir(), 'vpsie-rules-'));
  try {
    const groups = rules.flatMap((r) => ((r.spec as { groups?: unknown[] } | undefined)?.groups ?? []));
    const rulesFile = join(dir, RULES_FILE_NAME);
    writeFileSync(rulesFile, stringify({ groups }, { lineWidth: 0 }));
    const checked = await run('promtool', ['check', 'rules', rulesFile]);
    if (!checked.ok || testFiles.length === 0) return checked;
    const copies = testFiles.map((file, i) => {
      const copy = join(dir, `test-${i}.yaml`);
      copyFileSync(file, copy);
      return copy;
    });
    const tested = await run('promtool', ['test', 'rules', ...copies]);
    return { ok: tested.ok, output: `${checked.output}\n${tested.output}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
