// Messages in the admin's words (issue 11, point 9): the renderer shows the
// names of its own screens, never a method, a field path or a setting key.
import { describe, expect, it } from 'vitest';
import { isCredentialProblem, plain } from '../../../renderer/src/plain';

describe('plain words for messages', () => {
  it('names fields as the forms do, without the API method or the field path', () => {
    expect(plain('Invalid input to savePlectoSettings: settings.baseUrl must be an http(s) URL')).toBe('The API URL must be an http(s) URL');
    expect(plain('Invalid input to saveSettings: patch.safeguards.maxDeactivations must be between 0 and 1000000')).toBe(
      'The maximum deactivations per run must be between 0 and 1000000',
    );
  });

  it('says what to do about a missing secret instead of naming the keychain entry', () => {
    const text = plain('Missing secret for connection "broken" credentials.accessToken: the OS keychain has no entry "broken/accessToken"');
    expect(text).toBe('Missing secret for connection "broken" access token: it is not saved in the OS keychain; enter it again under Connections');
    expect(isCredentialProblem(text)).toBe(true);
  });

  it('names the safeguard by its label in a hold reason (R10)', () => {
    expect(plain('The plan deactivates 2 employees, more than the limit of 0 (maxDeactivations); it is held for approval (R10).')).toBe(
      'The plan deactivates 2 employees, more than the limit of 0 (the “Maximum deactivations per run” safeguard in Settings); it is held for approval (R10).',
    );
    expect(isCredentialProblem('The plan deactivates 2 employees (R10).')).toBe(false);
  });
});
