/**
 * A fake of SendGrid's v3 Mail Send endpoint, on a real HTTP server on 127.0.0.1 (random port), for
 * tests and benchmarks that drive the real @sendgrid/mail client.
 *
 * It follows SendGrid's documentation, not our assumptions; each rule names its page:
 * - `POST /v3/mail/send` with `Authorization: Bearer <key>`; 401 with `{errors:[{message, field, help}]}`
 *   when the key is missing or wrong (https://www.twilio.com/docs/sendgrid/api-reference/mail-send/mail-send);
 * - a JSON body, checked for a few things SendGrid checks, answered 400 with the documented error body
 *   (https://www.twilio.com/docs/sendgrid/api-reference/mail-send/errors);
 * - 202, empty body and an `X-Message-Id` header when accepted;
 * - every answer carries `X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset` (Unix
 *   seconds), and a 429 carries them with Remaining 0 and no `Retry-After`, which SendGrid does not document
 *   (https://www.twilio.com/docs/sendgrid/api-reference/how-to-use-the-sendgrid-v3-api/rate-limits);
 * - `content` holds text/plain, then text/html, then any other MIME type, such as the
 *   `text/calendar; method=REQUEST` entry SendGrid's calendar-invitation payload has
 *   (https://github.com/sendgrid/sendgrid-ruby/issues/298#issuecomment-427443122); an entry's type is a
 *   MIME type without parameters, that `method` of text/calendar aside (the fake's reading: Mail Send
 *   documents no other parameter there);
 * - an attachment's type "cannot contain ';', or CRLF characters" (the errors page), except a
 *   `method=` parameter, which SendGrid lets through and `charset` not
 *   (https://github.com/sendgrid/sendgrid-nodejs/issues/1313, https://github.com/sendgrid/sendgrid-nodejs/issues/217);
 * - a recipient's name with `,` or `;` is not allowed (https://docs.sendgrid.com/api-reference/mail-send/limitations),
 *   yet SendGrid answers such a mail 202 and then drops it as "Invalid", having split the name at the comma
 *   (its maintainers: https://github.com/sendgrid/sendgrid-php/issues/351,
 *   https://github.com/sendgrid/sendgrid-nodejs/issues/448): the fake accepts it and records it as dropped.
 * Programmable faults: failNext (any status, body, Retry-After or a rate-limit reset), dropNext (socket
 * destroyed with no answer), a seeded random faultRate (429 as documented, 500, dropped connection), and
 * delayMs. `retryAfterSeconds` keeps the old, undocumented Retry-After on the random 429s, for tests
 * written against it.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRng } from '../../src/matching/rng.js';

export interface RecordedRequest {
  /** The parsed JSON body, exactly as SendGrid would receive it. */
  body: any;
  headers: IncomingHttpHeaders;
  /** Date.now() when the request was accepted. */
  at: number;
  /** The X-Message-Id it was answered with. */
  messageId: string;
  /**
   * Why SendGrid would drop this accepted mail instead of delivering it, as its Event Webhook's `dropped`
   * reason ("Invalid": a recipient's name with `,` or `;`); null: it would be delivered.
   */
  dropped: string | null;
}

/** A request to /v3/mail/send that was accepted or hit a fault: what came and what it was answered. */
export interface Attempt {
  /** Date.now() when the request was answered (or dropped). */
  at: number;
  /** The mail's Message-ID header, when its body could be read. */
  messageId: string | null;
  /** 'accepted', 'drop', or the status of the refusal. */
  outcome: 'accepted' | 'drop' | number;
  /**
   * How long the refusal asked us to wait, in ms: its Retry-After when that was a number of seconds, or the
   * time until its X-RateLimit-Reset.
   */
  retryAfterMs?: number;
}

export interface Fault {
  status: number;
  /**
   * Retry-After header value: seconds (number) or any string (e.g. an HTTP-date). SendGrid documents none;
   * give it only to test how we read one.
   */
  retryAfter?: number | string;
  /**
   * X-RateLimit-Reset (Unix seconds) sent with the refusal. For a 429 without `retryAfter` it defaults to
   * the next whole second at least a second away, as SendGrid sends it; null sends no X-RateLimit headers.
   */
  rateLimitReset?: number | null;
  /** Response body; SendGrid-shaped `{errors:[…]}` for the status when absent. */
  body?: unknown;
}

