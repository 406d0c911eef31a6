/**
 * Mail domains that never decide an organisation: public providers (anyone can have an address there),
 * NHSmail (nhs.net, every NHS body in England), the organiser's SHARED_DOMAINS and domains an organiser
 * split. Pure.
 */
import { parse } from 'tldts';
import { isPublicProvider } from '../organisation.js';

/** Providers with an address in many countries' suffixes (hotmail.fr, yahoo.co.in …): known by name. */
const PROVIDER_NAMES = new Set(['hotmail', 'yahoo', 'outlook', 'live', 'ymail', 'aol', 'gmx', 'gmail', 'googlemail', 'icloud', 'btinternet', 'msn', 'protonmail']);

const ALWAYS_SHARED = new Set(['nhs.net']);

/** The organisational domain of an address or host: `jo@mail.leeds.gov.uk` → `leeds.gov.uk`. */
export function organisationalDomainOf(emailOrHost: string | null | undefined): string | null {
  if (!emailOrHost) return null;
  const host = emailOrHost.slice(emailOrHost.lastIndexOf('@') + 1).toLowerCase();
  if (!host) return null;
  const p = parse(host, { allowPrivateDomains: true });
  return p.domain ?? null;
}

/** Whether a domain (organisational or full) is shared, given the organiser's extra shared domains. */
export function isSharedDomain(domain: string, extra: ReadonlySet<string>): boolean {
  const d = domain.toLowerCase();
  if (isPublicProvider(d) || ALWAYS_SHARED.has(d) || extra.has(d)) return true;
  const p = parse(d, { allowPrivateDomains: true });
  return p.domainWithoutSuffix !== null && PROVIDER_NAMES.has(p.domainWithoutSuffix);
}
