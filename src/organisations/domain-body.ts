/**
 * The public body an address's domain names, where it names one: `jo@pembrokeshire.gov.uk` is at
 * Pembrokeshire County Council, `sam@environment-agency.gov.uk` at the Environment Agency, `ali@fca.org.uk`
 * at the Financial Conduct Authority. Read by the gazetteer (public-bodies), from the name the domain has
 * below its public suffix (tldts, the public suffix list), and only under the suffixes public bodies use.
 * Pure.
 */
import { parse } from 'tldts';
import { knownBody } from './public-bodies/index.js';

/**
 * The suffixes whose domains are public bodies' own, and what a place's name means under each: a council
 * under gov.uk ("leeds.gov.uk"), a police force under police.uk ("kent.police.uk"). Under org.uk and
 * nhs.uk a place's name is no body's ("leeds.ac.uk" is a university): only names and initials count.
 */
const SUFFIXES: ReadonlyMap<string, 'council' | 'police' | null> = new Map([
  ['gov.uk', 'council'],
  ['gov.wales', 'council'],
  ['llyw.cymru', 'council'],
  ['gov.scot', 'council'],
  ['police.uk', 'police'],
  ['org.uk', null],
  ['nhs.uk', null],
  ['nhs.scot', null],
  ['mod.uk', null],
  ['parliament.uk', null],
]);

/** Hosts that are one body's whole domain, with no name of their own below the suffix. */
const WHOLE_HOSTS: ReadonlyMap<string, string> = new Map([
  ['gov.wales', 'Welsh Government'],
  ['llyw.cymru', 'Welsh Government'],
  ['gov.scot', 'Scottish Government'],
]);

/** Subdomains that name a mail host, not a part of the body. */
const MAIL_HOSTS = new Set(['mail', 'email', 'staff', 'exchange', 'smtp']);

/** The longest domain name read: a label is at most 63 characters (RFC 1035 §2.3.4). */
const MAX_LABEL = 63;

export function bodyOfDomain(email: string | null | undefined): string | null {
  if (!email) return null;
  const host = email.slice(email.lastIndexOf('@') + 1).toLowerCase().slice(0, 253);
  if (!host) return null;
  const whole = WHOLE_HOSTS.get(host);
  if (whole) return whole;
  const p = parse(host);
  const suffix = p.publicSuffix ?? '';
  if (!SUFFIXES.has(suffix)) return null;
  const label = p.domainWithoutSuffix;
  if (!label || label.length > MAX_LABEL) return null;
  // "digital.cabinet-office.gov.uk" is a part of the body, which may be a body of its own: only a host
  // that is the body's domain, or its mail host's.
  if (p.subdomain && !MAIL_HOSTS.has(p.subdomain)) return null;
  // "environment-agency" → "environment agency"; the gazetteer reads the words in any case.
  const words = label.replace(/[-_]+/g, ' ').trim();
  const body = knownBody(words);
  if (!body || body.rest !== '' || body.corrected) return null;
  if (body.kind !== 'place') return body.name;
  const place = SUFFIXES.get(suffix);
  if (place === 'council') return body.name;
  if (place === 'police') {
    const force = knownBody(`${words} police`);
    return force && force.rest === '' && force.kind !== 'place' ? force.name : null;
  }
  return null;
}
