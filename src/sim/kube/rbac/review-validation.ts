import { ApiError } from '../errors.ts';
import { goQuote } from '../schema/goFormat.ts';

const GROUP = 'authorization.k8s.io';

/** A field.Invalid error with its bad value already printed as Go's field.Error would. */
export interface Invalid {
  field: string;
  value: string;
  detail: string;
}

/** apierrors.NewInvalid for a review (the name is always ""). */
export function invalidReview(kind: string, problems: readonly Invalid[]): ApiError {
  const bodies = problems.map((p) => `Invalid value: ${p.value}: ${p.detail}`);
  const unique = [...new Set(problems.map((p, i) => `${p.field}: ${bodies[i]}`))];
  const aggregate = unique.length === 1 ? unique[0]! : `[${unique.join(', ')}]`;
  return new ApiError({
    code: 422,
    reason: 'Invalid',
    message: `${kind}.${GROUP} "" is invalid: ${aggregate}`,
    details: { group: GROUP, kind, causes: problems.map((p, i) => ({ reason: 'FieldValueInvalid', message: bodies[i], field: p.field })) },
  });
}

function str(v: unknown): string {
  return goQuote(typeof v === 'string' ? v : '');
}

/** `%#v` of the internal authorization.NonResourceAttributes the validation prints. */
export function goNonResourceAttributes(a: Record<string, unknown>): string {
  return `authorization.NonResourceAttributes{Path:${str(a.path)}, Verb:${str(a.verb)}}`;
}

function goStringMap(v: unknown): string {
  if (!v || typeof v !== 'object' || Object.keys(v).length === 0) return 'map[string]string(nil)';
  const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `map[string]string{${entries.map(([k, x]) => `${goQuote(k)}:${str(x)}`).join(', ')}}`;
}

function goStrings(v: unknown): string {
  return Array.isArray(v) && v.length ? `[]string{${v.map(str).join(', ')}}` : '[]string(nil)';
}

/**
 * `%#v` of a metav1.ObjectMeta, for the "must be empty" errors. The string, map and finalizer
 * fields print as Go does; timestamps, owner references and managed fields print as unset,
 * which is what a review's metadata holds in practice.
 */
export function goObjectMeta(m: Record<string, unknown>): string {
  const generation = typeof m.generation === 'number' ? m.generation : 0;
  return (
    `v1.ObjectMeta{Name:${str(m.name)}, GenerateName:${str(m.generateName)}, Namespace:${str(m.namespace)}, SelfLink:${str(m.selfLink)}, ` +
    `UID:${str(m.uid)}, ResourceVersion:${str(m.resourceVersion)}, Generation:${generation}, ` +
    'CreationTimestamp:time.Date(1, time.January, 1, 0, 0, 0, 0, time.UTC), DeletionTimestamp:<nil>, DeletionGracePeriodSeconds:(*int64)(nil), ' +
    `Labels:${goStringMap(m.labels)}, Annotations:${goStringMap(m.annotations)}, OwnerReferences:[]v1.OwnerReference(nil), ` +
    `Finalizers:${goStrings(m.finalizers)}, ManagedFields:[]v1.ManagedFieldsEntry(nil)}`
  );
}

/** Whether metadata is semantically empty (nil and empty collections alike), ignoring `except`. */
export function isEmptyMeta(meta: unknown, except: readonly string[] = []): boolean {
  if (meta === undefined || meta === null || typeof meta !== 'object') return true;
  return Object.entries(meta).every(([k, v]) => except.includes(k) || v === null || v === '' || v === 0 || (typeof v === 'object' && Object.keys(v as object).length === 0));
}
