/**
 * One evaluation round as a worker task. Scale-down samples travel as three columns packed end
 * to end for every node (one Float64Array of times, two Float32Arrays of fractions) whose buffers
 * are transferred, not copied; the rest of the input is plain data and is structured-cloned.
 */
import type { ClusterNode, ScaleDownInput, ScaleUpInput } from '../../policy/scaling/types.ts';

export interface PackedSamples {
  at: Float64Array;
  cpu: Float32Array;
  memory: Float32Array;
  /** Per node: its first sample in the columns, or −1 when it has no samples. */
  start: Int32Array;
  count: Int32Array;
}

export type DecisionTask =
  | { kind: 'scaleUp'; input: ScaleUpInput }
  | { kind: 'scaleDown'; input: Omit<ScaleDownInput, 'nodes'> & { nodes: Omit<ClusterNode, 'samples'>[] }; samples: PackedSamples };

/** The scale-down task and the buffers to transfer with it. */
export function packScaleDown(input: ScaleDownInput): { task: DecisionTask; transferList: ArrayBuffer[] } {
  let total = 0;
  for (const node of input.nodes) total += node.samples?.at.length ?? 0;
  const packed: PackedSamples = {
    at: new Float64Array(total),
    cpu: new Float32Array(total),
    memory: new Float32Array(total),
    start: new Int32Array(input.nodes.length),
    count: new Int32Array(input.nodes.length),
  };
  const nodes: Omit<ClusterNode, 'samples'>[] = new Array(input.nodes.length);
  let offset = 0;
  input.nodes.forEach((node, i) => {
    const { samples, ...rest } = node;
    nodes[i] = rest;
    if (!samples) {
      packed.start[i] = -1;
      return;
    }
    const n = samples.at.length;
    packed.at.set(samples.at, offset);
    packed.cpu.set(samples.cpu.subarray(0, n), offset);
    packed.memory.set(samples.memory.subarray(0, n), offset);
    packed.start[i] = offset;
    packed.count[i] = n;
    offset += n;
  });
  const task: DecisionTask = { kind: 'scaleDown', input: { ...input, nodes }, samples: packed };
  const transferList = [packed.at.buffer, packed.cpu.buffer, packed.memory.buffer, packed.start.buffer, packed.count.buffer] as ArrayBuffer[];
  return { task, transferList };
}

/** The scale-down input again, each node's samples a view into the transferred columns. */
export function unpackScaleDown(task: Extract<DecisionTask, { kind: 'scaleDown' }>): ScaleDownInput {
  const { samples } = task;
  const nodes = task.input.nodes.map((node, i): ClusterNode => {
    const start = samples.start[i]!;
    if (start < 0) return node;
    const end = start + samples.count[i]!;
    return { ...node, samples: { at: samples.at.subarray(start, end), cpu: samples.cpu.subarray(start, end), memory: samples.memory.subarray(start, end) } };
  });
  return { ...task.input, nodes };
}
