import type { V1Node } from '@kubernetes/client-node';
import type { NodeGroup, VPSieNode } from '../api/v1alpha1.ts';
import type { Informer } from '../infra/kube/informer.ts';
import type { Logger } from '../infra/log/logger.ts';
import type { NodeGroupMachine } from '../machines/nodeGroup.ts';
import type { NodeLifecycleMachine } from '../machines/nodeLifecycle.ts';
import { NodeActor, type NodeActorView } from './node/actor.ts';
import { EffectGate } from './shared/effect-gate.ts';
import type { NodeEffectDeps } from './node/deps.ts';
import { provideLifecycle, type LifecycleDelays } from './node/machine.ts';
import { GroupActor, type GroupActorView } from './nodegroup/actor.ts';
import type { GroupEffectDeps } from './nodegroup/deps.ts';
import { provideNodeGroup } from './nodegroup/machine.ts';

export interface SupervisorOptions {
  nodeDeps: NodeEffectDeps;
  groupDeps: GroupEffectDeps;
  delays: LifecycleDelays;
  groupRetry: { baseMs: number; capMs: number };
  informers: { nodeGroups: Informer<NodeGroup>; vpsieNodes: Informer<VPSieNode>; nodes: Informer<V1Node> };
  /** Every group replans at least this often, even when nothing changed. */
  resyncMs: number;
  log: Logger;
}

export interface SupervisorView {
  running: boolean;
  nodeGroups: GroupActorView[];
  nodes: NodeActorView[];
}

const key = (namespace: string | undefined, name: string) => `${namespace ?? ''}/${name}`;

/**
 * Owns every actor of this process: one per NodeGroup, one per VPSieNode, each an independent
 * XState actor held in a map (thousands of children under one parent slow down quadratically).
 * It routes informer events to the actor that owns the object, and runs only while this
 * process leads: `start` rebuilds every actor from the caches, so a new leader resumes each
 * lifecycle where the persisted status says it stands.
 */
export class Supervisor {
  #o: SupervisorOptions;
  #lifecycle: NodeLifecycleMachine;
  #groupMachine: NodeGroupMachine;
  #nodes = new Map<string, NodeActor>();
  #groups = new Map<string, GroupActor>();
  #dirtyGroups = new Set<string>();
  #flushScheduled = false;
  #running = false;
  #resync: NodeJS.Timeout | undefined;
  #effects = new EffectGate();

