import type { TypeRegistry } from './registry.ts';
import type { ResourceType } from './types.ts';
import { apiVersionOf } from './types.ts';

export const SERVER_VERSION = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0-vpsie-sim',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-01-01T00:00:00Z',
  goVersion: 'go1.23.0',
  compiler: 'gc',
  platform: 'linux/amd64',
};

interface ApiResource {
  name: string;
  singularName: string;
  namespaced: boolean;
  kind: string;
  verbs: string[];
  group?: string;
  version?: string;
  shortNames?: string[];
  categories?: string[];
}

function subresourceEntries(t: ResourceType): ApiResource[] {
  const base = { singularName: t.singular, namespaced: t.namespaced };
  return t.subresources.map((sub): ApiResource => {
    switch (sub) {
      case 'status':
        return { ...base, name: `${t.plural}/status`, kind: t.kind, verbs: ['get', 'patch', 'update'] };
      case 'scale':
        return { ...base, name: `${t.plural}/scale`, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] };
      case 'eviction':
        return { ...base, name: `${t.plural}/eviction`, group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] };
      case 'binding':
        return { ...base, name: `${t.plural}/binding`, kind: 'Binding', verbs: ['create'] };
    }
  });
}

export function resourceList(registry: TypeRegistry, group: string, version: string): object | undefined {
  const types = registry.typesOf(group, version);
  if (types.length === 0) return undefined;
  const resources: ApiResource[] = [];
  for (const t of types.sort((a, b) => a.plural.localeCompare(b.plural))) {
    const entry: ApiResource = { name: t.plural, singularName: t.singular, namespaced: t.namespaced, kind: t.kind, verbs: [...t.verbs] };
    if (t.shortNames.length) entry.shortNames = t.shortNames;
    if (t.categories.length) entry.categories = t.categories;
    resources.push(entry, ...subresourceEntries(t));
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: apiVersionOf({ group, version }), resources };
}

export function coreVersions(serverAddress: string): object {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

function groupEntry(registry: TypeRegistry, name: string): object {
  const versions = registry
    .groupVersions()
    .filter((gv) => gv.group === name)
    .map((gv) => ({ groupVersion: `${name}/${gv.version}`, version: gv.version }));
  return { name, versions, preferredVersion: versions[0] };
}

export function groupList(registry: TypeRegistry): object {
  const names = [...new Set(registry.groupVersions().map((gv) => gv.group))].filter((g) => g !== '');
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: names.map((g) => groupEntry(registry, g)) };
}

export function group(registry: TypeRegistry, name: string): object | undefined {
  if (!registry.groupVersions().some((gv) => gv.group === name)) return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', ...groupEntry(registry, name) };
}
