import { describe, expect, it } from 'vitest';
import { installationTokenCache } from '../../functions/github/octokit.js';

// auth-app stores `token|createdAt|expiresAt|selection|permissions|file` and trusts the cache.
const entry = (expiresAt: Date): string =>
  ['ghs_x', new Date().toISOString(), expiresAt.toISOString(), 'all', 'checks!', ''].join('|');

describe('the installation token cache of a warm function', () => {
  it('returns a token with time left', () => {
    const value = entry(new Date(Date.now() + 30 * 60_000));
    installationTokenCache.set('a', value);
    expect(installationTokenCache.get('a')).toBe(value);
  });

  it('drops a token within five minutes of its expiry, so auth-app asks for a new one', () => {
    installationTokenCache.set('b', entry(new Date(Date.now() + 4 * 60_000)));
    expect(installationTokenCache.get('b')).toBeUndefined();
    installationTokenCache.set('c', 'not|a|date');
    expect(installationTokenCache.get('c')).toBeUndefined();
  });
});
