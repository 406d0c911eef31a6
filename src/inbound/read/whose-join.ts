/**
 * Whose join a yes to the invitation is: one person's own, or not (a team's, several people's, a colleague's,
 * one that depends on our answer, one whose details are still to come, one put off till later). What is not
 * one person's own join goes to a person at the service. Pure; each check is one pattern over the reply.
 */
import type { Fields } from './fields.js';
import { says } from './negation.js';

/**
 * To the invitation, a yes that is not yet one person's join: a team's or mailbox's name, their staff's
 * details sent by someone else, several people in one reply ("A few of us would like to join: 1. Name: …
 * 2. Name: …"), a team taking part as one, a membership to move from another address, details that depend
 * on our answer ("Is Teams only OK? If so: …"), someone answering for the person whose inbox they look
 * after, a yes for later ("but not until the new year … I'll reply again in January"), or details still to
 * come ("will send my details properly tomorrow") when no phone came with it.
 */
export function notOneOwnJoin(lower: string, reply: string, fields: Fields, stated: boolean): boolean {
  return (
    (fields.name !== null && TEAM_NAME.test(fields.name)) ||
    says(lower, STAFF_SENT) ||
    severalJoining(lower, reply) ||
    TEAM_JOINING.test(lower) ||
    ALREADY_IN.test(lower) ||
    IF_SO.test(lower) ||
    ON_THEIR_BEHALF.test(lower) ||
    JOIN_LATER.test(lower) ||
    (!stated && fields.phone === null && DETAILS_LATER.test(lower))
  );
}

/**
 * Details that are someone else's ("my colleague Jasmine would be brilliant … Her details: Name: Jasmine
 * Clarke …", under another name than theirs), or a join put off ("please don't match me before then — sign
 * me up from when I'm back"): a person decides, not the service.
 */
export function forSomeoneElseOrLater(lower: string, fields: Fields, fromName: string | null): boolean {
  const theirs =
    THIRD_PARTY_DETAILS.test(lower) &&
    fields.name !== null &&
    !sameName(fields.name, fromName) &&
    !(fromName && fields.name.split(/\s+/)[0] === fromName.replace(/^.*,\s*/, '').split(/\s+/)[0]);
  return theirs || DEFERRED_JOIN.test(lower);
}
const THIRD_PARTY_DETAILS = /\b(?:her|his|their|my colleague'?s) (?:contact )?(?:details|info|information|number)(?: are)?\s*(?:below|:|-|–)/;
const DEFERRED_JOIN = /\b(?:sign me up|add me|put me down|join) (?:from )?(?:when|once|after) i'?m back\b|\b(?:hold|hang) on to my details\b|\b(?:i'?ll|i will) (?:let you know|be in touch|get back to you|come back to you)\b[^.!?\n]{0,40}\bwhen i (?:can|could|am able to|'m able to) (?:start|begin|join|take part)\b|\b(?:please )?(?:don'?t|do not) match me (?:with anyone )?(?:before|until)\b/;

