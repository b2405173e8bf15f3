/** A selector the real server refuses: it answers 400 BadRequest with this message. */
export class SelectorError extends Error {
  readonly code = 400;
  readonly reason = 'BadRequest';

  constructor(message: string) {
    super(message);
    this.name = 'SelectorError';
  }

  /** The metav1.Status body the real server sends. */
  status(): { kind: 'Status'; apiVersion: 'v1'; metadata: Record<string, never>; status: 'Failure'; message: string; reason: 'BadRequest'; code: 400 } {
    return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: this.message, reason: this.reason, code: this.code };
  }
}
