import { Agent, request } from 'undici';
import { afterEach } from 'vitest';
import type { SimVpsie } from '../../../src/sim/vpsie/index.ts';

const agents: Agent[] = [];
afterEach(async () => {
  for (const agent of agents.splice(0)) await agent.close();
});

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- wire JSON under test
}

/** A plain undici caller: the sim is tested as a stand-in for VPSie, not through the product's client. */
export function caller(sim: SimVpsie) {
  const agent = new Agent({ connect: sim.caPem ? { ca: sim.caPem } : {} });
  agents.push(agent);
  const call = async (method: 'GET' | 'POST' | 'DELETE', path: string, options: { token?: string; json?: unknown; form?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<Answer> => {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.json !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.form) {
      headers['content-type'] ??= 'application/x-www-form-urlencoded';
      body = new URLSearchParams(options.form).toString();
    }
    const response = await request(`${sim.url}${path}`, { dispatcher: agent, method, headers, body });
    const text = await response.body.text();
    return { status: response.statusCode, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  };
  const login = async (): Promise<string> => (await call('POST', '/auth/from/api', { form: sim.credentials })).body.accessToken.token;
  return { call, login };
}
