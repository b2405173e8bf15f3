import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Scope, ServerContext } from '../context.ts';
import type { DisruptionController } from '../controllers/disruption-controller.ts';
import { errors } from '../errors.ts';
import type { Result } from '../ops/common.ts';
import { remove, removeCollection, type DeleteOptions } from '../ops/delete.ts';
import { evict } from '../ops/eviction.ts';
import { bind } from '../ops/binding.ts';
import { filterOf, get, list } from '../ops/read.ts';
import { getScale, patchScale, updateScale } from '../ops/scale.ts';
import { create, patch, update } from '../ops/write.ts';
import type { ResourceRequest } from '../request-info.ts';
import { toTable, type IncludeObject } from '../table.ts';
import type { KubeObject } from '../types.ts';
import { apiVersionOf } from '../types.ts';
import { jsonWatchLine, type WatchEventType, type WatchHub } from '../watch.ts';
import type { StoredObject } from '../store.ts';
import { decodeBody, readBody } from './body.ts';
import { mediaTypeOf, representationOf, type Representation } from './negotiation.ts';
import { sendJson } from './respond.ts';

export interface ResourceDeps {
  ctx: ServerContext;
  hub: WatchHub;
  disruption: DisruptionController;
}

function intParam(query: URLSearchParams, name: string): number | undefined {
  const v = query.get(name);
  if (v === null || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n)) throw errors.badRequest(`invalid value for ${name}: ${v}`);
  return n;
}

function deleteOptionsOf(body: unknown, query: URLSearchParams): DeleteOptions {
  const b = (body && typeof body === 'object' ? body : {}) as DeleteOptions & { orphanDependents?: boolean };
  const options: DeleteOptions = { ...b };
  const grace = intParam(query, 'gracePeriodSeconds');
  if (grace !== undefined) options.gracePeriodSeconds = grace;
  const policy = query.get('propagationPolicy') ?? b.propagationPolicy;
  if (policy) {
    if (!['Orphan', 'Background', 'Foreground'].includes(policy)) throw errors.badRequest(`propagationPolicy: Unsupported value: "${policy}"`);
    options.propagationPolicy = policy as DeleteOptions['propagationPolicy'];
  } else if (b.orphanDependents === true) options.propagationPolicy = 'Orphan';
  return options;
}

function listMetaOf(rv: string, cont?: string, remaining?: number) {
  return { resourceVersion: rv, ...(cont ? { continue: cont } : {}), ...(remaining !== undefined ? { remainingItemCount: remaining } : {}) };
}

/** Encodes one result as the representation the client asked for. */
function render(scope: Scope, representation: Representation, result: Result, include: IncludeObject, now: number): string | object {
  if (representation === 'table') return toTable(scope.type, [result.object], now, include, { resourceVersion: result.object.metadata.resourceVersion });
  if (representation === 'partial-metadata') return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: result.object.metadata };
  return result.json;
}

