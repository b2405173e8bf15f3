import { CRD_CLEANUP_FINALIZER } from '../controllers/crd-controller.ts';
import { validateCrdDefinition } from '../schema/index.ts';
import { rfc3339 } from '../time.ts';
import type { KubeObject, TypeStrategy } from '../types.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- CRDs are read as loose JSON

function acceptedNames(spec: Json): Json {
  const names = { ...(spec.names as Json) };
  names.singular ??= String(names.kind ?? '').toLowerCase();
  names.listKind ??= `${names.kind}List`;
  return names;
}

function defaultSpec(obj: KubeObject): void {
  const spec = (obj.spec ??= {}) as Json;
  if (spec.names) spec.names = acceptedNames(spec);
  spec.conversion ??= { strategy: 'None' };
}

/**
 * The CRD's status as apiextensions' naming and establishing controllers leave it: names
 * accepted, the API established, the storage version recorded. The simulator has no name
 * conflicts to wait for, so it is immediate.
 */
function establish(obj: KubeObject, now: Date, previous?: Json): void {
  const spec = obj.spec as Json;
  const storage = ((spec.versions as Json[] | undefined) ?? []).find((v) => v.storage)?.name;
  const stored = new Set<string>((previous?.storedVersions as string[] | undefined) ?? []);
  if (storage) stored.add(storage);
  const at = rfc3339(now);
  const keep = (type: string) => ((previous?.conditions as Json[] | undefined) ?? []).find((c) => c.type === type)?.lastTransitionTime ?? at;
  obj.status = {
    conditions: [
      { type: 'NamesAccepted', status: 'True', lastTransitionTime: keep('NamesAccepted'), reason: 'NoConflicts', message: 'no conflicts found' },
      { type: 'Established', status: 'True', lastTransitionTime: keep('Established'), reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' },
    ],
    acceptedNames: acceptedNames(spec),
    storedVersions: [...stored],
  };
}

export const crdStrategy: TypeStrategy = {
  prepareForCreate(obj, ctx) {
    defaultSpec(obj);
    const finalizers = obj.metadata.finalizers ?? [];
    if (!finalizers.includes(CRD_CLEANUP_FINALIZER)) obj.metadata.finalizers = [...finalizers, CRD_CLEANUP_FINALIZER];
    establish(obj, ctx.now());
  },
  prepareForUpdate(obj, old, ctx) {
    defaultSpec(obj);
    establish(obj, ctx.now(), old.status as Json | undefined);
  },
  validate(obj) {
    return validateCrdDefinition(obj);
  },
};
