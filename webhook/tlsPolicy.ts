import type { SecureContextOptions } from 'node:tls';

/**
 * TLS 1.2 and 1.3 only. For TLS 1.2 the suites are limited to ECDHE key exchange (forward
 * secrecy) with AES-GCM (authenticated encryption); the TLS_* entries are the TLS 1.3 suites,
 * all of which are AEAD, kept so TLS 1.3 stays available (reference/README.md, §2.6).
 */
export const TLS_CIPHERS = [
  'TLS_AES_128_GCM_SHA256',
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
].join(':');

export interface ServingCertificate {
  readonly certPem: string;
  readonly keyPem: string;
}

/** Everything a secure context needs; `setSecureContext` replaces all of it, policy included. */
export function secureContextOptions(certificate: ServingCertificate): SecureContextOptions {
  return {
    cert: certificate.certPem,
    key: certificate.keyPem,
    minVersion: 'TLSv1.2',
    ciphers: TLS_CIPHERS,
    honorCipherOrder: true,
  };
}
