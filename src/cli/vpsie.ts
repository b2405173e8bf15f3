import { readFileSync } from 'node:fs';
import { CoreV1Api } from '@kubernetes/client-node';
import type { Command } from 'commander';
import { loadKubeConfig } from '../infra/kube/kubeconfig.ts';
import { asKubeError } from '../infra/kube/errors.ts';
import { DEFAULT_BASE_URL, vpsieCheck, type Credentials } from '../infra/vpsie/index.ts';
import { readVpsieSecret } from '../infra/vpsie/secret-credentials.ts';
import { parseNamespacedName } from './options.ts';

interface CheckOptions {
  kubeconfig?: string;
  secret: { namespace: string; name: string };
  url?: string;
  clientId?: string;
  clientSecretFile?: string;
  caFile?: string;
  datacenter?: string;
  allowInsecureHttp?: boolean;
}

interface CheckTarget {
  url: string;
  credentials: Credentials;
  caPem?: string;
}

/** The credentials from flags, or else from the Secret read through the kubeconfig (in-cluster by default). */
async function target(o: CheckOptions): Promise<CheckTarget> {
  const caPem = o.caFile ? readFileSync(o.caFile, 'utf8') : undefined;
  if (o.url || o.clientId || o.clientSecretFile) {
    if (!o.clientId || !o.clientSecretFile) throw new Error('--client-id and --client-secret-file go together (with --url); or use the Secret through --kubeconfig');
    const clientSecret = readFileSync(o.clientSecretFile, 'utf8').replace(/\r?\n$/, '');
    return { url: o.url ?? DEFAULT_BASE_URL, credentials: { clientId: o.clientId, clientSecret }, caPem };
  }
  const kc = loadKubeConfig({ kubeconfigPath: o.kubeconfig });
  const core = kc.makeApiClient(CoreV1Api);
  let secret;
  try {
    secret = await core.readNamespacedSecret({ namespace: o.secret.namespace, name: o.secret.name });
  } catch (error) {
    throw new Error(`cannot read Secret ${o.secret.namespace}/${o.secret.name}: ${(asKubeError(error) as Error).message}`, { cause: error });
  }
  const contents = readVpsieSecret(secret);
  return { url: contents.credentials.url ?? DEFAULT_BASE_URL, credentials: contents.credentials, caPem: caPem ?? contents.caPem };
}

export function registerVpsie(program: Command): void {
  const vpsie = program.command('vpsie').description('talk to the VPSie API');
  vpsie
    .command('check')
    .description('log in to VPSie, list datacenters and Kubernetes offerings; exit 0 when all works, else print one line saying why')
    .option('--kubeconfig <path>', 'read the credentials Secret through this kubeconfig (default: in-cluster)')
    .option('--secret <namespace/name>', 'the credentials Secret', parseNamespacedName, { namespace: 'kube-system', name: 'vpsie-secret' })
    .option('--url <url>', 'VPSie API base URL (instead of the Secret)')
    .option('--client-id <id>', 'API client id (instead of the Secret)')
    .option('--client-secret-file <path>', 'file holding the API client secret (never pass a secret on the command line)')
    .option('--ca-file <path>', 'PEM CA bundle to trust for the VPSie endpoint')
    .option('--datacenter <id>', 'datacenter to list Kubernetes offerings for (default: the first available)')
    .option('--allow-insecure-http', 'allow an http:// URL (simulator only)')
    .action(async (o: CheckOptions) => {
      let t: CheckTarget;
      try {
        t = await target(o);
      } catch (error) {
        process.stdout.write(`VPSie check failed: configuration: ${(error as Error).message}\n`);
        process.exitCode = 1;
        return;
      }
      process.exitCode = await vpsieCheck({ ...t, allowInsecureHttp: o.allowInsecureHttp ?? false, datacenter: o.datacenter }, (line) => process.stdout.write(`${line}\n`));
    });
}
