import { rmSync } from 'node:fs';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.ts';
import { flagValues } from '../../src/cli/run.ts';
import { loadConfig } from '../../src/infra/config/load.ts';
import { DEPLOY_DIR, DeployCopy, find, kustomize, type Manifest, parseManifests, WEBHOOK_SERVICE_HOST } from './manifests.ts';

let copy: DeployCopy;
let all: Manifest[];
let base: Manifest[];
let production: Manifest[];
let development: Manifest[];

beforeAll(async () => {
  copy = new DeployCopy();
  [all, base, production, development] = await Promise.all([copy.render('all'), copy.render('base'), copy.render('production'), copy.render('development')]);
});
afterAll(() => copy.remove());

type Container = { name: string; args: string[]; command: string[]; image: string; ports?: Array<{ name: string; containerPort: number }>; [k: string]: unknown };
type PodSpec = { containers: Container[]; volumes?: Array<{ name: string; secret?: { secretName: string } }>; [k: string]: unknown };

function podSpec(manifests: Manifest[], deployment: string): PodSpec {
  return (find(manifests, 'Deployment', deployment).spec as { template: { spec: PodSpec } }).template.spec;
}

function replicas(manifests: Manifest[], deployment: string): number {
  return (find(manifests, 'Deployment', deployment).spec as { replicas: number }).replicas;
}

type Webhook = { name: string; clientConfig: { caBundle?: string; service: { name: string; namespace: string; path: string; port: number } }; matchConditions?: Array<{ expression: string }>; [k: string]: unknown };

function webhooks(manifests: Manifest[]): Webhook[] {
  return find(manifests, 'ValidatingWebhookConfiguration', 'vpsie-autoscaler').webhooks as Webhook[];
}

describe('deploy/ (kubectl apply -k deploy/)', () => {
  it('renders the two CRDs and the base', () => {
    expect(all.filter((m) => m.kind === 'CustomResourceDefinition').map((m) => m.metadata.name).sort()).toEqual(['nodegroups.autoscaler.vpsie.com', 'vpsienodes.autoscaler.vpsie.com']);
    expect(all.filter((m) => m.kind !== 'CustomResourceDefinition')).toEqual(base);
  });

  it('puts every namespaced object in kube-system', () => {
    const clusterScoped = new Set(['CustomResourceDefinition', 'ClusterRole', 'ClusterRoleBinding', 'ValidatingWebhookConfiguration']);
    for (const m of all.filter((o) => !clusterScoped.has(o.kind))) expect(`${m.kind}/${m.metadata.name} in ${m.metadata.namespace}`).toBe(`${m.kind}/${m.metadata.name} in kube-system`);
  });

  it('carries no credentials Secret (a placeholder must never overwrite real credentials) and no webhook certificate', () => {
    expect(all.filter((m) => m.kind === 'Secret')).toEqual([]);
    for (const w of webhooks(base)) expect(w.clientConfig.caBundle).toBeUndefined();
  });
});

/** A subcommand of the real CLI with `args` parsed into its options (its action is not run). */
function parsed(command: string, args: string[]): { options: Record<string, unknown>; unknown: string[] } {
  const cmd = buildProgram().commands.find((c: Command) => c.name() === command)!;
  const { operands, unknown } = cmd.parseOptions(args);
  return { options: cmd.opts(), unknown: [...operands, ...unknown] };
}

