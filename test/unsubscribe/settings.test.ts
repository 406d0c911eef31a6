import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('PUBLIC_URL', () => {
  it('when it is an https URL, then it is kept without its trailing slash, path included', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://unmentoring.example.org/' }).publicUrl).toBe('https://unmentoring.example.org');
    expect(loadConfig({ PUBLIC_URL: ' https://example.org/coffee/ ' }).publicUrl).toBe('https://example.org/coffee');
  });

  it('when it is unset, then it is null', () => {
    expect(loadConfig({}).publicUrl).toBeNull();
  });

  it.each(['http://unmentoring.example.org', 'unmentoring.example.org', 'https://example.org/?a=1', 'https://user:pw@example.org'])(
    'when it is %s, then the service refuses to start and says so',
    (value) => {
      expect(problemsOf({ PUBLIC_URL: value }).join('\n')).toMatch(/PUBLIC_URL must be the service's https URL/);
    },
  );
});
