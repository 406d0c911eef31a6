/**
 * Linking people to organisations (the effects around resolveOrganisation): what is known about the
 * domains and names in hand is read, each person resolved in turn (so two new colleagues in one batch
 * share the organisation the first one made), and what resolving made is written.
 */
import type { Queryable } from '../db/database.js';
import { addAlias, ownersOfAliases } from '../db/organisation-aliases.js';
import { claimDomain, ownersOfDomains } from '../db/organisation-domains.js';
import { createOrganisation } from '../db/organisations.js';
import { splitDomains } from '../db/split-domains.js';
import { organisationKeys } from './normalise.js';
import { resolveOrganisation, type ResolveInput } from './resolve.js';
import { organisationalDomainOf } from './shared.js';

export interface Linkable extends ResolveInput {
  id: number;
}

/** The domains an organiser configured (SHARED_DOMAINS) and split: never an organisation's. */
export async function sharedSet(db: Queryable, configured: readonly string[]): Promise<Set<string>> {
  const split = await splitDomains(db);
  for (const d of configured) split.add(d.toLowerCase());
  return split;
}

/** Links each person to their organisation (null: their own). Returns person id → organisation id. */
export async function linkPeople(db: Queryable, people: Linkable[], sharedDomains: readonly string[], now: Date): Promise<Map<number, number | null>> {
  const linked = new Map<number, number | null>();
  for (let i = 0; i < people.length; i += 5000) {
    const chunk = people.slice(i, i + 5000);
    const domains = new Set<string>();
    const names = new Set<string>();
    for (const p of chunk) {
      const d = organisationalDomainOf(p.email);
      if (d) domains.add(d);
      for (const n of [p.organiser, p.written]) for (const a of organisationKeys(n)) names.add(a);
    }
    const known = {
      domains: await ownersOfDomains(db, [...domains]),
      aliases: await ownersOfAliases(db, [...names]),
      shared: await sharedSet(db, sharedDomains),
    };
    const updates: Array<[number, number | null]> = [];
    for (const p of chunk) {
      const r = resolveOrganisation(p, known);
      let id: number | null = null;
      if (r.kind === 'existing') {
        id = r.id;
        if (r.claimDomain) {
          await claimDomain(db, r.claimDomain, id);
          known.domains.set(r.claimDomain, id);
        }
      } else if (r.kind === 'new') {
        id = await createOrganisation(db, r.name, now);
        for (const alias of r.alias ? [r.alias, ...r.also] : []) {
          await addAlias(db, alias, id, r.name);
          known.aliases.set(alias, id);
        }
        if (r.domain) {
          await claimDomain(db, r.domain, id);
          known.domains.set(r.domain, id);
        }
      }
      updates.push([p.id, id]);
      linked.set(p.id, id);
    }
    await db.run(
      `UPDATE people SET organisation_id = u.value ->> 1 FROM json_each(?) u WHERE people.id = u.value ->> 0`,
      [JSON.stringify(updates)],
    );
  }
  return linked;
}

/**
 * Links everyone not yet linked who could be matched or counted: people from before organisations
 * existed (the migration leaves them to this), and anyone a path did not link. Cheap when all are linked.
 */
export async function linkUnlinked(db: Queryable, sharedDomains: readonly string[], now: Date): Promise<number> {
  const rows = await db.all<{ id: number; email: string | null; organiser_organisation: string | null; organisation: string | null }>(
    `SELECT id, email, organiser_organisation, organisation FROM people
     WHERE organisation_id IS NULL AND status <> 'erased' AND email IS NOT NULL
       AND (organisation IS NOT NULL OR organiser_organisation IS NOT NULL OR status = 'active') ORDER BY id`,
  );
  if (!rows.length) return 0;
  await linkPeople(db, rows.map((r) => ({ id: r.id, email: r.email, organiser: r.organiser_organisation, written: r.organisation })), sharedDomains, now);
  return rows.length;
}

/** Links these people again from what is stored about them (invited, or their organisation detail changed). */
export async function relinkPeople(db: Queryable, personIds: number[], sharedDomains: readonly string[], now: Date): Promise<void> {
  const rows = await db.all<{ id: number; email: string | null; organiser_organisation: string | null; organisation: string | null }>(
    'SELECT id, email, organiser_organisation, organisation FROM people WHERE id IN (SELECT value FROM json_each(?)) AND email IS NOT NULL ORDER BY id',
    [JSON.stringify(personIds)],
  );
  await linkPeople(db, rows.map((p) => ({ id: p.id, email: p.email, organiser: p.organiser_organisation, written: p.organisation })), sharedDomains, now);
}
