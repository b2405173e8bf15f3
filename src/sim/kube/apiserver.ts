import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { stringify as toYaml } from 'yaml';
import { createLoopbackTls, type KeyPair } from '../certs.ts';
import { Admission, type AdmissionOptions } from './admission/admission.ts';
import { ADMIN_USER, allowAll, type Authorizer, rulesOf, serviceAccountUser, TokenAuthenticator } from './auth.ts';
import type { ServerContext } from './context.ts';
import { CrdCleanupController } from './controllers/crd-controller.ts';
import { DisruptionController } from './controllers/disruption-controller.ts';
import { GarbageCollector } from './controllers/garbage-collector.ts';
import { NamespaceController } from './controllers/namespace-controller.ts';
import { CustomResources } from './custom-resources.ts';
import { createRouter } from './http/router.ts';
import { InternalClient } from './internal-client.ts';
import { startRbac } from './rbac/index.ts';
import { TypeRegistry } from './registry.ts';
import { ObjectStore } from './store.ts';
import type { KubeObject, ResourceType, UserInfo } from './types.ts';
import { WatchHub } from './watch.ts';

export const CONTROL_PLANE_USER: UserInfo = { username: 'system:kube-controller-manager', uid: 'kcm', groups: ['system:authenticated'] };

/** NodeMetrics and PodMetrics the simulated metrics-server reports. */
export interface MetricsSource {
  nodes(): KubeObject[];
  pods(namespace?: string): KubeObject[];
}

export interface KubeApiServerOptions {
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Serve plain HTTP instead of HTTPS (tests of clients that must refuse it, or local tools). */
  insecureHttp?: boolean;
  /** Certificate and CA; generated at start when absent. */
  tls?: { caPem: string; server: KeyPair };
  /** The cluster's clock; tests accelerate it. */
  now?: () => Date;
  historySize?: number;
  bookmarkIntervalMs?: number;
  authorizer?: Authorizer;
  /**
   * Enforce RBAC as kube-apiserver with `--authorization-mode=RBAC` does (default false: every
   * authenticated request is allowed). Installs the bootstrap ClusterRoles and bindings, the
   * aggregation controller, and lets requests without credentials in as system:anonymous.
   * An explicit `authorizer` still wins over it.
   */
  rbac?: boolean;
  admission?: AdmissionOptions;
  onError?: (error: unknown) => void;
  onRequest?: (info: { method: string; path: string; code: number; user?: string }) => void;
}

export interface KubeConfigOptions {
  token?: string;
  user?: string;
  namespace?: string;
}

/** A running simulated Kubernetes API server. */
export interface KubeApiServer {
  readonly url: string;
  readonly caPem: string;
  readonly adminToken: string;
  readonly store: ObjectStore;
  readonly registry: TypeRegistry;
  readonly authenticator: TokenAuthenticator;
  readonly context: ServerContext;
  /** An in-process client acting as `user` (the control plane by default). */
  client(user?: UserInfo): InternalClient;
  /** Mints a bearer token for `system:serviceaccount:<namespace>:<name>` with the service account's groups. */
  tokenForServiceAccount(namespace: string, name: string): string;
  /** A kubeconfig (YAML) for this server, for the admin or the holder of `token`. */
  kubeConfig(options?: KubeConfigOptions): string;
  setMetricsSource(source: MetricsSource): void;
  setAuthorizer(authorizer: Authorizer): void;
  /** Ends every open watch, as an API server restart does; clients re-watch (or re-list). */
  closeWatches(): void;
  close(): Promise<void>;
}

