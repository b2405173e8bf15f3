import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLifecycleMetrics } from '../../src/actors/node/metrics.ts';
import { createGroupMetrics } from '../../src/actors/nodegroup/metrics.ts';
import { createScalingMetrics } from '../../src/actors/scaling/metrics.ts';
import { createControllerMetrics } from '../../src/app/metrics.ts';
import { createRegistry } from '../../src/infra/metrics/registry.ts';
import { createVpsieClientMetrics } from '../../src/infra/vpsie/metrics.ts';
import { createWebhookMetrics } from '../../webhook/metrics.ts';
import { checkAlertRules, hasPromtool, PROMTOOL_MISSING } from './checks.ts';
import { DEPLOY_DIR, DeployCopy, find, type Manifest } from './manifests.ts';

let copy: DeployCopy;
let monitoring: Manifest[];
let base: Manifest[];
const testsDir = join(DEPLOY_DIR, 'monitoring/tests');
const testFiles = readdirSync(testsDir).filter((f) => f.endsWith('.test.yaml')).map((f) => join(testsDir, f));

beforeAll(async () => {
  if (!(await hasPromtool())) throw new Error(PROMTOOL_MISSING);
  copy = new DeployCopy();
  [monitoring, base] = await Promise.all([copy.render('monitoring'), copy.render('base')]);
});
afterAll(() => copy?.remove());

type Rule = { alert: string; expr: string };

function rules(manifests: Manifest[]): Rule[] {
  return manifests.filter((m) => m.kind === 'PrometheusRule').flatMap((m) => (m.spec as { groups: Array<{ rules: Rule[] }> }).groups.flatMap((g) => g.rules));
}

function withExpr(manifests: Manifest[], alert: string, expr: string): Manifest[] {
  return manifests.map((m) => {
    if (m.kind !== 'PrometheusRule') return m;
    const spec = structuredClone(m.spec) as { groups: Array<{ rules: Rule[] }> };
    for (const g of spec.groups) for (const r of g.rules) if (r.alert === alert) r.expr = expr;
    return { ...m, spec };
  });
}

describe('the alert rules', () => {
  it('pass promtool check rules and their promtool unit tests', async () => {
    expect(testFiles.length).toBeGreaterThan(0);
    const result = await checkAlertRules(monitoring, testFiles);
    expect(result.output).toMatch(/SUCCESS: \d+ rules found/);
    expect(result.ok).toBe(true);
  });

  it('fail the check when a rule does not parse, and the output says where', async () => {
    const result = await checkAlertRules(withExpr(monitoring, 'VpsieAutoscalerDown', 'absent(up{job="x"} =='));
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/parse error|unexpected end of input/);
  });

  it('fail their unit tests when an alert stops firing on the failure it is for', async () => {
    const result = await checkAlertRules(withExpr(monitoring, 'VpsieAutoscalerVpsieApiErrors', 'sum by (type) (rate(vpsie_autoscaler_vpsie_errors_total{type!="not-found"}[5m])) > 10'), testFiles);
    expect(result.ok).toBe(false);
    expect(result.output).toContain('alertname: VpsieAutoscalerVpsieApiErrors');
  });

  it('fail the check when there is no PrometheusRule at all', async () => {
    expect(await checkAlertRules(base)).toEqual({ ok: false, output: 'no PrometheusRule found' });
  });

  it('use only vpsie_autoscaler_ metrics that the controller and the webhook export', () => {
    const registry = createRegistry({ defaultMetrics: false });
    createControllerMetrics(registry);
    createLifecycleMetrics(registry);
    createGroupMetrics(registry);
    createScalingMetrics(registry);
    createVpsieClientMetrics(registry);
    createWebhookMetrics(registry);
    const exported = new Set(registry.getMetricsAsArray().map((m) => m.name));
    const used = new Set(rules(monitoring).flatMap((r) => r.expr.match(/\bvpsie_autoscaler_[a-z0-9_]+/g) ?? []));
    expect(used.size).toBeGreaterThan(5);
    for (const name of used) expect({ name, exported: exported.has(name) || exported.has(name.replace(/_(count|sum|bucket)$/, '')) }).toEqual({ name, exported: true });
  });

  it('name as jobs exactly the Services the ServiceMonitor scrapes on their metrics port', () => {
    const jobs = new Set(rules(monitoring).flatMap((r) => [...r.expr.matchAll(/job="([^"]+)"/g)].map((m) => m[1]!)));
    const monitor = find(monitoring, 'ServiceMonitor', 'vpsie-autoscaler').spec as { selector: { matchLabels: Record<string, string> }; endpoints: Array<{ port: string }>; namespaceSelector: { matchNames: string[] } };
    const scraped = base
      .filter((m) => m.kind === 'Service' && monitor.namespaceSelector.matchNames.includes(m.metadata.namespace!))
      .filter((m) => Object.entries(monitor.selector.matchLabels).every(([k, v]) => m.metadata.labels?.[k] === v))
      .filter((m) => (m.spec as { ports: Array<{ name: string }> }).ports.some((p) => monitor.endpoints.some((e) => e.port === p.name)))
      .map((m) => m.metadata.name);
    expect([...jobs].sort()).toEqual(['vpsie-autoscaler-metrics', 'vpsie-autoscaler-webhook-metrics']);
    expect(scraped.sort()).toEqual([...jobs].sort());
  });
});
