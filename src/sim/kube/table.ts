import { defaultTable } from './builtin/tables.ts';
import type { KubeObject, ResourceType } from './types.ts';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

function partialMetadata(obj: KubeObject): object {
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
}

function row(type: ResourceType, obj: KubeObject, now: number, include: IncludeObject): object {
  const convertor = type.table ?? defaultTable;
  const cells = convertor.cells(obj, now);
  const object = include === 'None' ? undefined : include === 'Object' ? obj : partialMetadata(obj);
  return object ? { cells, object } : { cells };
}

/** A meta.k8s.io/v1 Table, the server-side printing `kubectl get` asks for. */
export function toTable(type: ResourceType, objects: KubeObject[], now: number, include: IncludeObject, listMeta: Record<string, unknown>): object {
  const convertor = type.table ?? defaultTable;
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMeta,
    columnDefinitions: convertor.columns.map((c) => ({ name: c.name, type: c.type, format: c.format ?? '', description: c.description ?? '', priority: c.priority ?? 0 })),
    rows: objects.map((o) => row(type, o, now, include)),
  };
}
