// Every call to the Enreach API goes through here: the base URL (discovered
// once unless set on the connection), Basic auth with username:secretKey, the
// default Retry-After handling of send(), request counting and error messages.
// Directory and registration readers share it.
import { basicAuth, originOf, type HttpDeps, type RetryPolicy } from '../../http/http';
import { rateLimitHeaders } from '../../http/usage-meter';
import { MeteredApi } from '../metered-api';
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

export class EnreachApi extends MeteredApi {
  private resolvedBase: Promise<string> | null = null;

  constructor(
    private readonly options: EnreachApiOptions,
    deps: HttpDeps,
  ) {
    super(deps, rateLimitHeaders('x-rate-limit-remaining', 'x-rate-limit-limit'));
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

  protected async call(method: 'GET' | 'POST', pathOrUrl: string, body?: unknown): Promise<unknown> {
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
