import { errors } from '../errors.ts';
import { storageKeyOf } from '../types.ts';
import type { Scope, ServerContext } from '../context.ts';
import { copyOf, getStored, qualifiedOf } from './common.ts';
import { rfc3339 } from '../time.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- Binding bodies are loose JSON

/** The pods/binding subresource a scheduler uses: sets spec.nodeName once and marks the pod scheduled. */
export async function bind(ctx: ServerContext, scope: Scope, name: string, body: unknown): Promise<object> {
  const binding = (body ?? {}) as Json;
  const node = binding.target?.name;
  if (typeof node !== 'string' || node === '') throw errors.badRequest('Binding target.name is required');
  const stored = getStored(ctx, scope, name);
  const warnings = await ctx.admission.validate({
    operation: 'CREATE',
    type: scope.type,
    subresource: 'binding',
    subresourceKind: { group: '', version: 'v1', kind: 'Binding' },
    namespace: scope.namespace,
    name,
    object: { apiVersion: 'v1', kind: 'Binding', ...binding },
    user: scope.user,
    dryRun: scope.dryRun,
  });
  scope.warnings.push(...warnings);
  const current = ctx.store.get(storageKeyOf(scope.type), stored.namespace, name) ?? stored;
  const pod = copyOf(current) as Json;
  const r = qualifiedOf(scope.type);
  if (pod.metadata.deletionTimestamp) throw errors.conflict(r, name, `pod ${name} is being deleted, cannot be assigned to a host`);
  if (pod.spec?.nodeName) throw errors.conflict(r, name, `pod ${name} is already assigned to node "${pod.spec.nodeName}"`);
  if (!scope.dryRun) {
    pod.spec.nodeName = node;
    const conditions = ((pod.status.conditions ??= []) as Json[]).filter((c) => c.type !== 'PodScheduled');
    conditions.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: rfc3339(ctx.now()) });
    pod.status.conditions = conditions;
    ctx.store.put(storageKeyOf(scope.type), pod as never);
  }
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };
}
