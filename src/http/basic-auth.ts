import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';

function digest(value: string): Buffer {
  // Hashing first gives equal-length buffers, so the comparison's time says nothing about either value.
  return createHash('sha256').update(value).digest();
}

/** Constant-time string equality. */
export function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

/** Whether an Authorization header carries exactly these basic-auth credentials. */
export function hasCredentials(header: string | undefined, user: string, password: string): boolean {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  const decoded = m ? Buffer.from(m[1]!, 'base64').toString('utf8') : '';
  const sep = decoded.indexOf(':');
  return sep > 0 && safeEqual(decoded.slice(0, sep), user) && safeEqual(decoded.slice(sep + 1), password);
}

/** The 401 of a webhook: nothing the request carried is echoed. */
export function refuse(res: Parameters<RequestHandler>[1], realm: string, error = 'authentication required'): void {
  res.set('WWW-Authenticate', `Basic realm="${realm}", charset="UTF-8"`);
  res.status(401).json({ error });
}

/**
 * HTTP basic auth, as SendGrid sends it when the credentials are in the webhook URL
 * (https://user:password@host/inbound), the way other mail-ingress frameworks document it. Checked before
 * the body is read, so an unauthenticated client cannot make the service buffer anything. It always
 * demands the credentials: whether a webhook may go without any is decided by webhookGuard, not here.
 */
export function basicAuth(user: string, password: string, realm: string): RequestHandler {
  return (req, res, next) => {
    if (hasCredentials(req.headers.authorization, user, password)) return next();
    refuse(res, realm);
  };
}
