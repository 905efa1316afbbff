// Counts every HTTP request a client sends (token calls and retries included,
// because it sits at the fetch level) and keeps the system's last quota reading.
import type { FetchFn, HttpDeps } from './http';

/** Reads a system's quota headers into a short text, or undefined when the answer has none. */
export type QuotaReader = (headers: Headers) => string | undefined;

export class UsageMeter {
  private sent = 0;
  private quota: string | undefined;

  constructor(private readonly readQuota: QuotaReader) {}

  /** `deps` with a fetch that records each request and answer. */
  wrap(deps: HttpDeps): HttpDeps {
    const inner = deps.fetch;
    const counted: FetchFn = async (input, init) => {
      this.sent++;
      const response = await inner(input, init);
      this.quota = this.readQuota(response.headers) ?? this.quota;
      return response;
    };
    return { ...deps, fetch: counted };
  }

  get requests(): number {
    return this.sent;
  }

  get apiUsage(): string | undefined {
    return this.quota;
  }

  usage(): { requests: number; apiUsage?: string } {
    return this.quota === undefined ? { requests: this.sent } : { requests: this.sent, apiUsage: this.quota };
  }
}

/** "rate limit remaining 9998/10000" from a pair of remaining/limit headers. */
export function rateLimitHeaders(remainingHeader: string, limitHeader: string): QuotaReader {
  return (headers) => {
    const remaining = headers.get(remainingHeader);
    if (remaining === null) return undefined;
    const limit = headers.get(limitHeader);
    return `rate limit remaining ${remaining}${limit ? `/${limit}` : ''}`;
  };
}
