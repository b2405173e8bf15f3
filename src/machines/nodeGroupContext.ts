import { expectationsOf, expectedNodes, openExpectations } from '../policy/expectations.ts';
import { planNodeGroup } from '../policy/nodegroup-plan.ts';
import type { NodeGroupPlan, NodeView, ScaleUpRequest } from '../policy/nodegroup-types.ts';
import { errorMessage } from './effects.ts';
import type { NodeGroupContext, NodeGroupEvent, NodeGroupInput, ReconcileOutput } from './nodeGroupTypes.ts';

/**
 * The NodeGroup machine's bookkeeping as pure functions of its context: each returns the next
 * context with the plan recomputed, so the plan always matches what the machine knows.
 */

type Unplanned = Omit<NodeGroupContext, 'plan' | 'desired' | 'current' | 'ready'>;

/** Plans on the node list as it will be once open expectations are seen; keeps only the requests the plan takes on. */
export function replan(ctx: Unplanned): NodeGroupContext {
  const expectations = openExpectations(ctx.expectations, ctx.nodes, ctx.now);
  const plan = planNodeGroup({
    spec: ctx.spec,
    nodes: expectedNodes(ctx.nodes, expectations),
    pendingScaleUp: ctx.pendingScaleUp,
    pendingScaleDown: ctx.pendingScaleDown,
    ...(ctx.lastScaleUpAt !== undefined ? { lastScaleUpAt: ctx.lastScaleUpAt } : {}),
    ...(ctx.lastScaleDownAt !== undefined ? { lastScaleDownAt: ctx.lastScaleDownAt } : {}),
    now: ctx.now,
  });
  return {
    ...ctx,
    expectations,
    plan,
    desired: plan.desired,
    current: plan.current,
    ready: plan.ready,
    pendingScaleUp: plan.accepted.scaleUp,
    pendingScaleDown: plan.accepted.scaleDown,
  };
}

export function initialGroupContext(input: NodeGroupInput): NodeGroupContext {
  return replan({
    name: input.name,
    namespace: input.namespace,
    spec: input.spec,
    generation: input.generation,
    nodes: input.nodes ?? [],
    expectations: [],
    ...(input.lastScaleUpAt !== undefined ? { lastScaleUpAt: input.lastScaleUpAt } : {}),
    ...(input.lastScaleDownAt !== undefined ? { lastScaleDownAt: input.lastScaleDownAt } : {}),
    pendingScaleUp: [],
    pendingScaleDown: [],
    dirty: false,
    now: input.at,
    attempts: 0,
  });
}

/** Takes in an event of the group's world. */
export function observe(ctx: NodeGroupContext, event: NodeGroupEvent): NodeGroupContext {
  const now = Math.max(ctx.now, event.at);
  switch (event.type) {
    case 'SPEC_CHANGED':
      return replan({ ...ctx, now, spec: event.spec, generation: event.generation });
    case 'NODES_CHANGED':
      return replan({ ...ctx, now, nodes: event.nodes });
    case 'SCALE_UP': {
      const request: ScaleUpRequest = { count: event.count, reason: event.reason, ...(event.offeringID !== undefined ? { offeringID: event.offeringID } : {}) };
      return replan({ ...ctx, now, pendingScaleUp: [...ctx.pendingScaleUp, request] });
    }
    case 'SCALE_DOWN':
      return replan({ ...ctx, now, pendingScaleDown: [...ctx.pendingScaleDown, ...event.names.map((name) => ({ name, reason: event.reason }))] });
    case 'DELETE_REQUESTED':
    case 'RESYNC':
      return replan({ ...ctx, now });
  }
}

/** Hands the plan to a reconcile: the requests it carries out leave the pending lists. */
export function sendPlan(ctx: NodeGroupContext): NodeGroupContext {
  return {
    ...ctx,
    dirty: false,
    sent: { plan: ctx.plan, generation: ctx.generation, scaleUp: ctx.pendingScaleUp, scaleDown: ctx.pendingScaleDown },
    pendingScaleUp: [],
    pendingScaleDown: [],
  };
}

