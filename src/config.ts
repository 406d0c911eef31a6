import fs from 'node:fs';
import { createPublicKey, type KeyObject } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { projectRoot } from './paths.js';
import { isValidCron } from './matching/schedule.js';

/**
 * Every setting the service reads, validated once at start-up. Everything else receives a Config
 * rather than reading process.env, so tests can build one directly.
 */
export interface Config {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  databasePath: string;
  sendgridApiKey: string | null;
  sendgridApiUrl: string | null;
  outboxDir: string;
  mailFrom: { email: string; name: string | null };
  replyDomain: string;
  inboundUser: string | null;
  inboundPassword: string | null;
  organiserEmail: string;
  schemeName: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  sendConcurrency: number;
  sendMaxAttempts: number;
  deliveryReportSchedule: string;
  tz: string;
  /** Domains whose people may join without an invitation; a domain covers its subdomains. */
  allowedDomains: string[];
  /**
   * Mail domains several organisations share (beyond public providers and nhs.net, always shared): they
   * never decide who is whose colleague; the organisation people write does.
   */
  sharedDomains: string[];
  /** SendGrid's public key for signed Inbound Parse posts (base64 DER or PEM); null: not checked. */
  inboundPublicKey: string | null;
  /** Largest inbound POST accepted, in bytes. */
  inboundMaxBytes: number;
  /**
   * Longest the processor may spend reading one reply, in ms: a message over it is marked failed and the
   * processor goes on with the next (src/inbound/processor-host.ts).
   */
  inboundReadBudgetMs: number;
  /**
   * SendGrid's public keys for the signed Event Webhook (base64 DER or PEM), one per Event Webhook,
   * separated by commas or whitespace (read with publicKeysFrom); null: basic auth instead.
   */
  eventWebhookPublicKey: string | null;
  /** The service's public https URL, without a trailing slash; null: no one-click unsubscribe link. */
  publicUrl: string | null;
  /** When rounds run (cron, in TZ). */
  matchSchedule: string;
  followupAfterDays: number;
  /** Days after an introduction each member is asked "Have you found a time?"; less than followupAfterDays. */
  nudgeAfterDays: number;
  meetWithinDays: number;
  reminderDaysBefore: number;
  silentRounds: number;
  /** Whether this process runs the scheduled jobs (false on extra web processes). */
  runScheduler: boolean;
  /**
   * Days the raw and parsed copies of replies, the addresses, data, subjects, thread headers and errors of
   * finished mail, the lines written with MET answers, and back-ups are kept.
   */
  retentionDays: number;
  /** How many back-ups in the back-ups folder are kept, newest first; null: as many as RETENTION_DAYS allows. */
  backupKeep: number | null;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid settings:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const DEV_MAIL_FROM = 'Unmentoring <hello@unmentoring.example>';
const DEV_REPLY_DOMAIN = 'reply.unmentoring.example';
const DEV_ORGANISER = 'organiser@unmentoring.example';

const optional = z
  .string()
  .transform((s) => s.trim())
  .optional()
  .transform((s) => (s ? s : undefined));

const integer = (name: string, def: number, min: number, max: number) =>
  optional.pipe(
    z
      .string()
      .regex(/^\d+$/, `${name} must be a whole number`)
      .transform(Number)
      .pipe(z.number().min(min, `${name} must be at least ${min}`).max(max, `${name} must be at most ${max}`))
      .default(def),
  );

// One "@" between two runs of characters an address may hold: linear, since neither run can take an "@".
const EMAIL_PARTS = /^[^\s@<>"]+@[^\s@<>"]+$/;

/** An address as far as settings need: one "@", and a dot inside the domain (string code, not a pattern that backtracks). */
export function isEmailish(value: string): boolean {
  if (!EMAIL_PARTS.test(value)) return false;
  return value.slice(value.indexOf('@') + 2, -1).includes('.');
}
const domainish = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/i;

/** Parses "Name <addr@x>", '"Name" <addr@x>' or a bare address. String code: no pattern to backtrack. */
export function parseMailbox(value: string): { email: string; name: string | null } | null {
  const v = value.trim();
  let email = v;
  let name: string | null = null;
  if (v.endsWith('>')) {
    const open = v.lastIndexOf('<');
    if (open < 0) return null;
    email = v.slice(open + 1, -1);
    if (email === '' || /[<>\s]/.test(email)) return null;
    let before = v.slice(0, open).trim();
    if (before.startsWith('"')) before = before.slice(1);
    if (before.endsWith('"')) before = before.slice(0, -1);
    if (before.includes('"') || before.includes('<')) return null;
    name = before.trim() || null;
  }
  email = email.toLowerCase();
  return isEmailish(email) ? { email, name } : null;
}

function withoutTrailingSlashes(url: string): string {
  let end = url.length;
  while (end > 0 && url[end - 1] === '/') end--;
  return url.slice(0, end);
}

const DEFAULT_FOLLOWUP_AFTER_DAYS = 14;
const DEFAULT_NUDGE_AFTER_DAYS = 5;

const schema = z.object({
  NODE_ENV: optional.pipe(z.enum(['development', 'production', 'test']).default('development')),
  PORT: integer('PORT', 3000, 0, 65535),
  DATABASE_PATH: optional.pipe(z.string().default('db/unmentoring.sqlite')),
  SENDGRID_API_KEY: optional,
  SENDGRID_API_URL: optional.pipe(z.url({ message: 'SENDGRID_API_URL must be a URL' }).optional()),
  OUTBOX_DIR: optional.pipe(z.string().default('outbox')),
  MAIL_FROM: optional,
  REPLY_DOMAIN: optional.pipe(
    z.string().regex(domainish, 'REPLY_DOMAIN must be a domain name such as reply.example.org').optional(),
  ),
  INBOUND_USER: optional,
  INBOUND_PASSWORD: optional,
  ORGANISER_EMAIL: optional.pipe(
    z.string().refine(isEmailish, 'ORGANISER_EMAIL must be an email address').optional(),
  ),
  SCHEME_NAME: optional.pipe(z.string().max(80, 'SCHEME_NAME must be at most 80 characters').default('Unmentoring')),
  LOG_LEVEL: optional.pipe(
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
  SEND_CONCURRENCY: integer('SEND_CONCURRENCY', 8, 1, 200),
  SEND_MAX_ATTEMPTS: integer('SEND_MAX_ATTEMPTS', 12, 1, 100),
  DELIVERY_REPORT_SCHEDULE: optional.pipe(z.string().default('0 8 * * *')),
  TZ: optional.pipe(z.string().default('Europe/London')),
  ALLOWED_DOMAINS: optional.pipe(
    z
      .string()
      .transform((s) => s.split(',').map((d) => d.trim().toLowerCase().replace(/^@|^\*\./, '')).filter(Boolean))
      .pipe(z.array(z.string().regex(domainish, 'ALLOWED_DOMAINS must be domain names separated by commas, e.g. gov.uk,nhs.net')))
      .default([]),
  ),
  SHARED_DOMAINS: optional.pipe(
    z
      .string()
      .transform((s) => s.split(',').map((d) => d.trim().toLowerCase().replace(/^@|^\*\./, '')).filter(Boolean))
      .pipe(z.array(z.string().regex(domainish, 'SHARED_DOMAINS must be domain names separated by commas, e.g. cabinetoffice.gov.uk,digital.cabinet-office.gov.uk')))
      .default([]),
  ),
  INBOUND_PUBLIC_KEY: optional,
  INBOUND_MAX_MB: integer('INBOUND_MAX_MB', 35, 1, 200),
  INBOUND_READ_BUDGET_MS: integer('INBOUND_READ_BUDGET_MS', 10_000, 100, 600_000),
  EVENT_WEBHOOK_PUBLIC_KEY: optional,
  PUBLIC_URL: optional.pipe(
    z
      .string()
      .regex(/^https:\/\/[^\s/?#@]+(\/[^\s?#]*)?$/i, 'PUBLIC_URL must be the service\'s https URL, such as https://unmentoring.example.org')
      .transform(withoutTrailingSlashes)
      .optional(),
  ),
  MATCH_SCHEDULE: optional.pipe(z.string().default('0 9 * * 1#1')),
  FOLLOWUP_AFTER_DAYS: integer('FOLLOWUP_AFTER_DAYS', DEFAULT_FOLLOWUP_AFTER_DAYS, 1, 365),
  NUDGE_AFTER_DAYS: integer('NUDGE_AFTER_DAYS', DEFAULT_NUDGE_AFTER_DAYS, 1, 365),
  MEET_WITHIN_DAYS: integer('MEET_WITHIN_DAYS', 14, 1, 90),
  REMINDER_DAYS_BEFORE: integer('REMINDER_DAYS_BEFORE', 1, 0, 30),
  SILENT_ROUNDS: integer('SILENT_ROUNDS', 3, 1, 100),
  RUN_SCHEDULER: optional.pipe(z.enum(['true', 'false'], { message: 'RUN_SCHEDULER must be true or false' }).default('true')),
  RETENTION_DAYS: integer('RETENTION_DAYS', 30, 1, 3650),
  BACKUP_KEEP: optional.pipe(
    z
      .string()
      .regex(/^\d+$/, 'BACKUP_KEEP must be a whole number')
      .transform(Number)
      .pipe(z.number().min(1, 'BACKUP_KEEP must be at least 1').max(10_000, 'BACKUP_KEEP must be at most 10000'))
      .optional(),
  ),
});

/** Reads and checks the settings; throws a ConfigError that lists every problem at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path.join('.');
      problems.push(issue.message.includes(key) ? issue.message : `${key}: ${issue.message}`);
    }
  }
  problems.push(...crossChecks(env));
  if (!parsed.success || problems.length) throw new ConfigError(problems);
  const e = parsed.data;
  const mailFrom = parseMailbox(e.MAIL_FROM ?? DEV_MAIL_FROM)!;

  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    databasePath: e.DATABASE_PATH === ':memory:' ? ':memory:' : path.resolve(projectRoot, e.DATABASE_PATH),
    sendgridApiKey: e.SENDGRID_API_KEY ?? null,
    sendgridApiUrl: e.SENDGRID_API_URL ?? null,
    outboxDir: path.resolve(projectRoot, e.OUTBOX_DIR),
    mailFrom,
    replyDomain: (e.REPLY_DOMAIN ?? DEV_REPLY_DOMAIN).toLowerCase(),
    inboundUser: e.INBOUND_USER ?? null,
    inboundPassword: e.INBOUND_PASSWORD ?? null,
    organiserEmail: (e.ORGANISER_EMAIL ?? DEV_ORGANISER).toLowerCase(),
    schemeName: e.SCHEME_NAME,
    logLevel: e.LOG_LEVEL,
    sendConcurrency: e.SEND_CONCURRENCY,
    sendMaxAttempts: e.SEND_MAX_ATTEMPTS,
    deliveryReportSchedule: e.DELIVERY_REPORT_SCHEDULE,
    tz: e.TZ,
    allowedDomains: e.ALLOWED_DOMAINS,
    sharedDomains: e.SHARED_DOMAINS,
    inboundPublicKey: e.INBOUND_PUBLIC_KEY ?? null,
    inboundMaxBytes: e.INBOUND_MAX_MB * 1024 * 1024,
    inboundReadBudgetMs: e.INBOUND_READ_BUDGET_MS,
    eventWebhookPublicKey: e.EVENT_WEBHOOK_PUBLIC_KEY ?? null,
    publicUrl: e.PUBLIC_URL ?? null,
    matchSchedule: e.MATCH_SCHEDULE,
    followupAfterDays: e.FOLLOWUP_AFTER_DAYS,
    nudgeAfterDays: e.NUDGE_AFTER_DAYS,
    meetWithinDays: e.MEET_WITHIN_DAYS,
    reminderDaysBefore: e.REMINDER_DAYS_BEFORE,
    silentRounds: e.SILENT_ROUNDS,
    runScheduler: e.RUN_SCHEDULER === 'true',
    retentionDays: e.RETENTION_DAYS,
    backupKeep: e.BACKUP_KEEP ?? null,
  };
}

/**
 * Whether the webhooks must be authenticated: whenever mail goes to SendGrid (its posts can then reach us
 * from the internet) or in production, whatever else is set. Only a development machine writing mail to
 * OUTBOX_DIR, with nobody's mail arriving, may leave them open (the README's curl walk-through).
 */
export function webhooksMustBeAuthenticated(config: Pick<Config, 'sendgridApiKey' | 'nodeEnv'>): boolean {
  return config.sendgridApiKey !== null || config.nodeEnv === 'production';
}

/** Rules between settings, checked on the raw values so they are reported alongside any field errors. */
function crossChecks(env: NodeJS.ProcessEnv): string[] {
  const get = (k: string) => env[k]?.trim() || undefined;
  const problems: string[] = [];
  const production = get('NODE_ENV') === 'production';
  const sending = Boolean(get('SENDGRID_API_KEY'));
  // Real mail must not leave from, or point replies at, the placeholder domains.
  for (const key of ['MAIL_FROM', 'REPLY_DOMAIN', 'ORGANISER_EMAIL']) {
    if ((production || sending) && !get(key)) {
      problems.push(`${key} is required when sending real mail (SENDGRID_API_KEY set) or in production`);
    }
  }
  const user = get('INBOUND_USER');
  const password = get('INBOUND_PASSWORD');
  // Fail closed: each webhook needs credentials or SendGrid's signature whenever it can be reached by
  // SendGrid, so that nobody else can post an unsubscribe or a reply. SendGrid signs Inbound Parse posts
  // under a security policy (https://www.twilio.com/docs/sendgrid/for-developers/parsing-email/securing-your-parse-webhooks)
  // and Event Webhook posts when signing is on
  // (https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/getting-started-event-webhook-security-features);
  // credentials in the URL are the other way in, sent as HTTP basic auth.
  if (production || sending) {
    const credentials = Boolean(user && password);
    const inboundSigned = Boolean(get('INBOUND_PUBLIC_KEY'));
    const eventsSigned = Boolean(get('EVENT_WEBHOOK_PUBLIC_KEY'));
    const when = 'in production and whenever SENDGRID_API_KEY is set';
    if (!credentials && !inboundSigned && !eventsSigned) {
      problems.push(
        `INBOUND_USER and INBOUND_PASSWORD are required ${when}, unless SendGrid signs its posts (INBOUND_PUBLIC_KEY for /inbound and EVENT_WEBHOOK_PUBLIC_KEY for /events): the webhooks must not be open`,
      );
    } else if (!credentials && !inboundSigned) {
      problems.push(`INBOUND_PUBLIC_KEY, or INBOUND_USER and INBOUND_PASSWORD, are required ${when}: POST /inbound must not be open`);
    } else if (!credentials && !eventsSigned) {
      problems.push(`EVENT_WEBHOOK_PUBLIC_KEY, or INBOUND_USER and INBOUND_PASSWORD, are required ${when}: POST /events must not be open`);
    }
  }
  if (Boolean(user) !== Boolean(password)) problems.push('INBOUND_USER and INBOUND_PASSWORD must be set together');
  if (user?.includes(':')) problems.push('INBOUND_USER must not contain ":" (HTTP basic auth separates user and password with it)');
  if ((production || sending) && password && password.length < 12) {
    problems.push('INBOUND_PASSWORD must be at least 12 characters in production and whenever SENDGRID_API_KEY is set');
  }
  const mailFrom = get('MAIL_FROM');
  if (mailFrom && !parseMailbox(mailFrom)) {
    problems.push('MAIL_FROM must be an address, optionally with a name: "Unmentoring <hello@example.org>"');
  }
  const key = get('INBOUND_PUBLIC_KEY');
  if (key && !publicKeyFrom(key)) problems.push('INBOUND_PUBLIC_KEY must be SendGrid\'s public key: base64 (DER) as shown in its settings, or PEM');
  const eventKey = get('EVENT_WEBHOOK_PUBLIC_KEY');
  const eventKeys = eventKey ? publicKeysFrom(eventKey) : [];
  if (!eventKeys) {
    const bad = splitPublicKeys(eventKey!).findIndex((k) => !publicKeyFrom(k));
    problems.push(
      `EVENT_WEBHOOK_PUBLIC_KEY must be SendGrid's public key: base64 (DER) as shown in its settings, or PEM; several (one per Event Webhook) separated by commas or spaces. Key ${bad + 1} is not one`,
    );
  }
  for (const key of ['MATCH_SCHEDULE', 'DELIVERY_REPORT_SCHEDULE']) {
    const cron = get(key);
    if (cron && !isValidCron(cron)) problems.push(`${key} "${cron}" is not a cron schedule such as "0 9 * * 1#1" (09:00 on the first Monday)`);
  }
  // The nudge ("Have you found a time?") comes before "Did you meet?". Compared only when both are whole
  // numbers in range: anything else is already reported by the field's own check.
  const days = (k: string, def: number) => {
    const v = get(k);
    if (v === undefined) return def;
    return /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 365 ? Number(v) : null;
  };
  const nudge = days('NUDGE_AFTER_DAYS', DEFAULT_NUDGE_AFTER_DAYS);
  const followUp = days('FOLLOWUP_AFTER_DAYS', DEFAULT_FOLLOWUP_AFTER_DAYS);
  if (nudge !== null && followUp !== null && nudge >= followUp) {
    const nudgeWords = get('NUDGE_AFTER_DAYS') === undefined ? `${nudge}, its default` : String(nudge);
    const followUpWords = get('FOLLOWUP_AFTER_DAYS') === undefined ? `${followUp}, its default` : String(followUp);
    problems.push(
      `NUDGE_AFTER_DAYS (${nudgeWords}) must be less than FOLLOWUP_AFTER_DAYS (${followUpWords}): "Have you found a time?" goes before "Did you meet?"`,
    );
  }
  const tz = get('TZ');
  if (tz && !isValidTimeZone(tz)) problems.push(`TZ "${tz}" is not a time zone name such as Europe/London`);
  return problems;
}

/**
 * The keys in EVENT_WEBHOOK_PUBLIC_KEY: SendGrid allows several Event Webhooks, each signing with its own
 * key (https://www.twilio.com/docs/sendgrid/api-reference/webhooks/get-signed-event-webhooks-public-key), so
 * it may list several, separated by commas or whitespace. A PEM block is one key, whatever whitespace it
 * holds. Null when any of them is not a key, or none is given.
 */
export function publicKeysFrom(value: string): KeyObject[] | null {
  const parts = splitPublicKeys(value);
  const keys = parts.map(publicKeyFrom);
  return keys.length > 0 && keys.every((k): k is KeyObject => k !== null) ? keys : null;
}

function splitPublicKeys(value: string): string[] {
  // PEM blocks are cut out by position (a pattern spanning them would be slow on a long unterminated one).
  const BEGIN = '-----BEGIN PUBLIC KEY-----';
  const END = '-----END PUBLIC KEY-----';
  const blocks: string[] = [];
  let rest = '';
  let at = 0;
  for (;;) {
    const start = value.indexOf(BEGIN, at);
    const end = start < 0 ? -1 : value.indexOf(END, start);
    if (end < 0) {
      rest += value.slice(at);
      break;
    }
    rest += ` ${value.slice(at, start)} `;
    blocks.push(value.slice(start, end + END.length));
    at = end + END.length;
  }
  return [...blocks, ...rest.split(/[\s,]+/).filter(Boolean)];
}

/** SendGrid shows its verification key as base64 DER (SubjectPublicKeyInfo); accept PEM too. */
export function publicKeyFrom(value: string): KeyObject | null {
  try {
    return value.includes('BEGIN PUBLIC KEY')
      ? createPublicKey(value)
      : createPublicKey({ key: Buffer.from(value.replace(/\s+/g, ''), 'base64'), format: 'der', type: 'spki' });
  } catch {
    return null;
  }
}

function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Settings from the environment, after reading .env at the project root when there is one. */
export function configFromEnvironment(): Config {
  const envFile = path.join(projectRoot, '.env');
  if (fs.existsSync(envFile)) process.loadEnvFile(envFile); // never overrides variables already set
  return loadConfig(process.env);
}

/** For entry points: the settings, or every problem printed and exit code 1. */
export function configOrExit(): Config {
  try {
    const config = configFromEnvironment();
    // Schedules (Bree, round periods) and local dates are read in the process's time zone.
    process.env.TZ = config.tz;
    return config;
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nSee .env.example for every setting.\n`);
      process.exit(1);
    }
    throw err;
  }
}
