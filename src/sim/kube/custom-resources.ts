import { compileJsonPath, printerCell } from './jsonpath/index.ts';
import type { TypeRegistry } from './registry.ts';
import type { CompiledSchema } from './schema/index.ts';
import { compileStructuralSchema } from './schema/index.ts';
import type { Change, ObjectStore } from './store.ts';
import type { KubeObject, ResourceType, TableColumn, TableConvertor } from './types.ts';
import { storageKeyOf } from './types.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- CRDs are read as loose JSON

const CRD_KEY = 'apiextensions.k8s.io/customresourcedefinitions';

function dotted(path: string | undefined): string[] | undefined {
  return path ? path.replace(/^\./, '').split('.') : undefined;
}

function tableOf(columns: Json[] | undefined): TableConvertor {
  const defs = (columns ?? []).map((c) => ({ column: c, evaluate: compileJsonPath(String(c.jsonPath)) }));
  const tableColumns: TableColumn[] = [
    { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace.' },
    ...defs.map(({ column }) => ({
      name: String(column.name),
      type: column.type as TableColumn['type'],
      ...(column.format ? { format: String(column.format) } : {}),
      ...(column.description ? { description: String(column.description) } : {}),
      ...(column.priority ? { priority: Number(column.priority) } : {}),
    })),
  ];
  // Without printer columns of its own, a custom resource shows NAME and AGE.
  if (defs.length === 0) tableColumns.push({ name: 'Age', type: 'date' });
  return {
    columns: tableColumns,
    cells(obj: KubeObject, now: number) {
      if (defs.length === 0) return [obj.metadata.name, printerCell([obj.metadata.creationTimestamp], 'date', { now })];
      return [obj.metadata.name, ...defs.map(({ column, evaluate }) => printerCell(evaluate(obj), column.type, { now }))];
    },
  };
}

/** The custom resource types a CRD defines, one per served version. */
export function typesFromCrd(crd: KubeObject): ResourceType[] {
  const spec = crd.spec as Json;
  const names = spec.names as Json;
  return (spec.versions as Json[])
    .filter((v) => v.served)
    .map((v): ResourceType => {
      const subresources = (v.subresources ?? {}) as Json;
      const scale = subresources.scale as Json | undefined;
      return {
        group: spec.group,
        version: v.name,
        kind: names.kind,
        listKind: names.listKind ?? `${names.kind}List`,
        plural: names.plural,
        singular: names.singular ?? String(names.kind).toLowerCase(),
        namespaced: spec.scope === 'Namespaced',
        shortNames: names.shortNames ?? [],
        categories: names.categories ?? [],
        verbs: ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'],
        subresources: [...(subresources.status ? (['status'] as const) : []), ...(scale ? (['scale'] as const) : [])],
        statusSubresource: Boolean(subresources.status),
        tracksGeneration: true,
        allowUnconditionalUpdate: false,
        nameRule: 'dns1123Subdomain',
        scale: scale
          ? { specReplicasPath: dotted(scale.specReplicasPath)!, statusReplicasPath: dotted(scale.statusReplicasPath)!, labelSelectorPath: dotted(scale.labelSelectorPath) }
          : undefined,
        table: tableOf(v.additionalPrinterColumns),
        crdName: crd.metadata.name,
      };
    });
}

/**
 * Serves the types of established CRDs and holds their compiled schemas — the part of
 * apiextensions-apiserver that turns a stored CRD into an API.
 */
export class CustomResources {
  #schemas = new Map<string, CompiledSchema>();
  #rawSchemas = new Map<string, object>();
  #registry: TypeRegistry;
  #store: ObjectStore;

  constructor(registry: TypeRegistry, store: ObjectStore) {
    this.#registry = registry;
    this.#store = store;
    store.subscribe((change) => this.#onChange(change));
  }

  schemaOf(type: ResourceType): CompiledSchema | undefined {
    return type.crdName ? this.#schemas.get(`${type.crdName}/${type.version}`) : undefined;
  }

  /** The openAPIV3Schema of a custom resource version, for the OpenAPI documents. */
  rawSchemaOf(type: ResourceType): object | undefined {
    return type.crdName ? this.#rawSchemas.get(`${type.crdName}/${type.version}`) : undefined;
  }

  #onChange(change: Change): void {
    if (change.storageKey !== CRD_KEY) return;
    const crd = change.current.object;
    const name = crd.metadata.name!;
    if (change.type === 'DELETED') {
      const gone = this.#registry.all().filter((t) => t.crdName === name);
      this.#registry.removeCustomTypes(name);
      for (const t of gone) this.#store.dropCollection(storageKeyOf(t));
      for (const key of [...this.#schemas.keys()]) {
        if (key.startsWith(`${name}/`)) {
          this.#schemas.delete(key);
          this.#rawSchemas.delete(key);
        }
      }
      return;
    }
    // A CRD being deleted keeps serving until its instances are cleaned up.
    for (const v of (crd.spec as Json).versions as Json[]) {
      const schema = v.schema?.openAPIV3Schema as object | undefined;
      if (!schema) continue;
      this.#schemas.set(`${name}/${v.name}`, compileStructuralSchema(schema));
      this.#rawSchemas.set(`${name}/${v.name}`, schema);
    }
    this.#registry.setCustomTypes(name, typesFromCrd(crd));
  }
}
