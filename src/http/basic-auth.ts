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

/**
 * HTTP basic auth, as SendGrid sends it when the credentials are in the webhook URL
 * (https://user:password@host/inbound). Checked before the body is read, so an unauthenticated client
 * cannot make the service buffer anything. With no credentials configured (development only: production
 * refuses to start without them) every request passes.
 */
export function basicAuth(user: string | null, password: string | null, realm: string): RequestHandler {
  return (req, res, next) => {
    if (!user || !password) return next();
    const header = req.headers.authorization ?? '';
    const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
    const decoded = m ? Buffer.from(m[1]!, 'base64').toString('utf8') : '';
    const sep = decoded.indexOf(':');
    const ok = sep > 0 && safeEqual(decoded.slice(0, sep), user) && safeEqual(decoded.slice(sep + 1), password);
    if (ok) return next();
    res.set('WWW-Authenticate', `Basic realm="${realm}", charset="UTF-8"`);
    res.status(401).json({ error: 'authentication required' });
  };
}
