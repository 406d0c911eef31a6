/**
 * Whether a message's From address is proved, from what SendGrid's Inbound Parse reports: DMARC-style
 * alignment. A pass proves little by itself: an attacker's own, correctly configured server passes SPF
 * for the attacker's envelope domain and DKIM for `d=evil.example`, while the From says
 * `jo@leeds.gov.uk`. What proves the From is a pass *for the From's own domain* (RFC 7489, section 3.1):
 *
 * - SPF `pass` for an envelope sender (MAIL FROM) whose domain is aligned with the From domain; or
 * - a DKIM signature that passed and whose `d=` domain is aligned with the From domain.
 *
 * "Aligned" is relaxed alignment: the same organisational domain, found from the public suffix list (tldts),
 * so `mail.leeds.gov.uk` aligns with `leeds.gov.uk` but `leeds.gov.uk` never with `york.gov.uk`. The
 * list's private section counts too (allowPrivateDomains), so two tenants of a shared host such as
 * `a.herokuapp.com` and `b.herokuapp.com` are never taken for one organisation.
 *
 * SPF `softfail`, `neutral` and `none` are not failures: they prove nothing either way, and a domain with
 * `~all` and no DKIM sends genuine mail that must not be thrown away. They just do not authenticate.
 *
 * Pure: no I/O.
 */
import { parse } from 'tldts';
import type { InboundEmail } from './email.js';

/**
 * SendGrid's Inbound Parse fields, as its documentation describes them ("Default parameters" of
 * https://www.twilio.com/docs/sendgrid/for-developers/parsing-email/setting-up-the-inbound-parse-webhook):
 * - `SPF`: the result of the SPF check of the sender, e.g. "pass", "softfail", "fail", "neutral", "none";
 * - `dkim`: the results of the message's DKIM signatures, e.g. "{@sendgrid.com : pass}", several separated
 *   by commas ("{@a.example : pass, @b.example : fail}", or each in its own braces);
 * - `envelope`: JSON of the SMTP envelope, whose `from` is the MAIL FROM the SPF check was made for.
 * Anything may arrive in them (the fuzz tests send everything), so each is cut to a bounded length before
 * it is looked at, and read by splitting and slicing rather than by patterns that could backtrack.
 */
export const SENDGRID_INBOUND_PARSE_DOCS =
  'https://www.twilio.com/docs/sendgrid/for-developers/parsing-email/setting-up-the-inbound-parse-webhook';

export type SpfResult = 'pass' | 'fail' | 'softfail' | 'neutral' | 'none' | 'temperror' | 'permerror' | 'unknown';

export interface DkimSignature {
  /** The signing domain (`d=`), lowercased. */
  domain: string;
  /** "pass", "fail", "neutral", … lowercased; "unknown" when unreadable. */
  result: string;
}

export interface Authentication {
  /** The From domain is proved by an aligned SPF or DKIM pass. */
  aligned: boolean;
  /** Which check proved it. */
  via: 'dkim' | 'spf' | null;
  spf: SpfResult;
  /** The From address's domain, lowercased; null when there is no usable one. */
  fromDomain: string | null;
}

const MAX_SPF = 200;
const MAX_DKIM = 4000;
const MAX_SIGNATURES = 20;
const SPF_RESULTS = new Set<SpfResult>(['pass', 'fail', 'softfail', 'neutral', 'none', 'temperror', 'permerror']);
const HOST_CHARS = /^[a-z0-9.-]{1,253}$/;
const WORD = /^[a-z]{1,16}/;

/** SendGrid's `SPF` field as one of the RFC 7208 results. Absent means "none": nothing was proved. */
export function spfResult(field: string | null | undefined): SpfResult {
  if (!field) return 'none';
  const word = WORD.exec(field.slice(0, MAX_SPF).trim().toLowerCase())?.[0] ?? '';
  return SPF_RESULTS.has(word as SpfResult) ? (word as SpfResult) : 'unknown';
}

/** A host name as DNS allows it, lowercased without a final dot; null otherwise. */
export function hostName(value: string | null | undefined): string | null {
  if (!value) return null;
  let host = value.slice(0, 260).trim().toLowerCase();
  if (host.endsWith('.')) host = host.slice(0, -1);
  if (!HOST_CHARS.test(host)) return null;
  const labels = host.split('.');
  if (labels.some((l) => l.length === 0 || l.length > 63 || l.startsWith('-') || l.endsWith('-'))) return null;
  return host;
}

/** The domain of an address (what follows its last "@"), or null. */
export function addressDomain(address: string | null | undefined): string | null {
  if (!address) return null;
  const bounded = address.slice(0, 400);
  const at = bounded.lastIndexOf('@');
  if (at < 1) return null;
  // An envelope sender may arrive in angle brackets: "<bounce@mail.example>".
  return hostName(bounded.slice(at + 1).replace('>', ''));
}

/** SendGrid's `dkim` field as its signatures: "{@a.example : pass, @b.example : fail}" and the like. */
export function dkimSignatures(field: string | null | undefined): DkimSignature[] {
  if (!field) return [];
  const out: DkimSignature[] = [];
  for (const piece of field.slice(0, MAX_DKIM).split(',')) {
    if (out.length >= MAX_SIGNATURES) break;
    const entry = piece.replaceAll('{', ' ').replaceAll('}', ' ').trim();
    const at = entry.indexOf('@');
    const colon = entry.lastIndexOf(':');
    if (at < 0 || colon < at) continue;
    const domain = hostName(entry.slice(at + 1, colon));
    if (!domain) continue;
    const result = WORD.exec(entry.slice(colon + 1).trim().toLowerCase())?.[0] ?? 'unknown';
    out.push({ domain, result });
  }
  return out;
}

/**
 * The organisational domain (RFC 7489, section 3.2) from the public suffix list: `mail.leeds.gov.uk` →
 * `leeds.gov.uk`. Null for a public suffix itself (`gov.uk`) or an IP address, which only align exactly.
 */
export function organisationalDomain(host: string): string | null {
  return parse(host, { allowPrivateDomains: true }).domain ?? null;
}

/** Relaxed alignment: the same host, or the same organisational domain. */
export function aligned(a: string | null, b: string | null): boolean {
  if (!a || !b) return false;
  if (a === b) return true;
  const orgA = organisationalDomain(a);
  return orgA !== null && orgA === organisationalDomain(b);
}

/**
 * Whether `sender` (the address the message will be acted on for: its From) is proved by SPF or DKIM.
 * `sender` is passed rather than read here, so the address checked is always the one identified.
 */
export function authenticate(email: Pick<InboundEmail, 'spf' | 'dkim' | 'envelope'>, sender: string | null): Authentication {
  const fromDomain = addressDomain(sender);
  const spf = spfResult(email.spf);
  const none: Authentication = { aligned: false, via: null, spf, fromDomain };
  if (!fromDomain) return none;
  if (dkimSignatures(email.dkim).some((s) => s.result === 'pass' && aligned(s.domain, fromDomain))) {
    return { ...none, aligned: true, via: 'dkim' };
  }
  if (spf === 'pass' && aligned(addressDomain(email.envelope?.from ?? null), fromDomain)) {
    return { ...none, aligned: true, via: 'spf' };
  }
  return none;
}
