/**
 * What the scheme is doing, for its organisers: computed from the database each time it is asked for,
 * never stored. Names and addresses never appear in it; organisations do.
 *
 * With `since`, figures narrow as follows:
 * - people: those who moved into their current status on or after `since` (status_changed_at), and as
 *   "joined" those who joined on or after it (joined_at);
 * - rounds, groups, links, follow-ups, answers and the lines people wrote: those of rounds run on or after
 *   `since`. Whether a link is new is always judged against every earlier round.
 * - people asked "still want to be matched?": asked on or after `since`.
 */
import type { Queryable } from '../db/database.js';
import { forEachGroup, loadDraws } from '../matching/draws.js';
import { organisationKey } from '../matching/round.js';
import { nameWords, redactLine } from './redact.js';

export const STATUSES = ['invited', 'awaiting_details', 'active', 'paused', 'stopped', 'bounced', 'complained', 'erased'] as const;
export type Status = (typeof STATUSES)[number];
/** People who gave their details and joined, whatever they did next (erasure aside). */
export const JOINED: readonly Status[] = ['active', 'paused', 'stopped', 'bounced', 'complained'];

/**
 * How far the groups got, from introduction to meeting. Each figure counts groups: introduced (the draw's
 * groups and those re-paired later in the round, whose introduction was not cancelled), booked (a time was
 * booked, even if later cancelled), accepted (a member's calendar accepted the invitation), met (someone
 * answered MET, or an accepted time is past and nobody answered NOT MET), rainchecked (someone said CAN'T
 * MAKE IT), re-paired (made within the round from its waiting list, counted in introduced too).
 */
export interface Funnel {
  introduced: number;
  booked: number;
  accepted: number;
  met: number;
  rainchecked: number;
  repaired: number;
  /** met / introduced; null when none was introduced. */
  meetRate: number | null;
}

export interface RoundFigures {
  id: number;
  /** When it ran (ISO). */
  at: string;
  /** The draw's groups and those re-paired in the round. */
  groups: number;
  trios: number;
  /** Groups whose members all work for different organisations. */
  crossOrganisation: number;
  /** Organisation pairs linked in this round for the first time ever. */
  newLinks: number;
  funnel: Funnel;
}

export interface Report {
  generatedAt: string;
  /** ISO time the figures start from; null for all time. */
  since: string | null;
  participants: {
    invited: number;
    awaitingDetails: number;
    /** active + paused + stopped + bounced + complained; with `since`, those who joined since. */
    joined: number;
    active: number;
    paused: number;
    stopped: number;
    bounced: number;
    complained: number;
    erased: number;
  };
  /** Distinct organisations (normalised) of the people counted as joined. */
  organisations: number;
  rounds: RoundFigures[];
  /** The rounds' funnels added up. */
  funnel: Funnel;
  groups: {
    total: number;
    pairs: number;
    trios: number;
    crossOrganisation: number;
    /** crossOrganisation / total; null when there are no groups. */
    crossOrganisationShare: number | null;
  };
  links: {
    /** Distinct unordered pairs of organisations whose people were grouped together. */
    total: number;
    /** Of those, first linked in a round of this report (all of them, for all time). */
    new: number;
  };
  followUps: {
    /** Groups sent "did you meet?". */
    groupsAsked: number;
    /** Of those, groups where at least one member answered MET. */
    groupsMet: number;
    /** groupsMet / groupsAsked; null when none was asked. */
    meetRate: number | null;
    /** "Did you meet?" mails sent (one a member). */
    mailsSent: number;
    /** Answers received: one a member who replied MET or NOT MET. */
    answers: number;
    met: number;
    notMet: number;
    /** answers / mailsSent; null when none was sent. */
    replyRate: number | null;
  };
  stillWant: {
    /** People asked "still want to be matched?". */
    asked: number;
    /** Of those, taking part again now (active). */
    back: number;
  };
  /**
   * What people wrote came of their conversation, newest first. No name, address or group is attached, and
   * none is left in the line: names of the group's members and of anyone known, phone numbers and addresses
   * are replaced (see redact.ts). Lines older than RETENTION_DAYS are gone: retention keeps the count only.
   */
  outcomes: Array<{ at: string; met: boolean; line: string }>;
  /** The picture's data: organisations (sized by current participants) and the links between them. */
  network: {
    orgs: Array<{ name: string; participants: number }>;
    links: Array<{ a: string; b: string; pairs: number; newThisRound: boolean }>;
    /** The round whose new links are highlighted: the latest in the report. */
    roundId: number | null;
  };
}