/** Whether a finished reconcile created every node its plan asked for. */
export function createdAll(ctx: NodeGroupContext, output: ReconcileOutput): boolean {
  return output.created.length >= (ctx.sent?.plan.create.length ?? 0);
}

function scaledDown(plan: NodeGroupPlan): boolean {
  return plan.drain.length > 0 || plan.remove.some((r) => r.reason !== 'drained');
}

/** A reconcile carried out its whole plan: expect its effects, record the scale events and the status written. */
export function settle(ctx: NodeGroupContext, output: ReconcileOutput): NodeGroupContext {
  const { sent } = ctx;
  if (sent === undefined) return ctx;
  const { at, created } = output;
  // assign() merges what it is given into the context: a key is cleared by setting it undefined.
  return replan({
    ...ctx,
    sent: undefined,
    lastError: undefined,
    now: Math.max(ctx.now, at),
    expectations: [...ctx.expectations, ...expectationsOf(sent.plan, created, at)],
    ...(created.length > 0 ? { lastScaleUpAt: at } : {}),
    ...(scaledDown(sent.plan) ? { lastScaleDownAt: at } : {}),
    written: { status: sent.plan.status, generation: sent.generation },
    attempts: 0,
  });
}

/** Drops `count` nodes from the oldest requests first. */
function consumeScaleUps(requests: readonly ScaleUpRequest[], count: number): ScaleUpRequest[] {
  let left = count;
  const rest: ScaleUpRequest[] = [];
  for (const request of requests) {
    const used = Math.min(left, request.count);
    left -= used;
    if (used < request.count) rest.push(used === 0 ? request : { ...request, count: request.count - used });
  }
  return rest;
}

function isNodeView(value: unknown): value is NodeView {
  const v = value as Partial<NodeView> | null;
  return typeof v === 'object' && v !== null && typeof v.name === 'string' && typeof v.phase === 'string' && typeof v.offeringID === 'string' && typeof v.createdAt === 'number';
}

/** The nodes a failed reconcile reports having created before it failed. */
export function createdBefore(error: unknown): NodeView[] {
  const created = typeof error === 'object' && error !== null ? (error as { created?: unknown }).created : undefined;
  return Array.isArray(created) ? created.filter(isNodeView) : [];
}

/**
 * A reconcile failed after creating `created` (in plan order): expect those nodes, and give its
 * requests back to the pending lists, less the scale-ups already created, for the retry.
 */
export function fail(ctx: NodeGroupContext, created: readonly NodeView[], message: string): NodeGroupContext {
  const createdScaleUps = ctx.sent ? ctx.sent.plan.create.slice(0, created.length).filter((c) => c.reason === 'scale-up').length : 0;
  return replan({
    ...ctx,
    sent: undefined,
    expectations: [...ctx.expectations, ...expectationsOf({ drain: [], remove: [] }, created, ctx.now)],
    ...(created.length > 0 ? { lastScaleUpAt: ctx.now } : {}),
    pendingScaleUp: [...consumeScaleUps(ctx.sent?.scaleUp ?? [], createdScaleUps), ...ctx.pendingScaleUp],
    pendingScaleDown: [...(ctx.sent?.scaleDown ?? []), ...ctx.pendingScaleDown],
    attempts: ctx.attempts + 1,
    lastError: message,
  });
}

export function failReconcile(ctx: NodeGroupContext, error: unknown): NodeGroupContext {
  return fail(ctx, createdBefore(error), errorMessage(error));
}

/** A reconcile that resolved without creating all its nodes: treated as a failure, so it is retried after a backoff, not at once. */
export function shortfall(ctx: NodeGroupContext, output: ReconcileOutput): NodeGroupContext {
  const wanted = ctx.sent?.plan.create.length ?? 0;
  return fail({ ...ctx, now: Math.max(ctx.now, output.at) }, output.created, `reconcile created ${output.created.length} of ${wanted} nodes`);
}
