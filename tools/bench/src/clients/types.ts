/** Where a client under test sends its requests: one emulator, with the credentials it accepts. */
export interface BenchTarget {
  /** Emulator base URL for API requests, e.g. `http://127.0.0.1:54321`. */
  url: string
  /** Base URL of the token endpoint (`${oauthUrl}/oauth/token`): the emulator, or a slower proxy of it. */
  oauthUrl: string
  /** `host:port` of the emulator, for our `hosts` allow-list. */
  host: string
  credentials: { accountId: string; clientId: string; clientSecret: string }
  /** Lifetime of the emulator's tokens; peers that take a refresh window scale it to this. */
  tokenTtlSeconds: number
  /**
   * Told when a token response reaches the client (`performance.now()` of its arrival, before any
   * request can use it), so a scenario can tell which requests had to wait for the token endpoint.
   */
  onToken?: (accessToken: string, arrivedAtMs: number) => void
}

/** One HTTP client set up the way its library recommends, reduced to what the scenarios need. */
export interface BenchClient {
  /**
   * GETs `url` and reads the whole body. Resolves the status whenever a response came back, errors
   * included (`throwHttpErrors` and friends stay at their defaults and are mapped back to a status);
   * rejects when none did (a token failure, a cancelled request, a network error).
   */
  get(url: string): Promise<number>
  /** Releases what the client holds (timers, providers); a no-op for most. */
  close(): void
}

/** A library in the comparison: how to set it up against the emulator, and its bare baseline. */
export interface ClientSpec {
  /** npm package that does the auth, e.g. `@zoom-auth/ky` or `simple-oauth2`. */
  name: string
  /** The HTTP client the requests go through. */
  transport: 'axios' | 'ky' | 'got' | 'fetch' | 'undici'
  /** Ours (checked against the targets) or a peer (reported for comparison). */
  ours: boolean
  /** Which OAuth grant it uses against the emulator. */
  grant: 'account_credentials' | 'client_credentials'
  /** A fresh client: no token yet. */
  create(target: BenchTarget): BenchClient
  /** The same HTTP client with a fixed `Authorization` header: the hot-path baseline. */
  createBare(target: BenchTarget, accessToken: string): BenchClient
  /**
   * The bare client plus do-nothing code in each extension point the auth layer uses (an
   * interceptor wrapping the adapter, hooks, a handler, a wrapper function): what the HTTP client
   * charges any integration of that shape before it does anything. Set for ours.
   */
  createFloor?(target: BenchTarget, accessToken: string): BenchClient
}
