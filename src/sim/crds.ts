import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import type { InternalClient } from './kube/internal-client.ts';
import type { KubeObject } from './kube/types.ts';

/** The project's CRDs: the simulator serves exactly what a real cluster gets from deploy/crds. */
export const CRD_DIRECTORY = fileURLToPath(new URL('../../deploy/crds/', import.meta.url));

export function readManifests(directory: string): KubeObject[] {
  return readdirSync(directory)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort()
    .flatMap((f) => parseAllDocuments(readFileSync(join(directory, f), 'utf8')).map((d) => d.toJSON() as KubeObject))
    .filter((o) => o && typeof o === 'object');
}

export async function installCrds(client: InternalClient, directory = CRD_DIRECTORY): Promise<string[]> {
  const names: string[] = [];
  for (const crd of readManifests(directory)) {
    const existing = client.tryGet('apiextensions.k8s.io/customresourcedefinitions', undefined, crd.metadata.name!);
    if (existing) {
      crd.metadata.resourceVersion = existing.object.metadata.resourceVersion;
      await client.update('apiextensions.k8s.io/customresourcedefinitions', undefined, crd.metadata.name!, crd);
    } else {
      await client.create('apiextensions.k8s.io/customresourcedefinitions', undefined, crd);
    }
    names.push(crd.metadata.name!);
  }
  return names;
}
