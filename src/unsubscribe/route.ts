import { Router, type Response } from 'express';
import { isBusyError } from '../db/database.js';
import type { RouteDeps } from '../http/route-deps.js';
import { UNSUBSCRIBE_TOKEN } from './tokens.js';
import { unsubscribeByToken } from './unsubscribe.js';

/** A short plain-text page. The URL holds a token: no caching, no Referer, no indexing. */
function page(res: Response, status: number, text: string): void {
  res
    .status(status)
    .set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer', 'X-Robots-Tag': 'noindex' })
    .type('text/plain; charset=utf-8')
    .send(`${text}\n`);
}

/**
 * The one-click unsubscribe link of List-Unsubscribe (RFC 8058): mail programs POST to it when someone
 * presses their Unsubscribe button. GET never unsubscribes: link scanners and previews fetch every URL
 * in a mail. Tokens are never logged.
 */
export function unsubscribeRouter(deps: RouteDeps): Router {
  const { db, config, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const scheme = config.schemeName;
  const router = Router();

  router.get('/unsubscribe/:token', (_req, res) => {
    page(
      res,
      200,
      [
        `To leave ${scheme}, reply STOP to any email from us. You will get one email to confirm, then nothing more.`,
        '',
        'Opening this page changes nothing. The Unsubscribe button your mail program shows beside our emails sends a POST request to this address, and that unsubscribes you at once.',
      ].join('\n'),
    );
  });

  router.post('/unsubscribe/:token', async (req, res) => {
    const token = String(req.params.token ?? '');
    if (!UNSUBSCRIBE_TOKEN.test(token)) {
      page(res, 404, `This unsubscribe link is not one of ours. To leave ${scheme}, reply STOP to any email from us.`);
      return;
    }
    try {
      const result = await unsubscribeByToken(db, token, config, now());
      if (result.outcome === 'unknown') {
        logger.info('unsubscribe refused: unknown link');
        page(res, 404, `This unsubscribe link is not one of ours. To leave ${scheme}, reply STOP to any email from us.`);
        return;
      }
      if (result.outcome === 'already') {
        logger.info({ personId: result.personId }, 'unsubscribe: already receiving no mail');
        page(res, 200, `You are already off the ${scheme} list. We will not email you again.`);
        return;
      }
      logger.info({ personId: result.personId }, 'unsubscribed by one-click link');
      page(res, 200, `You have left ${scheme}. We have sent one email to confirm it, and you will get nothing more from us.`);
      deps.onMailQueued?.();
    } catch (err) {
      if (isBusyError(err)) {
        logger.warn('database busy: unsubscribe answered 503');
        res.set('Retry-After', '30');
        page(res, 503, 'We could not do that just now. Please try again in a minute.');
        return;
      }
      throw err;
    }
  });
  return router;
}
