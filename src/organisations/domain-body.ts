/**
 * The public body an address's domain names, where it names one: `jo@pembrokeshire.gov.uk` is at
 * Pembrokeshire County Council, `sam@environment-agency.gov.uk` at the Environment Agency, `ali@fca.org.uk`
 * at the Financial Conduct Authority. Read by the gazetteer (public-bodies), from the name the domain has
 * below its public suffix (tldts, the public suffix list), and only under the suffixes public bodies use.
 * Pure.
 */
import { parse } from 'tldts';
import { knownBody, splitJoined } from './public-bodies/index.js';

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

/**
 * Bodies whose domain is neither their name nor their initials ("merseyfire", "northyorks"), or is under a
 * suffix no other public body shares ("tfgm.com"): the body, by its name in the gazetteer. Each is the
 * domain the body's own website gives for its staff's mail.
 */
export const OWN_DOMAINS: ReadonlyMap<string, string> = new Map([
  ['met.police.uk', 'Metropolitan Police Service'],
  ['scotland.police.uk', 'Police Scotland'],
  ['psni.police.uk', 'Police Service of Northern Ireland'],
  ['btp.police.uk', 'British Transport Police'],
  ['firescotland.gov.uk', 'Scottish Fire and Rescue Service'],
  ['london-fire.gov.uk', 'London Fire Brigade'],
  ['manchesterfire.gov.uk', 'Greater Manchester Fire and Rescue Service'],
  ['merseyfire.gov.uk', 'Merseyside Fire & Rescue Service'],
  ['southwales-fire.gov.uk', 'South Wales Fire and Rescue Service'],
  ['wmfs.net', 'West Midlands Fire Service'],
  ['nifrs.org', 'Northern Ireland Fire & Rescue Service'],
  ['northyorks.gov.uk', 'North Yorkshire Council'],
  ['brighton-hove.gov.uk', 'Brighton & Hove City Council'],
  ['greatermanchester-ca.gov.uk', 'Greater Manchester Combined Authority'],
  ['tfgm.com', 'Transport for Greater Manchester'],
  ['mft.nhs.uk', 'Manchester University NHS Foundation Trust'],
  ['education.gov.uk', 'Department for Education'],
  ['executiveoffice-ni.gov.uk', 'The Executive Office'],
  ['daera-ni.gov.uk', 'Department of Agriculture, Environment and Rural Affairs'],
  ['communities-ni.gov.uk', 'Department for Communities'],
  ['economy-ni.gov.uk', 'Department for the Economy'],
  ['education-ni.gov.uk', 'Department of Education'],
  ['finance-ni.gov.uk', 'Department of Finance'],
  ['health-ni.gov.uk', 'Department of Health'],
  ['infrastructure-ni.gov.uk', 'Department for Infrastructure'],
  ['justice-ni.gov.uk', 'Department of Justice'],
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
  const own = p.domain ? OWN_DOMAINS.get(p.domain) : undefined;
  if (own && (!p.subdomain || MAIL_HOSTS.has(p.subdomain))) return own;
  const suffix = p.publicSuffix ?? '';
  if (!SUFFIXES.has(suffix)) return null;
  const label = p.domainWithoutSuffix;
  if (!label || label.length > MAX_LABEL) return null;
  // "digital.cabinet-office.gov.uk" is a part of the body, which may be a body of its own: only a host
  // that is the body's domain, or its mail host's.
  if (p.subdomain && !MAIL_HOSTS.has(p.subdomain)) return null;
  // "environment-agency" → "environment agency"; the gazetteer reads the words in any case.
  const words = label.replace(/[-_]+/g, ' ').trim();
  const joined = joinedWords(words);
  const place = SUFFIXES.get(suffix);
  if (place === 'police') {
    // "kent.police.uk", "westyorkshire.police.uk": the force of the place the words name or spell.
    const force = knownBody(`${words} police`) ?? knownBody(`${joined} police`);
    return force && force.rest === '' && force.kind !== 'place' && !force.corrected ? force.name : null;
  }
  let body = knownBody(words) ?? knownBody(joined);
  // "aberdeencity.gov.uk": a place and the kind of council it is, which is the council's own name.
  if (place === 'council' && (!body || body.rest !== '')) body = knownBody(`${joined} council`) ?? body;
  if (!body || body.rest !== '' || body.corrected) return null;
  if (body.kind !== 'place') return body.name;
  return place === 'council' ? body.name : null;
}

/**
 * The words of a domain's label with each run of letters that is no word of the gazetteer split into its
 * words ("tower hamlets" for "towerhamlets", "cyfoeth naturiol cymru"): a run that cannot be split is kept.
 */
function joinedWords(words: string): string {
  return words.split(' ').map((run) => splitJoined(run) ?? run).join(' ');
}

