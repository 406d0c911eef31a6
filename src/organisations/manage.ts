/**
 * What organisers change about organisations (npm run orgs): merge, rename, split a domain, each in one
 * transaction with a record of what undoing it needs, and undo. People's links change at once, so the
 * next round uses them; later resolutions follow too, since a merged organisation's names and domains
 * move with its people.
 */
import type { Database, Queryable } from '../db/database.js';
import { addAlias, allAliases, moveAliases, ownersOfAliases, setAliasOwner } from '../db/organisation-aliases.js';
import { allDomains, moveDomains, releaseDomain, setDomainOwner } from '../db/organisation-domains.js';
import { findChange, laterLiveChange, listChanges, markUndone, recordChange, type OrganisationChange } from '../db/organisation-changes.js';
import { createOrganisation, deleteOrganisation, findOrganisation, listOrganisations, organisationsNamed, renameOrganisation, type Organisation } from '../db/organisations.js';
import { organisationHosts } from '../db/people.js';
import { addSplitDomain, removeSplitDomain, splitDomains } from '../db/split-domains.js';
import { findDuplicates, type DomainSpread, type Duplicate, type OrgSummary } from './duplicates.js';
import { linkPeople } from './link.js';
import { displayName, normaliseOrganisation } from './normalise.js';
import { isSharedDomain, organisationalDomainOf } from './shared.js';

/** Something an organiser asked for that cannot be done, said in one line. */
export class OrganisationsError extends Error {
  override name = 'OrganisationsError';
}

/** An organisation by id ("12") or by its display name, exactly one. */
export async function findByRef(db: Queryable, ref: string): Promise<Organisation> {
  if (/^\d{1,12}$/.test(ref)) {
    const o = await findOrganisation(db, Number(ref));
    if (!o) throw new OrganisationsError(`No organisation has id ${ref}.`);
    return o;
  }
  const named = await organisationsNamed(db, ref.trim());
  if (named.length === 1) return named[0]!;
  if (!named.length) throw new OrganisationsError(`No organisation is called "${ref}".`);
  throw new OrganisationsError(`${named.length} organisations are called "${ref}" (ids ${named.map((o) => o.id).join(', ')}): give an id.`);
}

interface MergeUndo {
  keep: number;
  gone: Organisation;
  people: number[];
  domains: string[];
  aliases: string[];
}

/** Merges `other` into `keep`: its people, domains and names become keep's; it goes. */
export async function mergeOrganisations(db: Database, keepRef: string, otherRef: string, now: Date): Promise<{ change: number; moved: number; keep: Organisation }> {
  return db.transaction(async (tx) => {
    const keep = await findByRef(tx, keepRef);
    const other = await findByRef(tx, otherRef);
    if (keep.id === other.id) throw new OrganisationsError('Those are the same organisation.');
    const people = (await tx.all<{ id: number }>('UPDATE people SET organisation_id = ? WHERE organisation_id = ? RETURNING id', [keep.id, other.id])).map((r) => r.id);
    const domains = await moveDomains(tx, other.id, keep.id);
    const aliases = await moveAliases(tx, other.id, keep.id);
    await deleteOrganisation(tx, other.id);
    const undo: MergeUndo = { keep: keep.id, gone: other, people, domains, aliases };
    const change = await recordChange(tx, 'merge', `merged ${other.name} (#${other.id}) into ${keep.name} (#${keep.id})`, undo, now);
    return { change, moved: people.length, keep };
  });
}

/** Gives an organisation a new display name; the new name is also one it is known by. */
export async function renameOrg(db: Database, ref: string, name: string, now: Date): Promise<{ change: number; from: string }> {
  const clean = displayName(name);
  if (!clean) throw new OrganisationsError('The new name is empty.');
  return db.transaction(async (tx) => {
    const o = await findByRef(tx, ref);
    const alias = normaliseOrganisation(clean);
    let addedAlias: string | null = null;
    if (alias && !(await ownersOfAliases(tx, [alias])).has(alias)) {
      await addAlias(tx, alias, o.id, clean);
      addedAlias = alias;
    }
    await renameOrganisation(tx, o.id, clean);
    const change = await recordChange(tx, 'rename', `renamed ${o.name} (#${o.id}) to ${clean}`, { id: o.id, name: o.name, addedAlias }, now);
    return { change, from: o.name };
  });
}

interface SplitUndo {
  domain: string;
  owner: number | null;
  links: Array<[number, number | null]>;
  created: number[];
}

/**
 * A domain stops deciding an organisation (several bodies share it): it is shared from now on, and its
 * people are linked again by what the organiser said or they wrote.
 */
export async function splitDomain(db: Database, domainArg: string, sharedDomains: readonly string[], now: Date): Promise<{ change: number; people: number; organisations: number }> {
  const domain = organisationalDomainOf(domainArg.trim().toLowerCase()) ?? domainArg.trim().toLowerCase();
  return db.transaction(async (tx) => {
    if ((await splitDomains(tx)).has(domain)) throw new OrganisationsError(`${domain} is split already.`);
    if (isSharedDomain(domain, new Set(sharedDomains))) throw new OrganisationsError(`${domain} is a shared domain already: it never decides an organisation.`);
    const before = (await tx.get<{ m: number | null }>('SELECT max(id) AS m FROM organisations'))?.m ?? 0;
    const owner = await releaseDomain(tx, domain);
    await addSplitDomain(tx, domain, now);
    const onDomain = (
      await tx.all<{ id: number; email: string; organisation_id: number | null; organiser_organisation: string | null; organisation: string | null }>(
        `SELECT id, email, organisation_id, organiser_organisation, organisation FROM people WHERE email LIKE ? AND status <> 'erased' ORDER BY id`,
        [`%${domain}`],
      )
    ).filter((p) => organisationalDomainOf(p.email) === domain);
    const linked = await linkPeople(
      tx,
      onDomain.map((p) => ({ id: p.id, email: p.email, organiser: p.organiser_organisation, written: p.organisation })),
      sharedDomains,
      now,
    );
    const created = (await tx.all<{ id: number }>('SELECT id FROM organisations WHERE id > ?', [before])).map((r) => r.id);
    const undo: SplitUndo = { domain, owner, links: onDomain.map((p) => [p.id, p.organisation_id]), created };
    const change = await recordChange(tx, 'split-domain', `split ${domain}: ${onDomain.length} people linked by their names`, undo, now);
    return { change, people: onDomain.length, organisations: new Set([...linked.values()].filter((v) => v !== null)).size };
  });
}

