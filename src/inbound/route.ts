import express, { Router } from 'express';
import type { RouteDeps } from '../http/route-deps.js';
import { isBusyError } from '../db/database.js';
import { webhookGuard } from '../http/webhook-auth.js';
import { checkSignature, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../http/signature.js';
import { InboundReceiver } from './receive.js';

/**
 * POST /inbound: SendGrid Inbound Parse, in either mode.
 * https://www.twilio.com/docs/sendgrid/for-developers/parsing-email/setting-up-the-inbound-parse-webhook
 * SendGrid retries a POST answered 5xx for up to three days and drops it after, so the answers are:
 * 200 once the message is stored (or was stored before), 400 for a request that is not an email (kept
 * for the organiser), 401 without credentials or a valid signature, 413 over the size limit, and 503
 * only when a retry can help: the database is busy. What authenticates a post is webhookGuard's: it fails
 * closed whenever mail goes to SendGrid, whatever NODE_ENV says.
 */
export function inboundRouter(deps: RouteDeps & { onStored?: (id: number) => void }): Router {
  const { db, config, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const { beforeBody, key } = webhookGuard(config, 'inbound');
  const router = Router();
  const receiver = new InboundReceiver(db, now);

  router.post(
    '/inbound',
    beforeBody,
    express.raw({ type: () => true, limit: config.inboundMaxBytes }),
    async (req, res) => {
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      if (key) {
        const check = checkSignature(key, body, req.get(SIGNATURE_HEADER), req.get(TIMESTAMP_HEADER), { now: now(), maxSkewSeconds: 600 });
        if (!check.ok) {
          logger.warn({ reason: check.reason }, 'inbound post refused: signature');
          res.status(401).json({ error: `signature check failed: ${check.reason}` });
          return;
        }
      }
      try {
        const result = await receiver.receive(body, req.get('content-type'));
        if (result.outcome === 'malformed') {
          logger.warn({ reason: result.reason, bytes: body.length }, 'inbound post malformed; kept');
          res.status(400).json({ error: result.reason });
          return;
        }
        if (result.outcome === 'duplicate') {
          logger.info('inbound message already stored; no second effect');
          res.status(200).json({ status: 'duplicate' });
          return;
        }
        logger.info({ inboundId: result.id }, 'inbound message stored');
        res.status(200).json({ status: 'stored', id: result.id });
        deps.onStored?.(result.id);
      } catch (err) {
        if (isBusyError(err)) {
          logger.warn('database busy: inbound post answered 503 for SendGrid to retry');
          res.set('Retry-After', '30').status(503).json({ error: 'busy, try again' });
          return;
        }
        throw err;
      }
    },
  );
  return router;
}
