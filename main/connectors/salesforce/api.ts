// The Salesforce REST API as this project uses it: authenticated GETs on the
// instance URL and SOQL queries that follow `nextRecordsUrl` to the end.
// Reused by the directory reader and the registrations (opportunities) reader.
import { SourceReadError } from '../../domain/model';
import { send, type HttpDeps } from '../../http/http';
import { apiError, hasErrorCode, transportError } from './errors';
import type { Token } from './oauth';
import type { SalesforceSession } from './session';
import { API_VERSION, SALESFORCE, type QueryAnswer } from './wire';

export class SalesforceApi {
  constructor(
    private readonly session: SalesforceSession,
    private readonly http: HttpDeps,
  ) {}

  /** The org's instance URL (signs in if needed). */
  async instanceUrl(): Promise<string> {
    return (await this.session.current()).instanceUrl;
  }

  /**
   * GET `{instance_url}{path}` with the bearer token. A 401 INVALID_SESSION_ID
   * gets one new access token and one retry; any other failure throws a
   * SourceReadError.
   */
  async get<T>(path: string): Promise<T> {
    if (!path.startsWith('/')) {
      // Only paths on the instance: the bearer token must never go to another host.
      throw new SourceReadError(`Salesforce sent a link outside its instance: ${path.slice(0, 80)}`, SALESFORCE, 'bad_answer');
    }
    let token = await this.session.current();
    for (let attempt = 1; ; attempt++) {
      const response = await this.send(token, path);
      if (response.status >= 200 && response.status < 300) return response.body as T;
      if (response.status === 401 && attempt === 1 && hasErrorCode(response.body, 'INVALID_SESSION_ID')) {
        this.http.logger.info('Salesforce: session expired; getting a new access token', { host: token.instanceUrl });
        token = await this.session.renew(token);
        continue;
      }
      throw apiError(response.status, response.body, token.instanceUrl, await this.session.secrets());
    }
  }

  /** The records of a SOQL query, one batch (≤ 2,000) at a time. */
  async *queryPages<T>(soql: string): AsyncGenerator<T[]> {
    let path: string | undefined = `/services/data/${API_VERSION}/query?q=${encodeURIComponent(soql)}`;
    // R10: a read must be whole: no record twice, none missing against the totalSize Salesforce reports.
    let totalSize: number | null = null;
    let read = 0;
    const seen = new Set<string>();
    while (path) {
      const answer: QueryAnswer<T> = await this.get<QueryAnswer<T>>(path);
      if (!answer || typeof answer !== 'object' || !Array.isArray(answer.records) || typeof answer.done !== 'boolean') {
        throw new SourceReadError(
          `Salesforce at ${await this.instanceUrl()} answered a query with something that is not a query result.`,
          SALESFORCE,
          'bad_answer',
        );
      }
      totalSize ??= typeof answer.totalSize === 'number' ? answer.totalSize : null;
      for (const record of answer.records) {
        const id = (record as { Id?: unknown }).Id;
        if (typeof id === 'string' && seen.has(id)) throw await this.inconsistent(`record ${id} came twice`);
        if (typeof id === 'string') seen.add(id);
      }
      read += answer.records.length;
      yield answer.records;
      if (answer.done) {
        if (totalSize !== null && read !== totalSize) throw await this.inconsistent(`it reported ${totalSize} records but ${read} came`);
        return;
      }
      if (typeof answer.nextRecordsUrl !== 'string') {
        // done=false without a next page would silently cut the read short (R10).
        throw new SourceReadError(
          `Salesforce at ${await this.instanceUrl()} said a query had more records but gave no link to them.`,
          SALESFORCE,
          'bad_answer',
        );
      }
      path = answer.nextRecordsUrl;
    }
  }

  private async inconsistent(problem: string): Promise<SourceReadError> {
    return new SourceReadError(
      `Salesforce at ${await this.instanceUrl()} answered a query inconsistently (${problem}); nothing was changed. Try again later (R10).`,
      SALESFORCE,
      'bad_answer',
    );
  }

  /** All records of a SOQL query (every batch). */
  async query<T>(soql: string): Promise<T[]> {
    const all: T[] = [];
    for await (const page of this.queryPages<T>(soql)) all.push(...page);
    return all;
  }

  private async send(token: Token, path: string) {
    try {
      return await send(this.http, {
        system: SALESFORCE,
        method: 'GET',
        url: token.instanceUrl + path,
        headers: { Authorization: `Bearer ${token.accessToken}` },
      });
    } catch (error) {
      throw transportError(error, token.instanceUrl, await this.session.secrets());
    }
  }
}
