import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import { stringify } from 'yaml';
import { loadKubeConfig } from '../../src/infra/kube/kubeconfig.ts';
import { createRegistry } from '../../src/infra/metrics/registry.ts';
import { createCertificateAuthority, type CertificateAuthority } from '../../src/sim/certs.ts';
import type { SimClusterOptions } from '../../src/sim/cluster.ts';
import { ACCESS_KINDS, withCaBundle } from '../../src/sim/deploy-access.ts';
import { startWebhookServer, type WebhookServer } from '../../webhook/server.ts';
import { DEPLOY_DIR, kubectlWithInput, kustomize, type Manifest, parseManifests, WEBHOOK_SERVICE_HOST } from '../deploy/manifests.ts';
import { captureLogger } from '../support/log.ts';
import { startHarness, type KubectlResult, type SimHarness } from '../support/sim.ts';

export const AUTOSCALER_NAMESPACE = 'kube-system';
export const AUTOSCALER_SERVICE_ACCOUNT = 'vpsie-autoscaler';
export const AUTOSCALER_USERNAME = `system:serviceaccount:${AUTOSCALER_NAMESPACE}:${AUTOSCALER_SERVICE_ACCOUNT}`;

/**
 * The simulated cluster with RBAC enforced and deploy/'s RBAC and ValidatingWebhookConfiguration
 * applied (caBundle: a test CA), calling a real webhook server whose certificate that CA issued
 * for vpsie-autoscaler-webhook.kube-system.svc — the name the API server verifies, as in a cluster.
 */
export interface GuardedCluster {
  readonly sim: SimHarness;
  readonly ca: CertificateAuthority;
  /** The manifests applied, as rendered from deploy/base with the caBundle set. */
  readonly applied: Manifest[];
  /** The webhook's log lines (JSON). */
  webhookLog(): string;
  /** The webhook's metrics, in the Prometheus text format. */
  webhookMetrics(): Promise<string>;
  /** The serving certificate and key files (issued by `ca`). */
  readonly certFile: string;
  readonly keyFile: string;
  /** Stops the webhook server: the API server's calls to it then fail. */
  stopWebhook(): Promise<void>;
  startWebhook(): Promise<void>;
  /** Sends the API server's webhook calls to another server (e.g. one the CLI runs). */
  routeWebhookTo(url: string): void;
  /** The autoscaler's service-account token, as a kubeconfig for client-node. */
  autoscalerKubeConfig(): KubeConfig;
  /** kubectl holding the autoscaler's service-account token. */
  kubectlWithAutoscalerToken(...args: string[]): Promise<KubectlResult>;
  /** kubectl as the admin, impersonating the autoscaler (`--as`). */
  kubectlAsAutoscaler(...args: string[]): Promise<KubectlResult>;
  /** kubectl apply -f - as the admin. */
  apply(...objects: object[]): Promise<KubectlResult>;
  close(): Promise<void>;
}

export interface GuardedClusterOptions {
  living?: SimClusterOptions['living'];
  timeScale?: number;
  /** Edits the rendered base before it is applied (e.g. to drop one RBAC rule). */
  editManifests?: (manifests: Manifest[]) => Manifest[];
}

export async function startGuardedCluster(options: GuardedClusterOptions = {}): Promise<GuardedCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'vpsie-webhook-e2e-'));
  const ca = createCertificateAuthority('vpsie-autoscaler-webhook-e2e-ca');
  const serving = ca.issue({ dns: [WEBHOOK_SERVICE_HOST] });
  const certFile = join(dir, 'tls.crt');
  const keyFile = join(dir, 'tls.key');
  writeFileSync(certFile, serving.certPem);
  writeFileSync(keyFile, serving.keyPem, { mode: 0o600 });
  const logs = captureLogger('info');
  const registry = createRegistry({ defaultMetrics: false });
  let webhook: WebhookServer | undefined;
  // The last address stays resolvable after a stop, as a Service's ClusterIP does: calls are refused.
  let webhookUrl: string | undefined;
  const startWebhook = async () => {
    webhook = await startWebhookServer({ certFile, keyFile, port: 0, host: '127.0.0.1', autoscalerUsername: AUTOSCALER_USERNAME, logger: logs.log, registry });
    webhookUrl = webhook.url;
  };
  await startWebhook();

  let sim: SimHarness | undefined;
  try {
    sim = await startHarness({
      api: {
        rbac: true,
        admission: { resolveService: (namespace, name, port) => (namespace === AUTOSCALER_NAMESPACE && name === 'vpsie-autoscaler-webhook' && port === 443 ? webhookUrl : undefined) },
      },
      ...(options.living !== undefined ? { living: options.living } : {}),
      ...(options.timeScale !== undefined ? { timeScale: options.timeScale } : {}),
    });
    const harness = sim;
    const cacheDir = join(dir, 'cache');
    const kubectl = (kubeconfigPath: string, args: string[]) =>
      new Promise<KubectlResult>((resolve) => {
        execFile('kubectl', ['--kubeconfig', kubeconfigPath, '--cache-dir', cacheDir, ...args], { timeout: 20_000 }, (error, stdout, stderr) => {
          resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
        });
      });
    const apply = (...objects: object[]) => kubectlWithInput(harness.kubeconfigPath, cacheDir, objects.map((o) => stringify(o)).join('---\n'), 'apply', '-f', '-');

    // Rendered by kubectl itself here, as a user would; the simulator's own renderer is tested against it.
    const withCa = withCaBundle(parseManifests(await kustomize(join(DEPLOY_DIR, 'base'))).filter((m) => ACCESS_KINDS.has(m.kind)), ca.certPem);
    const applied = options.editManifests ? options.editManifests(withCa) : withCa;
    const result = await apply(...applied);
    if (result.code !== 0) throw new Error(`applying deploy/base failed: ${result.stderr}`);

    const token = harness.cluster.api.tokenForServiceAccount(AUTOSCALER_NAMESPACE, AUTOSCALER_SERVICE_ACCOUNT);
    const autoscalerKubeconfig = harness.cluster.api.kubeConfig({ token, user: AUTOSCALER_SERVICE_ACCOUNT });
    const autoscalerKubeconfigPath = join(dir, 'autoscaler.kubeconfig');
    writeFileSync(autoscalerKubeconfigPath, autoscalerKubeconfig, { mode: 0o600 });

    return {
      sim: harness,
      ca,
      applied,
      webhookLog: () => logs.text(),
      webhookMetrics: () => registry.metrics(),
      certFile,
      keyFile,
      routeWebhookTo(url) {
        webhookUrl = url;
      },
      async stopWebhook() {
        await webhook?.close();
        webhook = undefined;
      },
      startWebhook,
      autoscalerKubeConfig: () => loadKubeConfig({ kubeconfigText: autoscalerKubeconfig }),
      kubectlWithAutoscalerToken: (...args) => kubectl(autoscalerKubeconfigPath, args),
      kubectlAsAutoscaler: (...args) => kubectl(harness.kubeconfigPath, [`--as=${AUTOSCALER_USERNAME}`, ...args]),
      apply,
      async close() {
        await webhook?.close();
        await harness.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await webhook?.close();
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** A Node as a kubelet registers it, with the labels that decide whether the autoscaler may delete it. */
export function nodeObject(name: string, labels: Record<string, string>): object {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } }, spec: {} };
}
