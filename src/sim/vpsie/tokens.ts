import { randomBytes } from 'node:crypto';
import type { SimClock } from './clock.ts';

export interface IssuedSimToken {
  token: string;
  expiresAt: number;
  refreshToken: string;
  refreshExpiresAt: number;
}

export type TokenVerdict = 'valid' | 'expired' | 'unknown';

/** Access tokens of the simulated API: random, with an expiry on the simulated clock, revocable at once. */
export class SimTokens {
  readonly #clock: SimClock;
  readonly #ttlMs: number;
  readonly #tokens = new Map<string, { expiresAt: number; serial: number }>();
  #serial = 0;
  #revokedUpTo = 0;

  constructor(clock: SimClock, ttlMs: number) {
    this.#clock = clock;
    this.#ttlMs = ttlMs;
  }

  issue(): IssuedSimToken {
    const now = this.#clock.now();
    const token = `simtok_${randomBytes(24).toString('hex')}`;
    this.#serial += 1;
    this.#tokens.set(token, { expiresAt: now + this.#ttlMs, serial: this.#serial });
    return { token, expiresAt: now + this.#ttlMs, refreshToken: `simref_${randomBytes(24).toString('hex')}`, refreshExpiresAt: now + 24 * this.#ttlMs };
  }

  check(token: string): TokenVerdict {
    const entry = this.#tokens.get(token);
    if (!entry) return 'unknown';
    if (entry.serial <= this.#revokedUpTo || entry.expiresAt <= this.#clock.now()) return 'expired';
    return 'valid';
  }

  /** Every token issued so far stops working (forced expiry); new logins get working ones. */
  expireAll(): void {
    this.#revokedUpTo = this.#serial;
  }
}
