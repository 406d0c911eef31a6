import { verify, type KeyObject } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-twilio-email-event-webhook-signature';
export const TIMESTAMP_HEADER = 'x-twilio-email-event-webhook-timestamp';

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/**
 * SendGrid's signed webhooks (Inbound Parse security policies and the Event Webhook): an ECDSA P-256
 * signature, base64 DER, over the timestamp header followed by the raw body bytes.
 * https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/getting-started-event-webhook-security-features
 * Verified on the bytes with node:crypto, since @sendgrid/eventwebhook turns the body into a string
 * and so fails on bodies that are not UTF-8 (an ISO-8859-1 reply).
 */
export function checkSignature(
  key: KeyObject | readonly KeyObject[],
  body: Buffer,
  signature: string | undefined,
  timestamp: string | undefined,
  opts: { now: Date; maxSkewSeconds: number },
): SignatureCheck {
  if (!signature || !timestamp) return { ok: false, reason: 'missing signature headers' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'malformed timestamp' };
  const skew = Math.abs(opts.now.getTime() / 1000 - Number(timestamp));
  if (skew > opts.maxSkewSeconds) return { ok: false, reason: 'stale timestamp' };
  // Several keys: SendGrid allows several Event Webhooks, each signing with its own key (each webhook's key
  // is its own: https://www.twilio.com/docs/sendgrid/api-reference/webhooks/get-signed-event-webhooks-public-key).
  // A post verified by any of them is genuine.
  const keys: readonly KeyObject[] = Array.isArray(key) ? key : [key as KeyObject];
  const signed = Buffer.concat([Buffer.from(timestamp, 'utf8'), body]);
  const sig = Buffer.from(signature, 'base64');
  const valid = keys.some((k) => {
    try {
      return verify('sha256', signed, k, sig);
    } catch {
      return false;
    }
  });
  return valid ? { ok: true } : { ok: false, reason: 'bad signature' };
}
