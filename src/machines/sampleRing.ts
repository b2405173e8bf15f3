/** One utilisation reading of a node: fractions of allocatable CPU and memory, at epoch milliseconds. */
export interface UtilisationSample {
  cpu: number;
  memory: number;
  at: number;
}

export const DEFAULT_SAMPLE_CAPACITY = 120;

/**
 * A node's last `capacity` utilisation samples. Thousands of node actors each hold one, so the
 * samples live in one ArrayBuffer (times as float64, fractions as float32) written in place; only
 * this small header is replaced per sample, so a snapshot's context changes identity as XState
 * expects. The buffers are shared with earlier headers: read the ring of the current snapshot only.
 */
export interface SampleRing {
  readonly capacity: number;
  /** Slot the next sample goes to. */
  readonly head: number;
  readonly size: number;
  readonly at: Float64Array;
  readonly cpu: Float32Array;
  readonly memory: Float32Array;
}

/** Samples in time order (oldest first), in fresh arrays that may be transferred to a worker. */
export interface SampleWindow {
  readonly at: Float64Array;
  readonly cpu: Float32Array;
  readonly memory: Float32Array;
}

export function createSampleRing(capacity: number): SampleRing {
  if (!Number.isSafeInteger(capacity) || capacity < 1) throw new RangeError(`sample capacity must be a positive integer, got ${capacity}`);
  const buffer = new ArrayBuffer(capacity * 16);
  return {
    capacity,
    head: 0,
    size: 0,
    at: new Float64Array(buffer, 0, capacity),
    cpu: new Float32Array(buffer, capacity * 8, capacity),
    memory: new Float32Array(buffer, capacity * 12, capacity),
  };
}

/** A sample the ring accepts: finite, non-negative fractions (usage above allocatable exceeds 1) and a finite time. */
export function isUtilisationSample(sample: UtilisationSample): boolean {
  return Number.isFinite(sample.cpu) && sample.cpu >= 0 && Number.isFinite(sample.memory) && sample.memory >= 0 && Number.isFinite(sample.at);
}

/** Writes the sample over the oldest one once full; returns the ring's new header. */
export function appendSample(ring: SampleRing, sample: UtilisationSample): SampleRing {
  const { head, capacity } = ring;
  ring.at[head] = sample.at;
  ring.cpu[head] = sample.cpu;
  ring.memory[head] = sample.memory;
  return { ...ring, head: head + 1 === capacity ? 0 : head + 1, size: ring.size < capacity ? ring.size + 1 : capacity };
}

/** The samples taken at or after `since`, oldest first (by ring order, which is arrival order). */
export function samplesSince(ring: SampleRing | undefined, since: number): SampleWindow {
  if (ring === undefined) return { at: new Float64Array(0), cpu: new Float32Array(0), memory: new Float32Array(0) };
  const { capacity, size } = ring;
  const first = (ring.head - size + capacity) % capacity;
  let count = 0;
  for (let i = 0; i < size; i++) if (ring.at[(first + i) % capacity]! >= since) count++;
  const window = { at: new Float64Array(count), cpu: new Float32Array(count), memory: new Float32Array(count) };
  for (let i = 0, k = 0; i < size; i++) {
    const slot = (first + i) % capacity;
    if (ring.at[slot]! < since) continue;
    window.at[k] = ring.at[slot]!;
    window.cpu[k] = ring.cpu[slot]!;
    window.memory[k] = ring.memory[slot]!;
    k++;
  }
  return window;
}
