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
 * webhookGuard). SendGrid retries a post answered other than 2xx, so the answers are: 200 once
 * every event is stored (or was before), 400 for a body that is not an array of events (nothing stored),
 * 401 without credentials or a valid signature (nothing stored), 413 over 5 MB, and 503 only when a retry
 * can help: the database is busy.
 */
export function eventsRouter(deps: RouteDeps): Router {
  const { db, config, logger } = deps;
  const now = deps.now ?? (() => new Date());
  // Signed posts are checked on the body; otherwise the credentials are checked before it is read.
  const { beforeBody, key } = webhookGuard(config, 'events');
  const router = Router();

  router.post('/events', beforeBody, express.raw({ type: () => true, limit: '5mb' }), async (req, res) => {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (key) {
      const check = checkSignature(key, body, req.get(SIGNATURE_HEADER), req.get(TIMESTAMP_HEADER), { now: now(), maxSkewSeconds: 600 });
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
    try {
      const result = await recordDeliveryEvents(db, parsed.events, config, now());
      logger.info(
        { events: parsed.events.length, stored: result.stored, duplicates: result.duplicates, suppressed: result.suppressed },
        'delivery events stored',
      );
      res.status(200).json({ status: 'stored', ...result });
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
