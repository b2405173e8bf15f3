import { connect, type TLSSocket } from 'node:tls';

/**
 * A minimal HTTP/1.1 keep-alive client over one TLS connection: one request at a time, responses
 * framed by Content-Length. Far cheaper per request than a general client, so the load
 * generator's CPU goes into the wire, not into client-side bookkeeping — wrk's approach.
 */
export class RawHttpConnection {
  readonly #socket: TLSSocket;
  #buffer: Buffer<ArrayBufferLike> = Buffer.alloc(0);
  #pending: { resolve: (status: number) => void; reject: (error: Error) => void } | undefined;

  private constructor(socket: TLSSocket) {
    this.#socket = socket;
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    socket.on('error', (error) => this.#pending?.reject(error));
    socket.on('close', () => this.#pending?.reject(new Error('connection closed')));
  }

  static open(host: string, port: number, ca: string): Promise<RawHttpConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port, ca }, () => resolve(new RawHttpConnection(socket)));
      socket.once('error', reject);
    });
  }

  /** Sends a complete request and resolves with the response status. */
  send(request: Buffer): Promise<number> {
    return new Promise((resolve, reject) => {
      this.#pending = { resolve, reject };
      this.#socket.write(request);
    });
  }

  close(): void {
    this.#socket.end();
  }

  #onData(chunk: Buffer): void {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    const headEnd = this.#buffer.indexOf('\r\n\r\n');
    if (headEnd === -1) return;
    const head = this.#buffer.toString('latin1', 0, headEnd);
    const lengthMatch = /\r\ncontent-length: *(\d+)/i.exec(head);
    const total = headEnd + 4 + (lengthMatch === null ? 0 : Number(lengthMatch[1]));
    if (this.#buffer.length < total) return;
    this.#buffer = this.#buffer.subarray(total);
    const pending = this.#pending;
    this.#pending = undefined;
    pending?.resolve(Number(head.slice(9, 12)));
  }
}

export function encodeRequest(host: string, path: string, body: string): Buffer {
  const payload = Buffer.from(body);
  const head = `POST ${path} HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: ${payload.length}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), payload]);
}