export interface FakeSendGridOptions {
  /** The API key it accepts; default "SG.fake-key". */
  apiKey?: string;
  /** Probability (0..1) that a request hits a random fault (429, 500 or a dropped connection). */
  faultRate?: number;
  /** Seed for the fault RNG, so a run can be repeated. */
  seed?: number;
  /** Delay before every answer, in ms. */
  delayMs?: number;
  /**
   * When given, the random 429s carry this Retry-After (seconds) instead of SendGrid's documented
   * X-RateLimit headers. Only for tests written before the fake followed the documentation.
   */
  retryAfterSeconds?: number;
  /** The clock X-RateLimit-Reset is computed from (epoch ms); default Date.now. */
  now?: () => number;
}

export interface FakeSendGrid {
  /** Base URL, "http://127.0.0.1:PORT/". */
  readonly url: string;
  readonly apiKey: string;
  /** Every accepted request, in order. */
  readonly requests: RecordedRequest[];
  /** Every request on /v3/mail/send that was accepted or hit a fault, in order. */
  readonly attempts: Attempt[];
  /** Number of requests received on /v3/mail/send, faults and refusals included. */
  readonly received: number;
  /** TCP connections accepted so far (few when clients keep connections alive). */
  readonly connections: number;
  faultRate: number;
  delayMs: number;
  /**
   * Awaited before each request to /v3/mail/send is answered (after delayMs), so a test can hold an answer
   * while it does something else: take the write lock, run another sender, move its clock. Null: none.
   */
  beforeAnswer: ((request: { body: any }) => Promise<void> | void) | null;
  /** The accepted bodies. */
  mails(): any[];
  /** Resolves once at least n requests were accepted; rejects after timeoutMs. */
  waitFor(n: number, timeoutMs?: number): Promise<void>;
  /** The next n requests are answered with this fault (after any faults already queued). */
  failNext(n: number, fault: Fault): void;
  /** The next n requests get no answer: their connection is destroyed. */
  dropNext(n: number): void;
  /** Forgets recorded requests, queued faults and counters. */
  reset(): void;
  /** Stops the server and ends open connections; calling it again does nothing. */
  close(): Promise<void>;
}

type QueuedFault = Fault | 'drop';

interface SgError {
  message: string;
  field: string | null;
  help: string | null;
}

const HELP = 'http://sendgrid.com/docs/API_Reference/Web_API_v3/Mail/errors.html';
/**
 * Requests a refresh period allows: SendGrid publishes no figure for Mail Send (the rate-limit page's 500
 * and 150 are examples), so this only gives the headers something to count down.
 */
const RATE_LIMIT = 600;
const MAX_BODY_BYTES = 30 * 1024 * 1024; // SendGrid's limit for the whole message.
const RESERVED_HEADERS = new Set([
  'x-sg-id',
  'x-sg-eid',
  'received',
  'dkim-signature',
  'content-type',
  'content-transfer-encoding',
  'to',
  'from',
  'subject',
  'reply-to',
  'cc',
  'bcc',
]);

/** A MIME type without parameters: "text/plain", "application/ics". */
const MIME_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i;
/** text/calendar with the iTIP method as its one parameter (RFC 6047 §2.4), as calendar invitations need. */
const CALENDAR_TYPE = /^text\/calendar; ?method=(PUBLISH|REQUEST|REPLY|ADD|CANCEL|REFRESH|COUNTER|DECLINECOUNTER);?$/i;

function defaultErrorBody(status: number): { errors: SgError[] } {
  const message =
    status === 401
      ? 'The provided authorization grant is invalid, expired, or revoked'
      : status === 403
        ? 'access forbidden'
        : status === 413
          ? 'The JSON payload you have included in your request is too large.'
          : status === 429
            ? 'too many requests'
            : status >= 500
              ? 'internal server error'
              : 'Bad Request';
  return { errors: [{ message, field: null, help: null }] };
}

function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function hasEmail(v: unknown): boolean {
  return isObject(v) && typeof v.email === 'string' && /^[^\s@]+@[^\s@]+$/.test(v.email);
}

