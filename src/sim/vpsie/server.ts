import { randomBytes, randomUUID } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { SecureContextOptions } from 'node:tls';
import { createLoopbackTls } from '../certs.ts';
import { createSimClock } from './clock.ts';
import { SimCloud } from './cloud.ts';
import { SimApiError } from './model.ts';
import { type FaultSpec, SimFaults, type TlsFault } from './faults.ts';
import { SimRequestLog, type SimRequestRecord } from './requestLog.ts';
import { sendJson, sendOversized, sendText, setAtPath } from './respond.ts';
import { type AsyncCreation, type RouteContext, matchRoute } from './routes.ts';
import { SimTokens } from './tokens.ts';

export interface StartSimVpsieOptions {
  /** HTTPS with a fresh loopback CA (default), or plain HTTP. */
  tls?: boolean;
  /** Serving certificate for loopback and the CA that signed it, instead of generating both (RSA keys take a while). */
  certificates?: { caPem: string; certPem: string; keyPem: string };
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** The API client credentials the login accepts; generated (with `& = + % space é` in the secret) by default. */
  credentials?: { clientId: string; clientSecret: string };
  /** Access token lifetime in simulated time. Default 1 hour. */
  tokenTtlMs?: number;
  /** Injected simulated time; see `createSimClock`. */
  now?: () => number;
  /** How much faster than real time simulated time runs. Default 1. */
  timeScale?: number;
  /** Simulated time from node creation to `running`. Default 90 s. */
  bootDelayMs?: number;
  /** How `add/slave` answers. Default 0.5: `data: true` half the time. */
  asyncCreation?: AsyncCreation;
  /** VMs the account may hold at once. Default 100. */
  maxVms?: number;
  /** Items per page of every list. Default 50. */
  pageSize?: number;
  /** Which header must carry the token. Default either. */
  authHeader?: 'Authorization' | 'Vpsie-Auth' | 'either';
  /** Faults in force from the start (e.g. `{ tls: 'tls1.1-only' }`). */
  faults?: FaultSpec;
  /** Drives error rates and async creation; Math.random by default. */
  random?: () => number;
}

export interface SimVpsie {
  /** Base URL including `/v2`, as a client is configured with. */
  url: string;
  /** CA that signed the server certificate; undefined for plain HTTP. */
  caPem: string | undefined;
  credentials: { clientId: string; clientSecret: string };
  cloud: SimCloud;
  faults: SimFaults;
  requests: SimRequestLog;
  close(): Promise<void>;
}

const MAX_REQUEST_BYTES = 1024 * 1024;

