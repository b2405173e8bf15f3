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

/**
 * Reads a request body, counting bytes as they arrive. Past the limit it stops keeping them and
 * reports `too-large` at once: the body is never truncated and then parsed. Bytes still arriving
 * after an outcome are discarded by the stream, not buffered.
 */
export function readBoundedBody(request: IncomingMessage, limits: BodyLimits): Promise<BodyOutcome> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limits.maxBytes) {
        chunks.length = 0;
        settle({ kind: 'too-large' });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => settle({ kind: 'complete', body: Buffer.concat(chunks, size) });
    const onClose = (): void => settle({ kind: 'aborted' });
    const timer = setTimeout(() => settle({ kind: 'timed-out' }), limits.timeoutMs);
    function settle(outcome: BodyOutcome): void {
      clearTimeout(timer);
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onClose);
      request.off('close', onClose);
      resolve(outcome);
    }
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onClose);
    request.on('close', onClose);
  });
}
