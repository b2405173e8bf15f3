import type { OfferingAvailability } from '../actors/node/deps.ts';

/**
 * Offerings VPSie recently refused for lack of capacity. Provisioning marks them; the scaling
 * decisions skip them until the hold expires and fall back to the next cheapest at once.
 */
export class OfferingHolds implements OfferingAvailability {
  #until = new Map<string, { until: number; reason: string }>();
  #holdMs: number;
  #now: () => number;

  constructor(holdMs: number, now: () => number = Date.now) {
    this.#holdMs = holdMs;
    this.#now = now;
  }

  markUnavailable(offeringID: string, reason: string): void {
    this.#until.set(offeringID, { until: this.#now() + this.#holdMs, reason });
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
