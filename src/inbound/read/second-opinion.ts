/**
 * The rules' reading and the second reader's, side by side (issue 13). The rules read one phrase at a time
 * and are exact where they apply; the second reader weighs every word of the reply and carries to wordings
 * the rules have not met. Measured on replies neither had seen (docs/benchmarks.md, "Sixth session"), the
 * pair, by these rules, reads more replies right than the rules alone, and far fewer as joining when they did
 * not than either reader alone:
 *
 * - Joining (or changing details) only when both read it so, the second reader surely (DETAILS_SURE) unless
 *   the details were typed against labels: details are shared with a partner, so a doubt is asked back or
 *   read by a person (index.ts, askBackOf).
 * - When they agree, or the second reader is unsure (below SURE), the rules' reading stands.
 * - When the rules found nothing to act on (OTHER) and the second reader is sure of a request, the
 *   request, with what the rules' own readers find for it (the date of a pause, the time of a booking, the
 *   new cadence); a request that needs one of those and has none goes to a person.
 * - When the rules would act and the second reader is sure of something else, its reading, if it is a
 *   request the service can act on; else a person reads it.
 * - Never from the second reader alone, where the rules found no such words and the reply asks a question:
 *   ending someone's mail (decline, stop, delete).
 * - A command word typed first in capitals ("STOP", "NOT MET"), that the rules read as its request, stands.
 * - Never from the second reader alone: joining, or an automatic reply (ignoring a reply nobody then reads
 *   is worse than a person reading it). The rules' automatic replies stand: they rest on headers. So does
 *   an OTHER the rules chose themselves (two requests at once, a question only a person can answer).
 * - A bare YES is the rules' "yes" (the caller reads it by what we last asked) unless the second reader is
 *   sure of another request ("please don't stop me altogether, I just can't do this next one").
 *
 * Pure: the same two readings give the same answer.
 */
import type { Asked } from './asked.js';
import type { Cadence, Intent } from './intent.js';
import type { SecondReading } from './second-reader/model.js';

/** Below this probability the second reader's choice is not weighed against the rules'. */
export const SURE = 0.9;
/** How sure the second reader must be of joining for a join to stand. */
export const DETAILS_SURE = 0.8;

export interface RulesReading {
  intent: Intent;
  automatic: boolean;
  /** OTHER by the rules' own judgement (two requests, a question only a person can answer), not for want of a rule. */
  question: boolean;
  /** The details the join gives came from labels or answers to our form's lines ("Phone: …"), not a signature or a sentence. */
  labelled: boolean;
  /**
   * The reply starts with one of our command words in capitals ("STOP", "NOT MET", "PAUSE UNTIL …"), as our
   * mails ask people to reply: what they typed, however much follows it.
   */
  commandFirst?: boolean;
  /** The reply is nothing but a yes ("Yes please!"): there is no wording the rules could have misread. */
  bareYes?: boolean;
}

const COMMANDS = new Set(['STOP', 'PAUSE', 'SKIP', 'RESUME', 'QUIET', 'HELP', 'DELETE', 'BOOKED', 'MET', 'NOT', 'NO', 'MY', "CAN'T", 'CANT', 'MONTHLY', 'QUARTERLY', 'UNSUBSCRIBE']);

