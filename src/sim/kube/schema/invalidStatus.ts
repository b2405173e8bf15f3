// The metav1.Status body of a 422 answer, built like apimachinery's errors.NewInvalid.
import { aggregateMessage, errorBody } from './fieldError.ts';
import type { FieldError } from './fieldError.ts';
import { goQuote } from './goFormat.ts';

export type InvalidStatusCause = { reason: string; message: string; field: string };

export type InvalidStatus = {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: 'Invalid';
  details: { name?: string; group?: string; kind: string; causes: InvalidStatusCause[] };
  code: 422;
};

/** GroupKind.String(): the kind alone for the core group, `Kind.group` otherwise. */
function qualifiedKind(group: string, kind: string): string {
  return group === '' ? kind : `${kind}.${group}`;
}

export function invalidStatus(args: { group: string; kind: string; name: string; errors: readonly FieldError[] }): InvalidStatus {
  const { group, kind, name, errors } = args;
  const head = `${qualifiedKind(group, kind)} ${goQuote(name)} is invalid`;
  const message = errors.length === 0 ? head : `${head}: ${aggregateMessage(errors)}`;
  // Causes keep every error (the aggregate message drops repeats); Go writes details as name, group, kind, causes.
  const causes = errors.map((e) => ({ reason: e.type, message: errorBody(e), field: e.field }));
  const details = { ...(name !== '' ? { name } : {}), ...(group !== '' ? { group } : {}), kind, causes };
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'Invalid', details, code: 422 };
}
