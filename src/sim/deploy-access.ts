import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';

export const DEPLOY_DIR = fileURLToPath(new URL('../../deploy/', import.meta.url));

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; annotations?: Record<string, string>; labels?: Record<string, string> };
  [field: string]: unknown;
}

/** The webhook's Service in deploy/base, and the DNS name its serving certificate must carry. */
export const WEBHOOK_SERVICE = { namespace: 'kube-system', name: 'vpsie-autoscaler-webhook', port: 443, host: 'vpsie-autoscaler-webhook.kube-system.svc' } as const;

/** The autoscaler's service account in deploy/base, which the controller runs as. */
export const AUTOSCALER_SERVICE_ACCOUNT = { namespace: 'kube-system', name: 'vpsie-autoscaler' } as const;

/** What of deploy/ the API server itself acts on: identities, their rights, the webhook configuration. */
export const ACCESS_KINDS: ReadonlySet<string> = new Set(['ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding', 'ValidatingWebhookConfiguration']);

const CLUSTER_SCOPED = new Set(['ClusterRole', 'ClusterRoleBinding', 'ValidatingWebhookConfiguration']);

/** Kustomization fields that change none of the access kinds (images only touch containers). */
const UNDERSTOOD = new Set(['apiVersion', 'kind', 'namespace', 'labels', 'resources', 'images']);

interface Kustomization {
  namespace?: string;
  labels?: Array<{ pairs: Record<string, string>; includeSelectors?: boolean }>;
  resources?: string[];
}

/**
 * The access objects of a kustomization (deploy/base by default) as `kubectl kustomize` renders
 * them, so the simulator can apply them without kubectl. It knows only the kustomization fields
 * the base uses and refuses any other: a new field must be taught here, not silently ignored.
 */
export function accessManifests(dir = join(DEPLOY_DIR, 'base')): Manifest[] {
  const k = parse(readFileSync(join(dir, 'kustomization.yaml'), 'utf8')) as Kustomization & Record<string, unknown>;
  const unknown = Object.keys(k).filter((key) => !UNDERSTOOD.has(key));
  if (unknown.length) throw new Error(`${dir}/kustomization.yaml: the simulator cannot render ${unknown.join(', ')}; render it with kubectl kustomize instead`);
  const labels = Object.assign({}, ...(k.labels ?? []).map((l) => l.pairs)) as Record<string, string>;
  return (k.resources ?? []).flatMap((file) =>
    parseAllDocuments(readFileSync(join(dir, file), 'utf8'))
      .map((d) => d.toJS() as Manifest | null)
      .filter((m): m is Manifest => m !== null && ACCESS_KINDS.has(m.kind))
      .map((m) => ({
        ...m,
        metadata: {
          ...m.metadata,
          ...(k.namespace && !CLUSTER_SCOPED.has(m.kind) ? { namespace: k.namespace } : {}),
          labels: { ...m.metadata.labels, ...labels },
        },
      })),
  );
}

/** The webhook configuration trusting `caPem` (what cert-manager's injector or the provided-CA component does). */
export function withCaBundle(manifests: Manifest[], caPem: string): Manifest[] {
  const caBundle = Buffer.from(caPem).toString('base64');
  return manifests.map((m) =>
    m.kind === 'ValidatingWebhookConfiguration'
      ? { ...m, webhooks: (m.webhooks as Array<{ clientConfig: object }>).map((w) => ({ ...w, clientConfig: { ...w.clientConfig, caBundle } })) }
      : m,
  );
}
