/**
 * Line-level patterns shared by quote stripping and signature splitting.
 * Kept in one place so the rules can be reviewed (and extended with a new
 * language) without reading the algorithms that use them.
 */

/** A line that is part of a ">"-quoted original (also "> > " nested styles). */
export const QUOTED_LINE = /^\s*>/;

/**
 * Attribution lines ("On <date>, <name> wrote:") in the languages we are
 * likely to see. Tested against up to four consecutive lines joined with a
 * space, because clients wrap long attributions.
 */
const ATTRIBUTION_ENDINGS: RegExp[] = [
  /^[-\s]*On\b.*\bwrote\s*:?[-\s]*$/i, // English, incl. Zoho "---- On … wrote ----"
  /\bwrote\s*:\s*$/i,
  /^Le\b.*\ba\s+écrit\s*:?\s*$/i, // French
  /\ba\s+écrit\s*:\s*$/i,
  /^Am\b.*\bschrieb\b.*$/i, // German "Am … schrieb …:"
  /\bschrieb\b.*:\s*$/i,
  /^El\b.*\bescribió\s*:?\s*$/i, // Spanish
  /\bescribió\s*:\s*$/i,
  /^(Il|In data)\b.*\bha scritto\s*:?\s*$/i, // Italian
  /\bha scritto\s*:\s*$/i,
  /^Op\b.*\bschreef\b.*$/i, // Dutch
  /\bschreef\b.*:\s*$/i,
  /^(Em|No dia)\b.*\bescreveu\s*:?\s*$/i, // Portuguese
  /\bescreveu\s*:\s*$/i,
  /\bskrev\b.*:\s*$/i, // Swedish, Danish, Norwegian
  /\bnapisał(a|\(a\))?\s*:\s*$/i, // Polish
  /(пишет|написал(а|\(а\))?)\s*:\s*$/i, // Russian
  /\bkirjoitti\s*:\s*$/i, // Finnish
  /\bnapsal(a|\(a\))?\s*:\s*$/i, // Czech
  /(^|\s)írta\s*:\s*$/i, // Hungarian
  /(写道|寫道|のメッセージ|書きました)\s*[:：]\s*$/, // Chinese, Japanese
];

const HAS_DATE_OR_TIME = /\d{1,4}[./:-]\d{1,2}|\b\d{1,2}\s+\p{L}{3,}|\p{L}{3,}\.?\s+\d{1,2}\b|\b(19|20)\d\d\b/u;
// The lookbehind lets a match start only where a run of address characters starts: without it, a long
// run with no "@" is scanned again from every position (quadratic: a 1 MB word took minutes).
const HAS_EMAIL = /(?<![\w.+-])[\w.+-]+@[\w-]+(\.[\w-]+)+/;

/**
 * True when the (possibly joined) text is a reply attribution line. Requires a
 * date or an address so that ordinary sentences ending in "wrote:" or
 * starting with "On" are left alone.
 */
