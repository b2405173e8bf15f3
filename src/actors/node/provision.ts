import type { VPSieNode } from '../../api/v1alpha1.ts';
import { VpsieCapacityError, VpsieNodeGroupExistsError, type Vm } from '../../infra/vpsie/index.ts';
import { pollUntil, sleep } from '../shared/abortable.ts';
import { TerminalError } from '../shared/errors.ts';
import type { NodeEffectDeps } from './deps.ts';
import { persistPhase, updateStatus, type NodeRef } from './status.ts';

export interface Provisioned {
  instanceId: number;
  hostname: string;
  ip?: string;
}

const CONTROL_PLANE_ROLES = new Set(['master', 'control-plane', 'controlplane']);

/** VMs created this long before an intent was recorded still count as its (clock skew between us and VPSie). */
const CREATION_SKEW_MS = 120_000;

/** What a recorded provisioning intent says about the VM it may have produced. */
interface Intent {
  requestedAt: number;
  /** Only VMs numbered above this can be the intent's (absent in intents recorded before it existed). */
  afterInstanceID: number | undefined;
}

function intentOf(node: VPSieNode): Intent | undefined {
  const at = node.status?.provisionRequestedAt;
  return at ? { requestedAt: Date.parse(at), afterInstanceID: node.status?.provisionAfterInstanceID } : undefined;
}

function spec(deps: NodeEffectDeps, ref: NodeRef): VPSieNode {
  const node = deps.cluster.vpsieNode(ref.namespace, ref.name);
  if (!node) throw new Error(`VPSieNode ${ref.namespace}/${ref.name} is gone`);
  return node;
}

/**
 * The numeric VPSie size of an offering: NodeGroups may name offerings by id ("103") or by the
 * size's name ("k8s-4-8").
 */
export async function offeringNumber(deps: NodeEffectDeps, node: VPSieNode): Promise<number> {
  const { offeringID, datacenterID } = node.spec;
  if (/^\d+$/.test(offeringID)) return Number(offeringID);
  const offer = (await deps.catalogue.offerings(datacenterID)).get(offeringID);
  if (!offer) throw new TerminalError('UnknownOffering', `offering ${offeringID} is not offered for Kubernetes nodes in datacenter ${datacenterID}`);
  return offer.id;
}

/** The VPSie node group of this node's cluster and size; VPSie allows one per size, so it is shared. */
async function vpsieGroupId(deps: NodeEffectDeps, node: VPSieNode, size: number): Promise<number> {
  const { resourceIdentifier: clusterId, nodeGroupName } = node.spec;
  const find = async () => (await deps.vpsie.listNodeGroups(clusterId)).find((g) => g.offeringId === size);
  const existing = await find();
  if (existing) return existing.id;
  try {
    const created = await deps.vpsie.createNodeGroup(clusterId, `${nodeGroupName}-${size}`, size);
    deps.log.info({ vpsieNode: node.metadata.name, groupId: created.groupId, size }, 'created VPSie node group');
    return created.groupId;
  } catch (error) {
    // Someone created the group for this size meanwhile; use theirs.
    if (error instanceof VpsieNodeGroupExistsError) {
      const raced = await find();
      if (raced) return raced.id;
    }
    throw error;
  }
}

/** Pending: make sure the VPSie node group the VPS will join exists. */
export async function ensureGroup(deps: NodeEffectDeps, ref: NodeRef, signal: AbortSignal): Promise<void> {
  await persistPhase(deps, ref, 'Pending');
  const node = spec(deps, ref);
  const size = await offeringNumber(deps, node);
  signal.throwIfAborted();
  await vpsieGroupId(deps, node, size);
}

function createdAt(vm: Vm): number | undefined {
  if (!vm.createdOn) return undefined;
  const t = Date.parse(vm.createdOn.includes('T') || vm.createdOn.endsWith('Z') ? vm.createdOn : `${vm.createdOn.replace(' ', 'T')}Z`);
  return Number.isNaN(t) ? undefined : t;
}

/**
 * Finds a VM of this node's cluster and size that no VPSieNode has claimed and that was created
 * after the intent, and claims it by writing its identity into this VPSieNode's status. Runs
 * under the per-cluster lock, so two nodes never claim one VM.
 */
async function claimVm(deps: NodeEffectDeps, ref: NodeRef, node: VPSieNode, size: number, intent: Intent, signal: AbortSignal, hint?: { identifier: string }): Promise<Vm | undefined> {
  const { requestedAt, afterInstanceID } = intent;
  const clusterId = node.spec.resourceIdentifier;
  return deps.claims.run(clusterId, async () => {
    // Fresh since the intent: a VM created for it must be in the lists we read.
    const cluster = await deps.inventory.cluster(clusterId, requestedAt);
    // Only worker nodes: a control-plane VM of the same size is never ours to claim.
    const inCluster = new Set(cluster.nodes.filter((n) => !CONTROL_PLANE_ROLES.has(n.role.toLowerCase())).map((n) => n.identifier));
    const claimed = deps.claims.claimedExcept(deps.cluster.vpsieNodes(), ref.name);
    // VPSie named the VM when it answered synchronously; otherwise it is the oldest unclaimed VM
    // of this cluster and size created since the intent. The VPSie node group of a size is shared,
    // so a VM of the same size may be anyone's: the id baseline keeps out every VM that existed
    // before the request, whatever the clocks say.
    const vms = (await deps.inventory.vms(requestedAt))
      .filter((vm) => !claimed.has(vm.identifier))
      .filter((vm) =>
        hint
          ? vm.identifier === hint.identifier
          : inCluster.has(vm.identifier) &&
            vm.offeringId === size &&
            (afterInstanceID === undefined || vm.id > afterInstanceID) &&
            (createdAt(vm) ?? Infinity) >= requestedAt - CREATION_SKEW_MS,
      )
      .sort((a, b) => (createdAt(a) ?? 0) - (createdAt(b) ?? 0) || a.id - b.id);
    const vm = vms[0];
    if (!vm) return undefined;
    // A stopped actor (lost leadership) must not claim: its successor may be claiming too.
    signal.throwIfAborted();
    await updateStatus(deps, ref, (status) => ({
      ...status,
      vpsieInstanceID: vm.id,
      vpsieNodeIdentifier: vm.identifier,
      hostname: vm.hostname,
      ...(vm.ip ? { ipAddress: vm.ip } : {}),
      resources: { cpu: vm.cpu, memoryMB: vm.ramMb, diskGB: vm.ssdGb },
    }));
    deps.claims.record(vm.identifier, ref.name);
    deps.log.info({ vpsieNode: ref.name, vm: vm.identifier, hostname: vm.hostname }, 'claimed VPS');
    return vm;
  });
}

