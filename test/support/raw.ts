import { Agent, request } from 'undici';
import type { SimHarness } from './sim.ts';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- test assertions read arbitrary JSON
}

/** Raw HTTP access to the simulator, for asserting exact status codes, headers and bodies. */
export function rawClient(h: SimHarness, token = h.cluster.api.adminToken) {
  const dispatcher = new Agent({ connect: { ca: h.cluster.api.caPem } });
  async function send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<RawResponse> {
    const res = await request(`${h.cluster.api.url}${path}`, {
      method: method as 'GET',
      dispatcher,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.body.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.statusCode, headers: res.headers, text, json };
  }
  /** Opens a watch and collects its events until `count` arrived or `ms` passed. */
  async function watch(path: string, count: number, ms = 5000, during?: () => Promise<void>): Promise<Array<{ type: string; object: any }>> {  // eslint-disable-line @typescript-eslint/no-explicit-any
    const controller = new AbortController();
    const res = await request(`${h.cluster.api.url}${path}`, { dispatcher, headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
    const events: Array<{ type: string; object: any }> = []; // eslint-disable-line @typescript-eslint/no-explicit-any
    const timer = setTimeout(() => controller.abort(), ms);
    const pending = during?.();
    let buffer = '';
    try {
      for await (const chunk of res.body) {
        buffer += chunk.toString();
        let nl;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          events.push(JSON.parse(buffer.slice(0, nl)));
          buffer = buffer.slice(nl + 1);
        }
        if (events.length >= count) break;
      }
    } catch (error) {
      if ((error as Error).name !== 'AbortError') throw error;
    } finally {
      clearTimeout(timer);
      controller.abort();
      await pending;
    }
    return events;
  }
  return { send, watch, close: () => dispatcher.close() };
}