/** Undoes a change, when no later change still stands on it. */
export async function undoChange(db: Database, id: number, now: Date): Promise<OrganisationChange> {
  return db.transaction(async (tx) => {
    const c = await findChange(tx, id);
    if (!c) throw new OrganisationsError(`No change has number ${id}.`);
    if (c.undone_at) throw new OrganisationsError(`Change ${id} was undone already.`);
    const later = await laterLiveChange(tx, id);
    if (later) throw new OrganisationsError(`Change ${later.id} came after it: undo that first.`);
    if (c.kind === 'merge') {
      const u = JSON.parse(c.undo) as MergeUndo;
      await createOrganisation(tx, u.gone.name, new Date(u.gone.created_at), u.gone.id);
      await tx.run('UPDATE people SET organisation_id = ? WHERE id IN (SELECT value FROM json_each(?)) AND organisation_id = ?', [u.gone.id, JSON.stringify(u.people), u.keep]);
      for (const d of u.domains) await setDomainOwner(tx, d, u.gone.id);
      await setAliasOwner(tx, u.aliases, u.gone.id);
    } else if (c.kind === 'rename') {
      const u = JSON.parse(c.undo) as { id: number; name: string; addedAlias: string | null };
      await renameOrganisation(tx, u.id, u.name);
      if (u.addedAlias) await tx.run('DELETE FROM organisation_aliases WHERE alias = ? AND organisation_id = ?', [u.addedAlias, u.id]);
    } else {
      const u = JSON.parse(c.undo) as SplitUndo;
      await removeSplitDomain(tx, u.domain);
      if (u.owner !== null) await setDomainOwner(tx, u.domain, u.owner);
      await tx.run(
        `UPDATE people SET organisation_id = u.value ->> 1 FROM json_each(?) u WHERE people.id = u.value ->> 0`,
        [JSON.stringify(u.links)],
      );
      // Organisations the split made and nobody is in any more.
      await tx.run(
        `DELETE FROM organisations WHERE id IN (SELECT value FROM json_each(?)) AND NOT EXISTS (SELECT 1 FROM people WHERE organisation_id = organisations.id)`,
        [JSON.stringify(u.created)],
      );
    }
    await markUndone(tx, id, now);
    return c;
  });
}

export interface OrganisationListing {
  organisations: Array<OrgSummary & { domains: string[]; spellings: string[] }>;
  duplicates: Duplicate[];
  changes: OrganisationChange[];
}

/** Everything `npm run orgs` shows: organisations with people, domains and names; likely duplicates; changes. */
export async function listing(db: Queryable, sharedDomains: readonly string[]): Promise<OrganisationListing> {
  const [orgs, domains, aliases, changes, split, hosts] = await Promise.all([
    listOrganisations(db),
    allDomains(db),
    allAliases(db),
    listChanges(db),
    splitDomains(db),
    organisationHosts(db),
  ]);
  const byId = new Map<number, OrgSummary & { domains: string[]; spellings: string[] }>();
  for (const o of orgs) byId.set(o.id, { id: o.id, name: o.name, people: 0, aliases: [], domains: [], spellings: [] });
  for (const d of domains) byId.get(d.organisation_id)?.domains.push(d.domain);
  for (const a of aliases) {
    const o = byId.get(a.organisation_id);
    o?.aliases.push(a.alias);
    o?.spellings.push(a.spelling);
  }
  for (const [id, , n] of hosts) {
    const o = byId.get(id);
    if (o) o.people += n;
  }
  const shared = new Set([...sharedDomains, ...split]);
  const spreads = domainSpreads(hosts, new Map(domains.map((d) => [d.domain, d.organisation_id])), shared);
  return { organisations: [...byId.values()], duplicates: findDuplicates([...byId.values()], spreads), changes };
}

/** Domains (not shared) whose people are in more than one organisation: the domain's owner first. */
function domainSpreads(hosts: Array<[number, string, number]>, owners: ReadonlyMap<string, number>, shared: ReadonlySet<string>): DomainSpread[] {
  const orgsOf = new Map<string, Set<number>>();
  const domainOf = new Map<string, string | null>();
  for (const [org, host] of hosts) {
    let d = domainOf.get(host);
    if (d === undefined) domainOf.set(host, (d = organisationalDomainOf(host)));
    if (!d || isSharedDomain(d, shared)) continue;
    let s = orgsOf.get(d);
    if (!s) orgsOf.set(d, (s = new Set()));
    s.add(org);
  }
  const out: DomainSpread[] = [];
  for (const [domain, s] of orgsOf) {
    if (s.size < 2) continue;
    const owner = owners.get(domain);
    const ids = [...s].sort((a, b) => (a === owner ? -1 : b === owner ? 1 : a - b));
    out.push({ domain, organisationIds: ids });
  }
  return out;
}
