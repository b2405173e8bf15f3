import { readFile } from 'node:fs/promises';
import { X509Certificate } from 'node:crypto';
import { createSecureContext } from 'node:tls';
import type { Logger } from 'pino';
import { secureContextOptions, type ServingCertificate } from './tlsPolicy.ts';

export interface CertificateFiles {
  readonly certFile: string;
  readonly keyFile: string;
}

export async function readServingCertificate(files: CertificateFiles): Promise<ServingCertificate> {
  const [certPem, keyPem] = await Promise.all([readFile(files.certFile, 'utf8'), readFile(files.keyFile, 'utf8')]);
  return { certPem, keyPem };
}

/** Throws when the pair is unusable (bad PEM, key not matching the certificate). */
export function checkServingCertificate(certificate: ServingCertificate): void {
  createSecureContext(secureContextOptions(certificate));
}

export function serialOf(certPem: string): string {
  return new X509Certificate(certPem).serialNumber;
}

export interface CertificateReloaderOptions extends CertificateFiles {
  readonly current: ServingCertificate;
  readonly intervalMs: number;
  readonly logger: Logger;
  /** Called with a pair that has been checked to work together. */
  onChange(certificate: ServingCertificate): void;
  onFailure(): void;
}

/**
 * Polls the files' contents. Kubernetes updates a mounted Secret by swapping a `..data` symlink,
 * which inode-based watches miss; comparing contents catches that, an in-place rewrite, and a
 * rename alike. A half-written rotation (new certificate, old key) fails the check and is retried
 * when the files change again; the old certificate keeps serving meanwhile.
 */
export class CertificateReloader {
  readonly #options: CertificateReloaderOptions;
  #current: ServingCertificate;
  #lastRejected: ServingCertificate | undefined;
  #timer: NodeJS.Timeout | undefined;
  #checking = false;

  constructor(options: CertificateReloaderOptions) {
    this.#options = options;
    this.#current = options.current;
  }

  start(): void {
    this.#timer = setInterval(() => void this.#check(), this.#options.intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  async #check(): Promise<void> {
    if (this.#checking) return;
    this.#checking = true;
    try {
      await this.#reloadIfChanged();
    } finally {
      this.#checking = false;
    }
  }

  async #reloadIfChanged(): Promise<void> {
    const { logger } = this.#options;
    let candidate: ServingCertificate;
    try {
      candidate = await readServingCertificate(this.#options);
    } catch (error) {
      // A file briefly missing during a swap is normal; the next poll sees the finished state.
      logger.debug({ err: error }, 'webhook certificate files unreadable, keeping the current certificate');
      return;
    }
    if (samePair(candidate, this.#current) || (this.#lastRejected !== undefined && samePair(candidate, this.#lastRejected))) return;
    try {
      checkServingCertificate(candidate);
    } catch (error) {
      this.#lastRejected = candidate;
      this.#options.onFailure();
      logger.warn({ reason: (error as Error).message }, 'webhook certificate files changed but do not form a usable pair, keeping the current certificate');
      return;
    }
    this.#current = candidate;
    this.#lastRejected = undefined;
    this.#options.onChange(candidate);
    logger.info({ serial: serialOf(candidate.certPem) }, 'webhook serving certificate reloaded');
  }
}

function samePair(a: ServingCertificate, b: ServingCertificate): boolean {
  return a.certPem === b.certPem && a.keyPem === b.keyPem;
}
