import type { OfferingAvailability } from '../node/deps.ts';

/**
 * Offerings VPSie recently refused for lack of capacity. Provisioning marks them; the scaling
 * decisions skip them until the hold expires and fall back to the next cheapest at once.
 */
export class OfferingHolds implements OfferingAvailability {
  #until = new Map<string, { until: number; reason: string }>();
  #listeners = new Set<() => void>();
  #holdMs: number;
  #now: () => number;

  constructor(holdMs: number, now: () => number = Date.now) {
    this.#holdMs = holdMs;
    this.#now = now;
  }

  markUnavailable(offeringID: string, reason: string): void {
    this.#until.set(offeringID, { until: this.#now() + this.#holdMs, reason });
    for (const l of this.#listeners) l();
  }

  /** Called when an offering is newly held, so groups stop planning on it at once. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Every offering held now. */
  heldNow(): string[] {
    return [...this.#until.keys()].filter((id) => this.held(id) !== undefined);
  }

  /** Why an offering is held, or undefined when it may be used. */
  held(offeringID: string): string | undefined {
    const hold = this.#until.get(offeringID);
    if (!hold) return undefined;
    if (hold.until <= this.#now()) {
      this.#until.delete(offeringID);
      return undefined;
    }
    return hold.reason;
  }
}
