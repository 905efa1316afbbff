// Every call to the Enreach API goes through here: the base URL (discovered
// once unless set on the connection), Basic auth with username:secretKey, the
// default Retry-After handling of send(), request counting and error messages.
// Directory and registration readers share it.
import { basicAuth, originOf, type HttpDeps, type RetryPolicy } from '../../http/http';
import { rateLimitHeaders, UsageMeter } from '../../http/usage-meter';
import { callEnreach } from './errors';
import { discoverApiBase } from './discovery';

export interface EnreachApiOptions {
  /** API base URL; when absent it is discovered from the username. */
  baseUrl?: string;
  /** Discovery service; default https://discover.enreachvoice.com. */
  discoveryUrl?: string;
  username: string;
  secretKey: string;
  retry?: Partial<RetryPolicy>;
}

export class EnreachApi {
  private readonly meter = new UsageMeter(rateLimitHeaders('x-rate-limit-remaining', 'x-rate-limit-limit'));
  private resolvedBase: Promise<string> | null = null;
  private readonly deps: HttpDeps;

  constructor(
    private readonly options: EnreachApiOptions,
    deps: HttpDeps,
  ) {
    // Count at the fetch level so retries inside send() and the discovery call are counted too.
    this.deps = this.meter.wrap(deps);
    if (options.baseUrl) this.resolvedBase = Promise.resolve(options.baseUrl.replace(/\/+$/, ''));
  }

  get username(): string {
    return this.options.username;
  }

  /** The API base URL: the configured one, else discovered once (a failed discovery is retried next time). */
  baseUrl(): Promise<string> {
    if (!this.resolvedBase) {
      this.resolvedBase = discoverApiBase(this.options.username, this.deps, this.options.discoveryUrl);
      this.resolvedBase.catch(() => (this.resolvedBase = null));
    }
    return this.resolvedBase;
  }

  async origin(): Promise<string> {
    return originOf(await this.baseUrl());
  }

  /** Requests sent so far, retries included. */
  get requests(): number {
    return this.meter.requests;
  }

  /** Enreach's own quota reading from the last answer, e.g. "rate limit remaining 99/100". */
  get apiUsage(): string | undefined {
    return this.meter.apiUsage;
  }

  get(pathOrUrl: string): Promise<unknown> {
    return this.call('GET', pathOrUrl);
  }

  post(pathOrUrl: string, body: unknown): Promise<unknown> {
    return this.call('POST', pathOrUrl, body);
  }

  private async call(method: 'GET' | 'POST', pathOrUrl: string, body?: unknown): Promise<unknown> {
    const url = /^https?:\/\//i.test(pathOrUrl) ? pathOrUrl : (await this.baseUrl()) + pathOrUrl;
    const { username, secretKey, retry } = this.options;
    return callEnreach(this.deps, {
      method,
      url,
      body,
      retry,
      headers: { Authorization: basicAuth(username, secretKey), Accept: 'application/json' },
      refused: `the credentials of ${username}`,
      secrets: [secretKey, basicAuth(username, secretKey).slice('Basic '.length)],
    });
  }

}
