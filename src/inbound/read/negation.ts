/**
 * Whether a phrase is said: not negated shortly before it ("I don't want to stop"), and, for saysOutright,
 * not only as what would follow from something else ("if it's not for me I'll stop"). Pure; each call is one
 * pass of its pattern over the text, with a bounded look back before each match.
 */
/** "Please don't stop sending me things or take me off": the negation reaches past "or". */
const NEGATED_LIST = /\b(?:don'?t|do not|never|please don'?t)\b(?:\s+[\w']+){1,5}\s+or(?:\s+[\w']+){0,2}\s*$/;
const NEGATION = /\b(don'?t|do not|doesn'?t|does not|didn'?t|did not|not|never|no need to|won'?t|will not|wouldn'?t|would not|shouldn'?t|can'?t|cannot|rather than|instead of)\b(\s+\w+){0,3}\s*$/;

/**
 * Said, and not only as what would happen if something else did: "If it's not for me I'll stop", "If you
 * can't promise that, I'll probably give it a miss" are not a no yet.
 */
export function saysOutright(lower: string, pattern: RegExp): boolean {
  return saidWhere(lower, pattern, 80, /[.!?;\n]/, (before) => notNegated(before) && !hypothetical(before));
}

/** "Would it be all right if I sat this round out?" asks it politely: that "if" is the request. */
function hypothetical(before: string): boolean {
  return /\b(?:if|unless|in case)\b/.test(before) && !/\b(?:all right|alright|ok|okay|fine|possible|mind|a problem) if\b/.test(before);
}

/** True when the pattern occurs without a negation shortly before it ("I don't want to stop"). */
export function says(lower: string, pattern: RegExp): boolean {
  return saidWhere(lower, pattern, 60, /[.!?;]/, notNegated);
}

export function notNegated(before: string): boolean {
  return !NEGATION.test(before) && !NEGATED_LIST.test(before);
}

/**
 * Whether a match of the pattern counts: the words before it in its own clause (at most `lead`
 * characters, back to the last of `ends`) pass `counts`.
 */
export function saidWhere(lower: string, pattern: RegExp, lead: number, ends: RegExp, counts: (before: string) => boolean): boolean {
  const re = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
  for (const m of lower.matchAll(re)) {
    const before = lower.slice(Math.max(0, (m.index ?? 0) - lead), m.index).split(ends).pop() ?? '';
    if (counts(before)) return true;
  }
  return false;
}
