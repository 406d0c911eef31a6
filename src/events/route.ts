import express, { Router } from 'express';
import { isBusyError } from '../db/database.js';
import type { RouteDeps } from '../http/route-deps.js';
import { webhookGuard } from '../http/webhook-auth.js';
import { checkSignature, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../http/signature.js';
import { parseEventBody, recordDeliveryEvents } from './process.js';

/**
 * POST /events: SendGrid's Event Webhook, a JSON array of events about our mail.
 * https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/event
 * Authenticated by SendGrid's signature when EVENT_WEBHOOK_PUBLIC_KEY is set, else by the same basic-auth
 * credentials as /inbound; with neither, every post is refused whenever mail goes to SendGrid (see
 * webhookGuard); a post verified by any of the configured keys is accepted (SendGrid allows several Event
 * Webhooks, each signing with its own key). SendGrid retries a post answered other than 2xx for 24 hours and
 * then discards it (https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/getting-started-event-webhook),
 * so the answers are: 200 once every readable event is stored (or was before), with entries that are not
 * events skipped and counted (`skipped`) rather than failing the post; 400 only for a body that is not a
 * JSON array at all (nothing stored), where a retry cannot help either; 401 without credentials or a valid
 * signature (nothing stored); 413 over 5 MB; and 503 only when a retry can help: the database is busy.
 */
export function eventsRouter(deps: RouteDeps): Router {
  const { db, config, logger } = deps;
  const now = deps.now ?? (() => new Date());
  // Signed posts are checked on the body; otherwise the credentials are checked before it is read.
  const { beforeBody, keys } = webhookGuard(config, 'events');
  const router = Router();

  router.post('/events', beforeBody, express.raw({ type: () => true, limit: '5mb' }), async (req, res) => {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (keys.length) {
      const check = checkSignature(keys, body, req.get(SIGNATURE_HEADER), req.get(TIMESTAMP_HEADER), { now: now(), maxSkewSeconds: 600 });
      if (!check.ok) {
        logger.warn({ reason: check.reason }, 'event webhook post refused: signature');
        res.status(401).json({ error: `signature check failed: ${check.reason}` });
        return;
      }
    }
    const parsed = parseEventBody(body);
    if (!parsed.ok) {
      logger.warn({ reason: parsed.reason, bytes: body.length }, 'event webhook post malformed; nothing stored');
      res.status(400).json({ error: parsed.reason });
      return;
    }
    const skipped = parsed.skipped.length;
    if (skipped) {
      // Where and why, never the entries themselves: they may hold addresses.
      logger.warn({ skipped, first: parsed.skipped.slice(0, 5) }, 'event webhook post held entries that are not events; skipped, the rest kept');
    }
    try {
      const result = await recordDeliveryEvents(db, parsed.events, config, now());
      logger.info(
        { events: parsed.events.length, skipped, stored: result.stored, duplicates: result.duplicates, suppressed: result.suppressed, accountDrops: result.accountDrops },
        'delivery events stored',
      );
      res.status(200).json({ status: 'stored', ...result, skipped });
      if (result.noticeQueued) deps.onMailQueued?.();
    } catch (err) {
      if (isBusyError(err)) {
        logger.warn('database busy: event webhook post answered 503 for SendGrid to retry');
        res.set('Retry-After', '30').status(503).json({ error: 'busy, try again' });
        return;
      }
      throw err;
    }
  });
  return router;
}
