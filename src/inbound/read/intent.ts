import type { Fields } from './fields.js';
import { pauseDate } from './dates.js';
import { acceptedTimeInEnglish, asksAChange, namesATime, otherLanguageCommand } from './other-languages.js';
import type { Asked } from './asked.js';
import { bookingTime, type BookingTime } from './booking-time.js';
import { findPhones } from './phone.js';
import { looksLikeJobTitle, looksLikeName } from './kinds.js';
import { oneLetterOut } from './labels.js';
import { findBodies, names } from '../../organisations/public-bodies/index.js';
import { notNegated, saidWhere, says, saysOutright } from './negation.js';
import { DETAILS_TO_COME, forSomeoneElseOrLater, notOneOwnJoin, sameName } from './whose-join.js';

export type Intent =
  | 'join'
  | 'decline'
  | 'stop'
  | 'pause'
  | 'skip'
  | 'resume'
  | 'help'
  | 'my_data'
  | 'delete'
  | 'met'
  | 'not_met'
  | 'yes'
  | 'quiet'
  | 'update'
  | 'cadence'
  | 'booked'
  | 'not_yet'
  | 'cant_make_it'
  | 'other';

import type { Cadence } from '../../participants/details.js';

export type { Cadence };

export interface ReadIntent {
  intent: Intent;
  /** ISO date (YYYY-MM-DD) for "pause until …", "for six weeks" (see dates.ts), else null. */
  pauseUntil: string | null;
  cadence: Cadence | null;
  /**
   * A join that also asks something ("Count me in. Do I need a camera?"): a person should answer it. On
   * OTHER: it asks two things at once, or something only a person can answer, whatever words it opens with.
   */
  question?: boolean;
  /** For BOOKED: the time it gives, or that it still needs one. */
  booking?: BookingTime;
}

/**
 * Reads what the person asks for. Conservative by design: anything unclear is
 * `other`, which a human reads. In particular a reply is never `join` unless
 * it gives details or says so in words.
 *
 * `yes` versus `join`: a bare "YES" is returned as `yes`, because its meaning
 * depends on what we last asked this person (join the scheme, or "still want
 * to be matched?"); the caller decides from the person's state. `join` is
 * returned only when the reply carries details or an explicit join phrase.
 */
/** A reply that is nothing but a yes ("Yes", "yes please!", "OK."), lower-cased: no other word to read. */
export const BARE_YES = /^(yes|yeah|yep|yup|y|sure|ok|okay|yes please)[\s.!]*$/;

export function readIntent(
  reply: string,
  subject: string | null,
  fields: Fields,
  now: Date = new Date(),
  zone = 'Europe/London',
  evidence: { labelledDetails?: boolean; asked?: Asked; own?: string; fromName?: string | null } = {},
): ReadIntent {
  // Whether what they wrote gives details: read once, for the words and for what they answer.
  // After joining, what a signature under their sign-off gives ("Jasmine\n\nJasmine Cole | Inspector |
  // Ofsted\nTel: …") is not details given now: only what they wrote above it.
  const later = evidence.asked !== undefined && evidence.asked !== null && evidence.asked !== 'invitation';
  const written = ownWords(reply, evidence.own);
  // Unless they point to it: "please use the mobile in my signature from now on".
  const pointsToSignature = POINTS_TO_SIGNATURE.test(written.slice(0, 1000));
  const above = later && !pointsToSignature ? aboveSignOff(written, fields, evidence.fromName ?? null) : written;
  const stated = hasDetails(above, fields);
  // The labels read there too ("Tel: …" in the signature) are not details given now.
  if (above !== written && !stated) evidence = { ...evidence, labelledDetails: false };
  // An assistant writing for someone already in the scheme ("please don't match her this time", "I've put
  // a call in Helen's diary"): the routine request is read as if they wrote it. Joining on someone's
  // behalf still goes to a person (consent is theirs to give).
  const forThem = evidence.asked !== undefined && evidence.asked !== 'invitation' && ASSISTANT.test(reply.slice(0, 2000));
  const read = forThem
    ? readWords(asTheirOwn(reply), subject, fields, now, zone, { ...evidence, stated, forThem: true })
    : readWords(reply, subject, fields, now, zone, { ...evidence, stated });
  const given = evidence.labelledDetails === true || stated;
  const lower = withApostrophes(significantText(reply, subject).toLowerCase().replace(/[’‘]/g, "'"));
  const english = untilADay(unlessAlsoPaused(unlessUndecided(unlessForLater(unlessItEndsWhatTheyKeep(inContext(read, lower, evidence.asked ?? null, given), notMeant(lower)), lower, fields, evidence.fromName ?? null), lower), reply, lower, now, zone), reply, lower, now, zone);
  return english.intent === 'other' ? inOtherLanguage(english, reply, evidence.asked ?? null, now, zone) : english;
}

/**
 * A reply the English rules found nothing in may say a command in another language ("bitte löschen Sie
 * alle meine Daten", "saltadme esta ronda"). A pause names its end as the English one does, read by
 * pauseDate (which knows other languages' months and spans); one that speaks of a time we cannot read is for
 * a person, not a pause until RESUME.
 */
function inOtherLanguage(read: ReadIntent, reply: string, asked: Asked, now: Date, zone: string): ReadIntent {
  const said = otherLanguageCommand(reply, asked);
  if (said === null) {
    // "Martedì 10 alle 12:30 va benissimo", to a mail about the meeting: the time both agreed.
    const accepted = asked === 'introduction' || asked === 'nudge' ? acceptedTimeInEnglish(reply) : null;
    const booking = accepted === null ? null : bookingTime(accepted, now, zone);
    return booking?.start ? { ...read, intent: 'booked', booking, question: false } : read;
  }
  if (said !== 'pause') return { ...read, intent: said, question: false };
  const until = pauseDate(reply, now, zone);
  if (until === null && namesATime(reply)) return read;
  return { ...read, intent: 'pause', pauseUntil: until, question: false };
}

/**
 * A reading that ends someone's mail (STOP, NO THANKS, DELETE) when the same reply also asks to stay in some
 * way ("rather than leave, could you pause me", "I'm leaving the council, so change my organisation"): two
 * readings at odds, so a person reads it rather than the service ending what they may want kept. A wrong
 * OTHER costs a person's minute; a wrong STOP costs the participant.
 */
/**
 * "No matches for me till after the new year", "stop sending me these until 4 January": an end to it on a
 * day they name is a pause until that day, not leaving.
 */
function untilADay(read: ReadIntent, reply: string, lower: string, now: Date, zone: string): ReadIntent {
  if (read.intent !== 'stop' || !/\b(?:until|till|til|untill)\b/.test(lower)) return read;
  const until = pauseDate(reply, now, zone);
  return until ? { ...read, intent: 'pause', pauseUntil: until } : read;
}


/**
 * "No - Aberdeenshire Council please!", "no, it's 07700 900617", typed under the detail it corrects: the
 * "no" is to the detail, not to the scheme. True when the words after the no begin with a detail the
 * reader found in the reply. Cost: one bounded pattern, then a comparison.
 */
function correctsADetail(lower: string, fields: Fields): boolean {
  const rest = NO_THEN.exec(lower.slice(0, 200))?.[1];
  if (!rest) return false;
  const digits = rest.replace(/[\s()-]/g, '');
  const phone = fields.phone?.replace(/^\+44/, '0');
  return (
    (fields.organisation !== null && rest.startsWith(fields.organisation.toLowerCase())) ||
    (fields.name !== null && rest.startsWith(fields.name.toLowerCase())) ||
    (phone !== undefined && (digits.startsWith(phone) || digits.startsWith(fields.phone!)))
  );
}
/** A yes, then on reflection a no: "actually, thinking about it, I'd better not", "on second thoughts, I'll pass". */
const YES_TAKEN_BACK =
  /\b(?:actually|on second thoughts?|on reflection|having thought about it|thinking about it|now i think about it)\b[^.!?\n]{0,60}?\b(?:i'?d better not|i'?d best not|i (?:really )?(?:shouldn'?t|can'?t|cannot) (?:really )?(?:commit|take (?:this|it) on|do (?:this|it))|i'?ll (?:have to )?(?:pass|give (?:it|this) a miss|sit this (?:one )?out)|(?:best|better) (?:if i )?(?:don'?t|not|leave it|pass))(?=\s*(?:[-–—.,!;:)]|$|sorry|for now|at the moment|right now|this time))/;
const NO_THEN = /^(?:no|nope)\b[\s,.:;!–—-]{1,6}(?:it'?s |it is |it should (?:be|read) |should (?:be|read) |that should be |that'?s |actually |it'?s actually |i'?m (?:at|with) |i work (?:at|for) )?(.{1,120})/;

/**
 * "I can't make it this month … Could you also pause me until the new year?": a pause, with its end. (A
 * pause from someone in a group still meeting tells the others, as CAN'T MAKE IT does: decide.ts.)
 */
function unlessAlsoPaused(read: ReadIntent, reply: string, lower: string, now: Date, zone: string): ReadIntent {
  return read.intent === 'cant_make_it' && ALSO_PAUSED.test(lower) ? { ...read, intent: 'pause', pauseUntil: pauseDate(reply, now, zone), question: false } : read;
}
const ALSO_PAUSED = /\b(?:pause|hold off matching) (?:me )?(?:until|till|til|for|from)\b|\b(?:could|can|would) you (?:also |please )?pause me\b|\bpause me (?:as well|too)\b/;

/** A join or change of details that is someone else's, or put off: see forSomeoneElseOrLater. */
function unlessForLater(read: ReadIntent, lower: string, fields: Fields, fromName: string | null): ReadIntent {
  if (read.intent !== 'join' && read.intent !== 'update') return read;
  return forSomeoneElseOrLater(lower, fields, fromName) ? { ...read, intent: 'other', question: true } : read;
}

/**
 * "Maybe?\n\nOk go on then.", "maybe? I keep saying I'll do things like this\n\nok go on then": a one-word
 * hedge that opens the reply, answered by a yes that starts the next line or sentence.
 */
function withoutAnsweredHedge(lower: string): string {
  // (The reply's blanks are single spaces here: the yes is found within the next 100 characters.)
  return lower.replace(/^(?:maybe|hmm+|possibly|perhaps)[?.!…]*\s(?:[^?]{0,100}?\s)?(?=(?:ok(?:ay)?,? (?:go on|then|fine|count me in|sign me up|i'?m in)|oh go on|go on(?: then)?|yes,? (?:please|go on|ok|i'?m in|count me in)|why not)\b)/, '');
}

/** Requests that change what happens to them, which a reply that has not decided does not make. */
const ACTING = new Set<Intent>(['skip', 'pause', 'stop', 'decline', 'delete', 'cant_make_it', 'quiet', 'cadence', 'resume']);
/** "I might need to skip this one. Or I might not … Can I let you know on Monday?": not decided yet. */
const UNDECIDED =
  /\bor (?:i|we) (?:might|may) not\b|\b(?:probably|likely|might|may) (?:be )?(?:going to |have to |need to )?(?:stop|leave|pause|skip|drop out)\b[^.!?\n]{0,40}\b(?:soon|at some point|eventually|in the new year|later)\b|\bkeep me in for now\b|\b(?:can|could|shall|may) i (?:let you know|confirm|get back to you|come back to you)\b|\b(?:i'?ll|i will) (?:let you know|confirm) (?:either way|one way or the other|nearer the time)\b|\b(?:haven'?t|have not|not) (?:quite )?(?:decided|made up my mind)(?: yet)?\b|\bundecided\b/;

function unlessUndecided(read: ReadIntent, lower: string): ReadIntent {
  return ACTING.has(read.intent) && UNDECIDED.test(lower) ? { ...read, intent: 'other', question: true } : read;
}

