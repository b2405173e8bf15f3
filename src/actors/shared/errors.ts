/**
 * An effect failure the lifecycle must not retry (e.g. VPSie capacity exhausted for an offering):
 * the machine moves to Failed with this reason instead of backing off.
 */
export class TerminalError extends Error {
  readonly terminal = true;
  readonly reason: string;

  constructor(reason: string, message: string) {
    super(message);
    this.name = 'TerminalError';
    this.reason = reason;
  }
}