/** Whether a display name ("Marsh, Helen", "Dr Helen Marsh") is the person named. */
export function sameName(name: string, display: string | null): boolean {
  if (!display) return false;
  const words = (s: string) => new Set(s.toLowerCase().split(/[^\p{L}'’-]+/u).filter((w) => w.length > 1));
  const shown = words(display);
  const given = [...words(name)];
  return given.length >= 2 && given.every((w) => shown.has(w));
}

/** A name that is a team's or a mailbox's, not a person's. */
const TEAM_NAME = /\b(?:team|unit|department|dept|directorate|division|section|service|services|office|mailbox|inbox|admin|enquiries|helpdesk|hub|group|secretariat|staff)\b/i;
/** "A few of us would like to join", "my husband and I would both like to": more than one person. */
const SEVERAL_SAY =
  /\b(?:a few|some|several|two|three|four|five|both|all|the \w+) of us\b[^.!?\n]{0,40}\b(?:would|want|wish|are keen|like to|love to|join|sign up|take part)\b|\bwe(?:'d| would)? both (?:like|love|want)\b|\bwould both (?:like|love)\b|\b(?:my|our) (?:husband|wife|partner|colleague|manager|deputy) and i (?:both )?(?:would|want|are keen|'d)\b/;
/** A line that gives a name after a label, in a list or not ("1. Name: Paul Tennant, Phone: …"). */
const NAME_LINE = /^[\s*•\-–\d.)]{0,6}(?:full )?name\s*[:=]\s*([^,;|\n]{1,60})/gim;
/**
 * Several people joining in one reply: said, or two labelled names that differ, or one name line giving two
 * ("Name: Priya Hadley / Tom Hadley"). Cost: one pattern over the reply (its first REPLY_CHARS_FOR_NAMES
 * characters), each name line looked at once.
 */
function severalJoining(lower: string, reply: string): boolean {
  if (SEVERAL_SAY.test(lower)) return true;
  const names = new Set<string>();
  for (const m of reply.slice(0, REPLY_CHARS_FOR_NAMES).matchAll(NAME_LINE)) {
    const name = m[1]!.trim().toLowerCase();
    // Each side a name of two words or more, not a labelled part ("Name: Olu Adeyemi / Phone: …" is one person).
    const people = name.split(/\s(?:\/|&|and)\s/);
    if (people.length > 1 && people.every((p) => !/[:\d@]/.test(p) && p.trim().split(/\s+/).length >= 2)) return true;
    if (name !== '') names.add(name);
  }
  return names.size > 1;
}
const REPLY_CHARS_FOR_NAMES = 4000;
/** "We'd like to take part as a team", "on behalf of the data team", "any of us can take the call". */
const TEAM_JOINING =
  /\b(?:take part|join|sign up|signing up|sign us up|be matched|register) as a (?:team|group|unit)\b|\bon behalf of (?:the |my |our )?(?:whole )?[\w &-]{0,40}\bteam\b|\bany (?:one )?of (?:the \w+ of )?us (?:can|could|will|would) (?:take|do|have|join)\b/;
/** A membership already held under another address, to be moved rather than a second sign-up. */
const ALREADY_IN = /\b(?:already|i think i'?m) (?:on your (?:list|books|system|scheme|database)|signed up|a member|registered)\b|\bsign(?:ed|ing)? up twice\b|\bmove (?:me|my (?:membership|details|record|account)) (?:over|across)\b/;
/** Details given on a condition only we can answer: a question, then "if so". */
const IF_SO = /\?\s*(?:and )?if (?:so|yes|it is|it'?s ok|that'?s (?:ok|okay|fine|possible|the case))\b/;
/** "I'll send my details properly tomorrow", "details to follow": the details are still to come. */
const DETAILS_LATER =
  /\b(?:i'?ll|i will|will) (?:send|email|forward|give|get|pass) (?:you |them )?(?:over )?(?:my|the) (?:full |proper |contact |work )?details\b|\bdetails to follow\b|\b(?:i'?ll|i will) (?:follow up|come back to you) with (?:my |the )?details\b/;
/** Their staff's or colleagues' details sent by someone else: "three of our staff would like to take part". */
const STAFF_SENT = /\b(?:our|my) (?:staff|colleagues|team members|people|officers|nurses|teachers)\b(?! (?:inbox|mailbox))[^.!?\n]{0,30}\b(?:would (?:like|love)|want|wish|are keen|are interested|have asked)\b/;
/** A join waiting on details they will send: "until I send you my new work details". */
export const DETAILS_TO_COME = /\buntil i(?:'ve| have)? (?:send|sent|give|given|get|got|email|emailed|forward|have) (?:you )?(?:my |the )?(?:new |updated |proper )?(?:work |contact )?(?:details|address|e-?mail|number)\b/;
/**
 * An assistant who gives themselves as the contact: "Phone: please use mine, as I manage his diary",
 * "could any introductions come to me". (An assistant who sends the person's own details, from the
 * person's mailbox, is the person joining: their details, their address.)
 */
const ON_THEIR_BEHALF =
  /\b(?:please )?use mine\b|\b(?:use|call) my (?:number|mobile|phone)\b[^.!?\n]{0,30}\b(?:as|because|since) i (?:manage|look after|run|keep) (?:his|her|their) (?:diary|inbox|calendar|mailbox)\b|\b(?:could|can|would|should) (?:any |the |all )?introductions? (?:please )?(?:come|go|be sent) to me\b/;
/** A yes for later: "but not until the new year", "I'll reply to this email again in January". */
const JOIN_LATER =
  /\bbut not (?:until|till|before) (?:the new year|after (?:christmas|easter|the summer|the new year)|(?:january|february|march|april|may|june|july|august|september|october|november|december|the spring|the summer|the autumn))\b|\b(?:i'?ll|i will) (?:reply|write|email you|get back to you|come back to you|be in touch|sign up|join)\b[^.!?\n]{0,30}?\b(?:again )?(?:in (?:january|february|march|april|may|june|july|august|september|october|november|december|the new year|the spring)|after (?:christmas|easter|the summer|the new year|my leave)|next (?:month|year|term)|when things (?:have )?(?:settled|calmed? down|quietened? down))\b/;
