import type { IncomingMessage, ServerResponse } from 'node:http';
import { ANONYMOUS_USER, type Authorizer, type TokenAuthenticator } from '../auth.ts';
import type { FieldValidation, Scope } from '../context.ts';
import { coreVersions, group, groupList, resourceList, SERVER_VERSION } from '../discovery.ts';
import { errors } from '../errors.ts';
import { contentHash, groupVersionDocument, openApiIndex } from '../openapi.ts';
import { AUTHORIZATION_GROUP, forbiddenError, hasImpersonationHeaders, impersonate, resourceAttributesOf, review } from '../rbac/index.ts';
import { parseResourcePath } from '../request-info.ts';
import { readBody } from './body.ts';
import { handleResource, type ResourceDeps } from './resources.ts';
import { sendError, sendJson } from './respond.ts';

export interface RouterDeps extends ResourceDeps {
  authenticator: TokenAuthenticator;
  authorizer: Authorizer;
  /** Requests without credentials run as system:anonymous and are authorized, as kube-apiserver's default anonymous auth does. */
  anonymous?: boolean;
  serverAddress: () => string;
  onRequest?: (info: { method: string; path: string; code: number; user?: string }) => void;
}

/** Paths anyone may read, as the system:public-info-viewer role allows. */
const PUBLIC = new Set(['/version', '/healthz', '/livez', '/readyz']);

function fieldValidationOf(query: URLSearchParams): FieldValidation {
  const v = query.get('fieldValidation');
  if (v === null || v === '' ) return 'Warn';
  if (v === 'Strict' || v === 'Warn' || v === 'Ignore') return v;
  throw errors.badRequest(`fieldValidation must be one of "Ignore", "Warn", or "Strict", got "${v}"`);
}

function dryRunOf(query: URLSearchParams): boolean {
  const values = query.getAll('dryRun');
  if (values.some((v) => v !== 'All')) throw errors.badRequest(`Invalid dryRun value: only "All" is supported, got ${JSON.stringify(values)}`);
  return values.length > 0;
}

/** Cached OpenAPI documents, rebuilt when the set of served types changes. */
class OpenApiCache {
  #docs = new Map<string, string>();
  #deps: RouterDeps;
  constructor(deps: RouterDeps) {
    this.#deps = deps;
    deps.ctx.registry.onChange(() => this.#docs.clear());
  }
  document(path: string): string | undefined {
    const cached = this.#docs.get(path);
    if (cached) return cached;
    const parts = path.split('/');
    const [g, v] = parts[0] === 'api' ? ['', parts[1]] : [parts[1], parts[2]];
    if (g === undefined || v === undefined) return undefined;
    const doc = groupVersionDocument(this.#deps.ctx.registry, g, v, { customSchema: (t) => this.#deps.ctx.customResources.rawSchemaOf(t) });
    if (!doc) return undefined;
    const text = JSON.stringify(doc);
    this.#docs.set(path, text);
    return text;
  }
  index(): object {
    return openApiIndex(this.#deps.ctx.registry, (p) => contentHash(this.document(p) ?? ''));
  }
}

export function createRouter(deps: RouterDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const openapi = new OpenApiCache(deps);
  const registry = deps.ctx.registry;

  function nonResource(path: string): object | string | undefined {
    if (path === '/version') return SERVER_VERSION;
    if (path === '/healthz' || path === '/livez' || path === '/readyz') return 'ok';
    if (path === '/api') return coreVersions(deps.serverAddress());
    if (path === '/api/v1') return resourceList(registry, '', 'v1');
    if (path === '/apis') return groupList(registry);
    if (path === '/openapi/v3') return openapi.index();
    if (path.startsWith('/openapi/v3/')) return openapi.document(path.slice('/openapi/v3/'.length));
    const m = /^\/apis\/([^/]+)(?:\/([^/]+))?$/.exec(path);
    if (m) return m[2] ? resourceList(registry, m[1]!, m[2]) : group(registry, m[1]!);
    return undefined;
  }

  async function handle(req: IncomingMessage, res: ServerResponse, url: { pathname: string; searchParams: URLSearchParams }): Promise<string | undefined> {
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const method = req.method ?? 'GET';
    let user = deps.authenticator.authenticate(req.headers.authorization);
    if (!user && deps.anonymous && req.headers.authorization === undefined) user = ANONYMOUS_USER;
    if (!user && (deps.anonymous || !PUBLIC.has(path))) throw errors.unauthorized();
    if (user && hasImpersonationHeaders(req.rawHeaders)) {
      const outcome = impersonate(req.headersDistinct, req.url ?? '/', user, deps.authorizer);
      if ('internalError' in outcome) {
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' });
        res.end(`${outcome.internalError}\n`);
        return user.username;
      }
      user = outcome.user;
    }
    const request = parseResourcePath(method, path, url.searchParams);
    if (!request) {
      if (user) {
        // Non-resource paths are authorized by the path as sent and the lower-cased method.
        const attributes = { verb: method.toLowerCase(), path: url.pathname };
        const decision = deps.authorizer.authorize(user, attributes);
        if (!decision.allowed) throw forbiddenError(user.username, attributes, decision.reason);
      }
      if (method !== 'GET' && method !== 'HEAD') throw errors.methodNotAllowed();
      const body = nonResource(path);
      if (body === undefined) throw errors.pathNotFound();
      if (typeof body === 'string' && !body.startsWith('{')) {
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(body);
      } else sendJson(res, 200, body);
      return user?.username;
    }
    // Authorization comes before the lookup: an unknown resource is 403, not 404, to whoever may not use it.
    const attributes = resourceAttributesOf(request, url.searchParams);
    const decision = deps.authorizer.authorize(user!, attributes);
    if (!decision.allowed) throw forbiddenError(user!.username, attributes, decision.reason);
    const type = registry.lookup(request.group, request.version, request.resource);
    if (!type) throw errors.pathNotFound();
    if (type.namespaced && request.namespace === undefined && !['list', 'watch', 'deletecollection'].includes(request.verb)) throw errors.pathNotFound();
    if (!type.namespaced && request.namespace !== undefined) throw errors.pathNotFound();
    if (type.group === AUTHORIZATION_GROUP) {
      if (request.verb !== 'create' || request.subresource) throw errors.methodNotAllowed();
      const body = await readBody(req);
      sendJson(res, 201, review({ type, namespace: request.namespace, user: user!, authorizer: deps.authorizer, body, contentType: req.headers['content-type'] }));
      return user!.username;
    }
    const scope: Scope = {
      user: user!,
      type,
      namespace: request.namespace,
      dryRun: dryRunOf(url.searchParams),
      fieldValidation: fieldValidationOf(url.searchParams),
      warnings: [],
    };
    await handleResource(deps, scope, request, url.searchParams, req, res);
    return user!.username;
  }

  return (req, res) => {
    // Split by hand: WHATWG URL parsing is a measurable share of a small request.
    const raw = req.url ?? '/';
    const q = raw.indexOf('?');
    const url = { pathname: q < 0 ? raw : raw.slice(0, q), searchParams: new URLSearchParams(q < 0 ? '' : raw.slice(q + 1)) };
    let username: string | undefined;
    handle(req, res, url)
      .then((u) => (username = u))
      .catch((error) => sendError(res, error))
      .finally(() => deps.onRequest?.({ method: req.method ?? 'GET', path: url.pathname, code: res.statusCode, user: username }));
  };
}
