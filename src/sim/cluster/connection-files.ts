import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { VpsieConnection } from './living-cluster.ts';

/** Writes a file only its owner can read, also when it existed before with wider permissions. */
export function writePrivate(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text, { mode: 0o600 });
  chmodSync(path, 0o600);
}

/**
 * Writes what a VPSie client needs to reach the simulated cloud: `<dir>/vpsie.json` (url, caFile,
 * clientId, clientSecret, clusterId, datacenterId, offering and node group ids) and the CA beside
 * it as `vpsie-ca.pem`. Both hold or lead to credentials: mode 0600.
 */
export function writeVpsieConnection(jsonPath: string, connection: VpsieConnection): { jsonPath: string; caFile: string } {
  const caFile = join(dirname(jsonPath), 'vpsie-ca.pem');
  writePrivate(caFile, connection.caPem);
  const { caPem: _ca, ...rest } = connection;
  writePrivate(jsonPath, `${JSON.stringify({ ...rest, caFile, offeringIds: connection.offerings.map((o) => o.id) }, null, 2)}\n`);
  return { jsonPath, caFile };
}
