import { CoreV1Api, type KubeConfig, type V1Secret } from '@kubernetes/client-node';
import type { Logger } from '../log/logger.ts';
import { Informer } from '../kube/informer.ts';
import type { Credentials, CredentialsSource } from './credentials.ts';

export interface VpsieSecretContents {
  credentials: Credentials;
  /** PEM of a CA to trust for the VPSie endpoint (the simulator's; real VPSie needs none). */
  caPem?: string;
}

function field(secret: V1Secret, key: string): string | undefined {
  const stringValue = secret.stringData?.[key];
  if (stringValue !== undefined) return stringValue;
  const data = secret.data?.[key];
  return data === undefined ? undefined : Buffer.from(data, 'base64').toString('utf8');
}

/**
 * Reads VPSie credentials from the Secret's keys `clientId` + `clientSecret`, or `token`; `url`
 * and `caCert` are optional. Errors name the Secret and the missing keys, never a value.
 */
export function readVpsieSecret(secret: V1Secret): VpsieSecretContents {
  const where = `Secret ${secret.metadata?.namespace}/${secret.metadata?.name}`;
  const url = field(secret, 'url')?.trim() || undefined;
  const caPem = field(secret, 'caCert') || undefined;
  const token = field(secret, 'token')?.trim();
  if (token) return { credentials: { token, ...(url ? { url } : {}) }, caPem };
  const clientId = field(secret, 'clientId')?.trim();
  const clientSecret = field(secret, 'clientSecret');
  if (!clientId || !clientSecret) {
    const missing = [!clientId && 'clientId', !clientSecret && 'clientSecret'].filter(Boolean).join(' and ');
    throw new Error(`${where} has no usable VPSie credentials: key ${missing} missing (or set token)`);
  }
  return { credentials: { clientId, clientSecret, ...(url ? { url } : {}) }, caPem };
}

export interface SecretCredentialsOptions {
  namespace: string;
  name: string;
  log: Logger;
}

/**
 * Credentials that follow the Secret: watched, so a rotation reaches the client (which drops its
 * token and logs in with the new ones) without a restart.
 */
export class SecretCredentialsSource implements CredentialsSource {
  #informer: Informer<V1Secret>;
  #options: SecretCredentialsOptions;
  #listeners = new Set<() => void>();

  constructor(kc: KubeConfig, options: SecretCredentialsOptions) {
    this.#options = options;
    const core = kc.makeApiClient(CoreV1Api);
    const fieldSelector = `metadata.name=${options.name}`;
    this.#informer = new Informer<V1Secret>(kc, {
      path: `/api/v1/namespaces/${options.namespace}/secrets`,
      fieldSelector,
      list: () => core.listNamespacedSecret({ namespace: options.namespace, fieldSelector }),
      log: options.log,
    });
    const changed = () => {
      options.log.info({ secret: `${options.namespace}/${options.name}` }, 'VPSie credentials changed');
      for (const l of this.#listeners) l();
    };
    this.#informer.on({ update: changed, delete: changed });
  }

  async start(): Promise<void> {
    this.#informer.start();
    await this.#informer.waitForSync();
  }

  stop(): void {
    this.#informer.stop();
  }

  contents(): VpsieSecretContents {
    const secret = this.#informer.get(this.#options.namespace, this.#options.name);
    if (!secret) throw new Error(`Secret ${this.#options.namespace}/${this.#options.name} with the VPSie credentials was not found`);
    return readVpsieSecret(secret);
  }

  current(): Promise<Credentials> {
    try {
      return Promise.resolve(this.contents().credentials);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
