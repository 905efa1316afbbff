// Counts every HTTP request a connection sends (token calls and retries
// included) and remembers the org's last `Sforce-Limit-Info` reading.
import type { ConnectorUsage } from '../connector';
import type { FetchFn, HttpDeps } from '../../http/http';

export class UsageMeter {
  private requests = 0;
  private apiUsage: string | undefined;

  /** `deps` with a fetch that records each request and answer. */
  wrap(deps: HttpDeps): HttpDeps {
    const inner = deps.fetch;
    const counted: FetchFn = async (input, init) => {
      this.requests++;
      const response = await inner(input, init);
      const limit = response.headers.get('sforce-limit-info');
      if (limit) this.apiUsage = apiUsagePart(limit);
      return response;
    };
    return { ...deps, fetch: counted };
  }

  usage(): ConnectorUsage {
    return this.apiUsage === undefined ? { requests: this.requests } : { requests: this.requests, apiUsage: this.apiUsage };
  }
}

/** The org-wide part of the header; it may also carry `per-app-api-usage=...`. */
function apiUsagePart(header: string): string {
  return /(?:^|[\s,;])(api-usage=\d+\/\d+)/.exec(header)?.[1] ?? header.trim();
}
