import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import Handlebars from 'handlebars';
import { templatesDir } from '../paths.js';

/** What every template may use besides its own data. */
export interface MailContext {
  schemeName: string;
  organiserEmail: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html?: string;
}

/** The data each email's template takes: one entry per file pair in templates/. */
export interface TemplateData {
  invitation: { name: string | null };
  'delivery-report': {
    failures: Array<{ template: string; to: string; createdAt: string; reason: string }>;
    more: number;
  };
}
export type TemplateName = keyof TemplateData;

interface Compiled {
  subject: HandlebarsTemplateDelegate;
  text: HandlebarsTemplateDelegate;
  html: HandlebarsTemplateDelegate | null;
  version: string;
}

// An isolated instance: nothing registered here leaks into, or in from, other users of Handlebars.
const hbs = Handlebars.create();
const cache = new Map<string, Compiled>();

/**
 * Reads templates/<name>.txt (first line "Subject: …", a blank line, then the body) and its optional
 * HTML twin templates/<name>.html. The text is not HTML-escaped; the HTML is, by Handlebars' default.
 */
function load(name: string, dir: string): Compiled {
  const key = `${dir}\0${name}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const raw = fs.readFileSync(path.join(dir, `${name}.txt`), 'utf8').replace(/\r\n/g, '\n');
  const m = /^Subject: (.+)\n\n([\s\S]*)$/.exec(raw);
  if (!m) throw new Error(`templates/${name}.txt must start with a "Subject: …" line and a blank line`);
  const htmlPath = path.join(dir, `${name}.html`);
  const html = fs.existsSync(htmlPath) ? fs.readFileSync(htmlPath, 'utf8') : null;
  const compiled: Compiled = {
    subject: hbs.compile(m[1]!, { noEscape: true, strict: true }),
    text: hbs.compile(m[2]!, { noEscape: true }),
    html: html === null ? null : hbs.compile(html),
    // The wording a person agrees to is identified by a hash of the text they read.
    version: createHash('sha256').update(raw).digest('hex').slice(0, 12),
  };
  cache.set(key, compiled);
  return compiled;
}

/** Collapses anything that could end a header line or hide text: subjects are one line. */
export function oneLine(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
}

function render<N extends TemplateName>(name: N, data: TemplateData[N], ctx: MailContext, dir = templatesDir): RenderedMail {
  const t = load(name, dir);
  const values = { ...ctx, ...data };
  return {
    subject: oneLine(t.subject(values)).slice(0, 250),
    text: t.text(values).replace(/\n{3,}/g, '\n\n').trimEnd() + '\n',
    ...(t.html ? { html: t.html(values) } : {}),
  };
}

/** The version of a template's wording, recorded with a person's consent. */
export function templateVersion(name: TemplateName, dir = templatesDir): string {
  return `${name}@${load(name, dir).version}`;
}

export function renderInvitation(data: TemplateData['invitation'], ctx: MailContext): RenderedMail {
  return render('invitation', data, ctx);
}

export function renderDeliveryReport(data: TemplateData['delivery-report'], ctx: MailContext): RenderedMail {
  const count = data.failures.length + data.more;
  return render('delivery-report', data, { ...ctx, count, one: count === 1 } as MailContext);
}

const renderers: { [N in TemplateName]: (data: TemplateData[N], ctx: MailContext) => RenderedMail } = {
  invitation: renderInvitation,
  'delivery-report': renderDeliveryReport,
};

/** Renders an outbox row's stored template and data. */
export function renderTemplate(name: string, data: unknown, ctx: MailContext): RenderedMail {
  const renderer = renderers[name as TemplateName] as ((d: unknown, c: MailContext) => RenderedMail) | undefined;
  if (!renderer) throw new Error(`no template called "${name}"`);
  return renderer(data, ctx);
}
