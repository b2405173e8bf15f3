import type { KubeApiServer } from '../../kube/apiserver.ts';
import type { InternalClient } from '../../kube/internal-client.ts';
import type { UserInfo } from '../../kube/types.ts';
import type { Condition, Node } from '../kube-shapes.ts';
import { kubeletConditions, type Machine, podAddress, registrationNode } from './node-object.ts';

export const LEASES = 'coordination.k8s.io/leases';
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';

/** A MicroTime as the API writes it (`2006-01-02T15:04:05.000000Z`). */
export function microTime(d: Date): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

export function nodeUser(nodeName: string): UserInfo {
  return { username: `system:node:${nodeName}`, groups: ['system:nodes', 'system:authenticated'] };
}

function isConflict(error: unknown): boolean {
  return (error as { code?: number }).code === 409;
}

/**
 * One node's kubelet: registers the Node (or adopts an existing one), keeps its Lease and
 * conditions fresh, and hands out pod addresses. `vm` kubelets live as long as their VM;
 * `static` ones run nodes that exist without a VM (the control plane) and live as long as the Node.
 */
export class Kubelet {
  readonly nodeName: string;
  readonly kind: 'vm' | 'static';
  readonly client: InternalClient;
  readonly #now: () => Date;
  readonly #leaseDurationSeconds: number;
  #hostIP = '';
  #podCidrIndex = 0;
  #podsStarted = 0;
  #lease: Record<string, unknown> | undefined;
  #alive = true;
  #ready = false;

  constructor(api: KubeApiServer, nodeName: string, kind: 'vm' | 'static', leaseDurationSeconds: number) {
    this.nodeName = nodeName;
    this.kind = kind;
    this.client = api.client(nodeUser(nodeName));
    this.#now = api.context.now;
    this.#leaseDurationSeconds = leaseDurationSeconds;
  }

  get alive(): boolean {
    return this.#alive;
  }

  get hostIP(): string {
    return this.#hostIP;
  }

  /** Creates the Node from the machine, or takes over an existing Node of the same name as a restarted kubelet does. */
  async register(machine: Machine, ready: boolean): Promise<Node> {
    this.#hostIP = machine.ip;
    this.#podCidrIndex = machine.podCidrIndex;
    this.#ready = ready;
    const fresh = registrationNode(machine, this.#now(), ready);
    let node: Node;
    try {
      node = (await this.client.create('/nodes', undefined, fresh)).object as Node;
    } catch (error) {
      if (!isConflict(error)) throw error;
      const existing = this.client.get('/nodes', undefined, this.nodeName).object as Node;
      const merged: Node = {
        ...existing,
        metadata: { ...existing.metadata, labels: { ...existing.metadata.labels, ...fresh.metadata.labels } },
        spec: { ...existing.spec, providerID: fresh.spec?.providerID ?? existing.spec?.providerID },
      };
      await this.client.update('/nodes', undefined, this.nodeName, merged);
      node = (await this.client.mergePatch('/nodes', undefined, this.nodeName, { status: fresh.status }, 'status')).object as Node;
    }
    await this.#createLease(node);
    return node;
  }

  /** Takes over a Node that exists without a VM: posts Ready and starts its Lease. */
  async adopt(node: Node, podCidrIndex: number): Promise<void> {
    this.#hostIP = node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '';
    this.#podCidrIndex = podCidrIndex;
    this.#ready = true;
    const conditions = node.status?.conditions ?? [];
    if (conditions.find((c) => c.type === 'Ready')?.status !== 'True') {
      await this.client.mergePatch('/nodes', undefined, this.nodeName, { status: { conditions: kubeletConditions(true, this.#now(), conditions) } }, 'status');
    }
    await this.#createLease(node);
  }

  /** Posts Ready=True: the node has finished joining. */
  async postReady(current: readonly Condition[] | undefined): Promise<void> {
    this.#ready = true;
    await this.client.mergePatch('/nodes', undefined, this.nodeName, { status: { conditions: kubeletConditions(true, this.#now(), current) } }, 'status');
  }

  async renewLease(): Promise<void> {
    if (!this.#alive || !this.#lease) return;
    const lease = this.#lease as { spec: Record<string, unknown> };
    lease.spec.renewTime = microTime(this.#now());
    try {
      await this.client.update(LEASES, NODE_LEASE_NAMESPACE, this.nodeName, lease);
    } catch (error) {
      // Deleted with its Node (owner reference) while the kubelet still ran: nothing to renew.
      if ((error as { code?: number }).code !== 404) throw error;
    }
  }

  /**
   * Posts the kubelet's conditions when the Node says otherwise (someone marked it Unknown while
   * the kubelet still runs) or, with `heartbeat`, in any case with a new heartbeat time — the
   * kubelet's status update loop and its periodic report.
   */
  async reportStatus(node: Node | undefined, heartbeat: boolean): Promise<void> {
    if (!this.#alive || !node) return;
    const current = node.status?.conditions ?? [];
    const wanted = kubeletConditions(this.#ready, this.#now(), current);
    const differs = wanted.some((w) => {
      const c = current.find((x) => x.type === w.type);
      return c?.status !== w.status || c.reason !== w.reason;
    });
    if (!heartbeat && !differs) return;
    await this.client.mergePatch('/nodes', undefined, this.nodeName, { status: { conditions: wanted } }, 'status');
  }

  nextPodIP(): string {
    return podAddress(this.#podCidrIndex, this.#podsStarted++);
  }

  stop(): void {
    this.#alive = false;
  }

  async #createLease(node: Node): Promise<void> {
    const lease = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: {
        name: this.nodeName,
        namespace: NODE_LEASE_NAMESPACE,
        // The Lease goes with its Node: the garbage collector deletes it when the Node is deleted.
        ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: this.nodeName, uid: node.metadata.uid! }],
      },
      spec: { holderIdentity: this.nodeName, leaseDurationSeconds: this.#leaseDurationSeconds, renewTime: microTime(this.#now()) },
    };
    try {
      const created = structuredClone((await this.client.create(LEASES, NODE_LEASE_NAMESPACE, lease)).object);
      // Renewals are unconditional updates, as the kubelet's are: keep the body without its resourceVersion.
      delete created.metadata.resourceVersion;
      this.#lease = created;
    } catch (error) {
      if (!isConflict(error)) throw error;
      this.#lease = lease;
      await this.renewLease();
    }
  }
}
