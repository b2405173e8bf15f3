import { request } from 'node:https';
import { checkServerIdentity, type PeerCertificate } from 'node:tls';

export interface WebhookEndpoint {
  url: string;
  caPem?: string;
  /** The name the certificate must be valid for, when it differs from the URL's host. */
  serverName?: string;
  /** The URL as the real server would show it in errors. */
  displayUrl?: string;
}

/** POSTs an AdmissionReview and resolves to the parsed response; rejects with Go-like wording. */
export function callWebhook(endpoint: WebhookEndpoint, body: unknown, timeoutSeconds: number): Promise<unknown> {
  const url = new URL(endpoint.url);
  url.searchParams.set('timeout', `${timeoutSeconds}s`);
  const shown = `${endpoint.displayUrl ?? endpoint.url}?timeout=${timeoutSeconds}s`;
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    if (url.protocol !== 'https:') {
      reject(new Error(`Post "${shown}": webhooks must be called over https`));
      return;
    }
    const req = request(
      url,
      {
        method: 'POST',
        ...(endpoint.caPem ? { ca: endpoint.caPem } : {}),
        ...(endpoint.serverName
          ? { servername: endpoint.serverName, checkServerIdentity: (_host: string, cert: PeerCertificate) => checkServerIdentity(endpoint.serverName!, cert) }
          : {}),
        minVersion: 'TLSv1.2',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'content-length': Buffer.byteLength(payload) },
        signal: AbortSignal.timeout(timeoutSeconds * 1000),
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (e) => reject(new Error(`Post "${shown}": ${e.message}`)));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 200) {
            reject(new Error(`an error on the server (${JSON.stringify(text.slice(0, 200))}) has prevented the request from succeeding`));
            return;
          }
          try {
            resolve(JSON.parse(text));
          } catch {
            reject(new Error('received invalid webhook response: response body is not JSON'));
          }
        });
      },
    );
    req.on('error', (e: NodeJS.ErrnoException) => {
      const why = e.name === 'AbortError' || e.name === 'TimeoutError' ? 'context deadline exceeded' : e.message;
      reject(new Error(`Post "${shown}": ${why}`));
    });
    req.end(payload);
  });
}