function share(part: number, whole: number): number | null {
  return whole ? part / whole : null;
}

interface PersonRow {
  id: number;
  name: string | null;
  status: Status;
  organisationId: number | null;
  organisation: string | null;
  email: string | null;
  changed: string;
  joined: string | null;
  asked: string | null;
}

/**
 * The organiser's report. `since` narrows it (see the top of this file); `now` is the time it is made at.
 * `highlightRoundId` picks the round whose new links the picture highlights (default: the latest in range).
 */
export async function buildReport(db: Queryable, opts: { since?: Date; now: Date; highlightRoundId?: number }): Promise<Report> {
  const since = opts.since ? opts.since.toISOString() : null;
  const after = (at: string | null | undefined) => since === null || (at != null && at >= since);

  // Everyone, as one JSON value: a million rows crossing from SQLite one by one is what would cost time.
  const peopleJson = await db.get<{ j: string | null }>(
    `SELECT json_group_array(json_array(id, status, nullif(organisation, ''), CASE WHEN organisation IS NULL OR organisation = '' THEN email END,
       status_changed_at, joined_at, asked_still_want_at, name, organisation_id)) AS j FROM people`,
  );
  const people: PersonRow[] = (
    JSON.parse(peopleJson?.j ?? '[]') as Array<[number, Status, string | null, string | null, string, string | null, string | null, string | null, number | null]>
  ).map(([id, status, organisation, email, changed, joined, asked, name, organisationId]) => ({ id, name, status, organisationId, organisation, email, changed, joined, asked }));
  const displayNames = new Map<string, string>(
    Object.entries(JSON.parse((await db.get<{ j: string | null }>('SELECT json_group_object(id, name) AS j FROM organisations'))?.j ?? '{}') as Record<string, string>).map(
      ([id, name]) => [`org:${id}`, name],
    ),
  );

  // Organisations: each person's organisation (the one rounds keep apart: its id once linked), shown by its
  // display name; someone not linked yet by the commonest spelling of their normalised key.
  const orgIndex = new Map<string, number>();
  const orgSpellings: Array<Map<string, number>> = [];
  const orgOfPerson = new Map<number, number>();
  for (const p of people) {
    const key = organisationKey(p);
    if (key.startsWith('person:')) continue;
    let k = orgIndex.get(key);
    if (k === undefined) {
      k = orgIndex.size;
      orgIndex.set(key, k);
      orgSpellings.push(new Map());
    }
    const spelling = p.organisation?.trim() || key;
    orgSpellings[k]!.set(spelling, (orgSpellings[k]!.get(spelling) ?? 0) + 1);
    orgOfPerson.set(p.id, k);
  }
  const orgKeys = [...orgIndex.keys()];
  const orgName = orgSpellings.map(
    (m, k) => displayNames.get(orgKeys[k]!) ?? [...m.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0],
  );

  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  let joined = 0;
  const representedOrgs = new Set<number>();
  const participantsByOrg = new Map<number, number>();
  let asked = 0;
  let back = 0;
  for (const p of people) {
    if (after(p.changed)) counts[p.status]++;
    const isJoined = JOINED.includes(p.status);
    if (isJoined && (since === null || after(p.joined))) {
      joined++;
      const k = orgOfPerson.get(p.id);
      if (k !== undefined) representedOrgs.add(k);
    }
    if (p.status === 'active' || p.status === 'paused') {
      const k = orgOfPerson.get(p.id);
      if (k !== undefined) participantsByOrg.set(k, (participantsByOrg.get(k) ?? 0) + 1);
    }
    if (p.asked && after(p.asked)) {
      asked++;
      if (p.status === 'active') back++;
    }
  }

  // Rounds: every draw is read, oldest first, so a link's first round is known even when the report starts
  // later; a round's re-paired groups come right after its draw, and count in its figures.
  const draws = await loadDraws(db);
  const orgCount = orgIndex.size;
  const pairKey = (a: number, b: number) => (a < b ? a * orgCount + b : b * orgCount + a);
  const firstRound = new Map<number, number>();
  const pairsInRange = new Map<number, number>();
  const figures: RoundFigures[] = [];
  const groupIdsInRange: number[] = [];
  const membersOfGroup = new Map<number, number[]>();
  let pairs = 0;
  let trios = 0;
  let cross = 0;
  let fig: RoundFigures | null = null;
  const close = (f: RoundFigures | null) => {
    if (!f || !after(f.at)) return;
    figures.push(f);
    pairs += f.groups - f.trios;
    trios += f.trios;
    cross += f.crossOrganisation;
  };
  for (const r of draws) {
    if ((fig as RoundFigures | null)?.id !== r.roundId) {
      close(fig);
      fig = { id: r.roundId, at: new Date(r.at).toISOString(), groups: 0, trios: 0, crossOrganisation: 0, newLinks: 0, funnel: emptyFunnel() };
    }
    const f: RoundFigures = fig!;
    const inRange = after(f.at);
    forEachGroup(r.draw, (members, index) => {
      const orgs = [...members].map((id) => orgOfPerson.get(id));
      if (inRange) {
        f.groups++;
        if (members.length === 3) f.trios++;
        // An organisation we no longer know (an erased member) counts as different from every other.
        const known = orgs.filter((o) => o !== undefined);
        if (new Set(known).size === known.length) f.crossOrganisation++;
        groupIdsInRange.push(r.firstGroupId + index);
        membersOfGroup.set(r.firstGroupId + index, [...members]);
      }
      for (let i = 0; i < orgs.length; i++) {
        for (let j = i + 1; j < orgs.length; j++) {
          const a = orgs[i];
          const b = orgs[j];
          if (a === undefined || b === undefined || a === b) continue;
          const key = pairKey(a, b);
          if (!firstRound.has(key)) {
            firstRound.set(key, r.roundId);
            if (inRange) f.newLinks++;
          }
          if (inRange) pairsInRange.set(key, (pairsInRange.get(key) ?? 0) + 1);
        }
      }
    });
  }
  close(fig);
  const funnel = await funnels(db, figures, opts.now);
  const groupsTotal = pairs + trios;
  const highlight = opts.highlightRoundId ?? figures[figures.length - 1]?.id ?? null;

  // Follow-ups and answers, for the groups of the rounds in range.
  const ids = JSON.stringify(groupIdsInRange);
  const [asks, mails, answers] = await Promise.all([
    db.get<{ asked: number; met: number }>(
      `SELECT count(*) AS asked, coalesce(sum(EXISTS (SELECT 1 FROM answers a WHERE a.group_id = g.id AND a.met = 1)), 0) AS met
       FROM groups g WHERE g.followed_up_at IS NOT NULL AND g.id IN (SELECT value FROM json_each(?))`,
      [ids],
    ),
    db.get<{ n: number }>(
      `SELECT count(*) AS n FROM outbox WHERE template = 'follow-up' AND status = 'sent'
       AND json_extract(data, '$.groupId') IN (SELECT value FROM json_each(?))`,
      [ids],
    ),
    db.all<{ group_id: number; met: number; outcome: string | null; answered_at: string }>(
      `SELECT group_id, met, outcome, answered_at FROM answers WHERE group_id IN (SELECT value FROM json_each(?))
       ORDER BY answered_at DESC, rowid DESC`,
      [ids],
    ),
  ]);
  const met = answers.filter((a) => a.met === 1).length;
  const written = answers.filter((a) => a.outcome && a.outcome.trim());
  const nameOf = new Map<number, string | null>();
  const everyone = new Set<string>();
  if (written.length) {
    for (const p of people) {
      nameOf.set(p.id, p.name);
      for (const w of nameWords(p.name)) everyone.add(w);
    }
  }
  const outcomes = written.map((a) => {
    const group = new Set((membersOfGroup.get(a.group_id) ?? []).flatMap((id) => nameWords(nameOf.get(id))));
    return { at: a.answered_at, met: a.met === 1, line: redactLine(a.outcome!, { group, everyone }) };
  });

  const newInRange = figures.reduce((n, f) => n + f.newLinks, 0);
  const networkOrgs = new Set<number>(participantsByOrg.keys());
  const links: Report['network']['links'] = [];
  for (const [key, n] of pairsInRange) {
    const a = Math.floor(key / orgCount);
    const b = key % orgCount;
    networkOrgs.add(a).add(b);
    links.push({ a: orgName[a]!, b: orgName[b]!, pairs: n, newThisRound: highlight !== null && firstRound.get(key) === highlight });
  }
  links.sort((x, y) => y.pairs - x.pairs || (x.a + x.b < y.a + y.b ? -1 : 1));

  return {
    generatedAt: opts.now.toISOString(),
    since,
    participants: {
      invited: counts.invited,
      awaitingDetails: counts.awaiting_details,
      joined,
      active: counts.active,
      paused: counts.paused,
      stopped: counts.stopped,
      bounced: counts.bounced,
      complained: counts.complained,
      erased: counts.erased,
    },
    organisations: representedOrgs.size,
    rounds: figures,
    funnel,
    groups: { total: groupsTotal, pairs, trios, crossOrganisation: cross, crossOrganisationShare: share(cross, groupsTotal) },
    links: { total: pairsInRange.size, new: newInRange },
    followUps: {
      groupsAsked: asks?.asked ?? 0,
      groupsMet: asks?.met ?? 0,
      meetRate: share(asks?.met ?? 0, asks?.asked ?? 0),
      mailsSent: mails?.n ?? 0,
      answers: answers.length,
      met,
      notMet: answers.length - met,
      replyRate: share(answers.length, mails?.n ?? 0),
    },
    stillWant: { asked, back },
    outcomes,
    network: {
      orgs: [...networkOrgs]
        .map((k) => ({ name: orgName[k]!, participants: participantsByOrg.get(k) ?? 0 }))
        .sort((x, y) => y.participants - x.participants || (x.name < y.name ? -1 : 1)),
      links,
      roundId: highlight,
    },
  };
}

