import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLoopbackTls } from '../../../../src/sim/certs.ts';
import { startSimCluster, type SimCluster } from '../../../../src/sim/cluster.ts';
import { BINARY_FILE_CONTENT, type GeneratorCase } from './generators.ts';

export const PROTOBUF_MEDIA_TYPE = 'application/vnd.kubernetes.protobuf';

export interface RecordedRequest {
  method: string;
  path: string;
  contentType: string;
  body: Buffer;
}

export interface Capture {
  /** The protobuf request kubectl sent for the generator. */
  request: RecordedRequest;
  /** What `kubectl create … --dry-run=client -o json` printed for the same command. */
  dryRunJson: unknown;
}

export interface CaptureSession {
  capture(c: GeneratorCase): Promise<Capture>;
  close(): Promise<void>;
}

/**
 * Runs the real kubectl against the simulator through a recording proxy. The proxy speaks plain
 * HTTP and adds the admin token itself, since kubectl sends no bearer token over plain HTTP.
 */
export async function startCaptureSession(): Promise<CaptureSession> {
  const dir = mkdtempSync(join(tmpdir(), 'vpsie-protobuf-capture-'));
  const cluster = await startSimCluster({ api: { insecureHttp: true }, installCrds: false });
  const recorded: RecordedRequest[] = [];
  const proxy = await startRecordingProxy(cluster, recorded);
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, cluster.kubeconfig.replace(cluster.api.url, `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`));
  const files = { binaryFile: join(dir, 'blob.bin'), certFile: join(dir, 'tls.crt'), keyFile: join(dir, 'tls.key') };
  const { server } = createLoopbackTls('protobuf-capture');
  writeFileSync(files.binaryFile, BINARY_FILE_CONTENT);
  writeFileSync(files.certFile, server.certPem);
  writeFileSync(files.keyFile, server.keyPem);
  const kubectl = (args: string[]) => runKubectl(['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'cache'), ...args]);

  return {
    async capture(c) {
      recorded.length = 0;
      const args = c.args(files);
      // Whether kubectl succeeds depends on the simulator's answer; only the request it sent matters here.
      const created = await kubectl(args);
      const sent = recorded.filter((r) => r.contentType.startsWith(PROTOBUF_MEDIA_TYPE));
      if (sent.length !== 1) throw new Error(`kubectl ${args.join(' ')} sent ${sent.length} protobuf requests; stderr: ${created.stderr}`);
      const dryRun = await kubectl(withFlags(args, ['--dry-run=client', '-o', 'json']));
      if (dryRun.code !== 0) throw new Error(`kubectl --dry-run=client failed: ${dryRun.stderr}`);
      return { request: sent[0]!, dryRunJson: JSON.parse(dryRun.stdout) };
    },
    async close() {
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      await cluster.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Adds flags before a trailing `-- command args…`, which must stay last. */
function withFlags(args: string[], flags: string[]): string[] {
  const at = args.indexOf('--');
  return at === -1 ? [...args, ...flags] : [...args.slice(0, at), ...flags, ...args.slice(at)];
}

async function startRecordingProxy(cluster: SimCluster, recorded: RecordedRequest[]): Promise<Server> {
  const target = new URL(cluster.api.url);
  const proxy = createServer((req, res) => {
    void readAll(req).then((body) => {
      recorded.push({ method: req.method ?? '', path: req.url ?? '', contentType: req.headers['content-type'] ?? '', body });
      const upstream = request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, authorization: `Bearer ${cluster.api.adminToken}` } },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      upstream.end(body);
    });
  });
  proxy.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return proxy;
}

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

function runKubectl(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('kubectl', args, { timeout: 20_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}
