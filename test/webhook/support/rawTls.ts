import { connect, type ConnectionOptions, type TLSSocket } from 'node:tls';

/** A TLS connection driven byte by byte, for what an HTTP client library would not do. */
export interface RawConnection {
  readonly socket: TLSSocket;
  write(text: string | Buffer): void;
  /** Everything received so far. */
  received(): string;
  /** Socket errors seen so far (a reset shows up here). */
  readonly errors: Error[];
  /** Resolves when the server has closed the connection. */
  readonly closed: Promise<void>;
  /** Resolves once `received()` contains a complete response head. */
  responseHead(): Promise<string>;
}

export function openRaw(port: number, ca: string, options: ConnectionOptions = {}): Promise<RawConnection> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, ca, ...options });
    let buffer = '';
    const waiters: Array<() => void> = [];
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      for (const waiter of waiters.splice(0)) waiter();
    });
    const closed = new Promise<void>((done) => socket.once('close', () => done()));
    const errors: Error[] = [];
    socket.on('error', (error) => errors.push(error));
    socket.once('secureConnect', () =>
      resolve({
        socket,
        write: (text) => socket.write(text),
        received: () => buffer,
        errors,
        closed,
        responseHead: () =>
          new Promise((done, fail) => {
            const check = (): void => {
              const end = buffer.indexOf('\r\n\r\n');
              if (end !== -1) done(buffer.slice(0, end));
              else if (socket.destroyed) fail(new Error(`connection closed before a response head: ${JSON.stringify(buffer)}`));
              else waiters.push(check);
            };
            socket.once('close', check);
            check();
          }),
      }),
    );
    socket.once('error', reject);
  });
}

export function statusOf(head: string): number {
  return Number(head.split(' ')[1]);
}

export type Handshake = { ok: true; protocol: string | null; cipher: string; serial: string } | { ok: false; code: string };

/** Attempts a handshake only, reporting the negotiated protocol and cipher or the refusal. */
export function handshake(port: number, ca: string, options: ConnectionOptions): Promise<Handshake> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, ca, ...options }, () => {
      resolve({ ok: true, protocol: socket.getProtocol(), cipher: socket.getCipher().name, serial: socket.getPeerCertificate().serialNumber });
      socket.end();
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve({ ok: false, code: error.code ?? error.message }));
  });
}
