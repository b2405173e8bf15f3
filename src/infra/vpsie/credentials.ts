/** What the client authenticates with: API client credentials (logged in for a token) or a static token. */
export type Credentials = ({ clientId: string; clientSecret: string } | { token: string }) & {
  /** Base URL carried with the credentials (the Secret's optional `url`). */
  url?: string;
};

/**
 * Where credentials come from. The client reads `current()` when it needs to log in and drops
 * its cached token whenever a listener fires (rotation).
 */
export interface CredentialsSource {
  current(): Promise<Credentials>;
  /** Returns a function that removes the listener. */
  onChange(listener: () => void): () => void;
}

/** Credentials fixed for the life of the process (CLI, tests). */
export function staticCredentials(credentials: Credentials): CredentialsSource {
  const frozen = Object.freeze({ ...credentials });
  return {
    current: () => Promise.resolve(frozen),
    onChange: () => () => undefined,
  };
}

export function hasStaticToken(credentials: Credentials): credentials is Extract<Credentials, { token: string }> {
  return 'token' in credentials;
}
