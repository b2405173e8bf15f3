import { errors } from '../errors.ts';
import type { DisruptionController } from '../controllers/disruption-controller.ts';
import { isPodReady, podsSelectedBy } from '../controllers/disruption-budget.ts';
import type { KubeObject } from '../types.ts';
import type { Scope, ServerContext } from '../context.ts';
import { getStored } from './common.ts';
import { type DeleteOptions, remove } from './delete.ts';
import { rfc3339 } from '../time.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- Eviction bodies are loose JSON

const PDB_KEY = 'policy/poddisruptionbudgets';
export const EVICTION_SUCCESS = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };
const VIOLATION = "Cannot evict pod as it would violate the pod's disruption budget.";

/** Pods the eviction API deletes without consulting a budget, as kube-apiserver's canIgnorePDB. */
function canIgnoreBudget(pod: Json): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || Boolean(pod.metadata.deletionTimestamp);
}

/** The pods/eviction subresource: deletes a pod unless that would break its PodDisruptionBudget (429). */
export async function evict(ctx: ServerContext, scope: Scope, disruption: DisruptionController, name: string, body: unknown): Promise<object> {
  const eviction = (body ?? {}) as Json;
  if (typeof eviction !== 'object' || Array.isArray(eviction)) throw errors.badRequest('the body of the request must be an Eviction object');
  if (eviction.metadata?.name && eviction.metadata.name !== name) throw errors.badRequest(`name in URL does not match name in Eviction object`);
  const pod = getStored(ctx, scope, name).object;
  const warnings = await ctx.admission.validate({
    operation: 'CREATE',
    type: scope.type,
    subresource: 'eviction',
    subresourceKind: { group: 'policy', version: 'v1', kind: 'Eviction' },
    namespace: scope.namespace,
    name,
    object: { apiVersion: 'policy/v1', kind: 'Eviction', ...eviction, metadata: { ...eviction.metadata, name, namespace: scope.namespace } },
    user: scope.user,
    dryRun: scope.dryRun,
  });
  scope.warnings.push(...warnings);
  const deleteOptions = (eviction.deleteOptions ?? {}) as DeleteOptions;
  const deletePod = async () => {
    await remove(ctx, scope, name, deleteOptions);
    return EVICTION_SUCCESS;
  };
  if (canIgnoreBudget(pod)) return deletePod();
  const ns = scope.namespace ?? '';
  const budgets = podsSelectedByAny(ctx, ns, pod);
  if (budgets.length > 1) throw errors.internal('This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
  if (budgets.length === 0) return deletePod();
  const pdb = disruption.refresh(ns, budgets[0]!.metadata.name!) as Json | undefined;
  if (!pdb) return deletePod();
  const status = pdb.status ?? {};
  if ((status.observedGeneration ?? 0) < (pdb.metadata.generation ?? 0)) {
    throw errors.tooManyRequests(VIOLATION, [{ reason: 'DisruptionBudget', message: `The disruption budget ${pdb.metadata.name} is still being processed by the server.` }]);
  }
  const policy = pdb.spec?.unhealthyPodEvictionPolicy ?? 'IfHealthyBudget';
  if (!isPodReady(pod) && (policy === 'AlwaysAllow' || status.currentHealthy >= status.desiredHealthy)) return deletePod();
  if ((status.disruptionsAllowed ?? 0) <= 0) {
    throw errors.tooManyRequests(VIOLATION, [
      { reason: 'DisruptionBudget', message: `The disruption budget ${pdb.metadata.name} needs ${status.desiredHealthy} healthy pods and has ${status.currentHealthy} currently` },
    ]);
  }
  if (scope.dryRun) return EVICTION_SUCCESS;
  // Record the disruption before deleting, so a concurrent eviction sees one fewer allowed.
  const next = JSON.parse(JSON.stringify(pdb)) as Json;
  next.status.disruptionsAllowed = status.disruptionsAllowed - 1;
  next.status.disruptedPods = { ...(status.disruptedPods ?? {}), [name]: rfc3339(ctx.now()) };
  ctx.store.put(PDB_KEY, next as KubeObject);
  return deletePod();
}

function podsSelectedByAny(ctx: ServerContext, namespace: string, pod: KubeObject): KubeObject[] {
  return ctx.store
    .list(PDB_KEY, namespace)
    .map((s) => s.object)
    .filter((pdb) => podsSelectedBy(pdb, [pod]).length > 0);
}
