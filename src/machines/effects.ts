import { fromPromise } from 'xstate';

/**
 * The machines name their effects; the actor layer supplies them with `.provide()`. An effect it
 * forgot fails loudly with this error (and the machine retries it like any failure) rather than
 * doing nothing.
 */
export class EffectNotProvidedError extends Error {
  readonly effect: string;

  constructor(effect: string) {
    super(`the effect ${effect} was not provided to the machine`);
    this.name = 'EffectNotProvidedError';
    this.effect = effect;
  }
}

/** The declared type of an effect the actor layer must provide. */
export function effect<TOutput, TInput>(name: string) {
  return fromPromise<TOutput, TInput>(() => Promise.reject(new EffectNotProvidedError(name)));
}

/** The parts of an effect's error the machines read. */
export interface EffectErrorView {
  /** True when retrying cannot help (e.g. VPSie has no capacity for the offering). */
  terminal?: boolean;
  reason?: string;
  message?: string;
}

function field(error: unknown, key: keyof EffectErrorView): unknown {
  return typeof error === 'object' && error !== null ? (error as Record<string, unknown>)[key] : undefined;
}

export function isTerminalError(error: unknown): boolean {
  return field(error, 'terminal') === true;
}

/** The error's reason if it gives a non-empty one, else `fallback`. */
export function errorReason(error: unknown, fallback: string): string {
  const reason = field(error, 'reason');
  return typeof reason === 'string' && reason !== '' ? reason : fallback;
}

export function errorMessage(error: unknown): string {
  const message = field(error, 'message');
  if (typeof message === 'string') return message;
  return typeof error === 'string' ? error : 'unknown error';
}
