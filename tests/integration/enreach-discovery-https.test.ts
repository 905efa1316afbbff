// https for every base URL except loopback — also for the Enreach API address
// that discovery returns (issue 9, point 3): a discovery answer pointing at a
// plain-http host gets neither the user name's secret key nor any request.
import { afterEach, describe, expect, it } from 'vitest';
import { createEnreachConnector } from '../../main/connectors/enreach/connector';
import { SourceReadError } from '../../main/domain/model';
import { startJsonServer, type JsonServer } from '../fakes/http-server';
import { httpDeps, rejectionOf, virtualClock } from '../support/test-kit';

let discovery: JsonServer | null = null;
afterEach(async () => discovery?.close());

describe('Enreach discovery', () => {
  it('an API address discovered as plain http (not loopback) is refused before anything is sent to it', async () => {
    discovery = await startJsonServer(() => ({ status: 200, body: [{ ApiEndpoint: 'http://api.enreach.evil.example/' }] }));
    const deps = httpDeps(virtualClock());
    const connector = createEnreachConnector(
      { discoveryUrl: discovery.origin, username: 'api@acme.com', secretKey: 'enreach-secret-key-123' },
      deps,
    );
    const error = await rejectionOf(connector.readDirectory(), SourceReadError);
    expect(error.message).toContain('Enreach address http://api.enreach.evil.example must use https://');
    expect(error.message).not.toContain('enreach-secret-key-123');
    expect(deps.urls.every((url) => url.startsWith(discovery!.origin))).toBe(true);
  });
});
