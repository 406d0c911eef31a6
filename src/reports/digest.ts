/**
 * The organisers' digest: one mail to ORGANISER_EMAIL with the report in plain text and the picture of the
 * organisations linked attached as a PNG. Queued after each round and by `npm run digest`; the outbox row
 * holds only { since?, roundId? }, and the report and picture are made when the mail is sent.
 */
import type { Config } from '../config.js';
import type { Queryable } from '../db/database.js';
import { enqueueMail, type Enqueued } from '../db/outbox.js';
import type { Resolved, StoredReferences } from '../mail/stored-data.js';
import type { TemplateData } from '../mail/templates.js';
import { formatReportText } from './format.js';
import { renderNetworkPng } from './network.js';
import { buildReport, type Report } from './report.js';
import { newlySeen } from '../db/organisation-duplicates-seen.js';
import { listing } from '../organisations/manage.js';
import { countUntrusted } from '../db/confirmations.js';
import { countFailedInbound } from '../db/inbound.js';
import { OUTCOME_HELD, OUTCOME_HELD_QUIETLY, OUTCOME_STRANGER_DROPPED } from '../inbound/decide.js';

export const DIGEST_FILENAME = 'organisations-linked.png';

/** Queues the digest for the organiser. `roundId`: the round it follows, whose new links are highlighted. */
export function queueDigest(
  db: Queryable,
  config: Pick<Config, 'organiserEmail' | 'replyDomain'>,
  opts: { now: Date; roundId?: number | null; since?: Date },
): Promise<Enqueued> {
  const data: StoredReferences['digest'] = {
    ...(opts.since ? { since: opts.since.toISOString() } : {}),
    ...(opts.roundId != null ? { roundId: opts.roundId } : {}),
  };
  return enqueueMail(db, { template: 'digest', data, to: [{ email: config.organiserEmail }] }, { messageDomain: config.replyDomain, now: opts.now });
}

export interface Digest {
  report: Report;
  text: string;
  /** null when the picture could not be drawn; `pictureError` says why. */
  png: Buffer | null;
  pictureError: string | null;
}

/** The report, its text and its picture, as of `now`. */
export async function makeDigest(
  db: Queryable,
  ref: StoredReferences['digest'],
  opts: { now: Date; schemeName: string; width?: number; height?: number; sharedDomains?: readonly string[] },
): Promise<Digest> {
  const since = ref.since ? new Date(ref.since) : undefined;
  const roundId = Number.isSafeInteger(ref.roundId) ? ref.roundId : undefined;
  const report = await buildReport(db, {
    now: opts.now,
    ...(since && !Number.isNaN(since.getTime()) ? { since } : {}),
    ...(roundId !== undefined ? { highlightRoundId: roundId } : {}),
  });
  const highlighted = report.network.roundId;
  let png: Buffer | null = null;
  let pictureError: string | null = null;
  try {
    png = renderNetworkPng(report.network, {
      ...(opts.width ? { width: opts.width } : {}),
      ...(opts.height ? { height: opts.height } : {}),
      title: `Organisations linked by ${opts.schemeName}`,
      newLabel: highlighted !== null ? `New link in round ${highlighted}` : 'New link this round',
    });
  } catch (err) {
    // The figures matter more than the picture: the mail goes without it, and says so.
    pictureError = (err as Error)?.message ?? String(err);
  }
  let text = formatReportText(report);
  // Mail nobody could show was from the address it claims (README, "Who a message is from"): not acted on.
  const untrusted = await countUntrusted(db, { stranger: OUTCOME_STRANGER_DROPPED, held: [OUTCOME_HELD, OUTCOME_HELD_QUIETLY] }, since && !Number.isNaN(since.getTime()) ? since : undefined);
  text += `\nMail not acted on: ${untrusted.strangers} from unknown senders dropped unanswered; ${untrusted.held} requests held until the person named confirms them.\n`;
  // A reply set aside unread (over INBOUND_READ_BUDGET_MS, or failing) acted on nothing: the organiser may
  // want to ask its sender; the log names each by id.
  const unread = await countFailedInbound(db, since && !Number.isNaN(since.getTime()) ? since : undefined);
  if (unread) text += `\nReplies that could not be read and were set aside: ${unread} (the service's log names each by id).\n`;
  // Likely duplicate organisations not mentioned in an earlier digest: the organiser may want to merge them.
  const duplicates = (await listing(db, opts.sharedDomains ?? [])).duplicates;
  const fresh = new Set(await newlySeen(db, duplicates.map((d) => d.pair), opts.now));
  if (fresh.size) {
    text += `\nNew likely duplicate organisations: ${fresh.size} (of ${duplicates.length}). \`npm run orgs\` lists them with a suggested merge.\n`;
  }
  if (pictureError) text += `\nThe picture could not be drawn this time (${pictureError.slice(0, 200)}).\n`;
  return { report, text, png, pictureError };
}

/** What the outbox sender renders the digest with: the template's data and the picture as an attachment. */
export async function resolveDigest(
  db: Queryable,
  ref: StoredReferences['digest'] | null | undefined,
  opts: { now: Date; schemeName: string; sharedDomains?: readonly string[] },
): Promise<Resolved> {
  const stored = ref && typeof ref === 'object' ? ref : {};
  const digest = await makeDigest(db, stored, opts);
  const data: TemplateData['digest'] = {
    report: digest.text,
    roundId: Number.isSafeInteger(stored.roundId) ? stored.roundId! : null,
    since: digest.report.since,
    picture: digest.png !== null,
  };
  return {
    data,
    ...(digest.png ? { attachments: [{ filename: DIGEST_FILENAME, contentType: 'image/png', content: digest.png }] } : {}),
  };
}
