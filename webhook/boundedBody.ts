import type { IncomingMessage } from 'node:http';

export type BodyOutcome =
  | { readonly kind: 'complete'; readonly body: Buffer }
  | { readonly kind: 'too-large' }
  | { readonly kind: 'timed-out' }
  | { readonly kind: 'aborted' };

export interface BodyLimits {
  readonly maxBytes: number;
  /** Deadline for the whole body, so a client trickling bytes cannot hold a request open. */
  readonly timeoutMs: number;
}

const TIMED_OUT: BodyOutcome = { kind: 'timed-out' };
const TOO_LARGE: BodyOutcome = { kind: 'too-large' };
const ABORTED: BodyOutcome = { kind: 'aborted' };

/**
 * Reads a request body, counting bytes as they arrive. Past the limit it stops keeping them and
 * reports `too-large` at once: the body is never truncated and then parsed. Bytes still arriving
 * after an outcome are discarded by the stream, not buffered.
 *
 * Called once per admission request, so it costs one timer, one promise and one reader object
 * with its listeners; the usual body (a single chunk) is passed on without a copy.
 */
export function readBoundedBody(request: IncomingMessage, limits: BodyLimits): Promise<BodyOutcome> {
  return new Promise((resolve) => new BoundedBodyReader(request, limits, resolve));
}

class BoundedBodyReader {
  readonly #request: IncomingMessage;
  readonly #maxBytes: number;
  readonly #resolve: (outcome: BodyOutcome) => void;
  readonly #timer: NodeJS.Timeout;
  readonly #onData = (chunk: Buffer): void => this.#data(chunk);
  readonly #onEnd = (): void => this.#settle(this.#complete());
  readonly #onClose = (): void => this.#settle(ABORTED);
  #chunks: Buffer[] = [];
  #size = 0;
  #settled = false;

  constructor(request: IncomingMessage, limits: BodyLimits, resolve: (outcome: BodyOutcome) => void) {
    this.#request = request;
    this.#maxBytes = limits.maxBytes;
    this.#resolve = resolve;
    this.#timer = setTimeout(() => this.#settle(TIMED_OUT), limits.timeoutMs);
    request.on('data', this.#onData);
    request.on('end', this.#onEnd);
    request.on('error', this.#onClose);
    request.on('close', this.#onClose);
  }

  #data(chunk: Buffer): void {
    this.#size += chunk.length;
    if (this.#size > this.#maxBytes) {
      this.#chunks = [];
      this.#settle(TOO_LARGE);
      return;
    }
    this.#chunks.push(chunk);
  }

  #complete(): BodyOutcome {
    const chunks = this.#chunks;
    return { kind: 'complete', body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, this.#size) };
  }

  #settle(outcome: BodyOutcome): void {
    if (this.#settled) return;
    this.#settled = true;
    clearTimeout(this.#timer);
    const request = this.#request;
    request.off('data', this.#onData);
    request.off('end', this.#onEnd);
    request.off('error', this.#onClose);
    request.off('close', this.#onClose);
    this.#resolve(outcome);
  }
}
