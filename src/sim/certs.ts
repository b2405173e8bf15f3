import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

export interface KeyPair {
  certPem: string;
  keyPem: string;
}

export interface CertificateAuthority extends KeyPair {
  /** Issues a serving certificate for the given DNS names and IP addresses, signed by this CA. */
  issue(names: { dns?: string[]; ips?: string[] }, validDays?: number): KeyPair;
}

const DAY_MS = 86_400_000;

// RSA keys come from Node's native generator (milliseconds) rather than forge's pure-JS one
// (seconds); forge only builds and signs the X.509 structures, which Node cannot do.
function newKey(): { forgeKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey; keyPem: string } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const forgeKey = forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey;
  const publicKey = forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e);
  return { forgeKey, publicKey, keyPem };
}

function serial(): string {
  // Positive, 16 bytes: the top bit cleared so DER does not read it as negative.
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f;
  return bytes.toString('hex');
}

export function createCertificateAuthority(commonName = 'vpsie-sim-ca', validDays = 365): CertificateAuthority {
  const key = newKey();
  const cert = forge.pki.createCertificate();
  cert.publicKey = key.publicKey;
  cert.serialNumber = serial();
  cert.validity.notBefore = new Date(Date.now() - DAY_MS);
  cert.validity.notAfter = new Date(Date.now() + validDays * DAY_MS);
  const subject = [{ name: 'commonName', value: commonName }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(key.forgeKey, forge.md.sha256.create());
  const caCert = cert;

  return {
    certPem: forge.pki.certificateToPem(caCert),
    keyPem: key.keyPem,
    issue(names, days = validDays) {
      const leafKey = newKey();
      const leaf = forge.pki.createCertificate();
      leaf.publicKey = leafKey.publicKey;
      leaf.serialNumber = serial();
      leaf.validity.notBefore = new Date(Date.now() - DAY_MS);
      leaf.validity.notAfter = new Date(Date.now() + days * DAY_MS);
      const dns = names.dns ?? [];
      const ips = names.ips ?? [];
      leaf.setSubject([{ name: 'commonName', value: dns[0] ?? ips[0] ?? 'localhost' }]);
      leaf.setIssuer(caCert.subject.attributes);
      leaf.setExtensions([
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
        { name: 'extKeyUsage', serverAuth: true, clientAuth: true },
        {
          name: 'subjectAltName',
          altNames: [...dns.map((value) => ({ type: 2, value })), ...ips.map((ip) => ({ type: 7, ip }))],
        },
      ]);
      leaf.sign(key.forgeKey, forge.md.sha256.create());
      return { certPem: forge.pki.certificateToPem(leaf), keyPem: leafKey.keyPem };
    },
  };
}

/** A CA and one serving certificate for loopback, which is what every simulated endpoint needs. */
export function createLoopbackTls(commonName?: string): { ca: CertificateAuthority; server: KeyPair } {
  const ca = createCertificateAuthority(commonName);
  return { ca, server: ca.issue({ dns: ['localhost'], ips: ['127.0.0.1', '::1'] }) };
}