function emptyFunnel(): Funnel {
  return { introduced: 0, booked: 0, accepted: 0, met: 0, rainchecked: 0, repaired: 0, meetRate: null };
}

/**
 * Each round's funnel (set on its figures), and their sum. One pass over the rounds' groups; each figure
 * is an indexed lookup by group id (answers, bookings, booking_replies, group_replies, repaired_groups).
 */
async function funnels(db: Queryable, figures: RoundFigures[], now: Date): Promise<Funnel> {
  const total = emptyFunnel();
  if (!figures.length) return total;
  const rows = await db.all<Omit<Funnel, 'meetRate'> & { round_id: number }>(
    `SELECT g.round_id, count(*) AS introduced,
       coalesce(sum(b.group_id IS NOT NULL), 0) AS booked,
       coalesce(sum(accepted), 0) AS accepted,
       coalesce(sum(EXISTS (SELECT 1 FROM answers a WHERE a.group_id = g.id AND a.met = 1)
         OR (accepted AND b.status = 'booked' AND julianday(b.starts_at) + b.minutes / 1440.0 <= julianday(?2)
             AND NOT EXISTS (SELECT 1 FROM answers a WHERE a.group_id = g.id AND a.met = 0))), 0) AS met,
       coalesce(sum(EXISTS (SELECT 1 FROM group_replies r WHERE r.group_id = g.id AND r.kind = 'cant_make_it')), 0) AS rainchecked,
       coalesce(sum(EXISTS (SELECT 1 FROM repaired_groups x WHERE x.group_id = g.id)), 0) AS repaired
     FROM (SELECT g.*, EXISTS (SELECT 1 FROM booking_replies br WHERE br.group_id = g.id AND br.partstat = 'ACCEPTED') AS accepted
           FROM groups g WHERE g.round_id IN (SELECT value FROM json_each(?1))) g
     JOIN outbox o ON o.id = g.introduction_outbox_id
     LEFT JOIN bookings b ON b.group_id = g.id
     WHERE o.status NOT IN ('cancelled', 'failed')
     GROUP BY g.round_id`,
    [JSON.stringify(figures.map((f) => f.id)), now.toISOString()],
  );
  const byRound = new Map(rows.map((r) => [r.round_id, r]));
  const keys = ['introduced', 'booked', 'accepted', 'met', 'rainchecked', 'repaired'] as const;
  for (const f of figures) {
    const r = byRound.get(f.id);
    for (const k of keys) {
      f.funnel[k] = r?.[k] ?? 0;
      total[k] += f.funnel[k];
    }
    f.funnel.meetRate = share(f.funnel.met, f.funnel.introduced);
  }
  total.meetRate = share(total.met, total.introduced);
  return total;
}
