import { execFile, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { DEPLOY_DIR, type Manifest, WEBHOOK_SERVICE } from '../../src/sim/deploy-access.ts';
import { createCertificateAuthority, type CertificateAuthority } from '../../src/sim/certs.ts';

export { DEPLOY_DIR, type Manifest } from '../../src/sim/deploy-access.ts';

/** The name the API server verifies the webhook's certificate for (Service name, namespace, `svc`). */
export const WEBHOOK_SERVICE_HOST = WEBHOOK_SERVICE.host;

/** `kubectl kustomize <dir>`: the YAML a `kubectl apply -k <dir>` would send. */
export function kustomize(dir: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile('kubectl', ['kustomize', dir], { maxBuffer: 32 * 1024 * 1024, timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`kubectl kustomize ${dir} failed: ${stderr.trim() || error.message}`));
      else resolvePromise(stdout);
    });
  });
}

export function parseManifests(text: string): Manifest[] {
  return parseAllDocuments(text)
    .map((document) => {
      if (document.errors.length > 0) throw new Error(`bad YAML: ${document.errors[0]!.message}`);
      return document.toJS() as Manifest | null;
    })
    .filter((m): m is Manifest => m !== null);
}

export function find(manifests: Manifest[], kind: string, name: string): Manifest {
  const found = manifests.find((m) => m.kind === kind && m.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} among ${manifests.map((m) => `${m.kind}/${m.metadata.name}`).join(', ')}`);
  return found;
}

export interface KubectlOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs kubectl with `input` on its standard input, e.g. `kubectl apply -f -` of rendered YAML. */
export function kubectlWithInput(kubeconfigPath: string, cacheDir: string, input: string, ...args: string[]): Promise<KubectlOutcome> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('kubectl', ['--kubeconfig', kubeconfigPath, '--cache-dir', cacheDir, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill(), 60_000);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code: code ?? 1, stdout, stderr });
    });
    child.stdin.end(input);
  });
}

/** The kustomizations a deployment is made from, relative to deploy/. */
export const KUSTOMIZATIONS = {
  all: '.',
  base: 'base',
  production: 'overlays/production',
  development: 'overlays/development',
  monitoring: 'monitoring',
} as const;

export type KustomizationName = keyof typeof KUSTOMIZATIONS;

/**
 * deploy/ copied to a temporary directory, with webhook certificate files from a throwaway CA in
 * components/webhook-provided-ca/certs, where a user puts theirs: the overlays that use that
 * component render only with them, and the real ones are never committed.
 */
export class DeployCopy {
  readonly dir: string;
  readonly ca: CertificateAuthority;

  constructor(source = DEPLOY_DIR) {
    this.dir = mkdtempSync(join(tmpdir(), 'vpsie-deploy-'));
    cpSync(source, this.dir, { recursive: true });
    this.ca = createCertificateAuthority('vpsie-autoscaler-webhook-test-ca');
    const serving = this.ca.issue({ dns: [WEBHOOK_SERVICE_HOST, `${WEBHOOK_SERVICE_HOST}.cluster.local`] });
    const certs = join(this.dir, 'components/webhook-provided-ca/certs');
    writeFileSync(join(certs, 'ca.crt'), this.ca.certPem);
    writeFileSync(join(certs, 'tls.crt'), serving.certPem);
    writeFileSync(join(certs, 'tls.key'), serving.keyPem);
  }

  path(kustomization: KustomizationName): string {
    return join(this.dir, KUSTOMIZATIONS[kustomization]);
  }

  async render(kustomization: KustomizationName): Promise<Manifest[]> {
    return parseManifests(await kustomize(this.path(kustomization)));
  }

  /** A path inside the copy for a path inside deploy/ (to edit the copy, never the original). */
  file(pathInDeploy: string): string {
    const target = resolve(this.dir, pathInDeploy);
    if (relative(this.dir, target).startsWith('..')) throw new Error(`${pathInDeploy} is outside deploy/`);
    return target;
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * Every kustomization rendered once for a test file, from a private copy of deploy/: the map is
 * filled before the file's tests run and the copy removed after them.
 */
export function renderEveryKustomization(hooks: { beforeAll: (fn: () => Promise<void>) => void; afterAll: (fn: () => void) => void }): Map<KustomizationName, Manifest[]> {
  const rendered = new Map<KustomizationName, Manifest[]>();
  let copy: DeployCopy | undefined;
  hooks.beforeAll(async () => {
    copy = new DeployCopy();
    for (const name of Object.keys(KUSTOMIZATIONS) as KustomizationName[]) rendered.set(name, await copy.render(name));
  });
  hooks.afterAll(() => copy?.remove());
  return rendered;
}