const DEFAULT_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export async function startKubeApiServer(options: KubeApiServerOptions = {}): Promise<KubeApiServer> {
  const now = options.now ?? (() => new Date());
  const onError = options.onError ?? ((error: unknown) => console.error('simulated API server:', error));
  const store = new ObjectStore({ historySize: options.historySize, onListenerError: onError });
  const registry = new TypeRegistry();
  const customResources = new CustomResources(registry, store);
  const admission = new Admission(store, options.admission);
  let metricsSource: MetricsSource = { nodes: () => [], pods: () => [] };
  let nextIp = 10;
  const context: ServerContext = {
    store,
    registry,
    customResources,
    admission,
    now,
    newUid: () => randomUUID(),
    allocateClusterIP: () => `10.96.${Math.floor(nextIp / 250)}.${(nextIp++ % 250) + 1}`,
    metrics: (type: ResourceType, namespace?: string) => (type.kind === 'NodeMetrics' ? metricsSource.nodes() : metricsSource.pods(namespace)),
  };
  const controlPlane = new InternalClient(context, CONTROL_PLANE_USER);
  const disruption = new DisruptionController(store, now);
  const gc = new GarbageCollector(store, controlPlane, onError);
  const namespaces = new NamespaceController(store, registry, controlPlane, onError);
  const crdCleanup = new CrdCleanupController(store, registry, controlPlane, onError);
  const hub = new WatchHub(store, { bookmarkIntervalMs: options.bookmarkIntervalMs });

  const authenticator = new TokenAuthenticator();
  const adminToken = authenticator.issue(ADMIN_USER);
  // In-process clients (the control plane's loops) are not authorized, like kube-apiserver's loopback client.
  const rbac = options.rbac ? await startRbac(store, controlPlane, onError) : undefined;
  let authorizer = options.authorizer ?? rbac?.authorizer ?? allowAll;
  const host = options.host ?? '127.0.0.1';
  let address = '';
  const router = createRouter({
    ctx: context,
    hub,
    disruption,
    authenticator,
    authorizer: { authorize: (user, attrs) => authorizer.authorize(user, attrs), rulesFor: (user, ns) => rulesOf(authorizer, user, ns) },
    anonymous: options.rbac,
    serverAddress: () => address,
    onRequest: options.onRequest,
  });

  let caPem = '';
  let server: Server;
  if (options.insecureHttp) {
    server = createHttpServer({ keepAliveTimeout: 65_000 }, router);
  } else {
    const tls = options.tls ?? (() => {
      const { ca, server: pair } = createLoopbackTls('vpsie-sim-kube-ca');
      return { caPem: ca.certPem, server: pair };
    })();
    caPem = tls.caPem;
    server = createHttpsServer({ cert: tls.server.certPem, key: tls.server.keyPem, minVersion: 'TLSv1.2', keepAliveTimeout: 65_000 }, router);
  }
  // Watches are long-lived; Node's default request timeout would cut them at five minutes.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  address = `${host}:${port}`;
  const url = `${options.insecureHttp ? 'http' : 'https'}://${address}`;

  for (const name of DEFAULT_NAMESPACES) await controlPlane.create('/namespaces', undefined, { metadata: { name } });

  return {
    url,
    caPem,
    adminToken,
    store,
    registry,
    authenticator,
    context,
    client: (user = CONTROL_PLANE_USER) => new InternalClient(context, user),
    tokenForServiceAccount: (namespace, name) => authenticator.issue(serviceAccountUser(namespace, name)),
    kubeConfig(o = {}) {
      const user = o.user ?? 'sim-admin';
      return toYaml({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'vpsie-sim', cluster: { server: url, ...(caPem ? { 'certificate-authority-data': Buffer.from(caPem).toString('base64') } : {}) } }],
        users: [{ name: user, user: { token: o.token ?? adminToken } }],
        contexts: [{ name: 'vpsie-sim', context: { cluster: 'vpsie-sim', user, namespace: o.namespace ?? 'default' } }],
        'current-context': 'vpsie-sim',
        preferences: {},
      });
    },
    setMetricsSource(source) {
      metricsSource = source;
    },
    setAuthorizer(a) {
      authorizer = a;
    },
    closeWatches() {
      hub.closeAll();
    },
    async close() {
      hub.stop();
      rbac?.stop();
      disruption.stop();
      gc.stop();
      namespaces.stop();
      crdCleanup.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