/** Whether a reply starts with one of our command words in capitals. Reads its first 40 characters. */
export function startsWithCommand(reply: string): boolean {
  const first = reply.trimStart().slice(0, 40).split(/[^A-Za-z'’]/, 1)[0]!.replace('’', "'");
  return first.length >= 2 && first === first.toUpperCase() && COMMANDS.has(first);
}

export interface Opinion {
  intent: Intent;
  /** Whether the reading is the rules', the second reader's, or a person's to make. */
  by: 'rules' | 'second reader' | 'to a person';
}

/** The rules' intent in the labels' words, as the second reader was trained on them. */
export function asDecision(intent: Intent, asked: Asked): string {
  if (intent === 'join' || intent === 'update') return 'details';
  // A bare YES answers what we last asked: to an invitation, joining; to a later mail, staying in.
  if (intent === 'yes') return asked === 'invitation' ? 'details' : 'resume';
  return intent;
}

// Readings that agree though their words differ: SKIP and CAN'T MAKE IT are one request in labels written
// before issue 14 (the rules tell them apart by the mail answered); coming back in with details, to someone who
// left, is RESUME to the rules and joining to the second reader.
const AGREE: Array<[string, string]> = [
  ['skip', 'cant_make_it'],
  ['resume', 'details'],
];

const ENDS = new Set(['decline', 'stop', 'delete']);
const MEETING = new Set(['booked', 'not_yet', 'cant_make_it', 'met', 'not_met']);
const ABOUT_A_MEETING = new Set<Asked>(['nudge', 'introduction', 'follow-up']);

// Requests the service acts on from the second reader's reading, and what each needs from the rules' readers.
// (A pause needs no date: without one it lasts until RESUME.)
const ACTS: Partial<Record<string, 'time' | 'cadence' | 'nothing'>> = {
  decline: 'nothing',
  stop: 'nothing',
  pause: 'nothing',
  skip: 'nothing',
  cant_make_it: 'nothing',
  resume: 'nothing',
  help: 'nothing',
  my_data: 'nothing',
  delete: 'nothing',
  met: 'nothing',
  not_met: 'nothing',
  quiet: 'nothing',
  cadence: 'cadence',
  booked: 'time',
  not_yet: 'nothing',
  other: 'nothing',
};

export function secondOpinion(rules: RulesReading, second: SecondReading, asked: Asked, found: { cadence: Cadence | null; question: boolean }): Opinion {
  // Automatic replies rest on headers; an OTHER the rules chose (two requests, a question for a person) is
  // already a person's.
  if (rules.automatic || (rules.intent === 'other' && rules.question)) return { intent: rules.intent, by: 'rules' };
  // A command word typed first, in capitals, and read by the rules as that request: as the mail asked.
  if (rules.commandFirst && !['other', 'join', 'update', 'yes'].includes(rules.intent)) return { intent: rules.intent, by: 'rules' };
  const theirs = asDecision(rules.intent, asked);
  const top = second.decision;
  const sure = (second.p[top] ?? 0) >= SURE;
  if (theirs === 'details') {
    // Details typed against labels or our form's lines ("Phone: …", answers under "> Name:") are given on
    // purpose, and a bare YES to an invitation has no other word in it: only a sure reading of something
    // else doubts them. Details read from a signature or a
    // sentence come with many replies that do not join: those need the second reader sure of joining too.
    const unlessSureOtherwise = top === 'details' || !sure;
    const sureOfDetails = top === 'details' && (second.p.details ?? 0) >= DETAILS_SURE;
    const stands = rules.labelled || rules.bareYes === true ? unlessSureOtherwise : sureOfDetails;
    return stands ? { intent: rules.intent, by: 'rules' } : { intent: 'other', by: 'to a person' };
  }
  if (top === theirs || !sure) return { intent: rules.intent, by: 'rules' };
  if (AGREE.some(([a, b]) => (top === a && theirs === b) || (top === b && theirs === a))) return { intent: rules.intent, by: 'rules' };
  const needs = ACTS[top];
  // Sure of joining or of an automatic reply, neither of which it may choose alone, where the rules would act
  // on something else: a person reads it.
  if (needs === undefined) return { intent: 'other', by: 'to a person' };
  // A booking is a time both agreed: one still asked about ("Would Tuesday at 2pm suit?") is not.
  if (needs === 'time' && found.question) return { intent: rules.intent, by: 'rules' };
  if (needs === 'cadence' && found.cadence === null) return { intent: 'other', by: 'to a person' };
  if (top === 'other') return { intent: 'other', by: 'to a person' };
  // Ending their mail (NO THANKS, STOP, DELETE ME) where the rules found no such words and the reply asks
  // something ("How much of a commitment is it really? … I'll think about it"): a wrong ending silences
  // someone for good, a wrong OTHER costs a person's minute.
  if (ENDS.has(top) && rules.intent === 'other' && found.question) return { intent: 'other', by: 'to a person' };
  // A meeting's news (booked, not yet, met…) only in answer to a mail about the meeting, as the rules read it.
  if (MEETING.has(top) && !ABOUT_A_MEETING.has(asked)) return { intent: rules.intent, by: 'rules' };
  return { intent: top as Intent, by: 'second reader' };
}
