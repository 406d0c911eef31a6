/**
 * Which of our mails a reply answers, as far as the reply itself shows it: its subject ("Re: Did you meet
 * Sam?") and the quoted original. The same word means different things after different questions: "yes"
 * to "did you meet?" is MET, to "still want to be matched?" is staying in, and "I'll give this one a miss"
 * to an invitation is a no. The service also knows from the reply address which mail it answers
 * (identify.ts); this is what the words show, for the reader.
 *
 * Cost: a few literal patterns over the subject (bounded) and the first QUOTE_CHARS of the quote.
 */
export type Asked = 'invitation' | 'welcome' | 'follow-up' | 'nudge' | 'reminder' | 'introduction' | null;

const QUOTE_CHARS = 4000;

// Each is our own wording, or the gist an organiser keeps when they edit it.
const FOLLOW_UP = /\bdid you (?:meet|manage to meet|get to meet)\b|\breply met or not met\b|\bhow did it go\b/i;
const NUDGE = /\bhave you found a time\b|\breply booked and the time\b/i;
const REMINDER = /\bstill want to be matched\b|\bnext round is\b|\bstill in for\b|\byou['’]ll be matched on\b|\bwe['’]ll match you on\b/i;
const INTRODUCTION = /\bmeet \p{Lu}[\p{L}'’-]+ (?:\p{Lu}[\p{L}'’-]+ )?from\b|\bmake the first move\b|\bhas your details too\b/u;
const WELCOME = /\byou['’]re in\W{1,3}welcome to\b|\byou['’]re in\. thank you for joining\b/i;
/** Our mail asking for a missing detail (templates/ask-details.txt), by its subject or its first line. */
export const ASK_DETAILS = /\balmost there: we need\b|\bwe just need (?:your|a detail)\b[^.\n]{0,60}\bbefore we can match you\b/i;
const INVITATION = /\bto join,? (?:just )?reply\b|\breply (?:to this email )?with:|\ban invitation\b|\bnot for you\?\s*reply no thanks\b|\bto take part,? (?:just )?reply\b/i;

/**
 * Our mails about a meeting already being arranged, by their subjects (templates/booking.txt,
 * booking-declined.txt, booking-needs-time.txt, not-yet.txt, partner-cant-make-it.txt, group-changed.txt):
 * a reply to one is news of that meeting, as a reply to the nudge is ("we've moved it to Friday at 3pm").
 */
const ABOUT_THE_MEETING = /^(?:cancelled: )?your meeting with\b|^a new time\b|^what day and time\?|^no rush$|\bcan['’]t make it this round$|^a change to your match this round$/i;

/** The subject without the "Re:", "RE: AW:", "Odp:", "R:" (Italian), "RES:" (Portuguese), "RV:" (Spanish) its mail programs put before it (at most five). */
function withoutReplyPrefixes(subject: string): string {
  let s = subject.trim();
  for (let i = 0; i < 5; i++) {
    const m = /^(?:re|aw|sv|antw|ynt|odp|vs|fw|fwd|tr|wg|r|rif|ris|res|rv|enc)\s*:\s*/i.exec(s);
    if (!m) break;
    s = s.slice(m[0].length);
  }
  return s;
}

export function askedBy(subject: string | null, quoted: string | null): Asked {
  const s = (subject ?? '').slice(0, 300);
  const q = (quoted ?? '').slice(0, QUOTE_CHARS);
  const bare = withoutReplyPrefixes(s);
  // The subject first: it names the mail answered; the quote may hold a whole thread.
  for (const text of [s, q]) {
    if (FOLLOW_UP.test(text)) return 'follow-up';
    if (NUDGE.test(text) || (text === s && ABOUT_THE_MEETING.test(bare))) return 'nudge';
    if (REMINDER.test(text)) return 'reminder';
    // "Re: RE: Meet Aisha Rahman and Tom Whitfield": our introduction, however many replies on.
    if (INTRODUCTION.test(text) || (text === s && bare !== s && /^meet\b/i.test(bare))) return 'introduction';
    if (INVITATION.test(text)) return 'invitation';
    if (WELCOME.test(text)) return 'welcome';
  }
  return null;
}
