/**
 * How much of a message the reader looks at. Every pattern and loop in the reader runs on what these
 * bounds leave, so reading any message costs at most a fixed amount, whatever its size, and no message
 * can hold up the replies queued behind it.
 *
 * The caps are far above what anyone writes in a reply to this scheme. The reply is at the top of the
 * body and its quoted history below it, so a cap only ever removes old quoted text, never the person's
 * own words:
 *
 * - Text: 64 K characters, about 10,000 words, a dozen pages; a reply here is a few lines with a name,
 *   a phone number and an organisation, and even a long letter is a few thousand characters.
 * - HTML: 64 K characters, counted after the quoted original is cut and the parts nothing reads are
 *   dropped (<head>, <style>, <script>, comments, <img> with its inline data). Outlook, the most verbose
 *   client, spends a few hundred characters of markup on each line, so that is still hundreds of lines
 *   of the reply. It also bounds the HTML parser, whose cost grows with the square of how deeply
 *   unclosed tags nest: no limit on nesting depth alone would stop that.
 * - Lines: 2,000. A reply with its signature is rarely 50; long bodies are quoted history.
 * - Line length: 4,000 characters, a paragraph of about 700 words typed without a line break (clients
 *   send a paragraph as one line). A longer line is broken, not cut, so none of it is lost.
 * - A run of spaces, tabs or other blanks is cut to its first 8: no alignment in a reply needs more, and
 *   two still separate "Name: Jo  Phone: …" on one line.
 * - Subject: 1,000 characters (RFC 5322 lines stop at 998). Display name: 200.
 */
export const MAX_TEXT_CHARS = 64 * 1024;
export const MAX_HTML_CHARS = 64 * 1024;
export const MAX_LINES = 2000;
export const MAX_LINE_CHARS = 4000;
export const MAX_BLANK_RUN = 8;
export const MAX_SUBJECT_CHARS = 1000;
export const MAX_NAME_CHARS = 200;

/** Cuts a string to at most `max` UTF-16 units without splitting a surrogate pair. */
export function cut(s: string, max: number): string {
  if (s.length <= max) return s;
  const code = s.charCodeAt(max - 1);
  return s.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

/** JavaScript's \s apart from the line breaks. */
const isBlank = (code: number) =>
  code === 0x20 ||
  code === 0x09 ||
  code === 0x0b ||
  code === 0x0c ||
  code === 0xa0 ||
  code === 0x1680 ||
  (code >= 0x2000 && code <= 0x200a) ||
  code === 0x202f ||
  code === 0x205f ||
  code === 0x3000 ||
  code === 0xfeff;
const isLineBreak = (code: number) => code === 0x0a || code === 0x0d || code === 0x2028 || code === 0x2029;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/**
 * Plain text as the reader sees it: "\n" the only line break (CR, CRLF and the Unicode line and paragraph
 * separators become "\n", so "." in a pattern never stops inside a line), then the caps above. Text
 * within them comes back unchanged. One pass over at most MAX_TEXT_CHARS characters.
 */
export function boundText(raw: string): string {
  const s = cut(raw, MAX_TEXT_CHARS);
  const parts: string[] = [];
  let start = 0;
  let lines = 1;
  let lineLength = 0;
  let blanks = 0;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (isLineBreak(code)) {
      parts.push(s.slice(start, i));
      if (lines === MAX_LINES) {
        start = s.length;
        break;
      }
      parts.push('\n');
      if (code === 0x0d && s.charCodeAt(i + 1) === 0x0a) i++;
      start = i + 1;
      lines++;
      lineLength = 0;
      blanks = 0;
      continue;
    }
    if (isBlank(code)) {
      if (++blanks > MAX_BLANK_RUN) {
        parts.push(s.slice(start, i));
        start = i + 1;
        continue;
      }
    } else {
      blanks = 0;
    }
    if (lineLength >= MAX_LINE_CHARS && !isLowSurrogate(code)) {
      // Broken rather than cut: the rest of a long paragraph goes on the next line.
      parts.push(s.slice(start, i));
      if (lines === MAX_LINES) {
        start = s.length;
        break;
      }
      parts.push('\n');
      start = i;
      lines++;
      lineLength = 0;
    }
    lineLength++;
  }
  parts.push(s.slice(start));
  return parts.join('');
}

/** A header-like field (subject, display name), capped. */
export function boundField(value: string | null | undefined, max: number): string | null {
  return value === null || value === undefined ? null : cut(value, max);
}