/** A few of the checks SendGrid makes before accepting a mail. */
export function validateMailSend(body: unknown): SgError[] {
  const errors: SgError[] = [];
  const err = (message: string, field: string | null, anchor: string) =>
    errors.push({ message, field, help: `${HELP}#${anchor}` });
  if (!isObject(body)) {
    err('Bad Request', null, 'message');
    return errors;
  }
  const ps = body.personalizations;
  if (!Array.isArray(ps) || ps.length === 0) {
    err('The personalizations field is required and must have at least one personalization.', 'personalizations', 'message.personalizations');
  } else {
    ps.forEach((p, i) => {
      if (!isObject(p) || !Array.isArray(p.to) || p.to.length === 0) {
        err('The to array is required for all personalization objects, and must have at least one email object with a valid email address.', `personalizations.${i}.to`, 'message.personalizations.to');
      } else {
        p.to.forEach((to: unknown, j: number) => {
          if (!hasEmail(to)) {
            err('Does not contain a valid address.', `personalizations.${i}.to.${j}.email`, 'message.personalizations.to');
          }
        });
      }
    });
  }
  if (!hasEmail(body.from)) {
    err('The from object must be provided for every email send. It is an object that requires the email parameter, but may also contain a name parameter.', 'from.email', 'message.from');
  }
  if (body.reply_to !== undefined && !hasEmail(body.reply_to)) {
    err('The reply_to email does not contain a valid address.', 'reply_to.email', 'message.reply_to');
  }
  // Mail Send page: "reply_to and reply_to_list properties are mutually exclusive. If both are used, the
  // API call will be rejected."
  if (body.reply_to !== undefined && body.reply_to_list !== undefined) {
    err('The reply_to and reply_to_list properties are mutually exclusive.', 'reply_to_list', 'message.reply_to_list');
  }
  const hasTemplate = typeof body.template_id === 'string' && body.template_id !== '';
  const subjectEverywhere =
    Array.isArray(ps) && ps.length > 0 && ps.every((p) => isObject(p) && typeof p.subject === 'string' && p.subject !== '');
  if (!hasTemplate && !(typeof body.subject === 'string' && body.subject !== '') && !subjectEverywhere) {
    err('The subject is required. You can get around this requirement if you use a template with a subject defined or if every personalization has a subject defined.', 'subject', 'message.subject');
  }
  const content = body.content;
  if (!hasTemplate) {
    if (!Array.isArray(content) || content.length === 0) {
      err('Unless a valid template_id is provided, the content parameter is required. There must be at least one defined content block. We typically suggest both text/plain and text/html blocks are included, but only one block is required.', 'content', 'message.content');
    } else {
      content.forEach((c: unknown, i: number) => {
        if (!isObject(c) || typeof c.type !== 'string' || typeof c.value !== 'string' || c.value === '') {
          err('The content value must be a string at least one character in length.', `content.${i}.value`, 'message.content.value');
        } else if (!MIME_TYPE.test(c.type) && !CALENDAR_TYPE.test(c.type)) {
          err('The content type must be a MIME type such as text/plain, with no parameters but the method of text/calendar.', `content.${i}.type`, 'message.content.type');
        }
      });
      const types = content.map((c: any) => (isObject(c) ? c.type : undefined));
      const plain = types.indexOf('text/plain');
      const html = types.indexOf('text/html');
      if ((plain > 0) || (html >= 0 && plain >= 0 && html !== 1) || (html > 0 && plain < 0)) {
        err('If present, text/plain and text/html may only be provided once, and text/plain must come before text/html, as the first content entries.', 'content', 'message.content.type');
      }
    }
  }
  if (body.headers !== undefined) {
    if (!isObject(body.headers)) {
      err('Invalid type. Expected: object, given: ' + typeof body.headers + '.', 'headers', 'message.headers');
    } else {
      for (const [k, v] of Object.entries(body.headers)) {
        if (typeof v !== 'string') err('Invalid type. Expected: string, given: ' + typeof v + '.', `headers.${k}`, 'message.headers');
        else if (/[\r\n]/.test(v)) err('Header values may not contain line breaks.', `headers.${k}`, 'message.headers');
        if (RESERVED_HEADERS.has(k.toLowerCase())) err(`The header ${k} is reserved and cannot be set.`, `headers.${k}`, 'message.headers');
      }
    }
  }
  if (typeof body.subject === 'string' && /[\r\n]/.test(body.subject)) {
    err('The subject may not contain line breaks.', 'subject', 'message.subject');
  }
  if (body.custom_args !== undefined) {
    if (!isObject(body.custom_args) || Object.values(body.custom_args).some((v) => typeof v !== 'string')) {
      err('Invalid type. custom_args values must be strings.', 'custom_args', 'message.custom_args');
    }
  }
  if (body.attachments !== undefined) {
    if (!Array.isArray(body.attachments)) {
      err('Invalid type. Expected: array, given: ' + typeof body.attachments + '.', 'attachments', 'message.attachments');
    } else {
      body.attachments.forEach((a: unknown, i: number) => {
        if (!isObject(a) || typeof a.content !== 'string' || a.content === '') {
          err('The attachment content is required.', `attachments.${i}.content`, 'message.attachments.content');
        } else if (!/^[A-Za-z0-9+/]*={0,2}$/.test(a.content) || a.content.length % 4 !== 0) {
          err('The attachment content must be base64 encoded.', `attachments.${i}.content`, 'message.attachments.content');
        }
        if (!isObject(a) || typeof a.filename !== 'string' || a.filename === '') {
          err('The attachment filename parameter is required.', `attachments.${i}.filename`, 'message.attachments.filename');
        }
        if (isObject(a) && a.type !== undefined && (typeof a.type !== 'string' || /[\r\n]/.test(a.type) || (a.type.includes(';') && !CALENDAR_TYPE.test(a.type)))) {
          err('The attachment type cannot contain ;, CRLF characters.', `attachments.${i}.type`, 'message.attachments.type');
        }
        if (isObject(a) && a.disposition !== undefined && a.disposition !== 'inline' && a.disposition !== 'attachment') {
          err('The disposition of your attachment can be either "inline" or "attachment".', `attachments.${i}.disposition`, 'message.attachments.disposition');
        }
      });
    }
  }
  if (body.categories !== undefined) {
    const cats = body.categories;
    if (!Array.isArray(cats) || cats.length > 10 || cats.some((c) => typeof c !== 'string' || c.length > 255)) {
      err('The categories must be an array of at most 10 strings of at most 255 characters.', 'categories', 'message.categories');
    }
  }
  return errors;
}

