import { Writable } from 'node:stream';
import { Registry } from 'prom-client';
import { afterEach } from 'vitest';
import { createVpsieClient, type VpsieClient, type VpsieClientOptions } from '../../../src/infra/vpsie/client.ts';
import { staticCredentials } from '../../../src/infra/vpsie/credentials.ts';
import { createLogger, type Logger } from '../../../src/infra/log/logger.ts';
import { createLoopbackTls } from '../../../src/sim/certs.ts';
import { startSimVpsie, type SimVpsie, type StartSimVpsieOptions } from '../../../src/sim/vpsie/index.ts';

/** Distinctive values so a scan for them cannot match anything else. */
export const SECRET = 'Zq9-S3CRET & = + % é-7f3a';
export const CLIENT_ID = 'client-Zq9 & = + % é';
/** Every token the simulated cloud issues starts with this. */
export const SIM_TOKEN_PREFIX = 'simtok_';

const cleanups: (() => Promise<void>)[] = [];
// One loopback CA per test file: generating RSA keys for every simulated cloud is most of a test's time.
let certificates: { caPem: string; certPem: string; keyPem: string } | undefined;
function sharedCertificates(): { caPem: string; certPem: string; keyPem: string } {
  if (!certificates) {
    const { ca, server } = createLoopbackTls('vpsie-test-ca');
    certificates = { caPem: ca.certPem, certPem: server.certPem, keyPem: server.keyPem };
  }
  return certificates;
}
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

export async function startSim(options: StartSimVpsieOptions = {}): Promise<SimVpsie> {
  const sim = await startSimVpsie({ credentials: { clientId: CLIENT_ID, clientSecret: SECRET }, asyncCreation: 'never', certificates: sharedCertificates(), ...options });
  cleanups.push(() => sim.close());
  return sim;
}

export interface MemoryLog {
  logger: Logger;
  text(): string;
}

/** pino writing JSON lines into memory, at debug level so every line the client could write is kept. */
export function memoryLog(): MemoryLog {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString('utf8'));
      callback();
    },
  });
  return { logger: createLogger({ destination, level: 'debug' }), text: () => chunks.join('') };
}

export interface ClientUnderTest {
  client: VpsieClient;
  registry: Registry;
  log: MemoryLog;
  /** Every delay the retry layer asked to sleep. */
  sleeps: number[];
}

/** A client for the sim with a rate limit high enough not to matter and sleeps recorded instead of waited. */
export function clientFor(sim: SimVpsie, overrides: Partial<VpsieClientOptions> = {}): ClientUnderTest {
  const registry = new Registry();
  const log = memoryLog();
  const sleeps: number[] = [];
  const client = createVpsieClient({
    baseUrl: sim.url,
    caPem: sim.caPem,
    allowInsecureHttp: sim.url.startsWith('http:'),
    credentials: staticCredentials(sim.credentials),
    registry,
    logger: log.logger,
    rateLimit: { requestsPerMinute: 600_000, burst: 1_000 },
    ...overrides,
    retry: {
      sleep: (ms) => {
        sleeps.push(ms);
        return Promise.resolve();
      },
      ...overrides.retry,
    },
  });
  cleanups.push(() => client.close());
  return { client, registry, log, sleeps };
}

/** The rejection of `promise`, failing the test if it resolves. */
export async function failureOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-Error: ${String(error)}`, { cause: error });
  }
  throw new Error('expected a rejection, but the promise resolved');
}

/** Everything an error would show in a log or a terminal: message, stack, own fields and the whole cause chain. */
export function everythingIn(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 10; depth += 1) {
    if (current instanceof Error) {
      parts.push(current.message, current.stack ?? '', JSON.stringify({ ...current }), String(current));
      for (const key of Object.getOwnPropertyNames(current)) parts.push(`${key}=${safeString((current as unknown as Record<string, unknown>)[key])}`);
      current = current.cause;
    } else {
      parts.push(safeString(current));
      current = undefined;
    }
  }
  return parts.join('\n');
}

function safeString(value: unknown): string {
  try {
    return typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

export function dataCenterOf(sim: SimVpsie): string {
  return sim.cloud.datacenters().find((dc) => dc.available)!.identifier;
}
