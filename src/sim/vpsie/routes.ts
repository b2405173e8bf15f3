import type { SimCloud } from './cloud.ts';
import { SimApiError } from './model.ts';
import type { SimEndpoint } from './faults.ts';
import type { SimTokens } from './tokens.ts';
import { clusterWire, datacenterWire, k8sOfferingWire, nodeGroupWire, offeringWire, pageOf, vmWire } from './wire.ts';

/** Whether `add/slave` answers `data: true` (created in the background) or the node: always, never, or with this probability. */
export type AsyncCreation = 'always' | 'never' | number;

export interface RouteContext {
  params: readonly string[];
  query: URLSearchParams;
  /** Parsed JSON, or the fields of a form body. */
  body: unknown;
  cloud: SimCloud;
  tokens: SimTokens;
  credentials: { clientId: string; clientSecret: string };
  pageSize: number;
  asyncCreation: AsyncCreation;
  random: () => number;
}

export interface RouteResult {
  status: number;
  body: unknown;
}

export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  pattern: RegExp;
  endpoint: SimEndpoint;
  /** The login: reachable without a token. */
  anonymous?: boolean;
  /** Content type the body must have: the login is a form, everything else JSON. */
  body?: 'form' | 'json';
  handle(context: RouteContext): RouteResult;
}

const ok = (data: unknown): RouteResult => ({ status: 200, body: { error: false, data } });

function page(context: RouteContext, items: readonly unknown[]): RouteResult {
  const raw = context.query.get('page') ?? '1';
  const number = Number(raw);
  if (!/^\d+$/.test(raw) || number < 1) throw new SimApiError(400, 'Invalid page');
  return { status: 200, body: pageOf(items, number, context.pageSize) };
}

function field(body: unknown, name: string, type: 'string' | 'number'): string | number {
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
  // VPSie accepts numeric ids sent as strings; anything else is a validation error.
  if (type === 'number' && typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  if (typeof value !== type || value === '') throw new SimApiError(400, `The ${name} field is required`);
  return value as string | number;
}

function integerParam(value: string | undefined): number {
  if (value === undefined || !/^\d+$/.test(value)) throw new SimApiError(404, 'Not found');
  return Number(value);
}

function login(context: RouteContext): RouteResult {
  const form = context.body as Record<string, string>;
  if (form.clientId !== context.credentials.clientId || form.clientSecret !== context.credentials.clientSecret) {
    throw new SimApiError(401, 'Invalid client credentials');
  }
  const issued = context.tokens.issue();
  return {
    status: 200,
    body: {
      accessToken: { token: issued.token, expires: new Date(issued.expiresAt).toISOString() },
      refreshToken: { token: issued.refreshToken, expires: new Date(issued.refreshExpiresAt).toISOString() },
    },
  };
}

function addNode(context: RouteContext): RouteResult {
  const vm = context.cloud.addNode(context.params[0]!, integerParam(context.params[1]));
  const background = context.asyncCreation === 'always' || (typeof context.asyncCreation === 'number' && context.random() < context.asyncCreation);
  return { status: 200, body: { error: false, code: 200, message: 'Node is being created', data: background ? true : { id: vm.id, identifier: vm.identifier, status: vm.status, hostname: vm.hostname } } };
}

const ID = '([^/]+)';

export const ROUTES: readonly Route[] = [
  { method: 'POST', pattern: /^\/auth\/from\/api$/, endpoint: 'login', anonymous: true, body: 'form', handle: login },
  {
    method: 'POST',
    pattern: /^\/k8s\/offers$/,
    endpoint: 'k8sOffers',
    body: 'json',
    handle: (c) => {
      c.cloud.datacenter(field(c.body, 'dcIdentifier', 'string'));
      return page(c, c.cloud.k8sOfferings().map(k8sOfferingWire));
    },
  },
  { method: 'GET', pattern: /^\/offerings$/, endpoint: 'offerings', handle: (c) => page(c, c.cloud.offerings().map(offeringWire)) },
  { method: 'GET', pattern: /^\/datacenters$/, endpoint: 'datacenters', handle: (c) => page(c, c.cloud.datacenters().map(datacenterWire)) },
  {
    method: 'GET',
    pattern: new RegExp(`^/k8s/cluster/byId/${ID}$`),
    endpoint: 'clusterInfo',
    handle: (c) => ok(clusterWire(c.cloud.cluster(c.params[0]!), c.cloud.clusterVms(c.params[0]!))),
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/k8s/node/groups/byClusterId/${ID}$`),
    endpoint: 'nodeGroups',
    handle: (c) => page(c, c.cloud.nodeGroups(c.params[0]!).map((g) => nodeGroupWire(g, c.cloud.datacenter(g.datacenterId).identifier))),
  },
  {
    method: 'POST',
    pattern: /^\/k8s\/cluster\/add\/group$/,
    endpoint: 'createNodeGroup',
    body: 'json',
    handle: (c) => {
      const group = c.cloud.createNodeGroup(field(c.body, 'clusterIdentifier', 'string') as string, field(c.body, 'groupName', 'string') as string, field(c.body, 'KubeSizeID', 'number') as number);
      return { status: 200, body: { error: false, code: 200, message: 'Node group created', data: { groupId: group.id } } };
    },
  },
  { method: 'POST', pattern: new RegExp(`^/k8s/cluster/byId/${ID}/add/slave/group/${ID}$`), endpoint: 'addNode', handle: addNode },
  {
    method: 'DELETE',
    pattern: new RegExp(`^/k8s/cluster/byId/${ID}/delete/slave$`),
    endpoint: 'deleteNode',
    body: 'json',
    handle: (c) => {
      c.cloud.deleteNode(c.params[0]!, field(c.body, 'identifier', 'string') as string);
      return { status: 200, body: { error: false, code: 200, message: 'Node deleted' } };
    },
  },
  { method: 'GET', pattern: /^\/vm$/, endpoint: 'listVms', handle: (c) => page(c, c.cloud.vms().map(vmWire)) },
  { method: 'GET', pattern: new RegExp(`^/vm/${ID}$`), endpoint: 'getVm', handle: (c) => ok(vmWire(c.cloud.vm(integerParam(c.params[0])))) },
  {
    method: 'DELETE',
    pattern: new RegExp(`^/vm/${ID}$`),
    endpoint: 'deleteVm',
    handle: (c) => {
      c.cloud.deleteVm(integerParam(c.params[0]));
      return { status: 200, body: { error: false, code: 200, message: 'VM deleted' } };
    },
  },
];

export function matchRoute(method: string, path: string): { route: Route; params: string[] } | undefined {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const match = route.pattern.exec(path);
    if (match) return { route, params: match.slice(1).map((p) => decodeURIComponent(p)) };
  }
  return undefined;
}
