import type { Logger } from 'pino';
import { createVpsieClient, type VpsieClient } from './client.ts';
import { type Credentials, staticCredentials } from './credentials.ts';
import { VpsieError, type VpsieErrorKind } from './errors.ts';
import type { Datacenter } from './schemas.ts';
import { alignedTable } from './table.ts';
import type { AuthHeaderName } from './transport.ts';

export interface VpsieCheckOptions {
  url: string;
  credentials: Credentials;
  caPem?: string;
  allowInsecureHttp?: boolean;
  /** Datacenter id, identifier or code to list K8s offerings for; the first available one otherwise. */
  datacenter?: string;
  authHeader?: AuthHeaderName;
  timeoutMs?: number;
  logger?: Logger;
}

const CAUSE: Record<VpsieErrorKind, string> = {
  tls: 'TLS',
  auth: 'auth',
  network: 'network',
  timeout: 'timeout',
  protocol: 'protocol',
  'rate-limited': 'rate limited',
  capacity: 'capacity',
  rejected: 'rejected',
  transient: 'server error',
  'not-found': 'not found',
  'circuit-open': 'network',
  config: 'configuration',
  closed: 'closed',
};

/** The one line a failed check prints: the cause class first, then the (credential-free) error. */
export function describeCheckFailure(error: unknown): string {
  if (error instanceof VpsieError) return `VPSie check failed: ${CAUSE[error.kind]}: ${error.message}`;
  return `VPSie check failed: internal: ${error instanceof Error ? error.name : 'unknown error'}`;
}

function pickDatacenter(datacenters: readonly Datacenter[], wanted: string | undefined): Datacenter | string {
  if (wanted !== undefined) {
    const offered = datacenters.map((dc) => dc.code).join(', ');
    return datacenters.find((dc) => dc.id === wanted || dc.identifier === wanted || dc.code === wanted) ?? `datacenter ${wanted} is not offered (offered: ${offered})`;
  }
  return datacenters.find((dc) => dc.available) ?? 'no datacenter is available';
}

const money = (value: number, digits: number): string => value.toFixed(digits);

// Everything is fetched before anything is printed, so a failure is exactly one line.
async function report(client: VpsieClient, options: VpsieCheckOptions, out: (line: string) => void): Promise<number> {
  const datacenters = await client.listDatacenters();
  const datacenter = pickDatacenter(datacenters, options.datacenter);
  if (typeof datacenter === 'string') {
    out(`VPSie check failed: configuration: ${datacenter}`);
    return 1;
  }
  const offerings = await client.listK8sOfferings(datacenter.identifier);

  const url = new URL(options.url);
  out(`VPSie API ${url.origin}${url.pathname}: logged in`);
  out('');
  out(`Datacenters (${datacenters.length}):`);
  const datacenterRows = datacenters.map((dc) => [dc.code, dc.name, dc.city, dc.country, dc.available ? 'yes' : 'no']);
  for (const line of alignedTable([['CODE', 'NAME', 'CITY', 'COUNTRY', 'AVAILABLE'], ...datacenterRows])) out(`  ${line}`);
  out('');
  out(`K8s offerings in ${datacenter.code} (${offerings.length}):`);
  const offeringRows = offerings.map((o) => [String(o.id), o.name, String(o.cpu), String(o.ramMb), String(o.diskGb), money(o.priceMonthly, 2), money(o.priceHourly, 4)]);
  for (const line of alignedTable([['ID', 'NAME', 'VCPU', 'RAM MB', 'DISK GB', 'PER MONTH', 'PER HOUR'], ...offeringRows])) out(`  ${line}`);
  return 0;
}

/**
 * `vpsie-autoscaler vpsie check`: logs in, lists datacenters and the K8s offerings of one, and
 * prints them. On failure prints one line naming the cause class and returns non-zero; no
 * credential is ever printed.
 */
export async function vpsieCheck(options: VpsieCheckOptions, out: (line: string) => void): Promise<number> {
  let client: VpsieClient | undefined;
  try {
    client = createVpsieClient({
      baseUrl: options.url,
      credentials: staticCredentials(options.credentials),
      caPem: options.caPem,
      allowInsecureHttp: options.allowInsecureHttp,
      authHeader: options.authHeader,
      timeoutMs: options.timeoutMs ?? 15_000,
      // A check reports the state now: no waiting on retries.
      retry: { maxAttempts: 1 },
      logger: options.logger,
    });
    return await report(client, options, out);
  } catch (error) {
    out(describeCheckFailure(error));
    return 1;
  } finally {
    await client?.close();
  }
}
