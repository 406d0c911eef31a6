import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig, publicKeysFrom } from '../../src/config.js';
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

  it('when it lists several keys (one per Event Webhook) separated by commas, spaces or new lines, DER and PEM mixed, then every one is read', () => {
    const other = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey;
    const der = publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
    const pem = other.export({ format: 'pem', type: 'spki' }).toString();
    const otherDer = other.export({ format: 'der', type: 'spki' }).toString('base64');
    for (const list of [`${der},${otherDer}`, `${der} ${otherDer}`, `${der}\n${pem}`, ` ${pem}, ${der} `]) {
      const keys = publicKeysFrom(loadConfig({ EVENT_WEBHOOK_PUBLIC_KEY: list }).eventWebhookPublicKey!);
      expect(keys).toHaveLength(2);
      expect(keys!.map((k) => k.export({ format: 'der', type: 'spki' }).toString('base64')).sort()).toEqual([der, otherDer].sort());
    }
  });

  it('when one key of a list is not a key, then the service refuses to start and says which', () => {
    const der = publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
    expect(problemsOf({ EVENT_WEBHOOK_PUBLIC_KEY: `${der}, not-a-key` }).join('\n')).toMatch(/EVENT_WEBHOOK_PUBLIC_KEY must be SendGrid's public key.*Key 2 is not one/);
    expect(publicKeysFrom(`${der}, not-a-key`)).toBeNull();
  });

  it('when it is unset, then it is null', () => {
    expect(loadConfig({}).eventWebhookPublicKey).toBeNull();
  });
});
