import { createHash } from 'node:crypto';
import type { TypeRegistry } from './registry.ts';
import type { ResourceType } from './types.ts';
import { apiVersionOf } from './types.ts';

/** The OpenAPI definition name the real server gives a kind (`io.k8s.api.core.v1.Pod`, `com.vpsie.autoscaler.v1alpha1.NodeGroup`). */
export function definitionName(t: Pick<ResourceType, 'group' | 'version' | 'kind' | 'crdName'>): string {
  if (t.crdName) return `${t.group.split('.').reverse().join('.')}.${t.version}.${t.kind}`;
  if (t.group === 'apiextensions.k8s.io') return `io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.${t.version}.${t.kind}`;
  if (t.group === 'metrics.k8s.io') return `io.k8s.metrics.pkg.apis.metrics.${t.version}.${t.kind}`;
  const g = t.group === '' ? 'core' : t.group.replace(/\.k8s\.io$/, '').replace(/\.authorization$/, '');
  return `io.k8s.api.${g}.${t.version}.${t.kind}`;
}

function gvk(t: ResourceType): object {
  return { group: t.group, version: t.version, kind: t.kind };
}

const QUERY = (name: string) => ({ name, in: 'query', schema: { type: 'string', uniqueItems: true } });
const JSON_BODY = (ref: string) => ({ content: { 'application/json': { schema: { $ref: ref } } } });

function operations(t: ResourceType, ref: string, prefix: string): Record<string, object> {
  const ext = { 'x-kubernetes-group-version-kind': gvk(t) };
  const ok = { responses: { '200': JSON_BODY(ref) } };
  const name = `${t.kind}${t.namespaced ? 'Namespaced' : ''}`;
  const collection = `${prefix}/${t.plural}`;
  const item = `${collection}/{name}`;
  const paths: Record<string, object> = {};
  const writes = !t.readOnly;
  paths[collection] = {
    get: { operationId: `list${name}`, 'x-kubernetes-action': 'list', ...ext, ...ok },
    ...(writes && {
      post: { operationId: `create${name}`, 'x-kubernetes-action': 'post', parameters: [QUERY('dryRun'), QUERY('fieldManager'), QUERY('fieldValidation')], requestBody: JSON_BODY(ref), ...ext, ...ok },
    }),
  };
  paths[item] = {
    get: { operationId: `read${name}`, 'x-kubernetes-action': 'get', ...ext, ...ok },
    ...(writes && {
      put: { operationId: `replace${name}`, 'x-kubernetes-action': 'put', parameters: [QUERY('dryRun'), QUERY('fieldManager'), QUERY('fieldValidation')], requestBody: JSON_BODY(ref), ...ext, ...ok },
      // kubectl trusts the server to validate fields only when the PATCH operation of the kind
      // declares `fieldValidation`; without it, kubectl falls back to protobuf OpenAPI v2.
      patch: {
        operationId: `patch${name}`,
        'x-kubernetes-action': 'patch',
        parameters: [QUERY('dryRun'), QUERY('fieldManager'), QUERY('fieldValidation'), { name: 'force', in: 'query', schema: { type: 'boolean' } }],
        requestBody: {
          // Strategic merge is accepted for built-in types but not advertised: kubectl would then
          // compute its patches from these schemas, which describe only the envelope, and warn;
          // without it, kubectl falls back to the patch metadata compiled into it.
          content: Object.fromEntries(['application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml'].map((m) => [m, { schema: { type: 'object' } }])),
        },
        ...ext,
        ...ok,
      },
      delete: { operationId: `delete${name}`, 'x-kubernetes-action': 'delete', parameters: [QUERY('dryRun'), { name: 'gracePeriodSeconds', in: 'query', schema: { type: 'integer' } }, QUERY('propagationPolicy')], ...ext, ...ok },
    }),
  };
  return paths;
}

/** The schema of a built-in kind: its envelope only; the simulator does not ship the full type definitions. */
function builtinSchema(t: ResourceType): object {
  return {
    type: 'object',
    description: `${t.kind} (simulated API server: fields beyond the envelope are not described).`,
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
    },
    'x-kubernetes-preserve-unknown-fields': true,
    'x-kubernetes-group-version-kind': [gvk(t)],
  };
}

export interface OpenApiSource {
  /** The openAPIV3Schema of a custom resource version. */
  customSchema(t: ResourceType): object | undefined;
}

export function groupVersionDocument(registry: TypeRegistry, group: string, version: string, source: OpenApiSource): object | undefined {
  const types = registry.typesOf(group, version);
  if (types.length === 0) return undefined;
  const paths: Record<string, object> = {};
  const schemas: Record<string, object> = {
    'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta': { type: 'object', description: 'Standard object metadata.', 'x-kubernetes-preserve-unknown-fields': true },
  };
  const root = group === '' ? '/api/v1' : `/apis/${group}/${version}`;
  for (const t of types) {
    const def = definitionName(t);
    const ref = `#/components/schemas/${def}`;
    const custom = source.customSchema(t);
    schemas[def] = custom ? { ...custom, 'x-kubernetes-group-version-kind': [gvk(t)] } : builtinSchema(t);
    Object.assign(paths, operations(t, ref, t.namespaced ? `${root}/namespaces/{namespace}` : root));
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.32.0' }, paths, components: { schemas } };
}

export function openApiIndex(registry: TypeRegistry, hashOf: (path: string) => string): object {
  const paths: Record<string, object> = {};
  for (const gv of registry.groupVersions()) {
    const path = gv.group === '' ? 'api/v1' : `apis/${apiVersionOf(gv)}`;
    paths[path] = { serverRelativeURL: `/openapi/v3/${path}?hash=${hashOf(path)}` };
  }
  return { paths };
}

export function contentHash(body: string): string {
  return createHash('sha512').update(body).digest('hex').slice(0, 128).toUpperCase();
}
