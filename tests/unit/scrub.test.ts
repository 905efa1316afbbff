// The scrubber every error path and log line goes through (issue 9, point 2):
// secrets out in every form a server may echo them; plain words left alone.
import { describe, expect, it } from 'vitest';
import { scrubCredentials } from '../../main/common/logger';

describe('scrubCredentials', () => {
  it('removes known secrets in plain, base64 and URL-encoded form, header values, user:password base64 and secret-named fields', () => {
    const basic = Buffer.from('sync@acme.com:Pa55word!').toString('base64');
    const text = [
      `echo: Authorization: Basic ${basic}`,
      `raw ${basic}`,
      'pw Pa55word! and Pa55word%21',
      'Bearer abcdefghijkl0123',
      'client_secret=sf-secret-1&refresh_token=5Aep-xyz',
      '{"password": "hunter2", "secretKey":"k-123"}',
    ].join('\n');
    const out = scrubCredentials(text, ['Pa55word!']);
    for (const leaked of [basic, 'Pa55word', 'abcdefghijkl0123', 'sf-secret-1', '5Aep-xyz', 'hunter2', 'k-123']) expect(out).not.toContain(leaked);
    expect(out).toContain('Authorization: Basic ***');
  });

  it('leaves error prose, hosts, uuids and ids as they are', () => {
    const prose = [
      'Intercom rejected the access token at http://127.0.0.1:4000 (401 unauthorized: Access Token Invalid)',
      'Plecto failed to answer POST /api/v2/members/ at https://app.plecto.com after 5 attempts (500: Server Error (500))',
      'Missing secret for connection "intercom" credentials.accessToken: environment variable INTERCOM_TOKEN is not set',
      'member 412c64d13fbf4c89bacd4224fb16a6db, Salesforce user 005xx000001Sv6eAAC, Basic realm="api"',
    ].join('\n');
    expect(scrubCredentials(prose)).toBe(prose);
  });
});
