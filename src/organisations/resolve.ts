/**
 * Which organisation a person is, in order of trust (pure):
 *  1. what the organiser said (the invitation file's organisation);
 *  2. their mail domain, when one organisation owns it: then they are that organisation whatever they
 *     wrote, and what they wrote stays on them as their team, not as a new organisation;
 *  3. the name they wrote: the body the gazetteer knows it as, or else normalised (src/organisations/normalise.ts).
 * Shared domains (src/organisations/shared.ts) never decide: the written name does, and someone on one
 * who gave no name is their own organisation. A domain nobody owns yet goes to the organisation its first
 * person resolves to, so their colleagues follow them whatever they write.
 */
import { displayName, organisationKeys } from './normalise.js';
import { isSharedDomain, organisationalDomainOf } from './shared.js';

export interface ResolveInput {
  email: string | null;
  /** From the organiser's invitation file. */
  organiser: string | null;
  /** What the person wrote (or the domain that stood in for it when they wrote nothing). */
  written: string | null;
}

/** What is known already: domain → organisation id, normalised name → organisation id. */
export interface Known {
  domains: ReadonlyMap<string, number>;
  aliases: ReadonlyMap<string, number>;
  shared: ReadonlySet<string>;
}

export type Resolution =
  /** An organisation already known; `claimDomain`: a domain nobody owned, now theirs. */
  | { kind: 'existing'; id: number; claimDomain: string | null }
  /**
   * A new organisation, known by `alias` (when there is a name) and by `also` (the written name's other
   * normalised form, when the gazetteer knows the body by another), and owning `domain` (when one).
   */
  | { kind: 'new'; name: string; alias: string | null; also: string[]; domain: string | null }
  /** Nobody else's organisation: a shared domain and no name. */
  | { kind: 'own' };

export function resolveOrganisation(input: ResolveInput, known: Known): Resolution {
  const domain = organisationalDomainOf(input.email);
  const ownable = domain !== null && !isSharedDomain(domain, known.shared);
  const owner = ownable ? known.domains.get(domain) : undefined;
  const claim = ownable && owner === undefined ? domain : null;
  const byName = (written: string): Resolution | null => {
    const keys = organisationKeys(written);
    if (keys.length === 0) return null;
    for (const key of keys) {
      const id = known.aliases.get(key);
      if (id !== undefined) return { kind: 'existing', id, claimDomain: claim };
    }
    return { kind: 'new', name: displayName(written), alias: keys[0]!, also: keys.slice(1), domain: claim };
  };

  const fromOrganiser = input.organiser ? byName(input.organiser) : null;
  if (fromOrganiser) return fromOrganiser;
  if (owner !== undefined) return { kind: 'existing', id: owner, claimDomain: null };
  // The domain written in place of a name (someone who gave none) is not a name.
  const written = input.written && !isDomainOf(input.written, input.email) ? input.written : null;
  const fromWritten = written ? byName(written) : null;
  if (fromWritten) return fromWritten;
  if (claim !== null) return { kind: 'new', name: claim, alias: null, also: [], domain: claim };
  return { kind: 'own' };
}

function isDomainOf(written: string, email: string | null): boolean {
  const w = written.trim().toLowerCase();
  if (!email) return false;
  const host = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  return w === host || w === organisationalDomainOf(host);
}
