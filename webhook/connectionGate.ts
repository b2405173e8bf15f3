import type { Socket } from 'node:net';

export interface ConnectionGateSettings {
  readonly maxConnections: number;
  /** How long an accepted connection may wait for a slot before it is closed unserved. */
  readonly waitTimeoutMs: number;
  /** Starts serving an admitted connection: its TLS handshake, then HTTP. */
  readonly serve: (socket: Socket) => void;
  readonly onChange: (active: number, waiting: number) => void;
  readonly onWaitTimeout: () => void;
}

/** What the HTTP layer tells the gate about a served connection, and asks of it. */
export interface ConnectionUse {
  /** True while connections wait for a slot: a response then closes its connection to free one. */
  readonly hasWaiting: boolean;
  /** A request started on this connection. */
  busy(socket: Socket): void;
  /** A request was read whole and answered; the connection stays open for the next one. */
  idle(socket: Socket): void;
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
 * and are served as slots free up. To free slots, a connection that starts to wait closes the
 * keep-alive connection idle the longest (one that finished a request, never one that has yet to
 * send its first), and a response sent while others wait closes its connection (`Connection:
 * close`, so the client never reuses a connection the server is about to drop).
 */
export class ConnectionGate implements ConnectionUse {
  readonly #settings: ConnectionGateSettings;
  readonly #waiting: Waiting[] = [];
  /** Keep-alive connections between requests, longest idle first (a Set keeps insertion order). */
  readonly #idle = new Set<Socket>();
  readonly #watched = new WeakSet<Socket>();
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
    this.#closeLongestIdle();
  };

  busy(socket: Socket): void {
    this.#idle.delete(socket);
  }

  idle(socket: Socket): void {
    if (!this.#watched.has(socket)) {
      this.#watched.add(socket);
      socket.once('close', () => this.#idle.delete(socket));
    }
    this.#idle.add(socket);
  }

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

  #closeLongestIdle(): void {
    for (const socket of this.#idle) {
      this.#idle.delete(socket);
      socket.destroy();
      return;
    }
  }

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
