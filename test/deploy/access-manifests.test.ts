import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACCESS_KINDS, accessManifests, DEPLOY_DIR, withCaBundle } from '../../src/sim/deploy-access.ts';
import { kustomize, parseManifests } from './manifests.ts';

const byId = (a: { kind: string; metadata: { name: string } }, b: { kind: string; metadata: { name: string } }) => `${a.kind}/${a.metadata.name}`.localeCompare(`${b.kind}/${b.metadata.name}`);

describe('the access manifests the simulator applies without kubectl', () => {
  it('are exactly what kubectl kustomize renders of deploy/base, for the access kinds', async () => {
    const rendered = parseManifests(await kustomize(join(DEPLOY_DIR, 'base'))).filter((m) => ACCESS_KINDS.has(m.kind));
    const ours = accessManifests();
    expect(ours.length).toBeGreaterThanOrEqual(6);
    expect([...ours].sort(byId)).toEqual([...rendered].sort(byId));
  });

  it('refuse a kustomization field they cannot render, naming it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'access-'));
    try {
      writeFileSync(join(dir, 'kustomization.yaml'), 'resources: []\nnamePrefix: x-\n');
      expect(() => accessManifests(dir)).toThrow(/cannot render namePrefix/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('put the CA into every webhook of the configuration, base64 as caBundle is', () => {
    const configured = withCaBundle(accessManifests(), '-----BEGIN CERTIFICATE-----\nX\n-----END CERTIFICATE-----\n');
    const vwc = configured.find((m) => m.kind === 'ValidatingWebhookConfiguration')!;
    const bundles = (vwc.webhooks as Array<{ clientConfig: { caBundle?: string } }>).map((w) => Buffer.from(w.clientConfig.caBundle ?? '', 'base64').toString());
    expect(bundles.length).toBeGreaterThanOrEqual(3);
    expect(new Set(bundles)).toEqual(new Set(['-----BEGIN CERTIFICATE-----\nX\n-----END CERTIFICATE-----\n']));
  });
});
