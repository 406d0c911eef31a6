import type { KeyObject } from 'node:crypto';
import type { RequestHandler } from 'express';
import { publicKeyFrom, publicKeysFrom, webhooksMustBeAuthenticated, type Config } from '../config.js';
import { basicAuth, refuse } from './basic-auth.js';

/**
 * What a webhook demands, from the settings. Fail closed: with mail going to SendGrid (or in production)
 * a webhook with neither credentials nor a signature key refuses every post, although the settings check
 * already refuses to start so (a Config built some other way must not open it either).
 *
 * - /inbound: the basic-auth credentials when set, and SendGrid's signature when INBOUND_PUBLIC_KEY is set
 *   (an Inbound Parse security policy with signature verification:
 *   https://www.twilio.com/docs/sendgrid/for-developers/parsing-email/securing-your-parse-webhooks);
 *   either is enough, and both are demanded when both are set.
 * - /events: SendGrid's signature when EVENT_WEBHOOK_PUBLIC_KEY is set (the Signed Event Webhook:
 *   https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/getting-started-event-webhook-security-features),
 *   else the credentials. It may hold several keys, one per Event Webhook of the account: a post signed
 *   by any of them is accepted.
 *
 * SendGrid's OAuth for webhooks (it fetches a token from a token URL we would have to serve) is not
 * supported: a signature or URL credentials cover the same ground without an OAuth server.
 */
export interface WebhookGuard {
  /** Checked before the body is read: basic auth, or a refusal when nothing authenticates this webhook. */
  beforeBody: RequestHandler;
  /** The key the raw body's signature is checked with, after it is read; null: no signature demanded. */
  key: KeyObject | null;
  /** Every key a signature may be made with (the Event Webhook may have several); empty: none demanded. */
  keys: KeyObject[];
}

export function webhookGuard(config: Config, hook: 'inbound' | 'events'): WebhookGuard {
  const configuredKey = hook === 'inbound' ? config.inboundPublicKey : config.eventWebhookPublicKey;
  const parsedKeys = !configuredKey ? [] : hook === 'inbound' ? [publicKeyFrom(configuredKey)] : (publicKeysFrom(configuredKey) ?? [null]);
  // One key that cannot be read closes the webhook: a half-read list must not pass for a whole one.
  const keys = parsedKeys.every((k): k is KeyObject => k !== null) ? parsedKeys : [];
  const key = keys[0] ?? null;
  const credentials = config.inboundUser && config.inboundPassword ? { user: config.inboundUser, password: config.inboundPassword } : null;
  const pass: RequestHandler = (_req, _res, next) => next();
  const closed: RequestHandler = (_req, res) => refuse(res, hook, 'this webhook has no credentials or signature key configured');
  // A key that is set but cannot be read never opens the webhook (the settings check reports it).
  if (configuredKey && !key) return { beforeBody: closed, key: null, keys: [] };
  // The Event Webhook is signed or uses the credentials; Inbound Parse demands everything configured.
  const useCredentials = credentials !== null && (hook === 'inbound' || key === null);
  if (useCredentials) return { beforeBody: basicAuth(credentials.user, credentials.password, hook), key, keys };
  if (key) return { beforeBody: pass, key, keys };
  if (!webhooksMustBeAuthenticated(config)) return { beforeBody: pass, key: null, keys: [] };
  return { beforeBody: closed, key: null, keys: [] };
}
