import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { problemsOf } from '../helpers/config.js';


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
