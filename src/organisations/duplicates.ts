/**
 * Likely duplicate organisations, for the organiser to merge (pure): names that are one name once the
 * words every council or trust has are set aside ("Leeds City Council", "Leeds Council"), a name that is
 * another's initials ("LCC"), a near-miss spelling ("Leeds Citty Council"), and one domain whose people are
 * split over several organisations. Each comes with a suggested merge: into the one with more people.
 * Linear-ish in the number of organisations: names are compared within small groups, never all pairs.
 */
import { initialsOf } from './normalise.js';

export interface OrgSummary {
  id: number;
  name: string;
  people: number;
  /** Normalised names it is known by (its own included when it has one). */
  aliases: string[];
}

export interface DomainSpread {
  domain: string;
  /** Organisations with people on this domain. */
  organisationIds: number[];
}

export type DuplicateReason = 'similar names' | 'initials' | 'near-miss spelling' | 'one domain';

export interface Duplicate {
  /** "lowId:highId": the pair, for remembering which were already mentioned. */
  pair: string;
  keep: number;
  merge: number;
  reason: DuplicateReason;
  detail: string;
}

/** Words nearly every public body's name has: two names differing only in them are likely one body. */
const GENERIC = new Set([
  'council', 'city', 'borough', 'metropolitan', 'district', 'county', 'london', 'royal', 'nhs', 'trust', 'foundation',
  'department', 'ministry', 'agency', 'authority', 'service', 'services', 'office', 'government', 'hm', 'her', 'his',
  'majestys', 'of', 'for', 'and', 'the', 'in', 'on', 'at', 'uk', 'national', 'team', 'unit', 'directorate',
]);

function coreOf(alias: string): string {
  return alias
    .split(' ')
    .filter((w) => !GENERIC.has(w))
    .join(' ');
}

/**
 * Levenshtein distance, or max + 1 once it is sure to exceed max. Only the band |i - j| <= max is worked
 * out: anything outside it already costs more than max.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  const BIG = max + 1;
  let prev = new Int32Array(b.length + 1).fill(BIG);
  let cur = new Int32Array(b.length + 1).fill(BIG);
  for (let j = 0; j <= Math.min(b.length, max); j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const from = Math.max(1, i - max);
    const to = Math.min(b.length, i + max);
    cur.fill(BIG);
    if (i <= max) cur[0] = i;
    let best = cur[0]!;
    const ca = a.charCodeAt(i - 1);
    for (let j = from; j <= to; j++) {
      let v = prev[j - 1]! + (ca === b.charCodeAt(j - 1) ? 0 : 1);
      if (prev[j]! + 1 < v) v = prev[j]! + 1;
      if (cur[j - 1]! + 1 < v) v = cur[j - 1]! + 1;
      cur[j] = v > BIG ? BIG : v;
      if (v < best) best = v;
    }
    if (best > max) return BIG;
    [prev, cur] = [cur, prev];
  }
  return Math.min(prev[b.length]!, BIG);
}

export function findDuplicates(orgs: OrgSummary[], spreads: DomainSpread[]): Duplicate[] {
  const byId = new Map(orgs.map((o) => [o.id, o]));
  const found = new Map<string, Duplicate>();
  const add = (x: number, y: number, reason: DuplicateReason, detail: string, keepFirst = false) => {
    if (x === y) return;
    const a = byId.get(x);
    const b = byId.get(y);
    if (!a || !b) return;
    const pair = x < y ? `${x}:${y}` : `${y}:${x}`;
    if (found.has(pair)) return;
    const [keep, merge] = keepFirst || a.people > b.people || (a.people === b.people && a.id < b.id) ? [a, b] : [b, a];
    found.set(pair, { pair, keep: keep.id, merge: merge.id, reason, detail });
  };

  // First, so that its suggestion (into the domain's owner) is the one kept for the pair.
  for (const s of spreads) {
    const [first, ...rest] = s.organisationIds;
    // Into the domain's owner, which is listed first: its people are that organisation by their address.
    for (const other of rest) add(first!, other, 'one domain', `people on ${s.domain} are in both`, true);
  }

  // Organisations sharing a core name, or whose single-word name is another's initials.
  const byCore = new Map<string, number[]>();
  const byInitials = new Map<string, number[]>();
  const names: Array<[string, number]> = [];
  for (const o of orgs) {
    for (const alias of o.aliases) {
      names.push([alias, o.id]);
      const core = coreOf(alias);
      if (core) pushTo(byCore, core, o.id);
      const initials = initialsOf(alias);
      if (initials.length >= 2 && alias.includes(' ')) pushTo(byInitials, initials, o.id);
    }
  }
  for (const [core, ids] of byCore) {
    // A very common core ("leeds" across many bodies) says little; a few alike do.
    if (ids.length > 1 && ids.length <= 6) for (const other of ids.slice(1)) add(ids[0]!, other, 'similar names', `both "${core}" apart from common words`);
  }
  for (const [alias, id] of names) {
    if (alias.includes(' ')) continue;
    const alike = byInitials.get(alias) ?? [];
    // Initials many names share ("bcc") say little about any one of them.
    if (alike.length <= 6) for (const other of alike) add(other, id, 'initials', `"${alias}" is its initials`);
  }
  // Near-miss spellings: neighbours in sorted order, long enough names only (short ones differ by design).
  names.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  for (let i = 0; i < names.length; i++) {
    const [a, ida] = names[i]!;
    if (a.length < 10) continue;
    for (let j = i + 1; j < Math.min(names.length, i + 4); j++) {
      const [b, idb] = names[j]!;
      if (idb !== ida && b.length >= 10 && editDistance(a, b, 2) <= 2) add(ida, idb, 'near-miss spelling', `"${a}" and "${b}"`);
    }
  }
  return [...found.values()];
}

function pushTo(m: Map<string, number[]>, key: string, id: number): void {
  const list = m.get(key);
  if (list) list.push(id);
  else m.set(key, [id]);
}
