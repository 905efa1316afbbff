// Records what each answer looked like (status and headers) while a check
// reads through the app's own clients, so it can report rate-limit headers
// without a second request. Bodies and request headers are not kept.
import type { FetchFn, HttpDeps } from '../http/http';

export interface TappedAnswer {
  /** Path and query, no host. */
  path: string;
  status: number;
  headers: Headers;
}

export class ResponseTap {
  readonly answers: TappedAnswer[] = [];

  wrap(deps: HttpDeps): HttpDeps {
    const inner: FetchFn = deps.fetch;
    const tapped: FetchFn = async (input, init) => {
      const response = await inner(input, init);
      let path = input;
      try {
        const url = new URL(input);
        path = url.pathname + url.search;
      } catch {
        // keep the input as it is
      }
      this.answers.push({ path, status: response.status, headers: response.headers });
      return response;
    };
    return { ...deps, fetch: tapped };
  }

  /** The first header of these names seen on any successful answer, as name → value. */
  header(...names: string[]): { name: string; value: string } | null {
    for (const answer of this.answers) {
      if (answer.status < 200 || answer.status >= 300) continue;
      for (const name of names) {
        const value = answer.headers.get(name);
        if (value !== null) return { name, value };
      }
    }
    return null;
  }

  /** Successful answers that carried none of these headers. */
  without(...names: string[]): number {
    return this.answers.filter((a) => a.status >= 200 && a.status < 300 && names.every((n) => !a.headers.has(n))).length;
  }

  successes(): number {
    return this.answers.filter((a) => a.status >= 200 && a.status < 300).length;
  }
}