async function handleWatch(deps: ResourceDeps, scope: Scope, request: ResourceRequest, query: URLSearchParams, representation: Representation, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const fieldSelector = [query.get('fieldSelector'), request.name ? `metadata.name=${request.name}` : undefined].filter(Boolean).join(',');
  const filter = filterOf(scope.type, scope.namespace, { labelSelector: query.get('labelSelector') ?? undefined, fieldSelector: fieldSelector || undefined });
  const include = (query.get('includeObject') as IncludeObject | null) ?? 'Metadata';
  const now = () => deps.ctx.now().getTime();
  const encode = (type: WatchEventType, object: StoredObject | KubeObject): string => {
    if (representation === 'object' || type === 'ERROR' || type === 'BOOKMARK') return jsonWatchLine(type, object);
    const obj = 'json' in object && typeof object.json === 'string' ? (object as StoredObject).object : (object as KubeObject);
    const body =
      representation === 'table'
        ? toTable(scope.type, [obj], now(), include, { resourceVersion: obj.metadata.resourceVersion })
        : { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
    return `{"type":"${type}","object":${JSON.stringify(body)}}\n`;
  };
  res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache, private', 'transfer-encoding': 'chunked' });
  res.flushHeaders();
  // Events written in one tick go out in one chunk.
  let corked = false;
  const handle = deps.hub.open({
    type: scope.type,
    filter,
    resourceVersion: query.get('resourceVersion') ?? undefined,
    allowBookmarks: query.get('allowWatchBookmarks') === 'true',
    sendInitialEvents: query.get('sendInitialEvents') === 'true',
    timeoutSeconds: intParam(query, 'timeoutSeconds'),
    encode,
    sink: {
      write(chunk) {
        if (!corked) {
          corked = true;
          res.cork();
          process.nextTick(() => {
            corked = false;
            res.uncork();
          });
        }
        res.write(chunk);
      },
      get backlog() {
        return res.writableLength;
      },
      end() {
        if (!res.writableEnded) res.end();
      },
    },
  });
  req.on('close', () => handle.close());
  res.on('close', () => handle.close());
}

/** Serves one resource request: reads, writes, subresources and watches. */
export async function handleResource(deps: ResourceDeps, scope: Scope, request: ResourceRequest, query: URLSearchParams, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { ctx } = deps;
  const type = scope.type;
  const representation = representationOf(req.headers.accept);
  if (representation === 'unacceptable') throw errors.notAcceptable();
  const include = (query.get('includeObject') as IncludeObject | null) ?? 'Metadata';
  const now = ctx.now().getTime();
  const sub = request.subresource;
  if (sub && !type.subresources.includes(sub as never)) throw errors.pathNotFound();
  if (!type.verbs.includes(request.verb) && !(sub && request.verb !== 'list')) throw errors.methodNotAllowed();
  const needsBody = ['create', 'update', 'patch', 'delete', 'deletecollection'].includes(request.verb);
  const body = needsBody ? decodeBody(await readBody(req), req.headers['content-type'], { apiVersion: apiVersionOf(type), kind: type.kind }) : undefined;
  const reply = (code: number, payload: string | object) => sendJson(res, code, payload, scope.warnings);
  const name = request.name ?? '';

  switch (request.verb) {
    case 'get':
      if (sub === 'scale') return reply(200, getScale(ctx, scope, name));
      return reply(200, render(scope, representation, get(ctx, scope, name), include, now));
    case 'list': {
      const result = list(ctx, scope, {
        labelSelector: query.get('labelSelector') ?? undefined,
        fieldSelector: query.get('fieldSelector') ?? undefined,
        limit: intParam(query, 'limit'),
        continue: query.get('continue') ?? undefined,
        resourceVersion: query.get('resourceVersion') ?? undefined,
        resourceVersionMatch: query.get('resourceVersionMatch') ?? undefined,
      });
      const meta = listMetaOf(result.resourceVersion, result.continue, result.remainingItemCount);
      if (representation === 'table') return reply(200, toTable(type, result.items.map((i) => i.object), now, include, meta));
      if (representation === 'partial-metadata') {
        return reply(200, { kind: 'PartialObjectMetadataList', apiVersion: 'meta.k8s.io/v1', metadata: meta, items: result.items.map((i) => ({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: i.object.metadata })) });
      }
      // Assembled from each object's stored JSON: a 10,000-pod list is not re-serialised.
      return reply(200, `{"kind":"${type.listKind}","apiVersion":"${apiVersionOf(type)}","metadata":${JSON.stringify(meta)},"items":[${result.items.map((i) => i.json).join(',')}]}`);
    }
    case 'watch':
      return handleWatch(deps, scope, request, query, representation, req, res);
    case 'create':
      if (sub === 'eviction') return reply(201, await evict(ctx, scope, deps.disruption, name, body));
      if (sub === 'binding') return reply(201, await bind(ctx, scope, name, body));
      if (sub) throw errors.methodNotAllowed();
      return reply(201, render(scope, representation, await create(ctx, scope, body), include, now));
    case 'update':
      if (sub === 'scale') return reply(200, await updateScale(ctx, scope, name, body));
      if (sub && sub !== 'status') throw errors.methodNotAllowed();
      return reply(200, render(scope, representation, await update(ctx, scope, name, body, sub), include, now));
    case 'patch': {
      const contentType = mediaTypeOf(req.headers['content-type']);
      if (sub === 'scale') return reply(200, await patchScale(ctx, scope, name, contentType, body));
      if (sub && sub !== 'status') throw errors.methodNotAllowed();
      return reply(200, render(scope, representation, await patch(ctx, scope, name, contentType, body, sub), include, now));
    }
    case 'delete':
      if (sub) throw errors.methodNotAllowed();
      return reply(200, render(scope, representation, await remove(ctx, scope, name, deleteOptionsOf(body, query)), include, now));
    case 'deletecollection': {
      const { items } = await removeCollection(ctx, scope, { labelSelector: query.get('labelSelector') ?? undefined, fieldSelector: query.get('fieldSelector') ?? undefined }, deleteOptionsOf(body, query));
      return reply(200, `{"kind":"${type.listKind}","apiVersion":"${apiVersionOf(type)}","metadata":{},"items":[${items.map((i) => i.json).join(',')}]}`);
    }
  }
}
