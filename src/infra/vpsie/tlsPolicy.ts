import type { ConnectionOptions } from 'node:tls';

/**
 * TLS 1.2 only with forward-secret AEAD suites (ECDHE + AES-GCM); TLS 1.3 suites are all AEAD and
 * stay allowed. Listed explicitly so that changing Node's defaults cannot widen the set.
 */
export const TLS12_CIPHERS = ['ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES256-GCM-SHA384'];
export const TLS13_CIPHERS = ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256'];

export function tlsConnectOptions(caPem: string | undefined): ConnectionOptions {
  return {
    minVersion: 'TLSv1.2',
    ciphers: [...TLS13_CIPHERS, ...TLS12_CIPHERS].join(':'),
    // Never configurable: an operator with a private CA passes caPem instead.
    rejectUnauthorized: true,
    ...(caPem !== undefined ? { ca: caPem } : {}),
  };
}