export function isAttribution(text: string): boolean {
  const t = text.trim();
  if (t.length < 8 || t.length > 320) return false;
  if (/https?:\/\//i.test(t) && !HAS_EMAIL.test(t)) return false;
  const evidence = HAS_DATE_OR_TIME.test(t) || HAS_EMAIL.test(t);
  if (!evidence) return false;
  if (ATTRIBUTION_ENDINGS.some((re) => re.test(t))) return true;
  // Clients that omit the verb: `30.09.2017, 18.30, "Jo" <jo@x.org>:` or
  // `Wednesday, 17 November 2021 … from jo@x.org <jo@x.org>:`.
  return HAS_EMAIL.test(t) && HAS_DATE_OR_TIME.test(t) && /[:：]\s*$/.test(t);
}

/** "On <date>, <someone>" with no verb: only trusted right before a quoted block. */
export function isVerblessOnLine(text: string): boolean {
  const t = text.trim();
  return /^On\s/i.test(t) && HAS_DATE_OR_TIME.test(t) && t.split(/\s+/).length >= 4 && t.length <= 320;
}

/** Header labels of forwarded/replied originals (Outlook and friends), per language. */
const FROM_LABELS = [
  'from', 'de', 'von', 'van', 'da', 'från', 'fra', 'od', 'от', 'lähettäjä', 'message du', 'remitente', 'afzender',
];
const OTHER_LABELS = [
  'sent', 'date', 'to', 'subject', 'cc', 'bcc', 'reply-to', 'on behalf of',
  'envoyé', 'envoyé le', 'à', 'a', 'objet', 'copie à', 'cc',
  'gesendet', 'an', 'betreff', 'datum', 'kopie',
  'verzonden', 'aan', 'onderwerp',
  'inviato', 'oggetto', 'data',
  'skickat', 'till', 'ämne', 'kopia',
  'sendt', 'til', 'emne', 'dato',
  'lähetetty', 'vastaanottaja', 'aihe', 'päivämäärä',
  'wysłano', 'do', 'temat',
  'enviado', 'para', 'assunto', 'asunto', 'fecha', 'enviada',
  'отправлено', 'кому', 'тема', 'дата',
  'odesláno', 'komu', 'předmět',
];
// Hyphen left unescaped: the "u" flag rejects \- outside a character class.
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const labelRe = (labels: string[]) =>
  new RegExp(`^\\s*\\*?\\s*(${labels.map(escape).join('|')})\\s*\\*?\\s*:\\s*\\*?`, 'iu');
const FROM_HEADER = labelRe(FROM_LABELS);
const ANY_HEADER = labelRe([...FROM_LABELS, ...OTHER_LABELS]);

export function isFromHeaderLine(line: string): boolean {
  return FROM_HEADER.test(line);
}
export function isHeaderLine(line: string): boolean {
  return ANY_HEADER.test(line);
}

/** "-----Original Message-----" and its translations, forwarded-message banners. */
export const ORIGINAL_MESSAGE_BANNER =
  /^\s*[-=_*>\s]*(original message|forwarded message|ursprüngliche nachricht|weitergeleitete nachricht|message d'origine|message d’origine|message transféré|oprindelig besked|opprinnelig melding|ursprungligt meddelande|vidarebefordrat meddelande|oorspronkelijk bericht|doorgestuurd bericht|mensaje original|mensaje reenviado|messaggio originale|messaggio inoltrato|mensagem original|mensagem encaminhada|alkuperäinen viesti|välitetty viesti|wiadomość oryginalna|původní zpráva|исходное сообщение|пересланное сообщение)\s*[-=_*\s]*:?\s*$/i;
export const FORWARD_BANNER =
  /^\s*(begin forwarded message|anfang der weitergeleiteten nachricht|début du message réexpédié|inicio del mensaje reenviado)\s*:\s*$/i;

/** Outlook web's "________________________________" and list footers' "__". */
export const UNDERSCORE_RULE = /^\s*_{2,}\s*$/;
/** Lines that only separate: dashes, equals signs, box rules. */
export const RULE_LINE = /^\s*[-=_*~—–]{2,}\s*$/;

/**
 * Device boilerplate. The remainder must be a short product name: "Sent from
 * my desk, is much easier…" is a sentence somebody typed.
 */
const DEVICE_PREFIX =
  /^(sent from|sent via|sent using|get outlook for|envoyé de|envoyé depuis|envoyé à partir de|gesendet von|gesendet mit|von meinem|enviado desde|enviado do|inviato da|verzonden (vanaf|met)|skickat från|sendt fra|lähetetty)\s+(.*)$/i;
export function isDeviceLine(line: string): boolean {
  if (/^\s/.test(line)) return false;
  const m = DEVICE_PREFIX.exec(line.trim());
  if (!m) return false;
  const rest = (m[3] ?? '').replace(/<[^>]*>/g, '').replace(/\[[^\]]*\]/g, '').trim();
  if (rest.length === 0 || rest.length > 50) return false;
  if (/[,;:]/.test(rest)) return false;
  const words = rest.replace(/[.!]$/, '').split(/\s+/);
  return words.length <= 6 && words.every((w) => /^[\p{L}\p{N}'’&+\-()]+$/u.test(w));
}

/** Sign-offs that introduce a signature block. The line must be only the sign-off (plus a name). */
const SIGN_OFFS = [
  'thanks', 'thank you', 'thanks again', 'many thanks', 'thanks so much', 'thank you very much', 'thx', 'ta',
  'best', 'best wishes', 'best regards', 'kind regards', 'kindest regards', 'regards', 'warm regards', 'warmest regards',
  'warm wishes', 'many regards', 'with thanks', 'with best wishes', 'with kind regards', 'all the best', 'all best',
  'cheers', 'sincerely', 'yours sincerely', 'yours faithfully', 'yours', 'speak soon', 'take care', 'cordially',
  'respectfully', 'bw', 'kr', 'rgds',
  'cordialement', 'bien cordialement', 'merci', 'bien à vous', 'mit freundlichen grüßen', 'viele grüße', 'beste grüße',
  'liebe grüße', 'gruß', 'grüße', 'saludos', 'un saludo', 'atentamente', 'cordiali saluti', 'saluti', 'distinti saluti',
  'met vriendelijke groet', 'groeten', 'vriendelijke groeten', 'med vänlig hälsning', 'vänliga hälsningar',
  'med venlig hilsen', 'venlig hilsen', 'med vennlig hilsen', 'hilsen', 'ystävällisin terveisin', 'terveisin',
  'pozdrawiam', 's pozdravem', 'с уважением', 'atenciosamente', 'cumprimentos',
];
const SIGN_OFF_START = new RegExp(
  `^\\s*(${SIGN_OFFS.map(escape).join('|')})(\\s+(again|very much|so much))?(?![\\p{L}])`,
  'iu',
);
// Case-sensitive on purpose: a capitalised name may follow ("Thanks, Jo"),
// words like "for the help" may not.
const SIGN_OFF_REST =
  /^\s*[,.!\-–—]*\s*(\p{Extended_Pictographic}\s*)*(\p{Lu}[\p{L}'’.-]*(\s+\p{Lu}[\p{L}'’.-]*){0,2}\s*[.!]?)?\s*$/u;
export function isSignOffLine(line: string): boolean {
  const m = SIGN_OFF_START.exec(line);
  return m !== null && SIGN_OFF_REST.test(line.slice(m[0].length));
}

export const EMAIL_IN_LINE = HAS_EMAIL;
export const URL_IN_LINE = /(https?:\/\/|www\.)\S+/i;
export const PHONE_IN_LINE = /(\+?\d[\d\s().-]{7,}\d)/;

/**
 * A line someone would put in a signature block rather than a sentence of a
 * message: short, few words, not ending like a sentence.
 */
export function isSignatureLikeLine(line: string): boolean {
  const t = line.trim();
  if (t === '') return true;
  if (t.length > 80) return false;
  const words = t.split(/\s+/).length;
  if (EMAIL_IN_LINE.test(t) || URL_IN_LINE.test(t)) return words <= 8;
  if (words >= 12) return false;
  if (words >= 6 && /[.!?:]$/.test(t)) return false;
  return true;
}
