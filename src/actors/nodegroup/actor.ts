import { createActor, type Actor } from 'xstate';
import type { NodeGroup, VPSieNode } from '../../api/v1alpha1.ts';
import type { GroupLabels } from '../../infra/metrics/registry.ts';
import type { NodeGroupMachine } from '../../machines/nodeGroup.ts';
import type { Blocked } from '../../policy/nodegroup-types.ts';
import type { GroupEffectDeps } from './deps.ts';
import { groupRef } from './refs.ts';
import { nodeView, specView } from './views.ts';

/** What `/debug/actors` shows of a node group actor. */
export interface GroupActorView {
  kind: 'nodegroup';
  name: string;
  state: unknown;
  context: Record<string, unknown>;
}

/**
 * One NodeGroup's actor: feeds the node group machine with the group's spec and its VPSieNodes
 * as the informers see them, and explains what the plan could not do (blocked actions become
 * Events when they change, not on every reconcile).
 */
export class GroupActor {
  readonly namespace: string;
  readonly name: string;
  #actor: Actor<NodeGroupMachine>;
  #deps: GroupEffectDeps;
  #generation: number;
  #lastBlocked = '';
  #group: NodeGroup;
  #labels: GroupLabels;

  constructor(deps: GroupEffectDeps, machine: NodeGroupMachine, group: NodeGroup, nodes: VPSieNode[], onGone: (actor: GroupActor) => void) {
    this.#deps = deps;
    this.namespace = group.metadata.namespace!;
    this.name = group.metadata.name;
    this.#generation = group.metadata.generation ?? 0;
    this.#group = group;
    this.#labels = { namespace: this.namespace, nodegroup: this.name };
    const status = group.status ?? {};
    this.#actor = createActor(machine, {
      input: {
        name: this.name,
        namespace: this.namespace,
        spec: specView(group, deps.held),
        generation: this.#generation,
        nodes: nodes.map(nodeView),
        ...(status.lastScaleUpTime ? { lastScaleUpAt: Date.parse(status.lastScaleUpTime) } : {}),
        ...(status.lastScaleDownTime ? { lastScaleDownAt: Date.parse(status.lastScaleDownTime) } : {}),
        at: deps.now().getTime(),
      },
    });
    this.#actor.subscribe({
      next: (snapshot) => {
        this.#explain(snapshot.context.plan.blocked, group);
        const c = snapshot.context;
        if (snapshot.status === 'done') {
          deps.metrics.forget(this.#labels);
          onGone(this);
        } else {
          deps.metrics.sized(this.#labels, { min: c.spec.minNodes, max: c.spec.maxNodes, desired: c.desired, current: c.current, ready: c.ready });
        }
      },
      error: (error) => deps.log.error({ err: error, nodeGroup: `${this.namespace}/${this.name}` }, 'node group actor failed'),
    });
  }

  start(): void {
    this.#actor.start();
  }

  stop(): void {
    this.#actor.stop();
    this.#deps.metrics.forget(this.#labels);
  }

  observeGroup(group: NodeGroup): void {
    const at = this.#deps.now().getTime();
    if (group.metadata.deletionTimestamp) {
      this.#actor.send({ type: 'DELETE_REQUESTED', at });
      return;
    }
    this.#group = group;
    const generation = group.metadata.generation ?? 0;
    if (generation !== this.#generation) {
      this.#generation = generation;
      this.#actor.send({ type: 'SPEC_CHANGED', spec: specView(group, this.#deps.held), generation, at });
    }
  }

  /** Replans with the offerings usable now (one was just held, or a hold expired). */
  refreshOfferings(): void {
    this.#actor.send({ type: 'SPEC_CHANGED', spec: specView(this.#group, this.#deps.held), generation: this.#generation, at: this.#deps.now().getTime() });
  }

  get group(): NodeGroup {
    return this.#group;
  }

  observeNodes(nodes: VPSieNode[]): void {
    this.#actor.send({ type: 'NODES_CHANGED', nodes: nodes.map(nodeView), at: this.#deps.now().getTime() });
  }

  resync(): void {
    this.#actor.send({ type: 'RESYNC', at: this.#deps.now().getTime() });
  }

  scaleUp(count: number, reason: string, offeringID?: string): void {
    this.#actor.send({ type: 'SCALE_UP', count, reason, ...(offeringID ? { offeringID } : {}), at: this.#deps.now().getTime() });
  }

  scaleDown(names: string[], reason: string): void {
    this.#actor.send({ type: 'SCALE_DOWN', names, reason, at: this.#deps.now().getTime() });
  }

  /**
   * What the scaling decisions need of the group now: its live size, its last scale times, and
   * the nodes asked for but not yet seen (requests pending or in flight, creations not yet
   * observed) — capacity already coming, so a decision never buys it twice.
   */
  scalingView(defaultOffering: string | undefined): { live: number; lastScaleUpAt?: number; lastScaleDownAt?: number; coming: Array<{ offeringID: string; count: number }> } {
    const c = this.#actor.getSnapshot().context;
    const coming: Array<{ offeringID: string; count: number }> = [];
    const add = (offeringID: string | undefined, count: number) => {
      const id = offeringID ?? defaultOffering;
      if (id && count > 0) coming.push({ offeringID: id, count });
    };
    for (const r of c.pendingScaleUp) add(r.offeringID, r.count);
    for (const r of c.sent?.scaleUp ?? []) add(r.offeringID, r.count);
    for (const e of c.expectations) if (e.kind === 'create') add(e.node.offeringID, 1);
    return {
      live: c.plan.current,
      ...(c.lastScaleUpAt !== undefined ? { lastScaleUpAt: c.lastScaleUpAt } : {}),
      ...(c.lastScaleDownAt !== undefined ? { lastScaleDownAt: c.lastScaleDownAt } : {}),
      coming,
    };
  }

  view(): GroupActorView {
    const snapshot = this.#actor.getSnapshot();
    const c = snapshot.context;
    return {
      kind: 'nodegroup',
      name: `${this.namespace}/${this.name}`,
      state: snapshot.value,
      context: {
        generation: c.generation,
        desired: c.desired,
        current: c.current,
        ready: c.ready,
        nodes: c.nodes.length,
        pendingScaleUp: c.pendingScaleUp,
        pendingScaleDown: c.pendingScaleDown,
        expectations: c.expectations.length,
        blocked: c.plan.blocked,
        attempts: c.attempts,
        ...(c.lastError ? { lastError: c.lastError } : {}),
        ...(c.lastScaleUpAt ? { lastScaleUpAt: new Date(c.lastScaleUpAt).toISOString() } : {}),
        ...(c.lastScaleDownAt ? { lastScaleDownAt: new Date(c.lastScaleDownAt).toISOString() } : {}),
      },
    };
  }

  #explain(blocked: Blocked[], group: NodeGroup): void {
    const key = JSON.stringify(blocked);
    if (key === this.#lastBlocked) return;
    this.#lastBlocked = key;
    for (const b of blocked) {
      const reason = b.reason === 'DisruptionBudget' || b.reason === 'Cooldown' || b.reason === 'AtMinimum' || b.reason === 'ScaleDownDisabled' ? 'ScaleDownBlocked' : 'ScalingBlocked';
      void this.#deps.events.record(groupRef(group), 'Warning', reason, `${b.reason}: ${b.detail}`);
    }
  }
}
