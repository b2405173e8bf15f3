import { z } from 'zod';
import type { Send } from './exchange.ts';
import { parseResponse } from './parse.ts';

export const LOGIN_ROUTE = '/auth/from/api';
/** The contract's fallback when `expires` is missing or unreadable. */
export const ASSUMED_TOKEN_LIFETIME_MS = 60 * 60 * 1000;

const loginResponse = z.object({
  accessToken: z.object({
    token: z.string().min(1),
    expires: z.unknown().optional(),
  }),
});

export interface IssuedToken {
  token: string;
  expiresAt: number;
}

/** `POST /auth/from/api`, form-encoded, as the contract specifies. */
export async function logIn(send: Send, baseUrl: string, clientId: string, clientSecret: string, now: number): Promise<IssuedToken> {
  const request = {
    method: 'POST',
    route: LOGIN_ROUTE,
    path: LOGIN_ROUTE,
    body: { form: { clientId, clientSecret } },
    idempotent: true,
    sensitive: true,
    baseUrl,
  } as const;
  const response = await send(request);
  const parsed = parseResponse(loginResponse, response, request);
  const expires = parsed.accessToken.expires;
  const expiresAt = typeof expires === 'string' ? Date.parse(expires) : Number.NaN;
  return { token: parsed.accessToken.token, expiresAt: Number.isFinite(expiresAt) ? expiresAt : now + ASSUMED_TOKEN_LIFETIME_MS };
}
