import type { Socket } from 'node:net';

export interface ConnectionGateSettings {
  readonly maxConnections: number;
  /** How long an accepted connection may wait for a slot before it is closed unserved. */
  readonly waitTimeoutMs: number;
  /** Starts serving an admitted connection: its TLS handshake, then HTTP. */
  readonly serve: (socket: Socket) => void;
  /** Closes connections that sit idle between requests, freeing their slots for those waiting. */
  readonly closeIdle: () => void;
  readonly onChange: (active: number, waiting: number) => void;
  readonly onWaitTimeout: () => void;
}

interface Waiting {
  readonly socket: Socket;
  readonly timer: NodeJS.Timeout;
}

/**
 * Bounds the connections served at once. A TLS connection receiving data holds its TLS state and
 * read buffers (on the order of 100 KiB), so without a bound the server's memory is whatever
 * clients choose to open: 1,000 connections each sending a refused 1 MiB body cost ~90 MiB.
 *
 * Connections beyond the bound are accepted but not read (the server pauses them on connect).
 * They wait first in, first out, costing a file descriptor and kernel buffers but no TLS state,
 * and are served as slots free up. To free slots, connections already idle are closed when one
 * starts to wait, and a response sent while others wait closes its connection (`Connection:
 * close`, so the client never reuses a connection the server is about to drop).
 */
export class ConnectionGate {
  readonly #settings: ConnectionGateSettings;
  readonly #waiting: Waiting[] = [];
  #active = 0;
  #closed = false;

  constructor(settings: ConnectionGateSettings) {
    this.#settings = settings;
  }

  /** True while connections wait: responses should then close theirs. */
  get hasWaiting(): boolean {
    return this.#waiting.length > 0;
  }

  readonly accept = (socket: Socket): void => {
    if (this.#closed) {
      socket.destroy();
      return;
    }
    if (this.#active < this.#settings.maxConnections) {
      this.#serve(socket);
      return;
    }
    const entry: Waiting = { socket, timer: setTimeout(() => this.#giveUp(entry), this.#settings.waitTimeoutMs) };
    this.#waiting.push(entry);
    this.#report();
    this.#settings.closeIdle();
  };

  /** Stops serving new connections and closes those still waiting; served ones end on their own. */
  close(): void {
    this.#closed = true;
    for (const { socket, timer } of this.#waiting.splice(0)) {
      clearTimeout(timer);
      socket.destroy();
    }
    this.#report();
  }

  #serve(socket: Socket): void {
    this.#active += 1;
    socket.once('close', this.#release);
    this.#report();
    this.#settings.serve(socket);
  }

  readonly #release = (): void => {
    this.#active -= 1;
    const next = this.#waiting.shift();
    if (next === undefined) {
      this.#report();
      return;
    }
    clearTimeout(next.timer);
    this.#serve(next.socket);
  };

  #giveUp(entry: Waiting): void {
    const index = this.#waiting.indexOf(entry);
    if (index === -1) return;
    this.#waiting.splice(index, 1);
    entry.socket.destroy();
    this.#settings.onWaitTimeout();
    this.#report();
  }

  #report(): void {
    this.#settings.onChange(this.#active, this.#waiting.length);
  }
}
