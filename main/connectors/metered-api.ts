// What every source's HTTP API class shares: requests counted at the fetch
// level (retries and sign-in calls included), the system's quota reading, and
// GET/POST over one `call` that each system implements with its own auth and
// error messages.
import type { HttpDeps } from '../http/http';
import { UsageMeter, type QuotaReader } from '../http/usage-meter';

export abstract class MeteredApi {
  protected readonly deps: HttpDeps;
  private readonly meter: UsageMeter;

  constructor(deps: HttpDeps, quota: QuotaReader) {
    this.meter = new UsageMeter(quota);
    this.deps = this.meter.wrap(deps);
  }

  /** Requests sent so far, retries included. */
  get requests(): number {
    return this.meter.requests;
  }

  /** The system's own quota reading from the last answer, e.g. "rate limit remaining 9998/10000". */
  get apiUsage(): string | undefined {
    return this.meter.apiUsage;
  }

  get(pathOrUrl: string): Promise<unknown> {
    return this.call('GET', pathOrUrl);
  }

  post(pathOrUrl: string, body: unknown): Promise<unknown> {
    return this.call('POST', pathOrUrl, body);
  }

  protected abstract call(method: 'GET' | 'POST', pathOrUrl: string, body?: unknown): Promise<unknown>;
}
