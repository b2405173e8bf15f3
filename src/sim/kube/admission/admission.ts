import { randomUUID } from 'node:crypto';
import { ApiError, errors } from '../errors.ts';
import type { ObjectStore } from '../store.ts';
import type { AdmissionAttributes } from './attributes.ts';
import { evaluateMatchConditions } from './match-conditions.ts';
import { webhookMatches } from './rules.ts';
import { callWebhook, type WebhookEndpoint } from './transport.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- webhook configurations are loose JSON

const VWC_KEY = 'admissionregistration.k8s.io/validatingwebhookconfigurations';

export interface AdmissionOptions {
  /** Where a webhook's `service` reference is served: `https://127.0.0.1:PORT` for namespace/name/port. */
  resolveService?: (namespace: string, name: string, port: number) => string | undefined;
  onWebhookError?: (webhook: string, error: Error) => void;
}

/** Go's `%q` for the names in denial messages. */
const quote = (s: string) => JSON.stringify(s);

function denial(webhook: string, result: Json | undefined): ApiError {
  const deniedBy = `admission webhook ${quote(webhook)} denied the request`;
  const code = typeof result?.code === 'number' && result.code >= 400 ? result.code : 400;
  const message = result?.message ? `${deniedBy}: ${result.message}` : result?.reason ? `${deniedBy}: ${result.reason}` : `${deniedBy} without explanation`;
  return new ApiError({ code, reason: typeof result?.reason === 'string' ? result.reason : undefined, message, details: result?.details });
}

function review(a: AdmissionAttributes, uid: string): object {
  const kind = a.subresourceKind ?? { group: a.type.group, version: a.type.version, kind: a.type.kind };
  const resource = { group: a.type.group, version: a.type.version, resource: a.type.plural };
  const optionsKind = a.operation === 'CREATE' ? 'CreateOptions' : a.operation === 'UPDATE' ? 'UpdateOptions' : 'DeleteOptions';
  return {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid,
      kind,
      resource,
      ...(a.subresource ? { subResource: a.subresource, requestSubResource: a.subresource } : {}),
      requestKind: kind,
      requestResource: resource,
      name: a.name,
      ...(a.namespace ? { namespace: a.namespace } : {}),
      operation: a.operation,
      userInfo: { username: a.user.username, ...(a.user.uid ? { uid: a.user.uid } : {}), groups: a.user.groups },
      object: a.object ?? null,
      oldObject: a.oldObject ?? null,
      dryRun: a.dryRun,
      options: { kind: optionsKind, apiVersion: 'meta.k8s.io/v1', ...((a.options as object | undefined) ?? {}) },
    },
  };
}

/**
 * Validating admission: calls every matching webhook of every ValidatingWebhookConfiguration
 * over HTTPS, as kube-apiserver does — in parallel, honouring timeoutSeconds and failurePolicy,
 * and wording denials and failures as it does.
 */
export class Admission {
  #store: ObjectStore;
  #options: AdmissionOptions;

  constructor(store: ObjectStore, options: AdmissionOptions = {}) {
    this.#store = store;
    this.#options = options;
  }

  /** Resolves to the webhooks' warnings, or rejects with the first denial or failure. */
  async validate(a: AdmissionAttributes): Promise<string[]> {
    const configurations = this.#store.list(VWC_KEY);
    if (configurations.length === 0) return [];
    const namespaceLabels = (ns: string) => this.#store.get('/namespaces', '', ns)?.object.metadata.labels;
    const calls: Promise<string[]>[] = [];
    for (const configuration of configurations) {
      for (const webhook of ((configuration.object.webhooks as Json[] | undefined) ?? [])) {
        if (!webhookMatches(webhook, a, namespaceLabels)) continue;
        calls.push(this.#call(webhook, a));
      }
    }
    const settled = await Promise.allSettled(calls);
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    return settled.flatMap((s) => (s.status === 'fulfilled' ? s.value : []));
  }

  async #call(webhook: Json, a: AdmissionAttributes): Promise<string[]> {
    const name = String(webhook.name);
    const ignore = webhook.failurePolicy === 'Ignore';
    const fail = (message: string): string[] => {
      this.#options.onWebhookError?.(name, new Error(message));
      if (ignore) return [];
      throw errors.internal(`failed calling webhook ${quote(name)}: ${message}`);
    };
    const uid = randomUUID();
    const body = review(a, uid) as { request: Json };
    let applies: boolean;
    try {
      applies = evaluateMatchConditions(webhook.matchConditions, body.request);
    } catch (error) {
      return fail(`failed to evaluate match conditions: ${(error as Error).message}`);
    }
    if (!applies) return [];
    const endpoint = this.#endpoint(webhook);
    if (typeof endpoint === 'string') return fail(endpoint);
    const timeoutSeconds = typeof webhook.timeoutSeconds === 'number' ? webhook.timeoutSeconds : 10;
    let response: Json;
    try {
      response = (await callWebhook(endpoint, body, timeoutSeconds)) as Json;
    } catch (error) {
      return fail(`failed to call webhook: ${(error as Error).message}`);
    }
    const result = response?.response as Json | undefined;
    if (!result || typeof result.allowed !== 'boolean') return fail('received invalid webhook response: expected response.allowed to be set');
    if (result.uid !== uid) return fail(`received invalid webhook response: expected response.uid="${uid}", got "${String(result.uid ?? '')}"`);
    if (!result.allowed) throw denial(name, result.status);
    return Array.isArray(result.warnings) ? result.warnings.map(String) : [];
  }

  #endpoint(webhook: Json): WebhookEndpoint | string {
    const config = (webhook.clientConfig ?? {}) as Json;
    const caPem = config.caBundle ? Buffer.from(String(config.caBundle), 'base64').toString('utf8') : undefined;
    if (config.url) return { url: String(config.url), caPem };
    const service = config.service as Json | undefined;
    if (!service) return 'webhook has neither clientConfig.url nor clientConfig.service';
    const port = typeof service.port === 'number' ? service.port : 443;
    const base = this.#options.resolveService?.(service.namespace, service.name, port);
    const host = `${service.name}.${service.namespace}.svc`;
    const path = service.path ?? '/';
    if (!base) return `failed to call webhook: Post "https://${host}:${port}${path}": service "${service.namespace}/${service.name}" has no endpoints in the simulator`;
    // Connect where the simulator serves it, but verify the certificate for the service's DNS name.
    return { url: `${base.replace(/\/$/, '')}${path}`, caPem, serverName: host, displayUrl: `https://${host}:${port}${path}` };
  }
}