/**
 * Why SendGrid would drop this (valid, accepted) mail, or null. Only names in personalizations are split
 * at `,` and `;` (the limitations page names to.name, cc.name and bcc.name), so from and reply_to names
 * may carry them.
 */
export function droppedReason(body: unknown): string | null {
  if (!isObject(body) || !Array.isArray(body.personalizations)) return null;
  for (const p of body.personalizations) {
    if (!isObject(p)) continue;
    for (const field of ['to', 'cc', 'bcc']) {
      const list = p[field];
      if (Array.isArray(list) && list.some((a) => isObject(a) && typeof a.name === 'string' && /[,;]/.test(a.name))) return 'Invalid';
    }
  }
  return null;
}

export async function startFakeSendGrid(opts: FakeSendGridOptions = {}): Promise<FakeSendGrid> {
  const apiKey = opts.apiKey ?? 'SG.fake-key';
  const expectedAuth = `Bearer ${apiKey}`;
  const seeded = createRng(opts.seed ?? 1);
  const random = () => seeded.next();
  const legacyRetryAfterSeconds = opts.retryAfterSeconds;
  const clock = opts.now ?? Date.now;
  // One refresh period per whole second: X-RateLimit-Reset is in whole Unix seconds.
  let period = { reset: 0, used: 0 };
  const rateLimitHeaders = (exhausted: boolean, reset?: number): Record<string, string> => {
    const at = clock();
    if (at >= period.reset * 1000) period = { reset: Math.floor(at / 1000) + 1, used: 0 };
    period.used++;
    const remaining = exhausted ? 0 : Math.max(0, RATE_LIMIT - period.used);
    return {
      'x-ratelimit-limit': String(RATE_LIMIT),
      'x-ratelimit-remaining': String(remaining),
      'x-ratelimit-reset': String(reset ?? period.reset),
    };
  };
  const idPrefix = randomBytes(6).toString('base64url');
  let counter = 0;
  const queue: QueuedFault[] = [];
  const requests: RecordedRequest[] = [];
  const attempts: Attempt[] = [];
  let received = 0;
  let connections = 0;
  let closing: Promise<void> | null = null;
  const waiters = new Set<{ n: number; resolve: () => void }>();

  let url = '';

  const fake: FakeSendGrid = {
    get url() {
      return url;
    },
    apiKey,
    requests,
    attempts,
    get received() {
      return received;
    },
    get connections() {
      return connections;
    },
    faultRate: opts.faultRate ?? 0,
    delayMs: opts.delayMs ?? 0,
    beforeAnswer: null,
    mails() {
      return requests.map((r) => r.body);
    },
    waitFor(n: number, timeoutMs = 5_000) {
      if (requests.length >= n) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const w = {
          n,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(w);
          reject(new Error(`fake SendGrid: ${requests.length} of ${n} requests after ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(w);
      });
    },
    failNext(n: number, fault: Fault) {
      for (let i = 0; i < n; i++) queue.push(fault);
    },
    dropNext(n: number) {
      for (let i = 0; i < n; i++) queue.push('drop');
    },
    reset() {
      requests.length = 0;
      attempts.length = 0;
      queue.length = 0;
      received = 0;
      connections = 0;
    },
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };

  function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}) {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      ...extra,
    });
    res.end(text);
  }

  function answerFault(req: IncomingMessage, res: ServerResponse, fault: QueuedFault, messageId: string | null) {
    if (fault === 'drop') {
      attempts.push({ at: Date.now(), messageId, outcome: 'drop' });
      req.socket.destroy();
      return;
    }
    const extra: Record<string, string> = {};
    let retryAfterMs = typeof fault.retryAfter === 'number' ? fault.retryAfter * 1000 : undefined;
    if (fault.retryAfter !== undefined) extra['retry-after'] = String(fault.retryAfter);
    // A 429 as the rate-limit page shows it: the three headers, Remaining 0, the period's reset.
    const documented429 = fault.status === 429 && fault.retryAfter === undefined && fault.rateLimitReset !== null;
    if (documented429 || typeof fault.rateLimitReset === 'number') {
      Object.assign(extra, rateLimitHeaders(fault.status === 429, fault.rateLimitReset ?? undefined));
      retryAfterMs ??= Number(extra['x-ratelimit-reset']) * 1000 - clock();
    }
    attempts.push({ at: Date.now(), messageId, outcome: fault.status, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
    sendJson(res, fault.status, fault.body ?? defaultErrorBody(fault.status), extra);
  }

  function nextFault(): QueuedFault | null {
    const queued = queue.shift();
    if (queued) return queued;
    if (fake.faultRate > 0 && random() < fake.faultRate) {
      const pick = random();
      if (pick < 1 / 3) return legacyRetryAfterSeconds === undefined ? { status: 429 } : { status: 429, retryAfter: legacyRetryAfterSeconds };
      if (pick < 2 / 3) return { status: 500 };
      return 'drop';
    }
    return null;
  }

  function messageIdOf(raw: Buffer): string | null {
    try {
      const id = (JSON.parse(raw.toString('utf8')) as { headers?: Record<string, unknown> }).headers?.['Message-ID'];
      return typeof id === 'string' ? id : null;
    } catch {
      return null;
    }
  }

  function handle(req: IncomingMessage, res: ServerResponse, raw: Buffer) {
    if (req.url !== '/v3/mail/send' && req.url?.split('?')[0] !== '/v3/mail/send') {
      sendJson(res, 404, { errors: [{ message: 'not found', field: null, help: null }] });
      return;
    }
    if (req.method !== 'POST') {
      sendJson(res, 405, { errors: [{ message: 'method not allowed', field: null, help: null }] });
      return;
    }
    received++;
    // Faults come first, like an overloaded or failing front end that never looks at the request.
    const fault = nextFault();
    if (fault) {
      answerFault(req, res, fault, messageIdOf(raw));
      return;
    }
    if (req.headers.authorization !== expectedAuth) {
      sendJson(res, 401, defaultErrorBody(401));
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      sendJson(res, 400, {
        errors: [{ message: 'Invalid JSON in request body', field: null, help: `${HELP}#-Request-Body-Parameters` }],
      });
      return;
    }
    const errors = validateMailSend(body);
    if (errors.length > 0) {
      sendJson(res, 400, { errors });
      return;
    }
    const messageId = `${idPrefix}${(++counter).toString(36).padStart(8, '0')}`;
    requests.push({ body, headers: req.headers, at: Date.now(), messageId, dropped: droppedReason(body) });
    attempts.push({ at: Date.now(), messageId: messageIdOf(raw), outcome: 'accepted' });
    res.writeHead(202, { 'x-message-id': messageId, 'content-length': 0, ...rateLimitHeaders(false) });
    res.end();
    for (const w of waiters) {
      if (requests.length >= w.n) {
        waiters.delete(w);
        w.resolve();
      }
    }
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => {
      const answer = () => {
        if (res.destroyed) return;
        if (tooLarge) sendJson(res, 413, defaultErrorBody(413));
        else handle(req, res, Buffer.concat(chunks, size));
      };
      const hook = fake.beforeAnswer;
      const held = () => {
        if (!hook || tooLarge || req.url?.split('?')[0] !== '/v3/mail/send') return answer();
        let body: any = null;
        try {
          body = JSON.parse(Buffer.concat(chunks, size).toString('utf8'));
        } catch {
          // Answered 400 by handle.
        }
        Promise.resolve()
          .then(() => hook({ body }))
          .then(answer, answer);
      };
      if (fake.delayMs > 0) setTimeout(held, fake.delayMs);
      else held();
    });
  });
  server.on('connection', () => connections++);
  server.keepAliveTimeout = 30_000;
  server.headersTimeout = 35_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  url = `http://127.0.0.1:${port}/`;

  return fake;
}