const TLS_FAULTS: Record<TlsFault, SecureContextOptions> = {
  // OpenSSL 3 refuses TLS 1.1 at the default security level, on both ends.
  'tls1.1-only': { minVersion: 'TLSv1.1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' },
  'tls1.2-cbc-only': { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2', ciphers: 'ECDHE-RSA-AES128-SHA:AES128-SHA' },
};

function generatedCertificates(): { caPem: string; certPem: string; keyPem: string } {
  const { ca, server } = createLoopbackTls('vpsie-sim-cloud-ca');
  return { caPem: ca.certPem, certPem: server.certPem, keyPem: server.keyPem };
}

function defaultCredentials(): { clientId: string; clientSecret: string } {
  return { clientId: `sim-client-${randomBytes(4).toString('hex')}`, clientSecret: `s3cr&t=+% é-${randomBytes(12).toString('hex')}` };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BYTES) throw new SimApiError(413, 'Request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Starts the simulated VPSie API on loopback. */
export async function startSimVpsie(options: StartSimVpsieOptions = {}): Promise<SimVpsie> {
  const clock = createSimClock({ now: options.now, timeScale: options.timeScale });
  const random = options.random ?? Math.random;
  const credentials = options.credentials ?? defaultCredentials();
  const tokens = new SimTokens(clock, options.tokenTtlMs ?? 60 * 60 * 1000);
  const requests = new SimRequestLog();
  const pageSize = options.pageSize ?? 50;
  const asyncCreation = options.asyncCreation ?? 0.5;
  const authHeader = options.authHeader ?? 'either';
  const tlsMaterial = options.tls === false ? undefined : (options.certificates ?? generatedCertificates());

  const listener = (req: IncomingMessage, res: ServerResponse): void => void handle(req, res);
  const server: Server | HttpsServer = tlsMaterial
    ? createHttpsServer({ cert: tlsMaterial.certPem, key: tlsMaterial.keyPem }, listener)
    : createHttpServer(listener);
  const faults = new SimFaults(random, {
    expireTokens: () => tokens.expireAll(),
    applyTls: (fault) => {
      if (!tlsMaterial || !('setSecureContext' in server)) return;
      server.setSecureContext({ cert: tlsMaterial.certPem, key: tlsMaterial.keyPem, ...(fault ? TLS_FAULTS[fault] : {}) });
    },
  });
  const cloud = new SimCloud({ clock, bootDelayMs: options.bootDelayMs ?? 90_000, maxVms: options.maxVms ?? 100, isOfferingExhausted: (id) => faults.isExhausted(id) });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    res.setHeader('x-request-id', randomUUID());
    const url = new URL(req.url ?? '/', 'http://sim.invalid');
    const path = url.pathname.startsWith('/v2/') ? url.pathname.slice(3) : url.pathname;
    const matched = url.pathname.startsWith('/v2/') ? matchRoute(req.method ?? 'GET', path) : undefined;
    const authorization = header(req, 'authorization');
    const vpsieAuth = header(req, 'vpsie-auth');
    const record: SimRequestRecord = {
      endpoint: matched?.route.endpoint ?? 'unknown',
      method: req.method ?? 'GET',
      path,
      query: url.search,
      status: undefined,
      receivedAt: Date.now(),
      userAgent: header(req, 'user-agent'),
      accept: header(req, 'accept'),
      contentType: header(req, 'content-type'),
      auth: authorization?.startsWith('Bearer ') ? 'bearer' : vpsieAuth ? 'vpsie-auth' : 'none',
    };
    requests.add(record);
    res.on('finish', () => (record.status = res.statusCode));

    const fail = (status: number, message: string): void => sendJson(res, status, { error: true, code: status, message });
    try {
      const text = await readBody(req);
      if (!matched) return fail(404, 'Not found');
      const { route, params } = matched;
      const plan = faults.plan(route.endpoint, Date.now());
      if (plan.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, plan.latencyMs));
      if (plan.reply) return sendJson(res, plan.reply.status, plan.reply.body, plan.reply.headers);

      const accept = record.accept ?? '';
      if (!accept.includes('application/json') && !accept.includes('*/*')) return fail(406, 'Only application/json is served');
      if (!route.anonymous) {
        const token = authHeader === 'Vpsie-Auth' ? vpsieAuth : authHeader === 'Authorization' ? authorization?.replace(/^Bearer /, '') : (vpsieAuth ?? authorization?.replace(/^Bearer /, ''));
        const verdict = token ? tokens.check(token) : 'unknown';
        if (verdict !== 'valid') return fail(401, verdict === 'expired' ? 'Token expired' : 'Unauthenticated');
      }
      let body: unknown;
      if (route.body === 'form') {
        if (!record.contentType?.startsWith('application/x-www-form-urlencoded')) return fail(415, 'Expected a form-urlencoded body');
        body = Object.fromEntries(new URLSearchParams(text));
      } else if (route.body === 'json') {
        if (!record.contentType?.startsWith('application/json')) return fail(415, 'Expected a JSON body');
        try {
          body = JSON.parse(text);
        } catch {
          return fail(400, 'Malformed JSON');
        }
      }
      const context: RouteContext = { params, query: url.searchParams, body, cloud, tokens, credentials, pageSize, asyncCreation, random };
      const result = route.handle(context);
      if (result.status >= 300) return sendJson(res, result.status, result.body);
      if (plan.oversizedBytes !== undefined) return await sendOversized(res, plan.oversizedBytes);
      if (plan.malformedJson) return sendText(res, 200, 'application/json', '<html><body>Bad gateway</body></html>');
      if (plan.errorInBody !== undefined) return sendJson(res, 200, { error: true, code: 400, message: plan.errorInBody });
      if (plan.corrupt) setAtPath(result.body, plan.corrupt.path, plan.corrupt.value);
      return sendJson(res, result.status, result.body);
    } catch (error) {
      if (res.headersSent) return void res.destroy();
      if (error instanceof SimApiError) return fail(error.status, error.message);
      return fail(500, 'Internal server error');
    }
  };
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  if (options.faults) faults.set(options.faults);
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `${tlsMaterial ? 'https' : 'http'}://${host}:${address.port}/v2`,
    caPem: tlsMaterial?.caPem,
    credentials,
    cloud,
    faults,
    requests,
    close: async () => {
      cloud.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