  constructor(options: SupervisorOptions) {
    this.#o = options;
    this.#lifecycle = provideLifecycle(options.nodeDeps, options.delays, this.#effects);
    this.#groupMachine = provideNodeGroup(options.groupDeps, options.groupRetry, this.#effects);
    const { nodeGroups, vpsieNodes, nodes } = options.informers;
    nodeGroups.on({
      add: (g) => this.#onGroup(g),
      update: (g) => this.#onGroup(g),
      delete: (g) => this.#onGroupGone(g),
    });
    vpsieNodes.on({
      add: (n) => this.#onVPSieNode(n),
      update: (n) => this.#onVPSieNode(n),
      delete: (n) => this.#onVPSieNodeGone(n),
    });
    nodes.on({ delete: (n) => this.#onNodeGone(n) });
  }

  get running(): boolean {
    return this.#running;
  }

  /** Builds an actor for every NodeGroup and VPSieNode in the caches and starts routing events. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#effects.open();
    for (const g of this.#o.informers.nodeGroups.list()) this.#onGroup(g);
    for (const n of this.#o.informers.vpsieNodes.list()) this.#onVPSieNode(n);
    this.#resync = setInterval(() => {
      // Offering holds expire without an event: each resync replans with the offerings usable now.
      for (const g of this.#groups.values()) {
        g.refreshOfferings();
        g.resync();
      }
    }, this.#o.resyncMs);
    this.#resync.unref();
    this.#o.log.info({ nodeGroups: this.#groups.size, nodes: this.#nodes.size }, 'supervisor started');
  }

  /**
   * For a shutdown: no effect starts any more, and those in flight get up to `deadlineMs` to
   * reach a safe point (a call already sent completes; a wait ends). Resolves to how many were
   * still running at the deadline; `stop` then leaves them to the next leader.
   */
  async quiesce(deadlineMs: number): Promise<number> {
    const started = this.#effects.inflight;
    const left = await this.#effects.close(deadlineMs);
    this.#o.log.info({ inflight: started, unfinished: left, deadlineMs }, 'effects quiesced');
    return left;
  }

  /** Stops every actor; in-flight effects are aborted and resume from the persisted status on the next start. */
  stop(): void {
    if (!this.#running) return;
    this.#running = false;
    clearInterval(this.#resync);
    for (const a of this.#nodes.values()) a.stop();
    for (const a of this.#groups.values()) a.stop();
    this.#nodes.clear();
    this.#groups.clear();
    this.#o.log.info('supervisor stopped');
  }

  view(): SupervisorView {
    return {
      running: this.#running,
      nodeGroups: [...this.#groups.values()].map((g) => g.view()),
      nodes: [...this.#nodes.values()].map((n) => n.view()),
    };
  }

  /** The group actors, for the scaling decisions. */
  groups(): GroupActor[] {
    return [...this.#groups.values()];
  }

  /** Every group replans with the offerings usable now. */
  refreshOfferings(): void {
    for (const g of this.#groups.values()) g.refreshOfferings();
  }

  /** Routes a utilisation sample to the node's actor; false when no actor owns that node. */
  sample(namespace: string, name: string, cpu: number, memory: number, at: number): boolean {
    const actor = this.#nodes.get(key(namespace, name));
    if (!actor) return false;
    actor.sample(cpu, memory, at);
    return true;
  }

  nodeActor(namespace: string, name: string): NodeActor | undefined {
    return this.#nodes.get(key(namespace, name));
  }

  groupActor(namespace: string, name: string): GroupActor | undefined {
    return this.#groups.get(key(namespace, name));
  }

  #groupNodes(namespace: string, name: string): VPSieNode[] {
    return this.#o.informers.vpsieNodes.list().filter((n) => n.metadata.namespace === namespace && n.spec.nodeGroupName === name);
  }

  #onGroup(group: NodeGroup): void {
    if (!this.#running) return;
    const k = key(group.metadata.namespace, group.metadata.name);
    let actor = this.#groups.get(k);
    if (!actor) {
      actor = new GroupActor(this.#o.groupDeps, this.#groupMachine, group, this.#groupNodes(group.metadata.namespace!, group.metadata.name), (a) => this.#forgetGroup(a));
      this.#groups.set(k, actor);
      actor.start();
    }
    actor.observeGroup(group);
  }

  #onGroupGone(group: NodeGroup): void {
    const k = key(group.metadata.namespace, group.metadata.name);
    this.#groups.get(k)?.stop();
    this.#groups.delete(k);
  }

  #forgetGroup(actor: GroupActor): void {
    const k = key(actor.namespace, actor.name);
    if (this.#groups.get(k) === actor) this.#groups.delete(k);
  }

  #onVPSieNode(vn: VPSieNode): void {
    if (!this.#running) return;
    const k = key(vn.metadata.namespace, vn.metadata.name);
    let actor = this.#nodes.get(k);
    if (!actor) {
      actor = new NodeActor(this.#o.nodeDeps, this.#lifecycle, vn, (a) => this.#forgetNode(a));
      this.#nodes.set(k, actor);
      actor.start();
    }
    actor.observe(vn);
    this.#touchGroup(vn);
  }

  #onVPSieNodeGone(vn: VPSieNode): void {
    const k = key(vn.metadata.namespace, vn.metadata.name);
    this.#nodes.get(k)?.stop();
    this.#nodes.delete(k);
    if (this.#running) this.#touchGroup(vn);
  }

  #forgetNode(actor: NodeActor): void {
    const k = key(actor.ref.namespace, actor.ref.name);
    if (this.#nodes.get(k) === actor) this.#nodes.delete(k);
  }

  #onNodeGone(node: V1Node): void {
    if (!this.#running) return;
    const name = node.metadata?.name;
    for (const actor of this.#nodes.values()) {
      const vn = this.#o.informers.vpsieNodes.get(actor.ref.namespace, actor.ref.name);
      if (vn?.status?.nodeName === name && actor.phase === 'Active') actor.nodeLost(`Node ${name} was deleted`);
    }
  }

  /** Node changes reach their group once per tick, however many arrived. */
  #touchGroup(vn: VPSieNode): void {
    this.#dirtyGroups.add(key(vn.metadata.namespace, vn.spec.nodeGroupName));
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    setImmediate(() => {
      this.#flushScheduled = false;
      const dirty = [...this.#dirtyGroups];
      this.#dirtyGroups.clear();
      for (const k of dirty) {
        const actor = this.#groups.get(k);
        if (actor) actor.observeNodes(this.#groupNodes(actor.namespace, actor.name));
      }
    });
  }
}
