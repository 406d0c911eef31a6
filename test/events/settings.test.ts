import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { problemsOf } from '../helpers/config.js';


describe('EVENT_WEBHOOK_PUBLIC_KEY', () => {
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });

  it('when it is SendGrid\'s key as base64 DER or as PEM, then it is accepted', () => {
    const der = publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
    const pem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
    expect(loadConfig({ EVENT_WEBHOOK_PUBLIC_KEY: der }).eventWebhookPublicKey).toBe(der);
    expect(loadConfig({ EVENT_WEBHOOK_PUBLIC_KEY: pem }).eventWebhookPublicKey).toContain('BEGIN PUBLIC KEY');
  });

  it('when it is not a public key, then the service refuses to start and says so', () => {
    expect(problemsOf({ EVENT_WEBHOOK_PUBLIC_KEY: 'not-a-key' }).join('\n')).toMatch(/EVENT_WEBHOOK_PUBLIC_KEY must be SendGrid's public key/);
  });

  it('when it is unset, then it is null', () => {
    expect(loadConfig({}).eventWebhookPublicKey).toBeNull();
  });
});