function unlessItEndsWhatTheyKeep(read: ReadIntent, lower: string): ReadIntent {
  if (read.intent !== 'stop' && read.intent !== 'decline' && read.intent !== 'delete') return read;
  // "Not for me, but my colleague Ben (ben@…) would be keen: could you invite him?": someone else to invite,
  // which only a person at the service can do.
  return says(lower, STAYING) || SOMEONE_ELSE.test(lower) ? { ...read, intent: 'other', question: true } : read;
}
const JOIN_PHRASE =
    /(?:^|[.!/] )(yes|yeah|yep|yup|sure|ok|okay|absolutely|definitely)\b.{0,3}\s*(please|count me in|sign me up|i'?m in|i'?d love to|happy to|why not)|\b(?:delighted|glad|pleased|keen|thrilled) to (?:join|take part|participate|be involved|sign up)\b|\bwhy not\b|\bgo on then\b|\bi'?d be up for (?:this|it|that)\b|\bup for it\b|\bgo for it\b|\bconsider me (?:signed up|in)\b|\bi'?m game\b|\bcount me in\b|\bcount me in\b|\bsign me up\b|\bi'?d (?:actually |really |now |still )?(love|like) to (join|take part|sign up|be (matched|involved)|participate)\b|\bi'?d love to\b|\bi'?m in\b(?=\s*(?:[.!,;:)\n-]|$|too\b|as well\b|please\b|thanks\b|thank you\b|for (?:it|this|sure)\b))|\bplease (add|include|sign) me\b|\bput me down(?: for (?:it|this|one|now))?(?=\s*(?:[.!,;]|$|and\b|for now\b|please\b))|\bhappy to (join|take part|be (matched|involved)|participate)\b|\bi would (love|like) to (join|take part|be involved|participate)\b|\binterested in (joining|taking part)\b|\bkeen to (join|take part)\b|\bhope (?:it'?s|i'?m|this is|i am|it is) not too late\b|\b(?:happy to|i'?ll|i will|i'?d like to|i would like to|i'?d love to) give (?:this|it) a (?:go|try|whirl|shot)\b|\bhere(?:'s| is| are) my details\b|\bis it too late to (?:join|sign up)\b/;
/** Leaving their job: a reason to say no, which they may still say yes after. */
const LEAVING_SOON = /\b(?:i'?m|i am) (?:leaving|retiring|moving on)\b|\bi retire\b/;
/** Someone else they mention will answer for themselves: "she'll reply herself", "I've forwarded him this". */
const THEY_REPLY_THEMSELVES = /\b(?:she|he|they)(?:'ll| will) (?:reply|respond|write|get in touch|be in touch|email you|sign up|join)(?: (?:herself|himself|themselves|directly|separately|to you))?\b|\bi'?ve (?:forwarded|passed|sent) (?:her|him|them) (?:this|the invitation|the invite|it)(?: on)?\b/;
/** One detail removed, not all of them: "please delete my old number - use my mobile instead". */
const DETAIL_REMOVED = /\b(?:delete|remove|erase|get rid of)\s(?:my|the)\s(?:old\s|previous\s|former\s|work\s|desk\s|other\s)?(?:number|phone(?: number)?|mobile|landline|desk line|e-?mail address|teams|skype|google id)\b/;
/** Everything removed: "delete me", "erase all my details", "remove everything". */
const ALL_REMOVED = /\b(?:delete|erase|wipe|remove|forget)\s(?:me|all|everything|my (?:personal )?(?:details|data|information|info|records?))\b/;
/**
 * "Me and Priti have sorted a time", "Dev and I have arranged a call": the two of them booked it. Read
 * word by word around each " have ", so that no pattern runs over a name of any length; at most the
 * first MAX_BOOKED_CHARS characters.
 */
function bothHaveBooked(lower: string): boolean {
  for (let at = lower.indexOf(' have '); at >= 0 && at < MAX_BOOKED_CHARS; at = lower.indexOf(' have ', at + 1)) {
    const before = lower.slice(Math.max(0, at - 40), at).split(/\s+/).slice(-3);
    const two = before.length === 3 && before[1] === 'and' && (before[0] === 'me' || before[2] === 'i' || before[2] === 'me');
    if (two && BOOKED_VERB.test(lower.slice(at + 6, at + 40))) return true;
  }
  return false;
}
const MAX_BOOKED_CHARS = 4000;
const BOOKED_VERB = /^(?:now )?(?:booked|arranged|scheduled|fixed|sorted|set up|pencilled in) (?:a|our|the|it|in|for)\b/;

/** Asking for the words they can reply with. */
const ASKS_FOR_THE_LIST = /\b(?:list|reminder) of (?:the )?(?:things|words|replies|options|commands|keywords)\b|\b(?:things|words|options|commands|keywords) (?:that )?i can (?:reply|write|send|say|use)\b/;
/**
 * "…the welcome email that set out the various things one can reply with. Could you send me the full list
 * again?": the things one can reply with, and, in the next 200 characters, the list asked for again. One
 * pattern, then one on the bounded slice after it.
 */
function asksForTheList(lower: string): boolean {
  if (ASKS_FOR_THE_LIST.test(lower)) return true;
  const things = THINGS_ONE_CAN_REPLY.exec(lower);
  return things !== null && SEND_AGAIN.test(lower.slice(things.index, things.index + 200));
}
const THINGS_ONE_CAN_REPLY = /\b(?:things|words|options|commands|keywords) (?:that )?(?:one|you|we) can (?:reply|write|send|say|use)\b/;
const SEND_AGAIN = /\b(?:send|resend|re-send|remind)\b/;
const SOMEONE_ELSE =
  /\b(?:send|forward|pass) (?:him|her|them|it to (?:him|her|them|my colleague))\b[^.!?\n]{0,20}\b(?:invit\w*|on)\b|\binvite (?:him|her|them|my colleague)\b|\b(?:colleague|manager|team ?mate|deputy)\b[^.!?\n]{0,60}\b(?:would (?:love|like|be (?:really |very )?(?:keen|interested|up for it|happy))|might (?:like|be interested)|is (?:keen|interested))\b|\b(?:in my place|instead of me)\b/;
const STAYING =
  /\b(?:pause me|pause my|skip (?:this|the next)|keep me (?:in|on)|still (?:keen|happy|want) to (?:be matched|take part|stay)|happy to (?:stay|be matched|remain)|(?<!\b(?:sense|point|reason|want|wish) (?:for me )?to )(?:remain|stay) in the scheme|(?:change|update) my (?:organi[sz]ation|phone|number|email|details|name)|match me again)\b/;

/**
 * The same words after different questions. To "did you meet?": yes is MET and no is NOT MET. To an
 * invitation: giving this round a miss, or "not for me", is a no to the scheme. To any later mail from
 * the scheme, a no to it ("it isn't for me any more") is leaving it.
 */
function inContext(read: ReadIntent, said: string, asked: Asked, detailsGiven: boolean): ReadIntent {
  // "Morning, yes we did - had a really good call": the answer after the greeting.
  const lower = said.replace(GREETING, '');
  // "Yes please! Definitely still want to be matched" to a reminder or "still want to be matched?", with no
  // details typed: a yes to staying in, for the caller to read by their state, not a join.
  if (asked === 'reminder' && read.intent === 'join' && !detailsGiven) return { ...read, intent: /\?/.test(lower) ? 'other' : 'yes' };
  // "Please stop sending me these – I'll just wait to hear who I'm matched with": the reminders, not the scheme.
  if (asked === 'reminder' && read.intent === 'stop' && /\b(?:these|the reminders?)\b/.test(lower) && /\b(?:matched|match me|introduc\w*|wait to hear|still (?:want|happy))\b/.test(lower)) {
    return { ...read, intent: 'quiet' };
  }
  // Not a complaint ("We did meet but he spent it pitching his consultancy"), nor a reply read as for a
  // person already (two requests in one): a person reads those.
  if (asked === 'follow-up' && !COMPLAINT.test(lower) && !read.question && (read.intent === 'yes' || read.intent === 'other' || read.intent === 'join' || read.intent === 'update' || read.intent === 'decline')) {
    if (/^(?:yes|yep|yeah|yup|we did|i did|indeed|definitely|absolutely|sure did)\b/.test(lower)) return { ...read, intent: 'met' };
    if (/^(?:no|nope|nah|naddo|sadly not|afraid not|not really|we didn'?t|i didn'?t|unfortunately not|sadly,? no)\b(?!\s+(?:problem|worries))/.test(lower) && !/\bnot yet\b/.test(lower)) {
      return { ...read, intent: 'not_met' };
    }
  }
  // To "did you meet?": "We did - we met for a coffee on Monday" tells a meeting held, not one booked;
  // "Sadly not this time - it fell through" is no meeting, not a round sat out.
  if (asked === 'follow-up' && !COMPLAINT.test(lower) && !read.question) {
    if (read.intent === 'booked' && /^(?:yes|yep|yeah|we did|i did)\b/.test(lower) && PAST_MEETING.test(lower) && !/\b(?:will|going to|next|booked|arranged|pencilled)\b/.test(lower)) return { ...read, intent: 'met' };
    if ((read.intent === 'skip' || read.intent === 'cant_make_it') && /^(?:no|nope|sadly not|afraid not|unfortunately not|we didn'?t|i didn'?t|not this time)\b/.test(lower)) return { ...read, intent: 'not_met' };
  }
  // After an introduction or a nudge the person is in a group: "not this month" is about its meeting (a
  // raincheck). Before a round (a reminder) it is sitting the round out; to an invitation, as SKIP.
  if ((asked === 'nudge' || asked === 'introduction') && read.intent === 'skip') return { ...read, intent: 'cant_make_it' };
  if ((asked === 'reminder' || asked === 'invitation') && read.intent === 'cant_make_it') read = { ...read, intent: 'skip' };
  // A no to the invitation stops all mail for good, so not when they say they would come later.
  if (asked === 'invitation' && read.intent === 'skip' && !/\b(?:next (?:round|month|time|one)|later on|in the new year|count me in|sign me up)\b/.test(lower)) {
    return { ...read, intent: 'decline' };
  }
  // "Not for me thanks" typed in a hurry ("Not fir me thanks"): a short polite no to the invitation.
  if (asked === 'invitation' && read.intent === 'other' && !read.question && /^not\b/.test(lower) && /\bthank/.test(lower) && lower.split(/\s+/).length <= 6 && !/\b(?:yet|sure)\b|\?/.test(lower)) {
    return { ...read, intent: 'decline' };
  }
  if ((asked === 'welcome' || asked === 'introduction' || asked === 'nudge' || asked === 'reminder' || asked === 'follow-up') && read.intent === 'decline' && !/\b(?:this (?:month|round|time)|for now)\b/.test(lower)) {
    return { ...read, intent: 'stop' };
  }
  // Words of joining with no details, from someone already in ("Happy to be matched with someone else if
  // not"): nothing to join; a person reads what they mean.
  if ((asked === 'welcome' || asked === 'introduction' || asked === 'nudge' || asked === 'follow-up') && read.intent === 'join' && !detailsGiven) return { ...read, intent: 'other', question: true };
  return read;
}

function readWords(
  reply: string,
  subject: string | null,
  fields: Fields,
  now: Date = new Date(),
  zone = 'Europe/London',
  evidence: { labelledDetails?: boolean; asked?: Asked; own?: string; fromName?: string | null; stated: boolean; forThem?: boolean },
): ReadIntent {
  const original = reply;
  reply = withoutTakenBack(reply);
  const text = significantText(reply, subject);
  // Curly apostrophes (iPhone, Outlook, Word) read as straight ones: "I’m" is "I'm". Then what is said but
  // not meant is set aside (see notMeant).
  const lower = notMeant(withApostrophes(text.toLowerCase().replace(/[’‘]/g, "'")));
  // "Hi there, STOP please", "Please skip": the command word after a greeting or a please.
  // What follows a greeting ("Hi there, STOP please", "Morning - not yet"): where a reply's first words are.
  const opening = lower.replace(GREETING, '');
  // "Cymorth / Help", "Stopio / Stop": a command written in Welsh and English, as bilingual bodies write
  // everything; the English word after the slash is the command.
  // (Read on the reply's first line: `lower` has its line breaks folded.)
  const bilingual = BILINGUAL_COMMAND.exec(reply.trimStart().slice(0, 80).toLowerCase())?.[1];
  const said = bilingual && COMMAND_WORDS.has(bilingual) ? bilingual : typedCommand(firstWord(opening.replace(/^(?:please|pls|kindly)\s+/, '')));
  // "Apologies for the slow reply.\n\nBOOKED Tuesday 17 November, 10.30am": a command in capitals at the
  // start of a later line, as the mails ask for it.
  // "Sorry ignore my last, I meant SKIP not stop": the word they meant.
  const meant = /\bi meant (skip|pause|quiet|resume)\b/.exec(lower)?.[1];
  // "Ignore that NOT MET, sorry – we did meet": a command taken back is not read in capitals either.
  // "NOT MET … actually hang on, scratch that. … So MET": what follows the correction, in capitals too.
  const shouting = retracted(jokeAside(selfCorrected(reply)));
  const first = meant ?? (COMMAND_WORDS.has(said) ? said : (shoutedCommand(shouting) ?? shoutedInSentence(shouting) ?? said));
  const result = (intent: Intent, extra: Partial<ReadIntent> = {}): ReadIntent => ({
    intent,
    pauseUntil: null,
    cadence: null,
    ...extra,
  });

  // Nothing left once what they took back is set aside ("STOP. Actually scrap that."): a person reads it.
  const tookBack = reply !== original || SELF_CORRECTED.test(text);
  if (lower === '' || (tookBack && !/\p{L}/u.test(lower))) return result('other', tookBack ? FOR_A_PERSON : {});
  // "Could you send me the list of things I can reply with? I know about PAUSE and STOP": the words named
  // are the ones they know; the list is what they ask for.
  if (!COMMAND_WORDS.has(said) && asksForTheList(lower)) return result('help');
  // "SKIP please … And QUIET as well": two commands at once; a person does both.
  if (shoutedCommands(shouting).size >= 2) return result('other', FOR_A_PERSON);
  // "SKIP? Not a chance – these are the highlight of my month": a command refused, nothing to do.
  if (/^(?:skip|stop|pause|quiet|delete|unsubscribe)\s?[?!]+\s?(?:not a chance|no way|absolutely not|certainly not|never|nope|no\b|not likely|as if)/.test(lower)) return result('other', FOR_A_PERSON);
  const aboutMeeting = evidence.asked === 'nudge' || evidence.asked === 'introduction' || evidence.asked === 'follow-up';
  // A complaint, or a request about a partner ("he pitched his consultancy", "can we be paired again?"):
  // a person answers it, whatever MET or NOT MET it also says.
  if (aboutMeeting && (COMPLAINT.test(lower) || askedInOneSentence(text, PARTNER_REQUEST))) return result('other', FOR_A_PERSON);

  // "remove me" alone means "off the list" (stop); removing *data* is erasure; "remove my details from
  // your list" is the list.
  if (says(lower, /\bremove (?:my|this|our|the) (?:details|name|address|e-?mail(?: address)?|mailbox|inbox|account) from (?:your|the|this) (?:list|mailing list|database|scheme|distribution list)\b/)) return result('stop');
  if (
    !(DETAIL_REMOVED.test(lower) && !ALL_REMOVED.test(lower)) && (first === 'delete' ||
    // Welsh: "dilëwch fy manylion" (delete my details), "dileu fy manylion i gyd".
    says(lower, /\b(?:dil[eë]wch|dileu|dilewch)\s(?:fy|y)\s(?:manylion|data|gwybodaeth)\b/) ||
    // Not one detail ("please delete my old number - use my mobile instead"): that is a change of details.
    says(lower, /\b(delete|erase|wipe)\s+(all\s+)?(of\s+)?(my|me)\b(?!\s+(?:old|previous|former|work|desk|other)?\s?(?:number|phone|mobile|landline|desk line|e-?mail address|teams|skype|google)\b)|\bremove\s+(all\s+)?(of\s+)?my\s+(personal\s+)?(data|details|information|info|records?)\b/) ||
    says(lower, /\b(forget|erase|delete)\s+me\b|\bright to (be forgotten|erasure)\b/) ||
    // "I want out, and I don't want you keeping my mobile number or anything else once I've gone".
    says(lower, /\b(?:don'?t|do not) want (?:you|anyone) (?:to )?(?:keep|keeping|hold|holding|store|storing|retain|retaining) (?:my|any of my|anything)\b/) ||
    // "get rid of the details I sent you".
    says(lower, /\b(?:get rid of|delete|erase|wipe|remove|destroy) (?:all )?(?:of )?the (?:personal )?(?:details|data|information|info) (?:that |which )?i (?:sent|gave|provided|shared|submitted)\b/) ||
    says(lower, /\bget rid of (?:all )?(?:of )?my (?:personal )?(?:details|data|information|info)\b|\b(?:delete|erase|wipe) (?:it all|everything|them all|all of it)\b/) ||
    // "Please remove me and all of my details from your system": the details, not only the list.
    says(lower, /\b(?:remove|take) me (?:off )?and (?:all )?(?:of )?my (?:personal )?(?:details|data|information|info)\b/) ||
    // "Yes please, do delete them as well", to the mail that offers it.
    /\b(?:do|please|yes,? please,?) delete (?:them|it|those|my details|everything)\b/.test(lower) ||
    // "have all my details deleted", "request the erasure of all personal data you hold".
    says(lower, /\b(?:have|get) (?:all )?(?:of )?my (?:personal )?(?:details|data|information|info|records?) (?:deleted|erased|removed|wiped)\b|\berasure of (?:all )?(?:the |my )?(?:personal )?(?:data|details|information)\b/) ||
    says(lower, /\b(?:delete|erase|wipe|remove)\s+(?:all\s+)?(?:of\s+)?(?:the\s+)?(?:personal\s+)?(?:data|details|information|info|records?)\s+(?:that\s+)?(?:you\s+(?:hold|have|keep)\s+)?(?:about|on|for|of)\s+me\b|\b(?:erase|delete|wipe|remove) everything (?:about|on|you (?:have|hold) (?:on|about)) me\b/)
  )) {
    // "Tell me what you hold; depending on the answer I may ask you to delete it all": MY DATA first.
    const erasing = lower.split(/[.!?;]/).filter((sentence) => /\b(?:delet|eras|wip|get rid)/.test(sentence));
    const hedged = erasing.length > 0 && erasing.every((sentence) => /\b(?:may|might) (?:ask|want|decide|request)\b|\bdepending on\b|\bthen decide\b/.test(sentence));
    if (!hedged) return result('delete');
  }
  if (
    first === 'data' ||
    /^my data\b/.test(lower) ||
    says(lower, /\b(?:tell|let) me (?:exactly |precisely )?what (?:personal )?(?:data |information |details )?(?:you|unmentoring) (?:hold|have|keep|store)\b/) ||
    // Welsh: "yr holl wybodaeth sydd gennych chi amdana i" (all the information you hold about me).
    /\b(?:wybodaeth|data|manylion) (?:sydd )?gennych(?: chi)? (?:amdana i|amdanaf fi|amdanaf)\b/.test(lower) ||
    // "Could you send me everything you have on me", "what information have you got about me".
    says(lower, /\bsend me (?:everything|all|whatever) (?:that )?(?:you (?:have|hold|keep)|you'?ve got|(?:personal )?(?:information|data) you (?:have|hold))(?: (?:stored|held|kept|on file|saved))?\s+(?:on|about) me\b|\bwhat (?:personal )?(?:information|data|info|details) (?:have you got|do you have|you have|you'?ve got|you hold) (?:on|about|for) me\b/) ||
    says(lower, /\bwhat\s+(personal\s+)?(data|information|info|details)\s+(?:(do|does)\s+)?(you|unmentoring)\s+(?:actually\s+|really\s+)?(hold|have|keep|store)|\b(send|give|show)\s+me\s+(a\s+copy\s+of\s+)?(my|the)\s+(personal\s+)?(data|information|details)\b|\bwhat (?:exactly |precisely )?(?:do you|have you got|are you) (?:actually |really )?(?:have|hold|keep|store|holding|keeping|storing) (?:on|about) me\b|\bwhat(?:'s| is) (?:stored|held|kept) (?:on|about) me\b|\bwhat (?:else )?(?:have you got|do you (?:have|hold|keep)|are you keeping) on me\b|\bsubject access request\b|\bSAR\b|\bcopy of (my|the) (personal\s+)?(data|information)\b/i) ||
    says(lower, /\bcopy of (?:all )?(?:of )?(?:the |my )?(?:personal )?(?:data|information|info|details|records?)\b(?: (?:that )?(?:you|unmentoring) (?:hold|have|keep|store))?|\b(?:data|information|info) (?:that )?(?:you|unmentoring) (?:hold|have|keep|store) (?:on|about) me\b|\bcopy of (?:everything|all|whatever)\b[^.?!]{0,40}\b(?:on|about) me\b/)
  ) {
    // "Tell me what you hold, and if it's more than my number I'd like it deleted": two things in an order a
    // person decides. "I might ask you to delete some of it after" is for later: MY DATA now.
    // Not a disclaimer's "delete this message".
    const erasing = lower.split(/[.!?;]/).some((sentence) => /\b(?:delet(?:e|ed|ing|ion)|eras(?:e|ed|ure)|wipe[ds]?)\b/.test(sentence) && !/\b(?:delete|destroy) (?:this|the) (?:message|e-?mail|copy)\b|\bin error\b|\bintended recipient\b/.test(sentence) && !/\b(?:might|may|maybe|perhaps|possibly|later|after|afterwards|then decide)\b/.test(sentence));
    return result(erasing ? 'other' : 'my_data');
  }
  if (
    first === 'quiet' ||
    says(lower, /\b(no|stop( sending)?( the)?|fewer|without)\s+reminders?\b|\bno more reminders\b/) ||
    // "Please don't send me these reminders any more", "no need to email the reminder".
    /\b(?:don'?t|do not|no need to|please don'?t) (?:send|email|e-mail|mail) (?:me )?(?:these|the|those|any(?: more)?|your)? ?(?:reminders?|heads[- ]ups?)\b/.test(lower) ||
    says(lower, /\b(?:stop|no more|don'?t (?:really )?need|do not (?:really )?need|don'?t (?:really )?want|do not (?:really )?want|without|no need (?:to|for)|rather not|prefer not to|turn(?:ing)? off|switch(?:ing)? off)\b[^!?\n]{0,60}\b(?:reminders?|heads[- ]up)\b/) ||
    // "fewer emails please, still want to be matched", "don't need telling beforehand".
    // ("Fewer emails please" alone could be fewer matches too: a person asks.)
    says(lower, /\b(?:don'?t|do not) need (?:telling|to be told|a warning|warning) (?:beforehand|in advance|before)\b/) ||
    // "You don't need to warn me before each round", "you dont need to tell me every time".
    /\b(?:(?:don'?t|dont|do not) need to|no need to) (?:warn|remind|tell|email|e-mail|message|mail) me (?:before|ahead|in advance|beforehand|each|every)\b/.test(lower) ||
    /\bjust not (?:all )?(?:the |these )?reminders\b|\bnot (?:all )?the reminders\b/.test(lower) ||
    // "Can you just send me the intros from now on?": the introductions only, none of the rest.
    /\b(?:just|only) (?:send|email|e-mail) me the (?:intros|introductions|matches)\b|\bdelete the reminders?(?: e-?mails)?\b/.test(lower)
  ) {
    return result('quiet');
  }
  // "Happy to be matched, but I'm leaving Leeds City Council on Friday, so could you change my organisation
  // to NHS England?", "please keep me in but update me to: …": the change asked for, whatever else it says
  // about leaving or staying, from someone in the scheme.
  const changed = ASKS_CHANGE.exec(lower);
  // "Please change my phone … Also, could you add my colleague Fran to the scheme?", "… and can you make sure
  // I'm not matched with anyone from Police Scotland?": besides the change, a request only a person can act on.
  if (changed && evidence.asked !== 'invitation' && (FOR_THE_ORGANISER.test(lower) || MATCHING_REQUEST.test(lower))) return result('other', FOR_A_PERSON);
  // (Not with a pause or NOT YET as well: two things, read below as for a person.)
  if (changed && first !== 'booked' && evidence.asked !== 'invitation' && fieldFor(changed[1] ?? changed[2] ?? changed[3]!, fields) !== null && !/\b(?:pause|skip|not yet|booked yet|hold off|sit (?:this|the next) one out)\b/.test(lower)) {
    return result('update', { cadence: cadenceIn(lower) });
  }
  // "Can you take me out for six weeks?", "take me off the list for a while", "best not match me until
  // then": out of the matching for a time is a pause, whatever the words (out for good is STOP, one round
  // SKIP).
  if (evidence.asked !== 'invitation' && outForATime(lower) && !aboutMeetingHeld(lower, aboutMeeting)) {
    if ((evidence.stated && UPDATE_WORDS.test(lower)) || cadenceIn(lower)) return result('other', FOR_A_PERSON);
    return result('pause', { pauseUntil: pauseDate(reply.trim() !== '' ? reply : (subject ?? ''), now, zone) });
  }
  if (
    first === 'stop' ||
    first === 'unsubscribe' ||
    // Welsh: "tynnwch fi oddi ar y rhestr" (take me off the list), "gadael y cynllun" (leave the scheme).
    /\btynnwch fi (?:oddi ar|o)\b|\b(?:g|)adael y cynllun\b/.test(lower) ||
    // Scottish Gaelic: "mo thoirt far an liosta" (take me off the list), "thoiribh far an liosta mi".
    /\bmo thoirt far an liosta\b|\bthoiribh (?:mi )?far an liosta\b/.test(lower) ||
    // Welsh STOP: "stopiwch" (stop, to you), "stopiwch anfon" (stop sending).
    /^stopiwch\b|\bstopiwch (?:fi|anfon|y negeseuon|yr e-?byst)\b/.test(lower) ||
    says(lower, /\bunsubscribe\b|\b(take|remove|delete)\s+me\s+(off|from)\s+(your|the|this)\b|\b(?:take|remove) me off\b(?! (?:pause|hold))|\b(?:take|remove) (?:it|this (?:address|mailbox|inbox)|us|this) off (?:your|the) (?:list|mailing list|distribution list)\b|\btake me out of (?:it|this|the scheme|your list|the list|(?:any |all )?(?:future|further|upcoming|more) (?:rounds|matches|matching|introductions))\b|\b(?:don'?t|do not) (?:include|put) me in (?:any )?(?:future|further|more) (?:rounds|matches)\b|\bno more (?:introductions|matches|emails|mails|messages)\b|\bremove my (?:details|name|address|email) from (?:your|the|this) (?:list|mailing list|database|scheme)\b|\bremove me\b|\bopt(ed)?[\s-]out\b|\bstop\s+(emailing|sending|contacting|messaging)\s+me\b|\bno more emails\b|\b(want|like)\s+to\s+(leave|stop|quit)\b|\bleave the scheme\b/) ||
    // "Please don't match me again, I'm out", "bow out of Unmentoring altogether", "leave properly".
    says(lower, /\b(?:don'?t|do not) match me again\b(?!\s+(?:until|till|til|before|for|while|this|next|after))|(?:^|[,;!-] ?|\. )i'?m out\b(?=\s*[.!]|\s*$)|\b(?:bow|drop|pull|step|opt) out of (?:unmentoring|the scheme|this scheme|it all)\b|\bleave properly\b/)
  ) {
    return result('stop');
  }
  // The answers to "have you found a time?" (the nudge), to any mail: BOOKED and the time, NOT YET, CAN'T
  // MAKE IT; and, to the mails about a meeting (the introduction, the nudge, "did you meet?"), the same
  // said in people's own words.
  // To "did you meet?", NOT MET in capitals, as the mail asks for it, wherever it stands ("Sadly, not this
  // time. … So it's a NOT MET from me"), unless reported ("I nearly replied NOT MET").
  // (Someone wavering, "not sure I've got the time for this any more", is read below, for a person.)
  if (evidence.asked === 'follow-up' && /\bNOT MET\b/.test(shouting) && !/\b(?:reply|replied|replying|say|said|typed?|write|wrote)\s+["“']?NOT MET\b/i.test(shouting) && !WAVERING.test(lower) && !askedInOneSentence(text, FOR_THE_SERVICE)) return result('not_met');
  if (/^(?:not yet|not quite(?: yet)?|not as yet|dim eto|not (?:booked|arranged|sorted|fixed|met) yet)\b/.test(opening)) {
    // "Not yet – but we've a call in the diary for Wednesday 25 November at 2pm": booked.
    const later = aboutMeeting ? meetingWords(lower.replace(/^(?:not yet|not quite(?: yet)?|not as yet|dim eto|not (?:booked|arranged|sorted|fixed|met) yet)\b/, ''), text, now, zone) : null;
    if (later?.intent === 'booked') return result('booked', { booking: later.booking });
    // "Not booked yet – and could you update my number to …": two things; a person does both. "Not yet …
    // would it be better to match me with someone else?": a question only a person can answer.
    // "Not yet … could you pause me until I'm back?": two things.
    return (evidence.stated && UPDATE_WORDS.test(lower)) || askedInOneSentence(text, FOR_THE_SERVICE) || PAUSE_WORDS.test(lower) ? result('other', FOR_A_PERSON) : result('not_yet');
  }
  // To "did you meet?": "Sadly it didn't happen. We had it booked for last Wednesday but …" is no meeting,
  // whatever booking it tells of (read below as NOT MET).
  const fellThrough = evidence.asked === 'follow-up' && first !== 'booked' && /\b(?:didn'?t|did not|never) (?:happen|take place|come off)\b|\bfell through\b/.test(lower);
  if (!fellThrough && (first === 'booked' || /^(?:all |we'?re |we are |it'?s )?booked\b/.test(lower) || says(lower, /\b(?:we'?ve|we have|i'?ve|i have) (?:now )?(?:booked|arranged|scheduled|fixed|sorted|set up|pencilled in) (?:a|our|the|it|in|for)\b|\bbooked in for\b/) || bothHaveBooked(lower))) {
    // "We've pencilled in the week of the 30th, but haven't settled on a day or time yet": still finding one.
    if (aboutMeeting && first !== 'booked' && STILL_FINDING.test(lower)) return result('not_yet');
    // "BOOKED - Wednesday 18 November, 3.30pm. Also, could you update my phone number?": two things.
    if (evidence.stated && UPDATE_WORDS.test(lower)) return result('other', FOR_A_PERSON);
    return result('booked', { booking: bookingTime(text, now, zone) });
  }
  if (
    /^(?:sorry,? )?(?:i |we )?(?:can'?t|cannot|won'?t be able to) make it\b/.test(lower) ||
    says(lower, /\b(?:can'?t|cannot|won'?t be able to) make (?:it|the (?:call|meeting|chat|coffee))\b|\brain ?check\b/) ||
    // "I'm going to have to duck out of this one", "pull out of this round".
    says(lower, /\b(?:not (?:going to be )?able to|can'?t|cannot|won'?t be able to|no way (?:i|we) can) fit (?:this|it|our (?:call|chat|meeting)) in(?: this (?:month|round|time))?\b/) ||
    says(lower, /\b(?:duck|pull|drop|bow|back) out of (?:this one|this round|this month|the (?:call|meeting|chat|coffee)|our (?:call|meeting|chat|coffee))\b/) ||
    // "Best call it off for this round", "let's call this one off".
    says(lower, /\bcall (?:it|this(?: one)?|the (?:call|meeting|chat|coffee)|our (?:call|meeting|chat|coffee)) off\b|\bcall it a day (?:for|on) (?:this (?:round|month|one|time)|now)\b/) ||
    /\b(?:don'?t|do not) think (?:i|we)(?:'ll| will)? (?:(?:can|could|be able to) )?(?:make|do|manage) (?:it|this one|this round|this month|the (?:call|meeting|chat))\b/.test(lower) ||
    // "I won't be able to meet Dan this round", whichever of our mails it answers: a meeting with someone named.
    says(text.replace(/[’‘]/g, "'"), /\b(?:won'?t|will not|can'?t|cannot|unable to|not able to|no longer able to)\s(?:be able to\s)?meet\s(?:up with\s)?\p{Lu}[\p{L}'’-]+\s(?:this (?:round|month|time)|after all)\b/u)
  ) {
    return result('cant_make_it');
  }
  if (aboutMeeting && !fellThrough) {
    const own = meetingWords(lower, text, now, zone);
    // "Could you change me to every other month? We're still trying to find a date for this one": the
    // request is the new cadence; the meeting still being arranged is what it says around it.
    const asksCadence = own?.intent === 'not_yet' && cadenceIn(lower) !== null && CADENCE_REQUEST.test(lower);
    if (own?.intent === 'not_yet' && askedInOneSentence(text, FOR_THE_SERVICE)) return result('other', FOR_A_PERSON);
    if (own && !asksCadence) return own.intent === 'booked' ? result('booked', { booking: own.booking }) : result(own.intent);
  }
  // Details typed after labels with a yes, and "could you hold off matching me until 4 January": the join
  // first, and the pause for a person to set (the question goes to the organiser).
  // "Yes please – … could you hold off until I send you my new work details?": the details are still to come.
  if (evidence.asked === 'invitation' && PAUSE_WORDS.test(lower) && DETAILS_TO_COME.test(lower)) return result('other', FOR_A_PERSON);
  // To the invitation, a yes that is not yet one person's join (a team's, several people's, one that waits
  // on our answer or on details to come): a person sorts it out.
  if (evidence.asked === 'invitation' && notOneOwnJoin(lower, reply, fields, evidence.stated === true)) return result('other', FOR_A_PERSON);
  if (evidence.labelledDetails && evidence.asked === 'invitation' && /^(?:hi\W+|hello\W+)?(?:yes|yeah|yep)\b|\b(?:count me in|sign me up|i'?d love to|happy to join)\b/.test(lower) && PAUSE_WORDS.test(lower)) {
    return result('join', { cadence: cadenceIn(lower), question: true });
  }
  // "I'll have to pause for Christmas but otherwise yes, I'd love to" with details: a join first.
  if (evidence.labelledDetails && /\b(?:but|otherwise)\b[^.!?\n]{0,20}\b(?:yes|count me in|i'?m in|i'?d love to|happy to|sign me up)\b/.test(lower)) {
    return result('join', { cadence: cadenceIn(lower) });
  }
  // "Could you take me off pause and match me again from the December round?": back in, from when they say.
  if (evidence.asked !== 'invitation' && says(lower, /\b(?:take|bring|get) me off (?:pause|hold)\b/)) return result('resume');
  // "HELP" on a line of its own after a question about pausing: the list of words, not a pause.
  if (
    first === 'pause' ||
    first !== 'help' && says(lower, /\b(pause|put)\s+(?:(?:me|my\s+\w+)\s*)?(on hold|on pause|until|till|til|for)\b|\b(?:take|need|want|taking|needing) a (?:short |little |bit of a |wee )?(?:break|rest|breather)\b|\bpause me\b|\bon hold\b|\bhold off (?:on )?matching\b|\b(?:stop|pause) matching me (?:while|until|till|for)\b|\btake me out of (?:the )?(?:draw|matching|rounds?|next round)s?(?: for (?:now|a while|a bit|the time being)| until| till)\b/) ||
    // Welsh: "seibiant" (a break), "saib"; "allwch chi fy oedi tan …" (can you pause me until …), "oedwch fi".
    /\b(?:seibiant|saib)\b/.test(lower) ||
    /\b(?:fy oedi|oedi fi|oedwch fi|oedi fy (?:aelodaeth|nghyfranogiad))\b/.test(lower) ||
    says(lower, /\bhold (?:off|fire)\b|\b(?:don'?t|do not) match me (?:with anyone )?(?:again )?(?:until|till|before|for|while)\b|\bhold me (?:till|until|for|over)\b|\bmatch me again (?:from|after|in)\b|\bleave me out (?:until|till|for)\b|\bnot this month or (?:the )?next\b/)
  ) {
    // "Change my phone to 07700 900631, and please pause me until January", "We did meet - but could you
    // pause me for six weeks?": two things; a person does both.
    // To the invitation with their details: joining and a pause at once ("sign me up now and hold off
    // matching me until I'm back"); a person sets both.
    // "can you change my organisation then, and pause me until I've started?": a change asked for in words.
    if ((evidence.stated && (UPDATE_WORDS.test(lower) || evidence.asked === 'invitation')) || ASKS_CHANGE.test(lower) || (aboutMeeting && (/\bwe (?:did )?(?:meet|met)\b/.test(lower) || PAST_MEETING.test(lower)))) return result('other', FOR_A_PERSON);
    // "Could I sit this one out? … Fine to match me again in December": one round, asked as such.
    if (/\bsit (?:this|the next) one out\b|\bskip (?:this|the next) (?:one|round)\b/.test(lower) && !/\bpause\b/.test(lower)) return result('skip');
    // The date is read from the words as written, line breaks kept: a sentence ends at one.
    return result('pause', { pauseUntil: pauseDate(reply.trim() !== '' ? reply : (subject ?? ''), now, zone) });
  }
  if (
    first === 'skip' ||
    // Welsh: "dim y tro hwn" (not this time), "dim y mis yma" (not this month).
    /\bdim y (?:tro hwn|mis (?:yma|hwn))\b/.test(lower) ||
    // "Sgipio'r rownd yma" (skip this round), "sgipiwch fi".
    /\bsgipio['’]?r (?:rownd|tro|mis)\b|\bsgipiwch fi\b|^sgipio\b/.test(lower) ||
    saysOutright(lower, /\b(?:don'?t|do not) (?:match|include|pair) me (?:with anyone )?this (?:time|round|month)\b/) ||
    saysOutright(lower, /\bskip\s+(this|the|next|me)\b|\bsit (this|the next) one out\b|\bmiss (this|the next) (one|round|month)\b|\bmiss (?:out )?(?:on )?this (?:round|one|month)\b|\b(?:could|can|may) i (?:please )?miss (?:out )?(?:on )?(?:the|my) first (?:round|one)\b|\bnot this (month|round|time)\b/) ||
    saysOutright(lower, /\b(?:leave|leaving|left) me out (?:of )?(?:this|the next|the first|next|this next|the (?:january|february|march|april|may|june|july|august|september|october|november|december)) (?:one|month|round|time)\b|\bleave me out this (?:month|round|time)\b|\b(?:sit|sat|sitting) (?:this|the next) (?:round|month|time|one) out\b|\b(?:sit|sat|sitting) out (?:this|the next) (?:one|round|month)\b/) ||
    saysOutright(lower, /\bgive (?:this|the next|it) (?:one |round |month )?a miss\b|\bgive it a miss this (?:time|month|round)\b|\bcount me out (?:of )?(?:this|the next) (?:one|round|month|time)\b|\b(?:can'?t|cannot) (?:do|make) (?:it )?this (?:month|round|time|one)\b|\bgive (?:this|the next|it) one a miss\b/)
  ) {
    // SKIP and a new cadence in one reply, or MET and SKIP the next round: two things to do; a person does both.
    // "Can I skip the next two rounds?": more than one round is not SKIP; a person sets it.
    // ("It's been a tough few months … skip this one": the months are not what they ask to miss.)
    return cadenceIn(lower) || (aboutMeeting && saysMet(lower, reply)) || /\b(?:skip|miss|sit out|out of|out for|off for|leave me out (?:of|for))\s(?:a |the )?(?:next )?(?:two|three|four|2|3|4|couple of|few|several) (?:rounds|months|sessions)\b/.test(lower) ? result('other', FOR_A_PERSON) : result('skip');
  }
  // RESUME said as such, to any mail; in other words, not to an invitation (nobody resumes from one): "I'm
  // back in London in December and would love to join".
  if (
    first === 'resume' ||
    first === 'unpause' ||
    (evidence.asked !== 'invitation' &&
      (says(lower, /\b(resume|unpause|restart)\b|(?<!\b(?:when|once|until|till|til|after) )\bi'?m back\b|\bcount me back in\b|\bstart (matching|sending)?\s*(me\s+)?again\b/) ||
        // "I paused in July … I'd like to start being matched again", "I'd like to be back in from the next round".
        says(lower, /\b(?:like|love|want|ready|keen|happy) to (?:be back in|come back in|go back in|start being matched again|start getting matched again|be matched again from|be put back in)\b/) ||
        // "please include me again", "put me back into the matching".
        // "That STOP was meant for a different mailing list … I'd like to stay in": after a STOP taken back.
        ((evidence.asked === null || evidence.asked === undefined || retracted(reply) !== reply) && says(lower, /\b(?:like|want|love|wish) to stay in(?: unmentoring| the scheme| it)?\b(?!\s+(?:touch|contact|london|post|the (?:job|role)))/)) ||
        says(lower, /\binclude me again\b|\bbe included again\b|\b(?:switch|turn|put) me back on\b|\b(?:put|add) me back (?:in|into|on)\b|\bback into the (?:matching|rounds?|draw|list)\b/) ||
        // "Happy to be matched again", after a pause; after a meeting that did not happen it is only kind.
        (!aboutMeeting && says(lower, /\b(?:glad|happy|keen|ready|like) to be matched again\b|\bmatch me again (?:from )?(?:now|the next round|next time)\b/)) ||
        says(lower, /\b(?:put|add|let) me back in\b|\bkeep me in\b|\b(?:i'?m|yes,?) still in\b(?=\s*(?:[.!,;)]|$|for\b|please\b|thanks\b))|\bdidn'?t mean to (?:leave|stop|unsubscribe)\b|\bre-?instate me\b/)))
  ) {
    return result('resume');
  }
  // Not to an invitation: nobody has been introduced yet ("people I haven't met" is anyone).
  if (
    evidence.asked !== 'invitation' && (
    /^not\s+met\b/.test(lower) ||
    says(lower, /\b(didn'?t|did not|haven'?t|have not|couldn'?t|could not|weren'?t able to|were not able to|never)\s+(?:actually\s+)?(manage\s+to\s+|managed\s+to\s+|get\s+to\s+|get\s+round\s+to\s+)?(meet|met|catch up|talk|speak)\b/) ||
    /\b(?:didn'?t|did not|never) (?:happen|take place|come off)\b|\b(?:didn'?t|did not|couldn'?t|could not) (?:quite )?manage (?:it|to (?:meet|find|make))\b|\bnever (?:quite )?managed? (?:it|to (?:meet|find|make))\b|\bnever (?:replied|got back|answered|responded)\b|\b(?:didn'?t|did not|haven'?t|have not) (?:hear(?:d)? back|get a reply|had a reply)\b|\bnot heard (?:anything )?back\b|\bheard nothing (?:back )?from\b|\bno (?:reply|response) from\b|\b(?:couldn'?t|could not|can'?t) get hold of\b/.test(lower)
  )) {
    // "We didn't manage to meet in person … but we had a really good hour on Teams": they met, another way.
    if (/\bbut (?:we|i) (?:had|have had|spoke|talked|chatted|caught up|did (?:speak|talk|chat|meet)|managed)\b/.test(lower)) return result('met');
    // "NOT MET. Honestly not sure I've got the time for this any more … not sure what to do": someone
    // wavering, whom a person should answer.
    // "… not heard anything back. Is he still taking part?": a question only a person can answer.
    return WAVERING.test(lower) || askedInOneSentence(text, FOR_THE_SERVICE) ? result('other', FOR_A_PERSON) : result('not_met');
  }
  // Welsh too: "fe wnaethon ni gwrdd" (we met), "wedi cwrdd" (have met); "wnaethon ni ddim cwrdd" (we did
  // not meet). And NOT MET in capitals anywhere, as the mail asks for it.
  if (/\b(?:heb|ddim wedi|ddim) (?:gwrdd|cwrdd|cyfarfod)\b/.test(lower) || /\bNOT MET\b/.test(shouting)) return result('not_met');
  if (
    first === 'met' ||
    ALREADY_MET.test(lower) ||
    // "already met lol - she came down the station for a brew", to a mail about the meeting.
    (aboutMeeting && /^(?:already|actually|just) (?:met|spoke|talked|chatted)\b/.test(opening)) ||
    // "Did we meet?! We've practically set up a joint working group": asked back, in answer.
    (evidence.asked === 'follow-up' && /^did we (?:ever |actually )?meet\s?\?!/.test(lower)) ||
    // "Thanks for the chat this morning Alan, really useful", to a mail about the meeting.
    (aboutMeeting && /\bthanks? (?:you )?(?:so much |again )?for (?:the|our|a|your time (?:on|at|in) (?:the|our)) (?:[\w-]+ ){0,2}(?:chat|call|coffee|conversation|catch[- ]up|meeting|natter|cuppa)\b/.test(lower)) ||
    // "Thanks for this afternoon – I really enjoyed it": a time they spent together, past.
    (aboutMeeting && /\bthanks? (?:you )?(?:so much |again )?for (?:this (?:morning|afternoon|evening)|today|earlier(?: today)?|yesterday|(?:last |on )?(?:monday|tuesday|wednesday|thursday|friday))(?!['\w])(?! (?:introduction|intro|email|mail|message))/.test(lower)) ||
    /^(?:hi|hello|hiya|hey|morning|afternoon|thanks|thank you)\b[\s,!.-]{0,4}met\b/.test(lower) ||
    says(lower, /\bwe('ve| have)?\s+(?:(?:actually|already|finally|just|did|now) ){0,2}met\b|\b(?:(?:we|i)\s+)?(had|have had)\s+(a|our)\s+(\w+\s+){0,2}(chat|coffee|call|meeting|catch[- ]up|conversation|natter|blether|cuppa|brew)\b/) ||
    says(lower, /^(?:we |i )?(?:spoke|talked|chatted|caught up|met up)\b|\b(?:we|i) (?:actually |already |finally |did )?(?:spoke|talked|chatted|caught up|met up)\b|\band i (?:have )?(?:met|spoke|talked|chatted|caught up)\b|\b(?:spoke|talked|chatted) (?:to|with) \p{L}+ (?:yesterday|today|last|on|this)\b/u) ||
    /\b(?:wnaethon ni (?:gwrdd|gyfarfod)|cwrddon ni|gwrddon ni|wedi cwrdd|wedi cyfarfod|cawsom (?:ni )?(?:sgwrs|gyfarfod|alwad|goffi|paned))\b/.test(lower) ||
    /\bthe (?:meeting|call|chat|conversation) (?:took place|happened|went ahead)\b|\bwe did meet\b/.test(lower) ||
    // "We actually managed to speak on Monday afternoon".
    says(lower, /\b(?:we|i) (?:(?:actually|finally|eventually|did) )?managed to (?:speak|meet|talk|chat|catch up|have (?:a|our) (?:call|chat|coffee))\b/) ||
    // "I met Siobhán from the Housing Executive last Thursday", from someone in the scheme (not to the
    // invitation, where "I met Sarah at a conference" is how they heard of us).
    (evidence.asked !== 'invitation' && iMetWhen(text.slice(0, 2000)))
  ) {
    // MET and a new cadence in one reply: two things to do; a person does both. MET and a question ("is
    // there any way I could be matched with someone in health next time?"): a person answers it.
    if (cadenceIn(lower) || askedInOneSentence(text, /\b(?:is there|could i|can i|could you|can you|would it be|is it possible|any way)\b/)) return result('other', FOR_A_PERSON);
    // "MET – good chat. Also new mob: 07700 900 803": the new number is what matters for every match to come.
    if (evidence.stated && /\b(?:new(?!\s+year)|changed|change)\b/.test(lower)) return result('update', { cadence: cadenceIn(lower) });
    return result('met');
  }
  // "every three months instead of every month": the cadence asked for, not the one it replaces.
  const cadence = cadenceIn(lower.replace(/\b(?:instead of|rather than|not)\s+(?:every\s+|once\s+a\s+)?(?:month|quarter|two months|three months|monthly|quarterly|bimonthly|bi-monthly)\b/g, ' '));
  if (
    first === 'help' ||
    /^(i need help|can you help|help me)\b/.test(lower) ||
    /\bwhat (?:actually )?happens (?:now|next)\b|\bwhat (?:do|should) i (?:do|reply with|write|send) (?:now|next)?\b|\bwhat (?:are|were) the (?:words|commands|options)\b|\bwhat (?:can|do|should) i (?:reply|write|send|say)(?: with)?(?: to this)?\b|\bremind me what (?:i can|to) (?:reply|write|send|say)\b|\bwhat i can (?:reply|write|send|say)(?: with)?\b|\bremember the (?:options|words|commands)\b|\bhow (?:would|does|do|will) (?:that|it|this|pausing|skipping) work\b[^.!]{0,80}\?|\b(?:know|what are) my options\b|\bwhich (?:words|commands|keywords|replies) (?:do|can|should) i\b|\bwhat (?:words|commands|keywords) (?:do|can|should) i\b/.test(lower) ||
    /\bwhat'?s the (?:options|words|commands)\b/.test(lower) ||
    // "Sorry, remind me how this works? Can't find the first email with all the options".
    /\bremind me how (?:this|it|the scheme|unmentoring) (?:all )?works\b|\b(?:can'?t|cannot) find the (?:first |original |earlier )?e-?mail with (?:all )?the (?:options|words|commands)\b/.test(lower) ||
    // "I dont understand what I have to do now, can you help".
    (/\b(?:don'?t|dont|do not) (?:understand|know) what (?:i (?:have|need) to|to|i should|i'?m meant to) do\b/.test(lower) && lower.length < 400) ||
    (/\bhelp[.!?]*$/.test(lower) && lower.split(/\s+/).length <= 12 && /\b(?:options|what|how|sorry)\b/.test(lower)) ||
    asksForTheList(lower)
  ) {
    return result('help');
  }

  // Decline is checked before join so that "no thanks, yes I know …" is a decline.
  const declines =
    /^(no|nope|nah)\b(?!\s+(problem|worries|doubt|bother|need))|\bno,?\s+thank(s| you)\b|\bi'?ll pass\b|\bnot for me\b|\bnot interested\b|\bno longer interested\b|\bi'?d rather not\b(?!\s+(?:give|share|provide|pass|put|use|have|hand|send))|\bnot (at the moment|right now|just now)\b|\bplease don'?t (add|sign|include)\b|\b(?:say|saying) no\b|\bno for now\b|\bi'?ll (?:have to )?(?:decline|sit this out)\b|\b(?:must|have to|will have to|need to|am going to have to) (?:politely |respectfully |regretfully )?decline\b|\bdim diolch\b|\bna,? diolch\b|\bnot in a position to (?:take part|join|participate|commit|do this|sign up)\b|\bleave (?:this|it) (?:one )?to (?:others|other people|someone|the)\b|\bnot fair to sign up\b|\bi'?d (?:love|like) to,? but\b(?!\s+(?:only if|only on condition|first|it depends|i'?d need|i need to check))(?![^?]*\?)|\bnot (?:one|something) for me\b|\bnot (?:really )?my (?:thing|cup of tea)\b|\bnot sure (?:this|it|that)(?:'s| is)? (?:really |quite )?(?:for me|my thing)\b|\b(?:don'?t|do not) think (?:this|it|that)(?: one)?(?:'s| is) (?:really |quite )?(?:for me|my thing)\b|\b(?:isn'?t|is not|not really) for me\b|\bthanks,? but (?:i'?m|i am|no)\b|\bbut no\b(?!\s+(?:problem|worries))|\b(?:don'?t|do not) (?:think i )?have the (?:bandwidth|time|capacity|headspace)\b|\bnot (?:really )?up to (?:it|this|anything)\b|\boverwhelmed\b|(?<!\b(?:phone|iphone|mobile|laptop|app|outlook|computer|it|system|screen|keyboard|form|email|e-mail|software|browser) )\b(?:wouldn'?t|won'?t|would not|will not|doesn'?t|does not) (?:allow|let me)\b(?!(?: me)?(?: to)? (?:reply|respond|answer|send|open|click|access|forward|see|get|receive|read|log))|\bnot allowed to\b|\b(?:can'?t|cannot|not able to|unable to) (?:commit|take part|join(?!\s+(?:teams|zoom|skype|google|calls?|meetings?|video|in))|participate|do it)\b|\bdon'?t have (?:the )?(?:time|capacity)\b/;
  // "Yes please! My colleague Jen would like to join too – I've forwarded her this and she'll reply
  // herself": their own join, and nothing for a person to do about the colleague.
  const joinSaid = says(lower, JOIN_PHRASE) || says(opening, JOIN_PHRASE);
  const theirOwnReply = THEY_REPLY_THEMSELVES.test(lower) && (evidence.labelledDetails === true || joinSaid);
  // "Not for me, but my colleague Mererid would love to - could you invite her?": an organiser acts on it.
  if (!theirOwnReply && /\b(?:meant|intended) for (?:my |a )?colleague\b|\bwrong person\b|\b(?:could|can|would) my (?:whole |entire )?(?:team|colleagues?|staff|department|unit|directorate)\b[^.!?\n]{0,30}\b(?:join|take part|sign up|be included)\b|\b(?:send|forward|pass) (?:the |this |your )?(?:invite|invitation|e-?mail) (?:on )?to (?:them|my (?:team|colleagues?|staff))\b|\b(?:could|can|would) you (?:also |please )?invite\b|\binvite my (?:colleague|manager|team)\b|\bmy colleague\b[^.!?\n]{0,40}\bwould (?:love|like)\b/.test(lower)) return result('other', FOR_A_PERSON);
  // To the invitation: "Yes Tuesday at 2 is fine for the strategy meeting", "Yes no bother, I'll cover
  // Thursday" (a yes to something else in their inbox); "could my mobile not be passed on?" (joining shares
  // it); "could you sign me up for when I'm back?" (a join for later); "don't pair me with anyone from
  // …" (a match the pairing cannot promise): a person reads each.
  if (evidence.asked === 'invitation' && (YES_TO_SOMETHING_ELSE.test(lower) || NOT_TO_BE_SHARED.test(lower) || JOIN_FOR_LATER.test(lower) || MATCHING_REQUEST.test(lower))) return result('other', FOR_A_PERSON);
  // "I'd like to join please … we're not allowed to take external calls on it", with the form's answers
  // typed: the constraint is about a channel, not a no to the scheme.
  // "Not a no, but not right now – could you ask me again in January?": what they are not saying.
  // "No - Aberdeenshire Council please!" to the welcome, under the detail it corrects: a change of details.
  if (evidence.asked !== 'invitation' && evidence.asked !== null && evidence.asked !== undefined && correctsADetail(lower, fields)) return result('update', { cadence: cadenceIn(lower) });
  // "Yes please! … Actually, having thought about it while writing this, I'd better not": the yes taken back.
  if (evidence.asked === 'invitation' && YES_TAKEN_BACK.test(lower)) return result('decline');
  const notANo = /\b(?:not|isn'?t|is not|it'?s not) a (?:no|flat no|definite no|hard no)\b/.test(lower) || correctsADetail(lower, fields);
  if (!notANo && saysOutright(lower, declines) && !(evidence.labelledDetails === true && joinSaid)) return result('decline');
  // "I retire at the end of March, so I may only manage a round or two, but … I should be glad to take
  // part": leaving soon is a no only when they do not say yes.
  if (!notANo && saysOutright(lower, LEAVING_SOON) && !joinSaid) return result('decline');

  // ("Google Meet might be better" is a preference, not a doubt; "as you might guess" is nobody's doubt.)
  const ambiguous = /\b(maybe|perhaps|not sure|unsure|(?<!\b(?:you|they|he|she|it|which|that|this|call|chat|meeting|conversation|coffee|diary|time) )might(?! be (?:better|easier|best|simpler|quicker|(?:a (?:bit|little) )?(?:slow|slower|late)))|possibly|who are you|who is this|what is this|what'?s this|is this (a )?(spam|scam|real|legit)|how did you get|only if|as long as|on condition that|on the condition|provided that|am i allowed|am i eligible|is it (?:only )?(?:for )?employees only|if i can|if i'?m (?:allowed|eligible)|is (?:the scheme|it|this) open to|before i send my details|before i (?:sign up|join|commit)|before (?:signing up|joining))\b|^(?:yes|yep|yeah),? i (?:got|received|saw|have seen|read|have read) (?:this|it|your)\b/;
  // Someone writing for another person (a PA, a manager): a person reads it.
  const forSomeoneElse =
    /\bon behalf of\b|\b(?:he|she|they)(?:'d| would) (?:like|love) to (?:join|take part|be (?:matched|involved))\b|\b(?:pa|assistant) to\b|\bfor my (?:boss|manager|colleague)\b|\b(?:remove|take) (?:him|her|them) (?:off|from)\b|\bstop (?:sending|emailing|e-mailing|mailing|writing to) (?:him|her|them)\b|\b(?:he|she) (?:has )?(?:left|retired|moved on)\b|\b(?:no longer works?|has left) (?:here|for|at|with)\b|\b(?:his|her) (?:former |old )?(?:line )?manager\b|\bi'?m (?:his|her) (?:former |old )?(?:line )?manager\b|\b(?:could|can|would) you (?:also |please )?invite\b|\binvite my (?:colleague|manager|team)\b/;
  // A delegate writing from the person's own mailbox ("on behalf of Dr Helen Marsh", From: Helen Marsh),
  // with her details after labels: hers to give, from her address.
  const fromThemselves = evidence.labelledDetails === true && fields.name !== null && sameName(fields.name, evidence.fromName ?? null);
  // From the mailbox of a member who has gone ("Gemma left HMRC at the end of September, so please take her
  // off your list"), to a mail of the scheme's: her mail ends, as her own STOP would end it.
  if (evidence.asked !== 'invitation' && evidence.asked !== null && evidence.asked !== undefined && says(lower, /\b(?:take|remove) (?:him|her|them) (?:off|from)\b/) && /\b(?:left|retired|no longer works?|has moved on)\b/.test(lower)) return result('stop');
  if (says(lower, forSomeoneElse) && !fromThemselves && !evidence.forThem && !theirOwnReply) return result('other', FOR_A_PERSON);
  // Nothing of their own: only the signature their mail program adds (a name, a job title, their body and
  // numbers) above the quoted invitation, most likely sent by mistake. A person asks them.
  if (evidence.asked === 'invitation' && signatureOnly(reply)) return result('other');
  // "Could you move me to quarterly matching instead?" with a signature's details: how often, not new details.
  if (cadence && !evidence.labelledDetails && !/\bmet\b/.test(lower) && (/\b(?:instead|rather than|prefer|change|switch|move me|could i|can i|could you|could ye|can ye|would it be possible|from now on)\b/.test(lower) || /\b(?:less often|less frequently|too often|would be (?:perfect|plenty|ideal|better)|would suit (?:me )?better|suits? me better)\b/.test(lower) || /\b(?:put|move|switch|take) me back (?:to|on)\b|\bgo back to\b/.test(lower))) {
    return result('cadence', { cadence });
  }
  const details = evidence.labelledDetails === true || evidence.stated;
  // "Cumbria? No - Westmorland and Furness Council now": a question they answer themselves asks nothing.
  // And asked without a question mark: "would like to know whether the calls can be booked through me".
  // The question mark of a hedge they answer themselves ("Maybe? … ok go on then") asks nothing.
  const unhedged = withoutAnsweredHedge(lower);
  const question = (/\?(?!\s*(?:no|yes|nope|yep|nah)\b)/i.test(text) && (unhedged === lower || unhedged.includes('?'))) || INDIRECT_QUESTION.test(lower);
  // "Still happy to be matched, but could you update my organisation to NHS Fife?": the change asked for.
  // "I've moved jobs - I'm now at Sheffield City Council … Still happy to be matched": the new body.
  if (evidence.asked !== 'invitation' && fields.organisation !== null && names(reply, fields.organisation) && MOVED.test(lower)) return result('update', { cadence });

  // "I'd love to, but I've left the NHS – am I still eligible?": a question for a person.
  if (says(withoutAskingToBeHad(withoutPromisedConditions(unhedged)).replace(NOT_A_DOUBT, ' '), ambiguous) || (question && /\bi'?d (?:love|like) to,? but\b/.test(lower))) return result('other');
  // "Happy to be matched on Monday. Could my name go out as Siobhán Ní Bhriain?": from someone in the
  // scheme, the change is what they ask; the rest is only kind.
  if (evidence.asked !== 'invitation' && fields.name !== null && NAME_CHANGE.test(lower)) return result('update', { cadence });
  if (joinSaid || says(unhedged, JOIN_PHRASE)) return result('join', { cadence, question });
  if (details) {
    // To the invitation, details with a question and no words of joining ask before they commit. Not our
    // form's lines filled in with a question beside them that sets no condition ("Name: … / Phone: … /
    // Org: …  Quick q - do you pair people who work nights?"): they joined; the question goes to the organiser.
    const filledIn = evidence.labelledDetails === true && !CONDITION.test(lower);
    if (evidence.asked === 'invitation' && question && !filledIn && !/^(yes|yeah|yep|sure)\b/.test(lower)) return result('other');
    // "forgot to say - Google Meet might be better, my google is …": an id added after joining.
    if ((/\b(new|changed?(?!\s+(?:my|her|his|our) minds?)|update[ds]?|updating|moved|correct(ed|ion)?|instead|add|use|replace)\b/.test(lower) || (evidence.asked !== 'invitation' && (/\b(?:forgot to (?:say|mention|add)|might be better|would be better|as well)\b/.test(lower) || asksAChange(lower)))) && !/^(yes|yeah|yep)\b/.test(lower)) return result('update', { cadence });
    // Details with a question and no words of joining ("is this the scheme Jo mentioned?", "I'm a
    // contractor, am I allowed?") ask before they commit: a person answers first.
    if (question && !filledIn && !/^(yes|yeah|yep|sure)\b/.test(lower)) return result('other');
    return result('join', { cadence, question });
  }
  // "I've changed my surname – I'm now Emma Clarke": a new name.
  if (fields.name !== null && NAME_CHANGE.test(lower)) return result('update', { cadence });
  // Corrections in a sentence ("it's Siobhán, and the organisation is Belfast City Council, not BCC").
  if (fields.name !== null && fields.organisation !== null && names(reply, fields.organisation) && /\b(?:corrections?|correct(?:ed|ing)?|updated?|changed?|moved)\b/.test(lower)) {
    return result('update', { cadence });
  }
  if (cadence && (lower.split(/\s+/).length <= 12 || CADENCE_REQUEST.test(lower) || /\b(?:suit|better|would like|possible|only be matched|less (?:often|frequently))\b/.test(lower))) return result('cadence', { cadence });
  // ("Hi yes please!": the yes after a greeting.)
  if (BARE_YES.test(lower) || BARE_YES.test(opening)) return result('yes');
  // "Yes, still want to be matched! Sorry, been a busy summer": a yes with a few words of its own.
  // The words counted without the name they sign with ("…a mad start to term.\n\nOwen").
  if (/^(yes|yeah|yep|yup|sure|ok|okay|of course|definitely|absolutely)\b/.test(opening) && !question && wordsBeforeSignOff(reply) <= 20) return result('yes');
  // Welsh: "Ie plîs!", "Iawn, diolch", "Ydw, os gwelwch yn dda", "Wrth gwrs".
  if (/^(?:ie|iawn|ydw|wrth gwrs)\b/.test(lower) && !question && wordsBeforeSignOff(reply) <= 20) return result('yes');
  return result('other');
}

/**
 * BOOKED, NOT YET and CAN'T MAKE IT in people's own words, read only in answer to a mail about a meeting
 * (the introduction, the nudge, "did you meet?"): "I won't be able to meet Ben this round", "still going
 * back and forth, we'll sort something out next week", "We're all set - Thurs 12th at 2pm". A time agreed
 * counts as booked only when one sentence gives a day and a time to come and the reply asks nothing.
 * Cost: a few bounded patterns, then chrono over at most MEETING_SENTENCES sentences.
 */
function meetingWords(lower: string, text: string, now: Date, zone: string): { intent: 'booked' | 'not_yet' | 'cant_make_it'; booking?: BookingTime } | null {
  if (ALREADY_MET.test(lower)) return null;
  if (
    /\b(?:don'?t|do not) think (?:it'?s|it is|it will|it'?ll|we'?ll|we will|we'?re|we are) (?:going to )?(?:happen|work(?: out)?|manage(?: it)?|make it)\b/.test(lower) ||
    /\b(?:won'?t|will not|can'?t|cannot|unable to|not able to|no longer able to|not going to)\s(?:be able to\s|be\s)?(?:meet(?:ing)?|make|do|manage|join|come|attend|take part)\b[^.!?\n]{0,40}\b(?:this (?:round|month|time)|after all|this one)\b/.test(lower) ||
    // A trio's member: "please go ahead without me".
    /\b(?:go ahead|carry on|have it|meet) without me\b/.test(lower) ||
    /\b(?:not|won'?t|will not|isn'?t going to|is not going to) (?:going to )?(?:happen|happening|work(?:ing)? out) this (?:month|time|round)\b/.test(lower) ||
    /\b(?:this one|it|this|the meeting|our meeting|the call) (?:isn'?t|is not|won'?t|will not) (?:going to )?happen\b/.test(lower) ||
    /\b(?:bow|pull|drop) out\b(?! of (?:the scheme|it all|unmentoring))/.test(lower)
  ) {
    return { intent: 'cant_make_it' };
  }
  if (STILL_FINDING.test(lower)) {
    return { intent: 'not_yet' };
  }
  // "Wednesday 21st at 12:30 works brilliantly - shall we meet at the Pret on Whitehall?": a time taken up
  // in a sentence of its own; the question is only where.
  // Not while someone is still asked about the time ("Beatrice, can you make that?").
  if (text.includes('?') && !TIME_ASKED.test(lower)) {
    for (const sentence of text.split(/(?<=[.!;?])\s+|\n+|\s[-–—]\s/).slice(0, MEETING_SENTENCES)) {
      if (sentence.includes('?') || !TAKEN_UP.test(sentence.toLowerCase())) continue;
      const booking = bookingTime(sentence, now, zone);
      if (booking.start) return { intent: 'booked', booking };
    }
  }
  // Times offered as a question ("how about Wednesday 11th after 2?", "would Tuesday 20th suit?"): still
  // finding one.
  if (text.includes('?')) {
    return /\b(?:whichever (?:suits|works|is (?:better|easier|best))|either (?:of those|of these|one) (?:any good|ok|suit|work)|how about|what about|would (?:[^\s?]+ ){0,4}(?:suit|work|be (?:ok|okay|good|possible))|does (?:[^\s?]+ ){0,3}(?:suit|work)|are you (?:free|around|about)|could you do|can you do|can you make (?:that|it|then)|could we (?:look at|do|try|make it|go for|move)|shall we|what (?:suits|works|would suit|would work)|when (?:suits|works|would suit|would work|are you free|is good)|any good for you|fancy (?:a|meeting|grabbing))\b/.test(lower)
      ? { intent: 'not_yet' }
      : null;
  }
  // "Yes we have – she's coming over on Tuesday 10th at half ten": a yes to "have you found a time?".
  const yesWeHave = /^(?:hi\W+)?(?:yes|yep|yeah)\b(?:,? we (?:have|did))?/.test(lower) && !PAST_MEETING.test(lower);
  if (
    !yesWeHave &&
    !/\b(?:all set|it is(?=\s*[.!]|\s*$)|perfect(?=\s*[-–—,!.])|confirm(?:ing|ed)?|agreed|arranged|booked|sorted|found a (?:slot|time|date)|managed to find|pencilled|penciled|set up|is perfect|works (?:really |perfectly |well |fine |great )?for (?:me|us)|accepted (?:your|the) (?:teams |calendar |meeting |zoom )?(?:invitation|invite)|suits|see you (?:then|on|next|this|at)|wedi (?:trefnu|bwcio|cytuno)|(?:we'?re|we are|are|i'?m|she'?s|he'?s|they'?re) (?:speaking|talking|meeting|chatting|catching up|coming over|calling|having (?:a|our) (?:call|chat|coffee))|speak (?:to you )?(?:then|on|next)|in (?:the|my|our) diar(?:y|ies)|is grand|(?:we'?re|we are|we'?ll be) doing (?:it |the call |our (?:call|chat) )?(?:on )?(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*|tomorrow)|we'?re meeting|we are meeting|we'?ll meet|we will meet|meeting (?:up )?(?:on|for)|(?:sent|send|sending) (?:you |over )?(?:an? |the )?(?:teams |calendar |meeting |zoom )?(?:invite|invitation|link)|(?:teams |calendar |meeting |zoom |diary )?(?:invite|invitation) (?:sent|is on its way|on its way)|(?:got|put|pencilled|penciled) (?:it|something|a call|a time|a slot) in (?:for|on))\b/.test(lower)
  ) {
    return null;
  }
  const sentences = text.split(/(?<=[.!;])\s+|\n+/).slice(0, MEETING_SENTENCES);
  for (const sentence of sentences) {
    const booking = bookingTime(sentence, now, zone);
    if (booking.start) return { intent: 'booked', booking };
  }
  return null;
}

const MEETING_SENTENCES = 12;
/** An "other" that a person must read because the reply asks two things or something we cannot answer. */
const FOR_A_PERSON: Partial<ReadIntent> = { question: true };

/**
 * Contractions typed without their apostrophe on a phone ("dont", "youve", "im"): written with it, so that
 * every pattern reads them. Only words that are not words of their own ("cant" and "wont" are rare enough).
 */
function withApostrophes(lower: string): string {
  return lower.replace(NO_APOSTROPHE, (w) => CONTRACTIONS[w] ?? w);
}
const CONTRACTIONS: Record<string, string> = {
  dont: "don't", cant: "can't", wont: "won't", didnt: "didn't", doesnt: "doesn't", isnt: "isn't", wasnt: "wasn't",
  havent: "haven't", hasnt: "hasn't", wouldnt: "wouldn't", couldnt: "couldn't", shouldnt: "shouldn't", arent: "aren't",
  werent: "weren't", youve: "you've", youre: "you're", ive: "i've", im: "i'm", weve: "we've", theyve: "they've",
  thats: "that's", whats: "what's", theres: "there's",
};
const NO_APOSTROPHE = /\b(?:dont|cant|wont|didnt|doesnt|isnt|wasnt|havent|hasnt|wouldnt|couldnt|shouldnt|arent|werent|youve|youre|ive|im|weve|theyve|thats|whats|theres)\b/g;

/** "I met Siobhán … last Thursday": a person met, and when. */
function iMetWhen(text: string): boolean {
  const met = I_MET.exec(text);
  return met !== null && MET_WHEN.test(met[0].toLowerCase());
}
const I_MET = /\bI (?:(?:finally|actually|already|just) )?met (?:up with )?\p{Lu}[^.!?\n]{0,60}/u;
const MET_WHEN = /\b(?:yesterday|today|last (?:week|mon|tue|wed|thu|fri|sat|sun)\w*|this (?:morning|afternoon|week)|on (?:mon|tue|wed|thu|fri)\w*|earlier (?:today|this week))\b/;

/** A question that joining waits on: whether they may, or what they would be agreeing to. */
const CONDITION =
  /\b(?:eligible|eligibility|allowed|qualify|if so|if yes|if that'?s (?:ok|okay|fine|allowed)|if not|only if|before i (?:commit|sign|agree|join)|is (?:this|it) (?:the scheme|legit|genuine|real|spam|safe)|who (?:are you|runs|sees|gets)|how did you get|where did you get|am i able|can i (?:still )?(?:join|take part|do this)|could i (?:still )?(?:join|take part)|do i (?:count|qualify)|does (?:it|that|this) count|open to|contractor|agency staff|volunteer|retired|leaving|left|shared?|sharing|privacy|gdpr|data protection|who will see|passed on)\b/;

/** A question only the service can answer, in a reply about a meeting: "would it be better to match me with someone else?" */
const FOR_THE_SERVICE =
  /\b(?:match me|matched with|someone else|somebody else|another (?:match|partner|person)|re-?match|new match|what (?:should|do) i do|is there (?:another|any other|any) way|(?:can|could) you (?:chase|contact|nudge|remind|check|let me know)|is (?:he|she|they) still (?:taking part|in the scheme|involved|around|doing (?:it|this))|is (?:his|her|their) (?:e-?mail )?address (?:right|correct)|(?:do|does|have|has) (?:you|anyone) (?:got |have )?(?:an? )?(?:other|another|different|new|better|alternative|working) (?:e-?mail|address|number|phone|contact|way)|(?:another|other|different|new|working|alternative) (?:e-?mail |contact )?(?:address|number|contact details) for (?:him|her|them))\b/;

/**
 * The reply above a sign-off that is only their name ("Jasmine", "Tamsin Rowe") with lines after it: the
 * lines after are a signature. At most the last 30 lines are looked at.
 */
function aboveSignOff(reply: string, fields: Fields, fromName: string | null): string {
  const lines = reply.split('\n');
  const firsts = new Set([fields.name, fromName].filter((x): x is string => !!x).map((n) => n.replace(/^.*,\s*/, '').split(/\s+/)[0]!.toLowerCase()));
  for (let i = Math.max(1, lines.length - 30); i < lines.length - 1; i++) {
    const whole = lines[i]!.trim();
    let end = whole.length;
    while (end > 0 && ',.!'.includes(whole[end - 1]!)) end--;
    const line = whole.slice(0, end);
    if (line === '' || line.split(/\s+/).length > 3 || !looksLikeName(line)) continue;
    if (lines[i - 1]!.trim() !== '' && !/[.!?]$/.test(lines[i - 1]!.trim())) continue;
    if (!firsts.has(line.split(/\s+/)[0]!.toLowerCase())) continue;
    // A signature names them in full or gives a job title; "Teams: …" typed under the sign-off is an answer.
    const after = lines.slice(i + 1, i + 8).map((l) => l.trim()).filter((l) => l !== '');
    if (!after.some((l) => looksLikeJobTitle(l.split('|').slice(1).join(' ') || l) || looksLikeName(l.split(/[|(]/)[0]!.trim(), 2))) continue;
    return lines.slice(0, i).join('\n');
  }
  return reply;
}

/** MET said in a reply: "MET – good chat", "we met on Tuesday", "we had a really good call". */
function saysMet(lower: string, reply: string): boolean {
  return /^met\b|\bwe (?:did )?(?:meet|met)\b/.test(lower) || PAST_MEETING.test(lower) || /(?<![\p{L}])MET(?![\p{L}])(?!\s+(?:[Oo]ffice|OFFICE|[Pp]olice|POLICE)\b)/u.test(reply);
}
const MOVED = /\b(?:i'?ve|i have) (?:moved|changed|started) (?:jobs?|roles?|organisations?|employers?|posts?)\b|\bi'?m now (?:at|with|working (?:at|for|in))\b/;
/** "could you update my organisation to …", "please change my number": which detail. */
const YES_TO_SOMETHING_ELSE =
  /^(?:yes|yep|yeah|sure|ok|okay)\b[,!. ]*(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\b[^.!?\n]{0,30}\b(?:is|are|works|suits) (?:fine|good|great|ok|okay)\b|[^.!?\n]{0,30}\bi'?ll (?:cover|swap|take) (?:mon|tue|wed|thu|fri|sat|sun|the|your|his|her|that|this)\w*)|\b(?:is|are) fine for the [\w ]{1,30}(?:meeting|call|session|shift|rota|visit|panel|interview)\b/;
const NOT_TO_BE_SHARED =
  /\b(?:my (?:mobile|number|phone|details)|it) (?:not|never) (?:be )?(?:passed on|shared|given out)\b|\brather (?:it|my (?:mobile|number|phone)) (?:wasn'?t|isn'?t|was not|is not|weren'?t) (?:shared|passed on|given out)\b|\b(?:don'?t|do not|please don'?t) (?:share|pass on|give out) my (?:mobile|number|phone|details)\b/;
const JOIN_FOR_LATER =
  /\b(?:sign|put|add) me (?:up |down |in )?(?:for|from) (?:when|once|after) (?:i'?m|i am|i get|i come) back\b|\b(?:sign|put|add) me (?:up |down )?(?:for|from) (?:next (?:year|month|term)|the new year|(?:january|february|march|april|may|june|july|august|september|october|november|december))\b/;

/** "Not sure what to do", "not sure I've got the time for this any more": someone a person should answer. */
const WAVERING = /\bnot sure (?:what to do|whether|if i)\b|\b(?:time|energy) for this any ?more\b/;

/** Requests about who else joins or whom they are matched with: an organiser's to act on. */
const FOR_THE_ORGANISER =
  /\b(?:add|include|invite|sign up|enrol|enroll) my (?:colleague|manager|boss|friend|deputy|staff)s?\b|\b(?:add|invite|include) (?:her|him|them) (?:to|in|on) (?:the |this |your )?(?:scheme|list|programme|rounds?)\b/;
/**
 * Who they are matched with, or what the match is told, which the pairing cannot promise: "please don't
 * pair me with anyone from Bradford District Care", "make sure whoever I'm matched with knows it must be
 * a video call". An organiser reads it.
 */
const MATCHING_REQUEST =
  /\b(?:not|never|don'?t|do not|avoid) (?:be |being |get |getting )?(?:match|matched|pair|paired|put) (?:me )?(?:up )?with (?:anyone|someone|somebody|people|colleagues) (?:from|at|in)\b|\b(?:only|just) (?:match|pair) me (?:up )?with\b|\b(?:make sure|tell|let|warn) (?:whoever|the person|anyone|my match|my partner)\b[^.!?\n]{0,30}\b(?:matched|paired) with\b[^.!?\n]{0,10}\bknows?\b|\bmake sure (?:my match|my partner|whoever i'?m (?:matched|paired) with) (?:knows|is told|is aware)\b/;
const ASKS_CHANGE = /\b(?:update|change|correct|amend|fix|add|swap|replace|switch)\s+(?:me\s+to:?\s+(organi[sz]ation)|(?:my|the)\s+(?:service|team|department|directorate|division|unit)\s+to\s+(?:my|the)\s+(organi[sz]ation)|(?:my|the)\s+(?:work\s+|contact\s+)?(organi[sz]ation|org|employer|phone|number|mobile|name|surname|teams|skype|google|details))\b/;
function fieldFor(word: string, fields: Fields): string | null {
  if (/^(?:organi|org|employer)/.test(word)) return fields.organisation;
  if (/^(?:phone|number|mobile)$/.test(word)) return fields.phone;
  if (/name$/.test(word)) return fields.name;
  if (word === 'skype') return fields.skypeId;
  // "could you change my details to: …": whichever details follow.
  if (word === 'details') return fields.organisation ?? fields.phone ?? fields.googleId ?? fields.skypeId ?? (/teams:/i.test(fields.other ?? '') ? fields.other : null);
  if (word === 'google') return fields.googleId;
  return /teams:/i.test(fields.other ?? '') ? fields.other : null;
}
/** A meeting told as past: "Emma and I spoke on Teams last Thursday", "had a really good call". */
/** An assistant or PA writing for the person: "on behalf of", "in Helen's diary", "please don't match her". */
const ASSISTANT = /\b[Oo]n behalf of\b|\b[Oo]n (?:his|her|their) behalf\b|\b(?:PA|EA|[Aa]ssistant) to\b|\bin \p{Lu}\p{Ll}+['’]s diary\b|\b(?:[Mm]atch|[Ii]nclude|[Pp]air) (?:her|him)\b|\b[Aa]dd (?:his|her) (?:[Tt]eams|[Ss]kype|[Gg]oogle|phone|mobile|number)\b/u;
/** The reply as the person would have written it: "her" and "him" read as "me", "his" and "her" before a noun as "my". */
function asTheirOwn(reply: string): string {
  return reply
    // "On behalf of David Ogunbiyi - could you …": the request, without who it is for.
    .replace(/(^|\n)[^\S\n]*on behalf of [^,.:;\n–—-]{1,60}[,.:;–—-]+[^\S\n]*/i, '$1')
    .replace(/\b(?:his|her) (?=(?:teams|skype|google|phone|mobile|number|diary|details|name|organisation)\b)/gi, 'my ')
    .replace(/\b(?:match|include|pair) (?:her|him)\b/gi, (m) => `${m.split(' ')[0]} me`)
    .replace(/\b(?:she|he)['’]s\b/gi, "I'm")
    .replace(/\bin \p{Lu}\p{Ll}+['’]s diary\b/gu, 'in my diary');
}

/** Being taken out of the matching, in any words. */
const OUT_OF_MATCHING =
  /\b(?:take|leave|keep|count|put) me (?:out|off)\b|\bremove me from (?:the )?(?:matching|list|rounds?)\b|\b(?:don'?t|do not|best not|better not|please don'?t) (?:match|include|pair) me(?: up)?\b|\b(?:stop|pause) (?:matching|including|pairing) me\b|\bout of (?:the )?(?:matching|draw|rounds)\b|\bcome off (?:the )?(?:list|matching|rounds)\b/;
/** For a time, not for good: a duration, an end, or coming back. */
const FOR_A_TIME =
  /\bfor (?:a while|a bit|a little while|now|the time being|the moment|(?:about |around |roughly )?(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve|a few|a couple of|several)\s+(?:more\s+)?(?:days?|weeks?|months?))\b|\b(?:until|till|til)\b|\bwhile i'?m (?:away|off|on|out)\b|\b(?:when|once) (?:i'?m|i am|i get|things?) (?:back|settle|calm)\b|\b(?:get|be|am|i'?m) back in touch\b|\bpick it up again\b|\bafter my (?:leave|secondment|course)\b|\bfor those\b|\bbefore then\b/;
/**
 * A sentence asking to be out of the matching for a time, and not for one round only ("leave me out of
 * this round": a skip). The sentence of the ask decides, not the reasons around it ("buried until the end
 * of the month. Could you leave me out of this round?" is a skip).
 */
function outForATime(lower: string): boolean {
  for (const sentence of lower.slice(0, 2000).split(/(?<=[.!?])\s+|\n+/).slice(0, 40)) {
    // "out of the matching for two months - I can't do this one": a length of time beats "this one".
    // "could you leave me out of this one? Back in for the one after": the ask names one round.
    if (ONE_ROUND_OUT.test(sentence)) continue;
    if (says(sentence, OUT_OF_MATCHING) && FOR_A_TIME.test(sentence) && (!ONE_ROUND.test(sentence) || HOW_LONG_OUT.test(sentence))) return true;
  }
  return false;
}
const HOW_LONG_OUT = /\bfor (?:about |around |roughly )?(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve|a few|a couple of|several)\s+(?:more\s+)?(?:weeks?|months?)\b|\b(?:until|till|til)\b/;
const ONE_ROUND_OUT = /\b(?:leave|leaving|count|keep|take) me out (?:of )?(?:this|the next|the first|next|this next) (?:one|round|month|time)\b/;
/** One round only: a skip, not a pause. */
const ONE_ROUND = /\b(?:this|the first|the next|next|this next) (?:one|round|month|time)\b/;
/** Whether the reply reports a meeting held (then a pause with it is two things, read by a person). */
function aboutMeetingHeld(lower: string, aboutMeeting: boolean): boolean {
  const said = lower.replace(/\bthe met\b/g, 'the police');
  return aboutMeeting && (/\bwe (?:did )?(?:meet|met)\b/.test(said) || PAST_MEETING.test(said));
}
/** A time offered and taken up: "… works brilliantly", "… is perfect for me", "see you then". */
/** Still finding a time, in people's words: "still going back and forth", "haven't settled on a day yet". */
const STILL_FINDING =
  /\b(?:we'?re|we are|i'?m|i am) (?:trying|aiming|hoping) for (?:mon|tue|wed|thu|fri|next|this|later|early)\w*\b|\bwaiting (?:on|for) [\w'’-]{1,20} to (?:confirm|get back|reply|come back|let me know)\b|\b(?:haven'?t|have not|not yet) heard back\b|\b(?:come|get) back to (?:you|him|her|them) with (?:a |some )?(?:time|date|slot|day)s?\b|\b(?:i'?ll|i will) (?:reply|send|write|email) booked (?:once|when)\b|\bstill (?:going back and forth|trying to (?:find|fix|sort|arrange)|sorting|working (?:it )?out|arranging|looking for|finding)\b|\bnot yet (?:settled|agreed|fixed|found|arranged|sorted|managed)\b|\b(?:just )?need to (?:agree|fix|find|confirm|settle on) (?:a |the )?(?:day|time|date)\b|\b(?:we'?ll|we will|going to|we can) (?:sort|fix|find|arrange|work)(?: out)? (?:something|a time|a date|a slot|a day)\b|\bhaven'?t (?:yet )?(?:found|fixed|agreed|arranged|sorted|managed to find) (?:a )?(?:time|date)\b|\bno (?:time|date) (?:fixed|agreed|yet)\b|\bstill trying\b|\bswapping (?:dates|times|diaries|availability)\b|\bwe'?ll get there\b|\bwe will get there\b|\b(?:been|we'?ve been|we are|we'?re) going back and forth\b|\bhopefully (?:next week|later this week|in the next few days)\b|\b(?:haven'?t|have not|not yet) (?:yet )?(?:pinned|nailed|settled|confirmed|agreed|fixed|found|sorted)(?: down| on)? (?:a |the |an )?(?:[\w-]+ ){0,2}(?:time|date|day|slot)\b|\bnothing (?:pinned|nailed|fixed|agreed|arranged|booked|confirmed|settled|sorted)(?: down)?(?: as)? yet\b|\b(?:emailing|messaging|e-?mailing|texting) back and forth\b|\b(?:are|we'?re|still) working on it\b|\b(?:we'?re|we are|i'?m|i am|both|still) (?:still )?(?:planning|hoping|intending|meaning) (?:to|on)(?: (?:meet|do it|get together|speak|talk|have (?:a|our|the) (?:call|chat)))?(?=\s*[.!,;]|\s*$|\s+[-–—]|\s+(?:soon|when|once|next|after|before|in|but))|\b(?:haven'?t|have not) (?:quite )?managed (?:it|to meet|to get together|to speak|to find a time) yet\b/;
const INDIRECT_QUESTION = /\b(?:would like to know|(?:i'?m |i am |was |just )?wondering|i wonder|want(?:ed)? to know|like to check|(?:please |could you |can you )let me know) (?:whether|if)\b/;
const TAKEN_UP = /\b(?:works? (?:really |perfectly |brilliantly |great |fine |well )?(?:for (?:me|us|both of us)|brilliantly|perfectly|great|fine|well)|is (?:perfect|great|fine|ideal)(?: for me)?|suits (?:me|us)(?: (?:fine|perfectly|well))?|sounds (?:good|great|perfect)|see you then)\b/;
const TIME_ASKED = /\b(?:can|could) you (?:make|do) (?:that|it|then|this)\b|\b(?:does|would|will) (?:that|this|it) (?:work|suit|be (?:ok|okay|alright|all right))\b|\b(?:is|are) (?:that|this|you) (?:ok|okay|alright|free|around)\b|\bok(?:ay)? with you\b|\bcan you confirm\b|\bwhat about you\b/;
const PAST_MEETING = /\b(?:spoke|talked|chatted|met|caught up|had (?:a|our) (?:really |very |right )?(?:good |great |useful |lovely |grand |brilliant )?(?:call|chat|coffee|meeting|conversation|catch[- ]up|blether|natter|cuppa|brew))\b/;
// Not "the new year", which is a time.
const UPDATE_WORDS = /\b(?:new(?!\s+year)|change|changed(?!\s+(?:my|her|his|our) minds?)|update|updated|use|replace|correct)\b/;
/** "… because we already met last Tuesday": the meeting happened, whatever else the reply says first. */
const ALREADY_MET = /\b(?:because|as|since|cos|coz) we (?:already |actually |have |'ve )?(?:already )?(?:met|spoke|talked|chatted|had (?:a|our) (?:chat|call|coffee))\b/;
/** Words that ask for a cadence rather than mention one: "could you change me to", "happy to go back to". */
const CADENCE_REQUEST = /\b(?:instead|rather|prefer|change|switch|could i|can i|could you|can you|move me|put me|go back to|back to|drop (?:me )?to|happy (?:to|with)|if (?:that'?s|that is) (?:ok|okay|alright|fine)|too often|too much|too frequent|less often|less frequently|would be (?:plenty|perfect|great|better|ideal|enough|fine|lovely)|more than enough|yn hytrach na|(?:a )?fyddai modd|(?:a )?allech chi|(?:a )?allwch chi|hoffwn i?|plutot que|au lieu de|statt|anstatt|en lugar de|en vez de|invece di|em vez de|zamiast|in loc de)\b/;
// (Welsh, French, German, Spanish, Italian, Portuguese, Polish, Romanian: "rather than", "could you", "instead of".)
const PAUSE_WORDS = /\bhold off\b|\bpause\b|\b(?:don'?t|do not) match me\b|\bleave me out\b/;
/** A new name, or a name spelt again: "I've changed my surname", "put me down as", "my name is spelt". */
const NAME_CHANGE =
  /\b(?:changed|change|update|updated|correct) my (?:sur)?name\b|\bput my name (?:down )?as\b|\bput me down as\b|\b(?:put|write|spell|have) my name (?:with|like)\b|\b(?:put|add|fix|correct)\b[^.!?\n]{0,30}\bin my (?:sur|first )?name\b|\bspell(?:ing|s|t)? (?:of )?my name\b|\bmy name (?:is|should be) spelt\b|\bmy new (?:sur)?name\b|\bmarried name\b|\bmy name (?:go|goes|to go|went) out as\b|\bgot married\b|\bmy name has an? (?:accent|fada|circumflex|to bach|umlaut|apostrophe|hyphen)\b|\b(?:could|can|would) you (?:correct|fix) (?:it|that|my name)\b|\b(?:you have|you've got|you['’]ve got|you spelt|it says) my (?:sur|first )?name (?:as|down as)\b|\bmy (?:sur|first |last |family )?name (?:is|was|has been|'s) (?:wrong|misspelt|misspelled|spelt wrong|spelled wrong)\b/;
const COMPLAINT = /\b(?:complain(?:t|ing)?|pitch(?:ed|ing)?|selling|sells|tried to sell|price list|brochure|sales pitch|(?:his|her|their) consultancy|like a proposal|(?:sell|flog)(?:ing)? (?:me|us) |(?:rather|prefer) not (?:to )?be (?:matched|paired) with (?:him|her|them) again|inappropriate(?:ly)?|harass(?:ed|ment)?|rude|made me uncomfortable|have a word)\b/;
const PARTNER_REQUEST = /\b(?:paired|matched|put together) (?:up )?(?:again|with (?:him|her|them) again)\b|\b(?:same person|same partner) again\b/;

/**
 * Whether the reply is a signature block and nothing else: two to ten short lines, the first a name, one a
 * job title, none a typed answer ("Phone: …") or a word of joining. Cost: one pass over at most 10 lines.
 */
function signatureOnly(reply: string): boolean {
  const lines = reply
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  if (lines.length < 2 || lines.length > 10) return false;
  if (!/^\p{Lu}[\p{L}'’.-]+(?:\s+\p{Lu}[\p{L}'’.-]*){1,3}$/u.test(lines[0]!)) return false;
  // ("Tel: … | Mobile: …" is how a signature sets out its numbers; "Phone:" is the form's label.)
  if (lines.some((l) => (TYPED_ANSWER.test(l) && !SIGNATURE_NUMBER.test(l)) || JOIN_WORDS.test(l))) return false;
  // A title on a line of its own, as a signature sets it out; "Leeds teaching hospitals - ED nurse" is a
  // body and a role typed together, in answer.
  return lines.slice(1, 4).some((l) => l.length <= 80 && looksLikeJobTitle(l) && findBodies(l).every((m) => m.kind === 'place'));
}

const TYPED_ANSWER = /^(?:name|full name|phone|mobile|tel|organi[sz]ation|org|teams|skype|google)\s{0,3}[:=-]/i;
const SIGNATURE_NUMBER = /^(?:tel|mobile)\s{0,3}[:=-]/i;
const JOIN_WORDS = /\b(?:yes|count me in|sign me up|happy to|i'?d (?:love|like)|interested|join|details)\b/i;


/**
 * What the person wrote, without a signature left in the reply; all of it when they point to the
 * signature for their details ("Happy to – details below", "my details are in my signature").
 */
function ownWords(reply: string, own: string | undefined): string {
  if (own === undefined) return reply;
  return POINTS_TO_SIGNATURE.test(own) ? reply : own;
}
const POINTS_TO_SIGNATURE = /\bdetails (?:are )?(?:below|underneath|in my (?:e-?mail )?signature)\b|\b(?:see|in) my (?:e-?mail )?signature\b/i;

/** The reply, or the subject when the reply is empty (people write "STOP" in the subject line). */
function significantText(reply: string, subject: string | null): string {
  const r = reply.trim();
  if (r !== '') return r.replace(/\s+/g, ' ');
  return (subject ?? '').replace(/^\s*((re|aw|sv|fw|fwd|tr|antw)\s*:\s*)+/i, '').trim().replace(/\s+/g, ' ');
}

/**
 * The reply without a condition the scheme already promises: "happy to join as long as my number only goes
 * to whoever I'm matched with" asks for what every introduction does (details go only to the group), so it
 * is not a condition a person must weigh. Cost: one pattern to find each condition word, then one bounded
 * test on the clause after it (at most CONDITION_CHARS characters).
 */
function withoutPromisedConditions(lower: string): string {
  let out = lower;
  for (const m of lower.matchAll(/\b(?:as long as|so long as|provided(?: that)?|only if|on condition that)\b/g)) {
    const start = m.index ?? 0;
    const rest = lower.slice(start, start + CONDITION_CHARS);
    const end = rest.search(/[.!?;\n]|\b(?:but|and then)\b/);
    const clause = end < 0 ? rest : rest.slice(0, end);
    if (PROMISED.test(clause)) out = out.replace(clause, ' ');
  }
  return out;
}

const CONDITION_CHARS = 200;

/**
 * The reply without the modest ask that they be had as they are: "if you'll have me", "as long as it's ok
 * that I'm part time", "if that is not a problem". Nothing in the scheme turns anyone away for those, so they
 * are no condition a person must weigh; whether someone who is not staff may join ("as long as it's ok that
 * I'm a contractor") is, and stays. Cost: one pattern over the reply, then one bounded test per match.
 */
function withoutAskingToBeHad(lower: string): string {
  return lower.replace(ASKING_TO_BE_HAD, (clause) => (NOT_STAFF.test(clause) ? clause : ' '));
}
const ASKING_TO_BE_HAD =
  /\bif you(?:'ll| will) have me\b|\b(?:if|as long as|so long as|provided) (?:that'?s|that is|it'?s|it is|this is) (?:ok|okay|fine|alright|all right|not a problem|no problem)(?: with you)?(?: that i'?m [^.!?;\n]{1,60})?|\bif (?:that|this|it) (?:is not|isn'?t|'s not) a problem\b/g;
const NOT_STAFF = /\b(?:contract(?:or|ed)?|agency|volunteer|retired|student|freelance|consultant|locum|bank staff|not (?:a |an )?(?:employee|member of staff|civil servant)|eligib)/;
/**
 * "I'm not sure it got through", "not sure you received my first reply": about the mail, not the scheme.
 * And a worry about finding the time that a "but" answers ("not sure how often I'll manage this, but I'll
 * give it a go"): about how much, not whether. Without the "but" ("not sure I'll have the time myself, so
 * please include them") it is a doubt.
 */
// And "I'm not sure I'm really who this is aimed at – … – but if you'll have me I'd like to give it a go": a
// doubt about themselves that the "but" answers.
const NOT_A_DOUBT = /\b(?:not sure|unsure)\s(?:if |whether )?(?:i'?m|i am)\s(?:really |quite )?(?:who (?:this|it)(?:'s| is) (?:aimed at|for|meant for)|the (?:sort|kind|type) of (?:person|people)|the right (?:person|sort of person)|senior enough|what you(?:'re| are) looking for)\b[^.!?\n]{0,80}?\bbut\b|\b(?:not sure|unsure)\s(?:if |whether |that |why |how )?(?:it|this|the invite|the invitation|the e-?mail|your e-?mail|my (?:reply|e-?mail|message|first reply|last reply)|(?:the|my) (?:first|last|earlier|previous|other) (?:one|reply|e-?mail|message|attempt)|you)\s(?:got|went|arrived|came|reached|received|were|was|had)\b[^.!?\n]{0,40}|\b(?:not sure|unsure)\s(?:how (?:often|much time|regularly)|(?:i'?ll|i will) (?:always )?(?:manage|have (?:the )?time|be able to|find the time))\b[^.!?\n]{0,60}?\bbut\b/g;
// Details shared only with the match, never on a list or passed on, and no selling: what the invitation
// and the welcome promise.
const PROMISED =
  /\b(?:only (?:goes?|go|gets? (?:shared|passed|given)|(?:be )?(?:shared|passed|given|sent)) (?:to|with)|(?:isn'?t|is not|won'?t|will not|doesn'?t|does not|not|never) (?:be )?(?:shared|passed on|given out|sold|end(?:s)? up on|put on|added to)|no (?:selling|sales|spam|marketing))\b/;

/**
 * The words that say something without meaning it, set aside before reading: a joke taken back ("STOP! In
 * the name of love. Only joking…": what follows the joke), a command reported as a mistake ("I replied NO
 * THANKS by mistake"), a command they say they will send later ("I'll reply RESUME when I'm ready"),
 * "stop press", "no thanks needed". Each a bounded pattern over the reply.
 */
function notMeant(lower: string): string {
  return retracted(jokeAside(selfCorrected(lower)))
    .replace(/\b(?:i |i've |i have )?(?:replied|said|sent|typed|clicked|answered|hit|pressed)\s["“'‘]?(?:no thanks|no|stop|skip|delete|pause|decline)["”'’]?(?:\s[\w']+){0,8}?\s(?:by mistake|by accident|accidentally|in error)\b/g, ' ')
    .replace(/\b(?:i'?ll|i will|i can|i'?d)\s(?:just\s)?(?:reply|send|write|say)\s["“'‘]?(?:resume|stop|skip|pause|booked|met)\b/g, ' ')
    // "I nearly replied NO THANKS as I'm snowed under, but …", "I normally reply no thanks to this sort of
    // thing but …": a no thought of, or their habit, not sent.
    .replace(/\b(?:nearly|almost|was going to|was about to|thought about|thought of|considered|normally|usually|always|tend to)\s(?:just\s)?(?:reply|replying|replied|say|saying|said|send|sending|sent|writ(?:e|ing)|typ(?:e|ed|ing))\s["“'‘]?(?:no thanks|no|stop|skip|delete|pause|decline|not for me|not (?:right )?now|not at the moment|not this time|can'?t make it|not met)\b/g, ' ')
    .replace(/\bi (?:asked|told) you to (?:pause|skip|stop)(?: me)?\b[^.!?\n]{0,80}/g, ' ')
    // "I said no thanks a couple of weeks ago because …, but I'd like to join after all": the no they sent.
    .replace(/\bi (?:said|replied|answered|sent)\s["“'‘]?(?:no thanks|no|not for me|decline)["”'’]?(?=\s(?:a (?:few|couple of) (?:days|weeks|months) ago|last (?:week|month|time)|earlier|before|previously|at first|originally|back in)\b)/g, ' ')
    .replace(/\bstop press\b/g, 'news')
    // "I sat down intending to ask you to pause me until the spring … so rather than a pause, please take me
    // off": the request they set aside.
    .replace(/\b(?:intending|meaning|planning|going|about) to ask (?:you )?to (?:pause|skip|stop)\b[^.!?\n]{0,60}/g, ' ')
    .replace(/\b(?:rather than|instead of) (?:a |to |just )?(?:pause|pausing|skip|skipping)\b/g, ' ')
    // "Skip the small talk, count me in!", "I'll skip the form if that's ok – Zara Ahmed, CPS, 07700 …":
    // the talk or the form skipped, not a round.
    .replace(/\bskip(?:ping)? (?:the|all the|your) (?:small talk|formalities|pleasantries|chit[- ]?chat|niceties|preamble|waffle|form|template|labels|questions|paperwork)\b/g, 'straight to it')
    // "After a short pause for thought – yes!": a moment's thought, not PAUSE.
    .replace(/\b(?:a\s(?:short\s|brief\s|little\s)?)?pause for thought\b/g, 'thought')
    .replace(/\bno thanks? (?:needed|necessary|required)\b/g, ' ');
}

/**
 * The text without a command they take back: "ignore that NOT MET", "disregard my last – STOP was a
 * mistake", "that STOP was meant for a different mailing list". One bounded pattern, any case.
 */
function retracted(text: string): string {
  return text.replace(RETRACTED, ' ');
}

/** "STOP please\n\nSorry, no - not stop, ignore that, I do want to carry on!": without the first line or sentence it takes back. */
function withoutTakenBack(reply: string): string {
  const taken = TAKEN_BACK_FIRST.exec(reply);
  return taken ? reply.slice(taken[0].length) : reply;
}
// The command, then the end of its line or sentence ("STOP. Actually scrap that."), then within 300
// characters the words that take it back.
const TAKEN_BACK_FIRST = /^\s*(?:stop|skip|pause|no thanks|delete|decline)\b[^\n.!]{0,40}[\n.!](?=[^]{0,300}?\b(?:ignore that|scratch that|scrap that|forget that|disregard that|not (?:stop|skip|pause|delete)|don'?t (?:stop|skip|pause|delete) me|on (?:second thoughts?|reflection)|i meant)\b)/i;
const RETRACTED =
  /\b(?:ignore|disregard|scratch|forget)\s(?:that|my|the)(?:\s(?:last|previous|earlier))?(?:\s(?:reply|message|e-?mail|one))?[\s,:;–—-]*["“'‘]?(?:not met|met|stop|skip|pause|no thanks|delete|booked|not yet|decline)\b["”'’]?|\b(?:that|my|the)\s["“'‘]?(?:stop|skip|pause|no thanks|delete|not met|decline)["”'’]?\s(?:was|were)\s(?:meant|intended|supposed to go|sent)\s(?:for|to)\s[^.!?\n]{0,60}|\b(?:that|my|the)\s["“'‘]?(?:stop|skip|pause|no thanks|delete|not met)["”'’]?\s(?:was|were)\s(?:a mistake|an accident|sent by mistake|sent in error|wrong)\b/gi;

/**
 * What follows a request they take back as they write it: "Can you pause me please... actually no, scrap
 * that, just skip this one", "no wait, forget that". One bounded pattern.
 */
function selfCorrected(text: string): string {
  const taken = SELF_CORRECTED.exec(text);
  return taken ? text.slice(taken.index + taken[0].length) : text;
}
const SELF_CORRECTED = /\b(?:(?:actually|no wait|wait|on second thoughts?)[\s,.;:–—-]+(?:no[\s,.;:–—-]+)?(?:scrap|scratch|forget|ignore|disregard)\s(?:that|this)|(?:scrap|scratch) that(?=\s*(?:[,.;:!–—-]|$)))/i;

/** What follows "only joking" / "just kidding", when they say it. */
function jokeAside(text: string): string {
  const joke = /\b(?:only|just) (?:joking|kidding)\b|\bjoking aside\b|\bjk\b/i.exec(text);
  return joke ? text.slice(joke.index + joke[0].length) : text;
}

/**
 * A command word typed in a hurry, one letter out ("skipp", "puase", "resmue"): the command. Only words of
 * five letters or more, and never STOP or DELETE, whose slips should not end anything.
 */
function typedCommand(word: string): string {
  if (word.length < 5 || COMMAND_WORDS.has(word)) return word;
  // Not QUIET ("Quite a busy month…") nor BOOKED ("Looked at dates…"): words one letter from those are words.
  for (const command of ['skip', 'pause', 'resume']) if (oneLetterOut(word, command)) return command;
  return word;
}

/** A first line of one word or two, a slash, and one more word: "Cymorth / Help". */
const BILINGUAL_COMMAND = /^[\p{L}'-]{2,20}(?: [\p{L}'-]{2,20})?\s{0,3}\/\s{0,3}([a-z]{3,12})[ \t.!]{0,3}(?:\n|$)/u;
const COMMAND_WORDS = new Set(['booked', 'skip', 'pause', 'stop', 'quiet', 'resume', 'unpause', 'met', 'help', 'delete', 'data', 'unsubscribe']);
// Not "MET Office", "MET Police", "HELP DESK", "STOP PRESS".
const SHOUTED = /^(BOOKED|SKIP|PAUSE|STOP|QUIET|RESUME|MET|HELP|DELETE)(?![\p{L}'’])(?!\s+(?:[Oo]ffice|OFFICE|[Pp]olice|POLICE|[Dd]esk|DESK|[Ll]ine|LINE|[Pp]oint|POINT|[Pp]ress|PRESS)\b)/u;
const MAX_COMMAND_LINES = 30;

/** The first command written in capitals at the start of one of the reply's first lines, in lower case. */
function shoutedCommand(reply: string): string | null {
  const lines = reply.split('\n', MAX_COMMAND_LINES);
  for (const line of lines) {
    const m = SHOUTED.exec(line.trim());
    if (m) return m[1]!.toLowerCase();
  }
  return null;
}

/** Whether one sentence ending in "?" says the pattern: "can we be paired again?", not "10/10 would be matched again". */
function askedInOneSentence(text: string, pattern: RegExp): boolean {
  return text.split(/(?<=[.!?])\s+/).some((sentence) => sentence.includes('?') && pattern.test(sentence.toLowerCase()));
}

/**
 * SKIP, PAUSE, QUIET, BOOKED, RESUME or MET in capitals within a sentence ("Sori – dwi yn Tenerife! SKIP y
 * tro hwn plis", "we have agreed a time: BOOKED Tuesday 10 November"), not in one that reports or quotes
 * our words ("You said reply QUIET or SKIP, but…") or asks ("SKIP?"). The first such, in lower case.
 * Cost: one pass over at most SHOUT_CHARS characters, then a bounded test per sentence.
 */
function shoutedInSentence(reply: string): string | null {
  for (const sentence of reply.slice(0, SHOUT_CHARS).split(/(?<=[.!?])\s+|\n+/)) {
    const m = /(?<![\p{L}'’])(SKIP|PAUSE|QUIET|BOOKED|RESUME|MET)(?![\p{L}'’?])(?!\s+(?:[Oo]ffice|OFFICE|[Pp]olice|POLICE)\b)/u.exec(sentence);
    if (!m) continue;
    if (/\b(?:reply|replied|replying|said|says|say|typed|type|write|wrote|send|sent|means?|meant)\b|["“”]/i.test(sentence.slice(0, m.index + m[0].length + 1))) continue;
    if (COMMAND_NEGATED.test(sentence.slice(0, m.index))) continue;
    return m[1]!.toLowerCase();
  }
  return null;
}
const SHOUT_CHARS = 2000;
/** A command in capitals said not to be meant: "don't SKIP me", "no need to PAUSE". */
const COMMAND_NEGATED = /\b(?:don'?t|do not|not|never|no need to|won'?t)\s+(?:\w+\s+){0,2}$/i;

/** Every command among SKIP, PAUSE, QUIET, STOP, DELETE, RESUME written in capitals and not reported ("I'll just reply SKIP"). */
function shoutedCommands(reply: string): Set<string> {
  const found = new Set<string>();
  for (const sentence of reply.slice(0, SHOUT_CHARS).split(/(?<=[.!?:])\s+|\n+/)) {
    for (const m of sentence.matchAll(/(?<![\p{L}'’])(SKIP|PAUSE|QUIET|STOP|DELETE|RESUME)(?![\p{L}'’?])(?!\s+(?:[Pp]ress|PRESS)\b)/gu)) {
      const before = sentence.slice(0, m.index);
      if (/\b(?:reply|replied|replying|said|says|say|typed|type|write|wrote|send|sent|means?|meant|or)\b|["“”]/i.test(before.slice(-40))) continue;
      if (COMMAND_NEGATED.test(before)) continue;
      found.add(m[1]!);
    }
  }
  return found;
}

/** How many words the reply has, not counting a last line that is only a name (the sign-off). */
function wordsBeforeSignOff(reply: string): number {
  const lines = reply.trim().split('\n');
  const last = lines[lines.length - 1]?.trim() ?? '';
  const counted = lines.length > 1 && looksLikeName(last) ? lines.slice(0, -1).join(' ') : reply;
  return counted.trim().split(/\s+/).length;
}

/** A greeting at the start, with a few words of address: "hi there,", "hello team -", "good morning!". */
// ("Hi yes please!": the greeting is "Hi", and what follows is their answer, not a name greeted.)
const GREETING = /^(?:hi|hiya|hello|hey|dear|morning|afternoon|evening|good (?:morning|afternoon|evening))\b(?!\s(?:yes|yeah|yep|sure|ok|okay|count me|sign me)\b)[^,.!\n-]{0,30}[,.!\n-]\s*|^(?:hi|hiya|hello|hey|morning|omg|oh|ooh|wow|aw+|ah)\s+(?=(?:yes|yeah|yep|sure|ok|okay|count me|sign me)\b)/;

function firstWord(lower: string): string {
  return (lower.match(/^[\p{L}_']+/u)?.[0] ?? '').replace(/'/g, '');
}


function hasDetails(reply: string, fields: Fields): boolean {
  if (fields.phone !== null && findPhones(reply).length > 0) return true;
  // An id given in the reply itself ("could you add my Teams? It's jo@x.gov.uk").
  for (const id of [fields.googleId, fields.skypeId, /teams:\s*([^;]+)/i.exec(fields.other ?? '')?.[1]?.trim()]) if (id && reply.includes(id)) return true;
  // "Teams is fine, same address as this one": an id given as the address they write from.
  if ((fields.googleId || fields.skypeId || /teams:/i.test(fields.other ?? '')) && /\b(?:teams|skype|google)\b/i.test(reply) && /\b(?:same|this)\b[^.!?\n]{0,20}\b(?:address|e-?mail)\b/i.test(reply)) return true;
  // Leading blanks stop at a line break: "^\s*" with the m flag re-read a run of blank lines from each.
  if (/^[^\S\n\r\u2028\u2029]*(name|full name|organi[sz]ation|org|phone|mobile|tel|skype|google|teams)\s*[:=-]/im.test(reply)) return true;
  // A name and an organisation given as details: the organisation on a line of its own or in a short
  // one (a signature's "Team | Council"), not in a sentence ("31 years with HMRC, so I'll leave it").
  if (fields.name === null || fields.organisation === null) return false;
  const org = fields.organisation;
  const shortLine = (t: string) => t.length <= org.length + 60 && !/[.!?]$/.test(t);
  if (reply.split('\n').some((line) => line.includes(org) && shortLine(line.trim()))) return true;
  // Or by another name of the same body ("KCC" for Kent County Council): the gazetteer reads the reply once.
  for (const m of findBodies(reply)) {
    if (m.name !== org) continue;
    const start = reply.lastIndexOf('\n', m.start) + 1;
    const end = reply.indexOf('\n', m.end);
    if (shortLine(reply.slice(start, end < 0 ? reply.length : end).trim())) return true;
  }
  return false;
}

export function cadenceIn(lower: string): Cadence | null {
  if (/\b(quarterly|every (three|3) months|once a quarter|every quarter)\b/.test(lower) || QUARTERLY_ELSEWHERE.test(lower)) return 'quarterly';
  if (/\b(bi-?monthly|every (two|2) months|every other month|once every (two|2) months)\b/.test(lower) || BIMONTHLY_ELSEWHERE.test(lower)) return 'bimonthly';
  if (/\b(monthly|every month|once a month)\b/.test(lower) || MONTHLY_ELSEWHERE.test(lower)) return 'monthly';
  return null;
}
// How often, in Welsh and in the languages staff of UK bodies write in: French, German, Spanish, Italian,
// Portuguese, Dutch and Polish.
const QUARTERLY_ELSEWHERE = /\b(?:bob chwarter|bob tri mis|trimestriel(?:le)?(?:ment)?|tous les trois mois|viertelj(?:ä|ae)hrlich|quartalsweise|alle drei monate|trimestral(?:mente)?|cada tres meses|trimestrale|ogni tre mesi|a cada tr[eê]s meses|per kwartaal|elk kwartaal|driemaandelijks|co kwarta[łl]|raz na kwarta[łl]|co trzy miesi[ąa]ce)\b/;
const BIMONTHLY_ELSEWHERE = /\b(?:bob deufis|bob yn ail fis|tous les deux mois|alle zwei monate|zweimonatlich|cada dos meses|bimestral(?:mente)?|ogni due mesi|bimestrale|a cada dois meses|om de maand|elke twee maanden|co dwa miesi[ąa]ce)\b/;
const MONTHLY_ELSEWHERE = /\b(?:bob mis|unwaith y mis|mensuel(?:le)?(?:ment)?|tous les mois|monatlich|jeden monat|mensual(?:mente)?|cada mes|mensile|ogni mese|mensal(?:mente)?|todo(?:s os)? m[eê]s(?:es)?|maandelijks|elke maand|co miesi[ąa]c)\b/;
