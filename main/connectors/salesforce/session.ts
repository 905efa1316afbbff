// The signed-in state of one connection: signs in on first use and gets a new
// access token when Salesforce says the session expired. Concurrent callers
// that hit the same expired token share one renewal.
import type { HttpDeps } from '../../http/http';
import { grantSecrets, requestToken, type Token, type TokenGrant } from './oauth';

export class SalesforceSession {
  private token: Promise<Token> | null = null;

  constructor(
    private readonly loginUrl: string,
    private readonly grant: Extract<TokenGrant, { kind: 'refresh_token' | 'client_credentials' }>,
    private readonly http: HttpDeps,
  ) {}

  /** The current access token, signing in if there is none yet. */
  current(): Promise<Token> {
    if (!this.token) this.token = this.signIn();
    return this.token;
  }

  /** A new access token, unless another caller already replaced `stale`. */
  async renew(stale: Token): Promise<Token> {
    const now = await this.current().catch(() => null);
    if (now && now.accessToken !== stale.accessToken) return now;
    this.token = this.signIn();
    return this.token;
  }

  /** Values that must never appear in a message (the access token included). */
  async secrets(): Promise<string[]> {
    const token = await this.token?.catch(() => null);
    return [...grantSecrets(this.grant), token?.accessToken ?? ''];
  }

  private signIn(): Promise<Token> {
    const attempt = requestToken(this.loginUrl, this.grant, this.http);
    // A failed sign-in is not cached: the next call tries again.
    attempt.catch(() => {
      if (this.token === attempt) this.token = null;
    });
    return attempt;
  }
}
