import { describe, expect, it } from 'vitest';
import { isAppUrl, isTrustedSender } from '../../../main/ipc/sender';

const APP = 'app://plecto/index.html';

describe('isTrustedSender (IPC calls only from the app renderer)', () => {
  it('trusts the app page, with or without a hash or query', () => {
    expect(isTrustedSender('app://plecto/index.html', APP)).toBe(true);
    expect(isTrustedSender('app://plecto/index.html#/history', APP)).toBe(true);
    expect(isTrustedSender('app://plecto/', APP)).toBe(true);
  });

  it('refuses other origins, schemes and missing senders', () => {
    expect(isTrustedSender('app://other/index.html', APP)).toBe(false);
    expect(isTrustedSender('https://plecto/index.html', APP)).toBe(false);
    expect(isTrustedSender('https://attacker.example/', APP)).toBe(false);
    expect(isTrustedSender('file:///tmp/index.html', APP)).toBe(false);
    expect(isTrustedSender('about:blank', APP)).toBe(false);
    expect(isTrustedSender('', APP)).toBe(false);
    expect(isTrustedSender(null, APP)).toBe(false);
    expect(isTrustedSender(undefined, APP)).toBe(false);
    expect(isTrustedSender('not a url', APP)).toBe(false);
  });

  it('trusts the dev server by origin only (port included)', () => {
    const dev = 'http://localhost:5173/';
    expect(isTrustedSender('http://localhost:5173/index.html', dev)).toBe(true);
    expect(isTrustedSender('http://localhost:5174/', dev)).toBe(false);
    expect(isTrustedSender('https://localhost:5173/', dev)).toBe(false);
  });

  it('for a file:// renderer, trusts only that very file', () => {
    const file = 'file:///opt/app/out/renderer/index.html';
    expect(isAppUrl('file:///opt/app/out/renderer/index.html#x', file)).toBe(true);
    expect(isAppUrl('file:///opt/app/out/renderer/other.html', file)).toBe(false);
    expect(isAppUrl('file:///home/me/Downloads/index.html', file)).toBe(false);
  });
});