describe('the controller Deployment', () => {
  it('runs `node dist/src/cli.js run` with two replicas and leader election on', () => {
    const [c] = podSpec(base, 'vpsie-autoscaler').containers;
    expect(replicas(base, 'vpsie-autoscaler')).toBe(2);
    expect(c!.command).toEqual(['node', 'dist/src/cli.js']);
    expect(c!.args[0]).toBe('run');
    expect(c!.args).toContain('--leader-elect-enabled=true');
    expect(c!.args).toContain('--leader-elect-name=vpsie-autoscaler');
    expect(podSpec(base, 'vpsie-autoscaler').serviceAccountName).toBe('vpsie-autoscaler');
  });

  it('passes only settings the CLI accepts, and they configure what the manifests expect', () => {
    for (const manifests of [base, production, development]) {
      const [c] = podSpec(manifests, 'vpsie-autoscaler').containers;
      const { options, unknown } = parsed('run', c!.args.slice(1));
      expect(unknown).toEqual([]);
      const env = Object.fromEntries(((c!.env ?? []) as Array<{ name: string }>).map((e) => [e.name, 'pod-a']));
      const config = loadConfig({ env, flags: flagValues(options) });
      expect(config).toMatchObject({
        leaderElection: { enabled: true, namespace: 'kube-system', name: 'vpsie-autoscaler', identity: 'pod-a' },
        vpsie: { secretNamespace: 'kube-system', secretName: 'vpsie-secret' },
        metrics: { host: '0.0.0.0', port: 8080 },
      });
    }
  });

  it('probes /healthz and /readyz on the metrics port 8080, which its Service exposes', () => {
    const [c] = podSpec(base, 'vpsie-autoscaler').containers;
    expect(c!.ports).toEqual([{ name: 'metrics', containerPort: 8080, protocol: 'TCP' }]);
    expect(c!.args).toContain('--metrics-port=8080');
    expect(c!.livenessProbe).toMatchObject({ httpGet: { path: '/healthz', port: 'metrics' } });
    expect(c!.readinessProbe).toMatchObject({ httpGet: { path: '/readyz', port: 'metrics' } });
    expect(find(base, 'Service', 'vpsie-autoscaler-metrics').spec).toMatchObject({ ports: [{ name: 'metrics', port: 8080, targetPort: 'metrics' }] });
  });

  it('runs as non-root with a read-only root filesystem, no capabilities, RuntimeDefault seccomp and bounded memory', () => {
    for (const deployment of ['vpsie-autoscaler', 'vpsie-autoscaler-webhook']) {
      const spec = podSpec(base, deployment);
      expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      for (const c of spec.containers) {
        expect(c.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
        expect(c.resources).toMatchObject({ requests: { cpu: expect.any(String), memory: expect.any(String) }, limits: { memory: expect.any(String) } });
      }
    }
  });
});

describe('the webhook Deployment', () => {
  it('runs `webhook --cert --key --port 9443` with the serving certificate from a mounted Secret', () => {
    const spec = podSpec(base, 'vpsie-autoscaler-webhook');
    const [c] = spec.containers;
    expect(c!.args.slice(0, 4)).toEqual(['webhook', '--cert=/etc/vpsie-autoscaler/webhook-tls/tls.crt', '--key=/etc/vpsie-autoscaler/webhook-tls/tls.key', '--port=9443']);
    expect(c!.volumeMounts).toContainEqual({ name: 'webhook-tls', mountPath: '/etc/vpsie-autoscaler/webhook-tls', readOnly: true });
    expect(spec.volumes).toContainEqual(expect.objectContaining({ name: 'webhook-tls', secret: expect.objectContaining({ secretName: 'vpsie-autoscaler-webhook-tls' }) }));
  });

  it('passes only options the webhook command accepts', () => {
    for (const manifests of [base, production, development]) {
      const [c] = podSpec(manifests, 'vpsie-autoscaler-webhook').containers;
      expect(c!.args[0]).toBe('webhook');
      const { options, unknown } = parsed('webhook', c!.args.slice(1));
      expect(unknown).toEqual([]);
      expect(options).toMatchObject({ cert: '/etc/vpsie-autoscaler/webhook-tls/tls.crt', key: '/etc/vpsie-autoscaler/webhook-tls/tls.key', port: 9443, metricsPort: 8080 });
      expect(c!.ports).toEqual([{ name: 'webhook', containerPort: options.port, protocol: 'TCP' }, { name: 'metrics', containerPort: options.metricsPort, protocol: 'TCP' }]);
    }
  });

  it('holds no service-account token: it calls no Kubernetes API', () => {
    expect(podSpec(base, 'vpsie-autoscaler-webhook')).toMatchObject({ serviceAccountName: 'vpsie-autoscaler-webhook', automountServiceAccountToken: false });
    expect(find(base, 'ServiceAccount', 'vpsie-autoscaler-webhook').automountServiceAccountToken).toBe(false);
    const bound = base.filter((m) => m.kind.endsWith('Binding')).flatMap((m) => (m.subjects as Array<{ name: string }>).map((s) => s.name));
    expect(bound).not.toContain('vpsie-autoscaler-webhook');
  });

  it('is reached through Service vpsie-autoscaler-webhook on 443, as every webhook of the configuration calls it', () => {
    expect(find(base, 'Service', 'vpsie-autoscaler-webhook').spec).toMatchObject({ ports: [{ port: 443, targetPort: 'webhook' }] });
    for (const w of webhooks(base)) expect(w.clientConfig.service).toMatchObject({ name: 'vpsie-autoscaler-webhook', namespace: 'kube-system', port: 443 });
  });

  it('constrains the same identity the node-deletion matchCondition names and the controller runs as', () => {
    const username = 'system:serviceaccount:kube-system:vpsie-autoscaler';
    expect(podSpec(base, 'vpsie-autoscaler-webhook').containers[0]!.args).toContain(`--autoscaler-username=${username}`);
    const guard = webhooks(base).find((w) => w.name === 'node-deletion.autoscaler.vpsie.com')!;
    expect(guard.matchConditions).toEqual([{ name: 'autoscaler-only', expression: `request.userInfo.username == '${username}'` }]);
    const sa = find(base, 'ServiceAccount', 'vpsie-autoscaler');
    expect(`system:serviceaccount:${sa.metadata.namespace}:${sa.metadata.name}`).toBe(username);
  });
});

describe('the ValidatingWebhookConfiguration', () => {
  it('has the three webhooks on their paths, v1 reviews, no side effects, a timeout', () => {
    expect(webhooks(base).map((w) => [w.name, w.clientConfig.service.path])).toEqual([
      ['nodegroups.autoscaler.vpsie.com', '/validate/nodegroups'],
      ['vpsienodes.autoscaler.vpsie.com', '/validate/vpsienodes'],
      ['node-deletion.autoscaler.vpsie.com', '/validate/node-deletion'],
    ]);
    for (const w of webhooks(base)) expect(w).toMatchObject({ admissionReviewVersions: ['v1'], sideEffects: 'None', failurePolicy: 'Fail', timeoutSeconds: 5 });
  });

  it('sends NodeGroup and VPSieNode creates and updates, and only Node deletions', () => {
    const rules = Object.fromEntries(webhooks(base).map((w) => [w.name, w.rules]));
    expect(rules).toEqual({
      'nodegroups.autoscaler.vpsie.com': [{ operations: ['CREATE', 'UPDATE'], apiGroups: ['autoscaler.vpsie.com'], apiVersions: ['v1alpha1'], resources: ['nodegroups'], scope: 'Namespaced' }],
      'vpsienodes.autoscaler.vpsie.com': [{ operations: ['CREATE', 'UPDATE'], apiGroups: ['autoscaler.vpsie.com'], apiVersions: ['v1alpha1'], resources: ['vpsienodes'], scope: 'Namespaced' }],
      'node-deletion.autoscaler.vpsie.com': [{ operations: ['DELETE'], apiGroups: [''], apiVersions: ['v1'], resources: ['nodes'], scope: 'Cluster' }],
    });
  });
});

describe('overlays', () => {
  it('production: cert-manager issues the certificate for the Service name into the mounted Secret and injects its CA', () => {
    const certificate = find(production, 'Certificate', 'vpsie-autoscaler-webhook');
    expect(certificate.metadata.namespace).toBe('kube-system');
    expect(certificate.spec).toMatchObject({ secretName: 'vpsie-autoscaler-webhook-tls', dnsNames: expect.arrayContaining([WEBHOOK_SERVICE_HOST]), issuerRef: { kind: 'Issuer', name: 'vpsie-autoscaler-selfsigned' } });
    find(production, 'Issuer', 'vpsie-autoscaler-selfsigned');
    const configuration = find(production, 'ValidatingWebhookConfiguration', 'vpsie-autoscaler');
    expect(configuration.metadata.annotations).toEqual({ 'cert-manager.io/inject-ca-from': 'kube-system/vpsie-autoscaler-webhook' });
  });

  it('production: two replicas of each, a pinned image tag', () => {
    expect(replicas(production, 'vpsie-autoscaler')).toBe(2);
    expect(replicas(production, 'vpsie-autoscaler-webhook')).toBe(2);
    for (const d of ['vpsie-autoscaler', 'vpsie-autoscaler-webhook']) expect(podSpec(production, d).containers[0]!.image).toBe('vpsie-autoscaler:0.1.0');
  });

  it('development: the provided CA is every webhook caBundle, and the webhook mounts the Secret built from the files', () => {
    for (const w of webhooks(development)) expect(Buffer.from(w.clientConfig.caBundle!, 'base64').toString('utf8')).toBe(copy.ca.certPem);
    const secret = development.find((m) => m.kind === 'Secret')!;
    expect(secret).toMatchObject({ type: 'kubernetes.io/tls', metadata: { namespace: 'kube-system' } });
    expect(Object.keys(secret.data as object).sort()).toEqual(['ca.crt', 'tls.crt', 'tls.key']);
    const volume = podSpec(development, 'vpsie-autoscaler-webhook').volumes!.find((v) => v.name === 'webhook-tls')!;
    expect(volume.secret!.secretName).toBe(secret.metadata.name);
  });

  it('development: one replica of each, debug logs, the actor view on loopback port 8090', () => {
    expect(replicas(development, 'vpsie-autoscaler')).toBe(1);
    expect(replicas(development, 'vpsie-autoscaler-webhook')).toBe(1);
    const controller = podSpec(development, 'vpsie-autoscaler').containers[0]!;
    expect(controller.args).toEqual(expect.arrayContaining(['--log-level=debug', '--debug-host=127.0.0.1', '--debug-port=8090']));
    expect(podSpec(development, 'vpsie-autoscaler-webhook').containers[0]!.args).toContain('--log-level=debug');
  });

  it('development does not render without the certificate files, and says which file is missing', async () => {
    const clean = new DeployCopy(DEPLOY_DIR);
    try {
      for (const f of ['ca.crt', 'tls.crt', 'tls.key']) rmSync(clean.file(`components/webhook-provided-ca/certs/${f}`));
      await expect(kustomize(clean.path('development'))).rejects.toThrow(/certs\/tls\.crt|certs\/tls\.key|certs\/ca\.crt/);
    } finally {
      clean.remove();
    }
  });

  it('deploy/ and the production overlay render in place, as `kubectl apply -k` reads them, the same as in the copy', async () => {
    expect(parseManifests(await kustomize(DEPLOY_DIR))).toEqual(all);
    expect(parseManifests(await kustomize(`${DEPLOY_DIR}overlays/production`))).toEqual(production);
  });
});