/**
 * Provisioning. The intent (requested-at) is recorded before VPSie is asked, so after a restart
 * this first looks for the VM the earlier attempt created and only asks again when none shows up
 * within the claim grace period — a restart never doubles a VPS.
 */
export async function provision(deps: NodeEffectDeps, ref: NodeRef, signal: AbortSignal): Promise<Provisioned> {
  const node = spec(deps, ref);
  const known = node.status;
  if (known?.vpsieInstanceID && known.vpsieNodeIdentifier) {
    await persistPhase(deps, ref, 'Provisioning');
    return waitRunning(deps, ref, known.vpsieInstanceID, signal);
  }
  const size = await offeringNumber(deps, node);
  const previousIntent = intentOf(node);
  if (previousIntent !== undefined) {
    await persistPhase(deps, ref, 'Provisioning');
    const deadline = previousIntent.requestedAt + deps.timings.claimGraceMs;
    for (;;) {
      const vm = await claimVm(deps, ref, node, size, previousIntent, signal);
      if (vm) return waitRunning(deps, ref, vm.id, signal);
      if (deps.now().getTime() >= deadline) break;
      await sleep(deps.timings.pollMs, signal);
    }
    deps.log.warn({ vpsieNode: ref.name }, 'no VPS appeared for the recorded provisioning intent; requesting again');
  }
  signal.throwIfAborted();
  const groupId = await vpsieGroupId(deps, node, size);
  // Read before the request, so every VM numbered above it was created after it.
  const afterInstanceID = (await deps.inventory.vms()).reduce((max, vm) => Math.max(max, vm.id), 0);
  const requestedAt = deps.now();
  await persistPhase(deps, ref, 'Provisioning', { provisionRequestedAt: requestedAt.toISOString(), provisionAfterInstanceID: afterInstanceID });
  // Past this point a VPS may exist: only a live actor may ask for one.
  signal.throwIfAborted();
  let added;
  try {
    added = await deps.vpsie.addNode(node.spec.resourceIdentifier, groupId);
  } catch (error) {
    if (error instanceof VpsieCapacityError) {
      deps.offerings.markUnavailable(node.spec.offeringID, error.message);
      throw new TerminalError('CapacityExhausted', `VPSie has no capacity for offering ${node.spec.offeringID}: ${error.message}`);
    }
    throw error;
  }
  const hint = added.async ? undefined : { identifier: added.identifier };
  const intent = { requestedAt: requestedAt.getTime(), afterInstanceID };
  const vm = await pollUntil(() => claimVm(deps, ref, node, size, intent, signal, hint), deps.timings.pollMs, signal);
  return waitRunning(deps, ref, vm.id, signal);
}

/**
 * For a node leaving before its VM was claimed: if it ever asked VPSie for one, claim whatever VM
 * appeared for that intent (waiting out the claim grace period), so that it can be deleted.
 */
export async function claimOrphanedIntent(deps: NodeEffectDeps, ref: NodeRef, signal: AbortSignal): Promise<Vm | undefined> {
  const node = deps.cluster.vpsieNode(ref.namespace, ref.name) ?? (await deps.kube.getVPSieNode(ref.namespace, ref.name));
  const intent = node ? intentOf(node) : undefined;
  if (!node || !intent || node.status?.vpsieNodeIdentifier) return undefined;
  const deadline = intent.requestedAt + deps.timings.claimGraceMs;
  const size = await offeringNumber(deps, node);
  for (;;) {
    const vm = await claimVm(deps, ref, node, size, intent, signal);
    if (vm || deps.now().getTime() >= deadline) return vm;
    await sleep(deps.timings.pollMs, signal);
  }
}

async function waitRunning(deps: NodeEffectDeps, ref: NodeRef, id: number, signal: AbortSignal): Promise<Provisioned> {
  const vm = await pollUntil(async () => {
    const current = await deps.inventory.vm(id);
    return current?.status === 'running' ? current : undefined;
  }, deps.timings.pollMs, signal);
  await updateStatus(deps, ref, (status) => (vm.ip && status.ipAddress !== vm.ip ? { ...status, ipAddress: vm.ip } : undefined));
  return { instanceId: vm.id, hostname: vm.hostname, ...(vm.ip ? { ip: vm.ip } : {}) };
}
