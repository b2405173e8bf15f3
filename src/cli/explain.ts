import { InvalidArgumentError, Option, type Command } from 'commander';
import { request } from 'undici';
import { parseNamespacedName } from './options.ts';

const DEFAULT_DEBUG_URL = 'http://127.0.0.1:8081';
/** The endpoint answers from memory; anything slower is a controller in trouble, not one to wait on. */
const TIMEOUT_MS = 10_000;

interface ExplainOptions {
  debugUrl: URL;
  json?: boolean;
}

function parseDebugUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError(`expected an http(s) URL such as ${DEFAULT_DEBUG_URL}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidArgumentError(`expected an http(s) URL such as ${DEFAULT_DEBUG_URL}`);
  return url;
}

/** Why a request never got an answer, in a word or two: the system error code when there is one. */
function cause(error: unknown): string {
  const e = error as { code?: unknown; message?: unknown };
  if (e.code === 'UND_ERR_CONNECT_TIMEOUT' || e.code === 'UND_ERR_HEADERS_TIMEOUT' || e.code === 'UND_ERR_BODY_TIMEOUT') return `no answer within ${TIMEOUT_MS / 1000}s`;
  if (typeof e.code === 'string' && !e.code.startsWith('UND_ERR')) return e.code;
  return typeof e.message === 'string' ? e.message : String(error);
}

/**
 * Asks the controller's debug endpoint and prints its answer: the explanation on stdout, or one
 * line on stderr saying why there is none. Only the URL's origin is ever printed, never userinfo.
 */
async function explainSubject(query: Record<string, string>, o: ExplainOptions): Promise<void> {
  const url = new URL('/debug/explain', o.debugUrl);
  url.search = new URLSearchParams(query).toString();
  const where = o.debugUrl.origin;
  let status: number;
  let text: string;
  try {
    const res = await request(url, { headersTimeout: TIMEOUT_MS, bodyTimeout: TIMEOUT_MS });
    status = res.statusCode;
    text = await res.body.text();
  } catch (error) {
    process.stderr.write(`cannot reach the controller's debug endpoint at ${where}: ${cause(error)} — is it running with --debug-port?\n`);
    process.exitCode = 1;
    return;
  }
  let body: { text?: unknown; error?: unknown };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    process.stderr.write(`${where} is not a vpsie-autoscaler debug endpoint: HTTP ${status} without JSON\n`);
    process.exitCode = 1;
    return;
  }
  if (status === 200 && typeof body.text === 'string') {
    process.stdout.write(o.json ? `${JSON.stringify(body, null, 2)}\n` : `${body.text}\n`);
    return;
  }
  const error = typeof body.error === 'string' ? body.error : `HTTP ${status}`;
  process.stderr.write(status === 404 || status === 503 ? `${error}\n` : `the debug endpoint at ${where} answered HTTP ${status}: ${error}\n`);
  process.exitCode = 1;
}

/** The options every `explain` subcommand takes: where the controller is, and how to print. */
function clientOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--debug-url <url>', "the controller's debug endpoint (its --debug-port)")
        .env('VPSIE_AUTOSCALER_DEBUG_URL')
        .argParser(parseDebugUrl)
        .default(new URL(DEFAULT_DEBUG_URL), DEFAULT_DEBUG_URL),
    )
    .option('--json', 'print the raw JSON answer');
}

export function registerExplain(program: Command): void {
  const explain = program.command('explain').description("print the latest scaling decision about a pod or node, read from the running controller's debug endpoint");
  clientOptions(explain.command('pod').description('why a pod did or did not get a new node').argument('<namespace/name>', 'the pod', parseNamespacedName)).action(
    (pod: { namespace: string; name: string }, o: ExplainOptions) => explainSubject({ pod: `${pod.namespace}/${pod.name}` }, o),
  );
  clientOptions(explain.command('node').description('why a node was removed or kept').argument('<name>', 'the node')).action((node: string, o: ExplainOptions) =>
    explainSubject({ node }, o),
  );
}
