import { describe, expect, it } from 'vitest';
import { isAllowedExternalUrl } from '../../../main/shell/external-links';

describe('isAllowedExternalUrl (links the app opens in the system browser)', () => {
  it.each([
    'https://plecto.com/',
    'https://app.plecto.com/integrations',
    'https://help.plecto.com/en/articles/directory-synchronization',
    'https://docs.plecto.com/#employees',
    'https://help.salesforce.com/s/articleView?id=sf.remoteaccess.htm',
    'https://login.salesforce.com/',
    'https://developers.intercom.com/docs',
    'https://www.intercom.com/help',
    'https://doc.enreachvoice.com/beneapi/',
    'https://APP.PLECTO.COM/',
  ])('opens %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(true);
  });

  it.each([
    ['plain http', 'http://help.plecto.com/'],
    ['a look-alike host', 'https://evilplecto.com/'],
    ['the allowed name as a subdomain of another host', 'https://plecto.com.attacker.net/'],
    ['an unrelated host', 'https://example.com/'],
    ['user info hiding the host', 'https://plecto.com@attacker.net/'],
    ['credentials on an allowed host', 'https://user:pw@help.plecto.com/'],
    ['a custom port', 'https://help.plecto.com:8443/'],
    ['javascript:', 'javascript:alert(1)'],
    ['file:', 'file:///etc/passwd'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['the app itself', 'app://plecto/index.html'],
    ['not a URL', 'help.plecto.com'],
    ['empty', ''],
  ])('refuses %s', (_why, url) => {
    expect(isAllowedExternalUrl(url)).toBe(false);
  });
});
