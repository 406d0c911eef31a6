import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { templatesDir } from '../../src/paths.js';
import { askedBy } from '../../src/inbound/read/asked.js';
import { formatDate } from '../../src/mail/words.js';
import {
  renderAlreadyIn,
  renderAskDetails,
  renderBooking,
  renderCadence,
  renderDeclined,
  renderDeliveryReport,
  renderDetailsUpdated,
  renderErased,
  renderFollowUp,
  renderNudge,
  renderForwarded,
  renderHelp,
  renderIntroduction,
  renderInvitation,
  renderMetRecorded,
  renderMyData,
  renderNotInvited,
  renderOrganiserForward,
  renderPaused,
  renderQuiet,
  renderReminder,
  renderResumed,
  renderSkipping,
  renderSpoofedNotice,
  renderStillWant,
  renderStopped,
  renderTemplate,
  renderUnplaced,
  renderWelcome,
  templateNames,
  templateVersion,
  type MailContext,
  type SharedDetails,
  type TemplateData,
  type TemplateName,
} from '../../src/mail/templates.js';

const ctx: MailContext = { schemeName: 'Unmentoring', organiserEmail: 'organiser@example.gov.uk' };
const FOOTER = 'Need help? Reply HELP. To leave, reply STOP.';

const details: SharedDetails = {
  email: 'ann.lee@example.gov.uk',
  name: 'Ann Lee',
  phone: '+447700900123',
  organisation: 'HM Revenue & Customs',
  googleId: 'ann.lee.hmrc',
  skypeId: null,
  other: null,
  topics: 'Open data, procurement',
};
const everything: SharedDetails = { ...details, skypeId: 'live:ann', other: 'Teams: Ann Lee (HMRC)' };
/** Ann's matches: Sam gives no IDs and no topics; Ola gives a Skype ID only. */
const sam: SharedDetails = {
  email: 'sam.patel@leeds.gov.uk',
  name: 'Sam Patel',
  phone: '+447700900456',
  organisation: 'Leeds City Council',
  googleId: null,
  skypeId: null,
  other: null,
  topics: null,
};
const ola: SharedDetails = {
  email: 'ola.adebayo@example.nhs.uk',
  name: 'Ola Adebayo',
  phone: '+447700900789',
  organisation: 'NHS England',
  googleId: null,
  skypeId: 'live:ola.adebayo',
  other: null,
  topics: 'Recruitment\nworking across boundaries',
};

/** Typical data for every email: a new template without an entry here does not compile. */
const samples: { [N in TemplateName]: TemplateData[N] } = {
  invitation: { name: 'Ann' },
  'delivery-report': {
    failures: [{ template: 'invitation', to: 'bad@example', createdAt: '2027-03-01T10:00:00Z', reason: 'invalid address' }],
    more: 0,
  },
  'ask-details': { name: 'Ann', missing: ['phone'], details: { ...details, phone: null } },
  'group-changed': { name: 'Ann', others: 1 },
  welcome: {
    details,
    consentWording: 'that we share these details with the people you are matched with, and with nobody else',
  },
  'details-updated': { details, changed: ['phone'] },
  'already-in': { details },
  'not-invited': { organiserEmail: 'jo.bloggs@example.gov.uk' },
  stopped: {},
  declined: {},
  paused: { until: '2027-03-02' },
  skipping: {},
  resumed: {},
  quiet: {},
  'booking-needs-time': {},
  'not-yet': {},
  'cant-make-it': {},
  'partner-cant-make-it': { name: 'Sam Patel', who: 'Jo Bloggs', trio: false, booked: true, groupId: 1 },
  'booking-declined': { name: 'Sam Patel', who: 'Jo Bloggs', start: '2026-12-08T14:00:00.000Z', zone: 'Europe/London', groupId: 1 },
  cadence: { cadence: 'quarterly' },
  help: { status: 'active' },
  'my-data': {
    details,
    status: 'active',
    joinedAt: '2026-07-01T23:30:00Z',
    consentAt: '2026-07-01T23:30:00Z',
    consentVersion: 'invitation@0123456789ab',
    invitedAt: '2026-06-20T09:00:00Z',
    groups: 3,
    replies: 5,
  },
  erased: {},
  forwarded: {},
  'organiser-forward': {
    fromEmail: 'ann.lee@example.gov.uk',
    fromName: 'Ann Lee',
    subject: 'Re: Your introduction',
    reply: 'Hello,\n\nCan I bring a colleague along?\n\nAnn',
    status: 'active',
  },
  'met-recorded': { met: true },
  'spoofed-notice': { fromEmail: 'ann.lee@example.gov.uk', subject: 'STOP', reason: 'SPF fail; DKIM none' },
  'suppressed-notice': { addresses: [{ email: 'ann.lee@example.gov.uk', reason: 'bounced (550 5.1.1 no such user)' }] },
  introduction: { members: [details, sam], firstMover: 'Sam Patel', trio: false, meetWithinDays: 14 },
  'follow-up': { name: 'Ann', partners: ['Sam Patel'], introducedOn: '2027-03-03' },
  nudge: { name: 'Ann', partners: ['Sam Patel'], introducedOn: '2027-03-03', groupId: 7 },
  'still-want': { name: 'Ann', rounds: 3 },
  reminder: { name: 'Ann', roundDate: '2027-03-03' },
  unplaced: { name: 'Ann', reason: 'everyone else this round works in your organisation' },
  digest: { report: 'All time (made 3 Mar 2027)\n\nPeople\n  Joined  12\n', roundId: 4, since: null, picture: true },
  'confirm-request': { name: 'Ann', request: 'details', changed: ['phone', 'Skype ID'], validDays: 7 },
  'confirm-unsure': { name: 'Ann', request: 'join', changed: [], validDays: 7 },
  'confirm-lapsed': { validDays: 7 },
  booking: {
    name: 'Ann',
    partners: ['Sam Patel'],
    start: '2026-12-08T14:00:00Z',
    zone: 'Europe/London',
    minutes: 30,
    method: 'REQUEST',
    uid: 'unmentoring-group-42@reply.unmentoring.test',
    sequence: 0,
    organizerEmail: 'calendar@reply.unmentoring.test',
    attendees: [
      { name: 'Ann Lee', email: 'ann.lee@example.gov.uk' },
      { name: 'Sam Patel', email: 'sam.patel@leeds.gov.uk' },
    ],
  },
};

/** Emails to participants: they end with how to get help and how to leave. */
const participantFacing: TemplateName[] = [
  'ask-details', 'welcome', 'details-updated', 'already-in', 'paused', 'skipping', 'resumed', 'quiet', 'cadence',
  'help', 'my-data', 'forwarded', 'met-recorded', 'follow-up', 'nudge', 'still-want', 'reminder', 'unplaced',
  'confirm-request', 'confirm-unsure', 'confirm-lapsed', 'booking', 'booking-needs-time', 'not-yet', 'cant-make-it', 'partner-cant-make-it', 'booking-declined',
];
/** The last email someone gets, or one to someone who is not a participant: no "reply STOP". */
const noFooter: TemplateName[] = ['not-invited', 'stopped', 'declined', 'erased'];

function render<N extends TemplateName>(name: N, data: TemplateData[N] = samples[name]) {
  return renderTemplate(name, data, ctx);
}

/** The lines of a form a person fills in: a required label with nothing after it. */
function blankFormLines(text: string): string[] {
  return text.split('\n').filter((l) => /^(Name|Phone|Organisation):\s*$/.test(l)).map((l) => l.trim());
}

/** Replaces every string in a value, keeping its shape; `at` is the string's path, such as "details.phone". */
function mapStrings(value: unknown, f: (s: string, at: string) => string, at = ''): unknown {
  if (typeof value === 'string') return f(value, at);
  if (Array.isArray(value)) return value.map((v, i) => mapStrings(v, f, `${at}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, f, at ? `${at}.${k}` : k)]));
  }
  return value;
}

/** What a reader sees of an HTML mail: tags dropped, entities decoded, spaces collapsed. */
function visible(html: string): string {
  return html
    .replace(/<\/?(strong|em|b)>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

function templateFiles(dir = templatesDir): string[] {
  const top = fs.readdirSync(dir).map((f) => path.join(dir, f));
  const partials = fs.existsSync(path.join(dir, 'partials'))
    ? fs.readdirSync(path.join(dir, 'partials')).map((f) => path.join(dir, 'partials', f))
    : [];
  return [...top, ...partials].filter((f) => fs.statSync(f).isFile());
}

describe('the templates folder', () => {
  it('when the folder is scanned, then every TemplateName has a .txt file and a renderer, and every .txt is a TemplateName', () => {
    const txt = fs.readdirSync(templatesDir).filter((f) => f.endsWith('.txt')).map((f) => f.slice(0, -4)).sort();
    expect(txt).toEqual([...templateNames].sort());
    expect(Object.keys(samples).sort()).toEqual([...templateNames].sort());
    for (const name of templateNames) {
      expect(() => render(name), name).not.toThrow();
    }
  });

  it('when an .html file is in the folder, then it is the twin of a .txt file', () => {
    const html = fs.readdirSync(templatesDir).filter((f) => f.endsWith('.html'));
    expect(html.length).toBeGreaterThan(1);
    for (const f of html) expect(fs.existsSync(path.join(templatesDir, f.replace(/\.html$/, '.txt'))), f).toBe(true);
  });

  it('when every template and partial is read, then none contains a link', () => {
    for (const file of templateFiles()) {
      const source = fs.readFileSync(file, 'utf8');
      expect(source, file).not.toMatch(/http/i);
      expect(source, file).not.toMatch(/www\./i);
      expect(source, file).not.toMatch(/<a\s/i);
    }
  });

  it('when every HTML template and partial is read, then none turns escaping off with {{{ or {{&', () => {
    const html = templateFiles().filter((f) => f.endsWith('.html'));
    expect(html.some((f) => f.includes(`partials${path.sep}`))).toBe(true);
    for (const file of html) {
      const source = fs.readFileSync(file, 'utf8');
      expect(source, file).not.toContain('{{{');
      expect(source, file).not.toMatch(/\{\{~?\s*&/);
    }
  });

  it('when every email is rendered with typical data, then none contains "http" and each subject fits in 78 characters', () => {
    for (const name of templateNames) {
      const mail = render(name);
      expect(mail.subject.length, name).toBeLessThanOrEqual(78);
      expect(mail.subject, name).not.toBe('');
      expect(`${mail.subject}${mail.text}${mail.html ?? ''}`, name).not.toMatch(/http/i);
    }
  });

  it('when an unknown or inherited name is asked for, then renderTemplate refuses it', () => {
    expect(() => renderTemplate('nope', {}, ctx)).toThrow('no template called "nope"');
    expect(() => renderTemplate('toString', {}, ctx)).toThrow('no template called "toString"');
  });
});

describe('values in templates', () => {
  const EVIL = `<script>alert(1)</script> & "q" 'a'`;

  it('when every value holds <script>, & and quotes, then each HTML twin shows every value it shows at all escaped', () => {
    let checked = 0;
    for (const name of templateNames) {
      if (!render(name).html) continue;
      const data = mapStrings(samples[name], (s, at) => `${s}~${at}~${EVIL}`) as TemplateData[typeof name];
      const mail = renderTemplate(name, data, ctx);
      const html = mail.html!;
      expect(html, name).not.toContain('<script>');
      expect(html, name).not.toContain(EVIL);
      expect(html, name).not.toMatch(/& "/);
      // Every value the text shows, the HTML shows too, escaped.
      const shown = [...mail.text.matchAll(/~([\w.[\]]+)~/g)].map((m) => m[1]!);
      expect(shown.length, name).toBeGreaterThan(0);
      for (const at of new Set(shown)) {
        expect(html, `${name}: ${at}`).toContain(`~${at}~&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; &#x27;a&#x27;`);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('when a value holds quotes and an ampersand, then the text shows it exactly as typed', () => {
    const who = { ...details, name: "O'Brien & Sons <Ltd>", organisation: 'Smith & "Partners"' };
    const text = renderWelcome({ ...samples.welcome, details: who }, ctx).text;
    expect(text).toContain("Hello O'Brien & Sons <Ltd>,");
    expect(text).toContain('Organisation: Smith & "Partners"');
    expect(text).not.toMatch(/&amp;|&#x27;|&quot;|&lt;/);
  });

  it('when any value holds CR or LF, then every subject stays one line', () => {
    for (const name of templateNames) {
      const data = mapStrings(samples[name], (s) => `${s}\r\nBcc: victim@example.org\n\rX`) as TemplateData[typeof name];
      const { subject } = renderTemplate(name, data, ctx);
      expect(subject, name).not.toMatch(/[\r\n]/);
    }
    const { subject } = renderTemplate('welcome', samples.welcome, { ...ctx, schemeName: 'Un\r\nBcc: x@example.org' });
    expect(subject).toBe("You're in: welcome to Un Bcc: x@example.org");
  });

  it('when a detail is typed over several lines, then it is shown on its label’s line', () => {
    const text = renderAlreadyIn({ details: { ...details, topics: 'Open data\r\n\r\nprocurement\n' } }, ctx).text;
    expect(text).toContain('Topics: Open data; procurement\n');
  });
});

describe('the footer', () => {
  it('when a participant-facing email is rendered, then it ends by saying how to get help and how to leave', () => {
    for (const name of participantFacing) {
      const mail = render(name);
      expect(mail.text.trimEnd().endsWith(FOOTER), name).toBe(true);
      if (mail.html) expect(visible(mail.html), name).toContain(FOOTER);
    }
  });

  it('when the last email or one to a non-participant is rendered, then it does not ask them to reply STOP', () => {
    for (const name of noFooter) {
      expect(render(name).text, name).not.toContain(FOOTER);
      expect(render(name).text, name).not.toMatch(/reply STOP/i);
    }
  });

  it('when an email has an HTML twin, then both name the same reply words', () => {
    const words = ['PAUSE UNTIL', 'PAUSE', 'RESUME', 'SKIP', 'QUIET', 'MY DATA', 'STOP', 'DELETE', 'HELP', 'MONTHLY', 'QUARTERLY'];
    for (const name of templateNames) {
      const mail = render(name);
      if (!mail.html) continue;
      const html = visible(mail.html);
      for (const w of words) expect(html.includes(w), `${name}: ${w}`).toBe(mail.text.includes(w));
    }
  });
});

describe('formatDate (the "date" helper)', () => {
  it('when given a bare date, then it shows that calendar day in words', () => {
    expect(formatDate('2027-03-02')).toBe('Tuesday 2 March 2027');
    expect(formatDate('2027-03-03')).toBe('Wednesday 3 March 2027');
  });

  it('when given a time late in the evening in summer, then it shows the day it already was in London', () => {
    expect(formatDate('2027-07-01T23:30:00Z')).toBe('Friday 2 July 2027');
  });

  it('when given a time late in the evening in winter, then it shows the same day, as London is on GMT', () => {
    expect(formatDate('2027-01-01T23:30:00Z')).toBe('Friday 1 January 2027');
  });

  it('when given something that is not a date, then it shows it unchanged rather than failing', () => {
    expect(formatDate('next spring')).toBe('next spring');
    expect(formatDate(null)).toBe('');
  });
});

describe('templateVersion', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'templates-version-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  function copyTemplates(name: string, edit?: (dir: string) => void): string {
    const dir = path.join(tmp, name);
    fs.cpSync(templatesDir, dir, { recursive: true });
    edit?.(dir);
    return dir;
  }

  it('when the invitation is unchanged, then its version is the hash of its text file, as before partials existed', () => {
    const raw = fs.readFileSync(path.join(templatesDir, 'invitation.txt'), 'utf8').replace(/\r\n/g, '\n');
    const hash = createHash('sha256').update(raw).digest('hex').slice(0, 12);
    expect(templateVersion('invitation')).toBe(`invitation@${hash}`);
    expect(templateVersion('invitation', copyTemplates('same'))).toBe(templateVersion('invitation'));
  });

  it('when the invitation’s wording changes, then its version changes', () => {
    const dir = copyTemplates('reworded', (d) => {
      const file = path.join(d, 'invitation.txt');
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('and with nobody else', 'and with no one else'));
    });
    expect(templateVersion('invitation', dir)).not.toBe(templateVersion('invitation'));
    expect(templateVersion('invitation', dir)).toMatch(/^invitation@[0-9a-f]{12}$/);
  });

  it('when a partial’s wording changes, then the versions of the emails using it change and the others do not', () => {
    const dir = copyTemplates('new-footer', (d) => {
      fs.writeFileSync(path.join(d, 'partials', 'footer.txt'), '{{schemeName}}\n\nQuestions? Reply HELP. To leave, reply STOP.\n');
    });
    expect(templateVersion('welcome', dir)).not.toBe(templateVersion('welcome'));
    expect(templateVersion('invitation', dir)).toBe(templateVersion('invitation'));
  });
});

describe('the invitation and delivery report (unchanged)', () => {
  it('when an invitation is rendered, then it greets by name and asks for the details to join', () => {
    const mail = renderInvitation({ name: 'Ann' }, ctx);
    expect(mail.text).toContain('Hello Ann,');
    expect(mail.text).toContain('Name:\nPhone:\nOrganisation:\n');
    expect(mail.html).toContain('<p>Hello Ann,</p>');
  });

  it('when one mail failed, then the delivery report says "1 mail"', () => {
    expect(renderDeliveryReport(samples['delivery-report'], ctx).subject).toBe('Unmentoring: 1 mail could not be delivered');
  });
});

describe('ask-details', () => {
  it('when only the phone is missing, then it asks for the phone alone and lists what we have', () => {
    const mail = renderAskDetails(samples['ask-details'], ctx);
    expect(mail.subject).toBe('Almost there: we need your phone number');
    expect(blankFormLines(mail.text)).toEqual(['Phone:']);
    expect(mail.text).toContain('Name: Ann Lee\nEmail: ann.lee@example.gov.uk\nOrganisation: HM Revenue & Customs\n');
    expect(mail.text).not.toMatch(/^Phone: \S/m);
    expect(mail.text).not.toContain('Not given');
    expect(mail.text).toContain("once we have it, you're in");
    expect(mail.html).toContain('Phone:<br>');
    expect(mail.html).not.toMatch(/(Name|Organisation):<br>/);
  });

  it('when everything required is missing, in any order and repeated, then it asks for each once, in the form’s order', () => {
    const mail = renderAskDetails(
      { name: null, missing: ['organisation', 'name', 'phone', 'phone'], details: { ...details, name: null, phone: null, organisation: null } },
      ctx,
    );
    expect(mail.subject).toBe('Almost there: we need your name, phone number and organisation');
    expect(blankFormLines(mail.text)).toEqual(['Name:', 'Phone:', 'Organisation:']);
    expect(mail.text).toMatch(/^Hello,$/m);
    expect(mail.text).toContain("once we have them, you're in");
  });

  it('when two are missing, then the subject joins them with "and"', () => {
    const mail = renderAskDetails({ ...samples['ask-details'], missing: ['phone', 'organisation'] }, ctx);
    expect(mail.subject).toBe('Almost there: we need your phone number and organisation');
    expect(blankFormLines(mail.text)).toEqual(['Phone:', 'Organisation:']);
  });
});

describe('welcome', () => {
  it('when someone joins, then it lists each given detail, says which are not given, and quotes what they agreed to', () => {
    const { text } = renderWelcome(samples.welcome, ctx);
    expect(text).toContain(
      'Name: Ann Lee\nEmail: ann.lee@example.gov.uk\nPhone: +447700900123\nOrganisation: HM Revenue & Customs\n' +
        'Google ID: ann.lee.hmrc\nTopics: Open data, procurement\nNot given: Skype ID and Teams or other ID\n',
    );
    expect(text).toContain('only to the people you are matched with');
    expect(text).toContain(
      'For your records: when you joined, you agreed that we share these details with the people you are matched with, and with nobody else.\n',
    );
    expect(text).toContain('in the next round');
  });

  it('when someone joins, then it tells them every reply that changes, pauses, skips, quietens, shows, stops or erases', () => {
    const { text } = renderWelcome(samples.welcome, ctx);
    expect(text).toContain('"Phone: 07700 900123"');
    for (const word of ['reply PAUSE', 'PAUSE UNTIL 3 March', 'reply SKIP', 'reply QUIET', 'reply MY DATA', 'reply STOP', 'reply DELETE']) {
      expect(text).toContain(word);
    }
  });

  it('when the consent wording ends with a full stop, then the sentence still has only one', () => {
    const { text } = renderWelcome({ ...samples.welcome, consentWording: 'that we share these details. ' }, ctx);
    expect(text).toContain('you agreed that we share these details.\n');
  });

  it('when every detail is given, then there is no "Not given" line', () => {
    const mail = renderWelcome({ ...samples.welcome, details: everything }, ctx);
    expect(mail.text).toContain('Skype ID: live:ann\nTeams or other ID: Teams: Ann Lee (HMRC)\n');
    expect(mail.text).not.toContain('Not given');
    expect(mail.html).not.toContain('Not given');
  });
});

describe('details-updated', () => {
  it('when the phone changed, then it confirms the change and shows the full current details', () => {
    const { subject, text } = renderDetailsUpdated(samples['details-updated'], ctx);
    expect(subject).toBe('Your details have been updated');
    expect(text).toContain("we've changed your phone.");
    expect(text).toContain('Phone: +447700900123\n');
    expect(text).toContain('Organisation: HM Revenue & Customs\n');
    expect(text).toContain('Not given: Skype ID and Teams or other ID');
  });

  it('when two details changed, then it names both', () => {
    expect(renderDetailsUpdated({ details, changed: ['phone', 'organisation'] }, ctx).text).toContain(
      "we've changed your phone and organisation.",
    );
    expect(renderDetailsUpdated({ details, changed: [] }, ctx).text).toContain("we've updated your details.");
  });
});

describe('already-in', () => {
  it('when someone says yes again, then it says they are already in, shows their details and how to change them', () => {
    const { subject, text } = renderAlreadyIn(samples['already-in'], ctx);
    expect(subject).toBe("You're already in");
    expect(text).toContain("you've already joined");
    expect(text).toContain('Email: ann.lee@example.gov.uk\n');
    expect(text).toContain('reply with the new value, for example "Phone: 07700 900123"');
  });
});

describe('not-invited', () => {
  it('when someone uninvited writes in, then it points them to the organiser and says nothing was kept', () => {
    const { subject, text } = renderNotInvited(samples['not-invited'], ctx);
    expect(subject).toBe('Unmentoring is by invitation');
    expect(text).toContain('ask the organiser to invite you: jo.bloggs@example.gov.uk');
    expect(text).not.toContain(ctx.organiserEmail);
    expect(text).toContain("We haven't kept your address or anything else about you.");
  });
});

describe('stopped, declined and erased', () => {
  it('when someone stops, then it says this is the last email and how to undo it', () => {
    const { subject, text } = renderStopped({}, ctx);
    expect(subject).toBe("You've left Unmentoring");
    expect(text).toContain("this is the last email you'll get from us");
    expect(text).toContain('If this was a mistake or you change your mind, reply to this email');
  });

  it('when someone says no thanks, then it says no more emails will come', () => {
    const { subject, text } = renderDeclined({}, ctx);
    expect(subject).toBe("No problem: we won't write again");
    expect(text).toContain("We won't send you any more emails about Unmentoring.");
  });

  it('when someone is erased, then it confirms the deletion, that only anonymous counts remain, and that this is the last email', () => {
    const { subject, text } = renderErased({}, ctx);
    expect(subject).toBe('Your details have been deleted');
    expect(text).toContain('we have deleted your personal data');
    expect(text).toContain('only anonymous counts');
    expect(text).toContain("This is the last email you'll get from us.");
  });
});

describe('paused, skipping, resumed, quiet, cadence', () => {
  it('when paused until a date, then the subject and text show the date in words and how to come back sooner', () => {
    const mail = renderPaused({ until: '2027-03-02' }, ctx);
    expect(mail.subject).toBe("You're paused until Tuesday 2 March 2027");
    expect(mail.text).toContain("you're paused until Tuesday 2 March 2027.");
    expect(mail.text).toContain('To come back sooner, reply RESUME.');
  });

  it('when paused with no date, then it says they stay paused until they reply RESUME', () => {
    const mail = renderPaused({ until: null }, ctx);
    expect(mail.subject).toBe("You're paused");
    expect(mail.text).toContain('until you reply RESUME');
    expect(mail.text).not.toMatch(/20\d\d/);
  });

  it('when skipping, then it says only the next round is missed', () => {
    const { subject, text } = renderSkipping({}, ctx);
    expect(subject).toBe("You'll sit out the next round");
    expect(text).toContain("After that you'll be matched as usual");
  });

  it('when resumed, then it says they are back from the next round', () => {
    expect(renderResumed({}, ctx).text).toContain("You're back in. We'll match you in the next round");
  });

  it('when quiet, then it says reminders stop but matching goes on', () => {
    const { text } = renderQuiet({}, ctx);
    expect(text).toContain("we won't send you reminders before rounds any more");
    expect(text).toContain("You'll still be matched");
  });

  it.each([
    ['monthly', 'once a month'],
    ['bimonthly', 'every two months'],
    ['quarterly', 'every three months'],
  ] as const)('when the cadence is %s, then it says they will be matched %s', (cadence, words) => {
    const mail = renderCadence({ cadence }, ctx);
    expect(mail.subject).toBe(`We'll now match you ${words}`);
    expect(mail.text).toContain(`from now on we'll match you ${words}.`);
  });
});

describe('help', () => {
  it('when someone asks for help, then it gives every reply word with a line each and says anything else reaches a person', () => {
    const { text } = renderHelp({ status: 'active' }, ctx);
    for (const word of ['PAUSE', 'PAUSE UNTIL 3 March', 'SKIP', 'RESUME', 'MONTHLY, EVERY TWO MONTHS or QUARTERLY', 'QUIET', 'MY DATA', 'STOP', 'DELETE', 'HELP']) {
      expect(text).toMatch(new RegExp(`^${word}: \\S`, 'm'));
    }
    expect(text).toContain('Anything else you write reaches a person');
    expect(text).toContain('You are taking part');
  });

  it('when the person is paused or has an unknown status, then the status line says so', () => {
    expect(renderHelp({ status: 'paused' }, ctx).text).toContain('You are paused');
    expect(renderHelp({ status: 'mystery' }, ctx).text).toContain('Your status is: mystery.');
    expect(renderHelp({ status: 'unknown' }, ctx).text).toContain('You are not taking part at the moment');
  });
});

describe('my-data', () => {
  it('when someone asks for their data, then it shows every detail, their status, dates in words, counts, and how to correct or delete', () => {
    const { text, html } = renderMyData(samples['my-data'], ctx);
    expect(text).toContain('Name: Ann Lee\nEmail: ann.lee@example.gov.uk\nPhone: +447700900123\n');
    expect(text).toContain('Not given: Skype ID and Teams or other ID');
    expect(text).toContain('Status: You are taking part');
    expect(text).toContain('Invited: Saturday 20 June 2026\n');
    expect(text).toContain('Joined: Thursday 2 July 2026\n');
    expect(text).toContain('Agreed to share your details: Thursday 2 July 2026 (the wording you agreed to is version invitation@0123456789ab)');
    expect(text).toContain('Introductions so far: 3\nEmails you have sent us: 5\n');
    expect(text).toContain('reply DELETE');
    expect(text).toContain('"Phone: 07700 900123"');
    expect(html).toContain('Joined: Thursday 2 July 2026');
  });

  it('when dates are missing, then it says so rather than showing nothing', () => {
    const { text } = renderMyData(
      { ...samples['my-data'], joinedAt: null, consentAt: null, consentVersion: null, invitedAt: null, groups: 0 },
      ctx,
    );
    expect(text).toContain('Invited: not recorded\nJoined: not yet\nAgreed to share your details: not yet\nIntroductions so far: 0\n');
  });
});

describe('forwarded and organiser-forward', () => {
  it('when a message needs a person, then the sender is told a person will reply', () => {
    const { subject, text } = renderForwarded({}, ctx);
    expect(subject).toBe('Thank you: a person will read your message');
    expect(text).toContain('who will reply to you');
  });

  it('when a message is forwarded to the organiser, then it quotes the message and says a reply here does not reach the person', () => {
    const { subject, text, html } = renderOrganiserForward(samples['organiser-forward'], ctx);
    expect(subject).toBe('Message from Ann Lee: Your introduction');
    expect(text).toContain('Ann Lee (ann.lee@example.gov.uk) wrote to Unmentoring');
    expect(text).toContain('> Hello,\n>\n> Can I bring a colleague along?\n>\n> Ann\n');
    expect(text).toContain('Their status: active');
    expect(text).toContain('Subject: Re: Your introduction');
    expect(text).toContain('Replying to this email does NOT reach them. Please write to them directly at ann.lee@example.gov.uk');
    expect(html).toBeUndefined();
  });

  it('when the name, subject and status are long or missing, then the subject stays short and names the address', () => {
    const long = renderOrganiserForward(
      { ...samples['organiser-forward'], fromName: 'Annabel Alexandra Leigh-Montgomery-Smythe', subject: `RE: Fwd: ${'very '.repeat(30)}long` },
      ctx,
    );
    expect(long.subject.length).toBeLessThanOrEqual(78);
    expect(long.subject).toMatch(/^Message from Annabel .*…: very very .*…$/);
    const bare = renderOrganiserForward({ ...samples['organiser-forward'], fromName: null, subject: null, status: null }, ctx);
    expect(bare.subject).toBe('Message from ann.lee@example.gov.uk');
    expect(bare.text).not.toContain('Their status');
    expect(bare.text).not.toMatch(/^Subject:/m);
  });
});

describe('met-recorded', () => {
  it('when they met, then it thanks them for letting us know they met', () => {
    expect(renderMetRecorded({ met: true }, ctx).text).toContain('Thank you for letting us know you met.');
  });

  it('when they did not meet, then it says so kindly and not that they met', () => {
    const { text } = renderMetRecorded({ met: false }, ctx);
    expect(text).toContain("you didn't manage to meet");
    expect(text).not.toContain('know you met');
  });
});

describe('spoofed-notice', () => {
  it('when a forged message arrives, then the organiser is told who it claimed to be from, why it failed, and that nothing changed', () => {
    const { subject, text } = renderSpoofedNotice(samples['spoofed-notice'], ctx);
    expect(subject).toBe('Possibly forged message from ann.lee@example.gov.uk');
    expect(text).toContain('says it is from ann.lee@example.gov.uk');
    expect(text).toContain('failed both SPF and DKIM');
    expect(text).toContain('nothing was changed');
    expect(text).toContain('Subject: STOP\n');
    expect(text).toContain('Why it failed: SPF fail; DKIM none');
  });
});

describe('introduction', () => {
  const pair = samples.introduction;
  const trio: TemplateData['introduction'] = { members: [everything, sam, ola], firstMover: 'Ola Adebayo', trio: true, meetWithinDays: 14 };

  /** The lines of one person's block in the text: from their name to the next blank line. */
  function block(text: string, name: string): string[] {
    const lines = text.split('\n');
    const at = lines.indexOf(name);
    expect(at, name).toBeGreaterThan(-1);
    const end = lines.indexOf('', at);
    return lines.slice(at, end === -1 ? undefined : end);
  }

  it('when a pair is introduced, then each person’s name, organisation, phone, email, given IDs and topics are in their own block', () => {
    const { text } = renderIntroduction(pair, ctx);
    expect(block(text, 'Ann Lee')).toEqual([
      'Ann Lee',
      'Organisation: HM Revenue & Customs',
      'Phone: +447700900123',
      'Email: ann.lee@example.gov.uk',
      'Google ID: ann.lee.hmrc',
      'Would like to talk about: Open data, procurement',
    ]);
    expect(block(text, 'Sam Patel')).toEqual([
      'Sam Patel',
      'Organisation: Leeds City Council',
      'Phone: +447700900456',
      'Email: sam.patel@leeds.gov.uk',
    ]);
  });

  it('when an ID or topics are not given, then no empty label or "not given" line appears for them', () => {
    const { text, html } = renderIntroduction(pair, ctx);
    expect(text).not.toMatch(/^[\w ]+:\s*$/m);
    expect(text).not.toContain('Skype ID');
    expect(text).not.toContain('Teams or other ID');
    expect(text.match(/^Would like to talk about:/gm)).toHaveLength(1);
    expect(text).not.toMatch(/not given/i);
    expect(visible(html!)).not.toContain('Skype ID');
    expect(html).not.toMatch(/:\s*(<br>|<\/p>)/);
  });

  it('when a pair is introduced, then the subject names both, the greeting uses first names and the wording is for two', () => {
    const { subject, text } = renderIntroduction(pair, ctx);
    expect(subject).toBe('Meet Ann Lee and Sam Patel');
    expect(text).toMatch(/^Hello Ann and Sam,$/m);
    expect(text).toContain('matched the two of you');
    expect(text).toContain('suits you both');
    expect(text).toContain('replying to it reaches the other person, not the organisers');
    expect(text).not.toMatch(/three|the other two/);
  });

  it('when a pair is introduced, then it suggests 30 minutes by any channel within two weeks, names who moves first and says no selling', () => {
    const { text } = renderIntroduction(pair, ctx);
    expect(text).toContain('find 30 minutes to talk in the next two weeks');
    expect(text).toContain('a phone call');
    expect(text).toContain('Sam, would you get in touch first to suggest a time?');
    expect(text).toContain('The one rule: no selling.');
  });

  it('when a trio is introduced, then all three appear in full, the wording is for three and the subject uses first names', () => {
    const { subject, text, html } = renderIntroduction(trio, ctx);
    expect(subject).toBe('Meet Ann, Sam and Ola');
    expect(text).toMatch(/^Hello Ann, Sam and Ola,$/m);
    expect(block(text, 'Ann Lee')).toEqual([
      'Ann Lee',
      'Organisation: HM Revenue & Customs',
      'Phone: +447700900123',
      'Email: ann.lee@example.gov.uk',
      'Google ID: ann.lee.hmrc',
      'Skype ID: live:ann',
      'Teams or other ID: Teams: Ann Lee (HMRC)',
      'Would like to talk about: Open data, procurement',
    ]);
    expect(block(text, 'Sam Patel')).toHaveLength(4);
    expect(block(text, 'Ola Adebayo')).toEqual([
      'Ola Adebayo',
      'Organisation: NHS England',
      'Phone: +447700900789',
      'Email: ola.adebayo@example.nhs.uk',
      'Skype ID: live:ola.adebayo',
      'Would like to talk about: Recruitment; working across boundaries',
    ]);
    expect(text).toContain('matched the three of you');
    expect(text).toContain('suits all three of you');
    expect(text).toContain('went to all three of you, so replying to it reaches the other two, not the organisers');
    expect(text).not.toContain('you both');
    expect(text).toContain('Ola, would you get in touch first to suggest a time?');
    expect(text).toContain('no selling');
    expect(visible(html!)).toContain('matched the three of you');
    expect(visible(html!)).toContain('Ola, would you get in touch first');
  });

  it('when names are long, then the subject stays within 78 characters and still names everyone', () => {
    const long = (first: string) => `${first} Alexandra Leigh-Montgomery-Smythe-Fotheringham`;
    const members = [
      { ...details, name: long('Annabel') },
      { ...sam, name: long('Samantha') },
      { ...ola, name: long('Olamide') },
    ];
    const pairMail = renderIntroduction({ ...pair, members: members.slice(0, 2) }, ctx);
    expect(pairMail.subject).toBe('Meet Annabel and Samantha');
    const trioMail = renderIntroduction({ ...trio, members }, ctx);
    expect(trioMail.subject).toBe('Meet Annabel, Samantha and Olamide');
    const unbroken = members.map((m) => ({ ...m, name: `${m.name!.replace(/\s/g, '')}${'x'.repeat(40)}` }));
    const cut = renderIntroduction({ ...trio, members: unbroken }, ctx).subject;
    expect(cut.length).toBeLessThanOrEqual(78);
    expect(cut).toMatch(/^Meet Annabel\S*…, Samantha\S*… and Olamide\S*…$/);
  });

  it('when two members share a first name, then the subject and greeting use full names so nobody is mistaken', () => {
    const mail = renderIntroduction({ ...trio, members: [details, sam, { ...ola, name: 'Sam Jones' }], firstMover: 'Sam Jones' }, ctx);
    expect(mail.subject).toBe('Meet Ann Lee, Sam Patel and Sam Jones');
    expect(mail.text).toContain('Sam Jones, would you get in touch first');
  });

  it('when the first mover is not one of the names given, then they are named as given', () => {
    expect(renderIntroduction({ ...pair, firstMover: 'Dr Patel' }, ctx).text).toContain('Dr Patel, would you get in touch first');
    expect(renderIntroduction({ ...pair, firstMover: '' }, ctx).text).toContain('Whoever reads this first, would you get in touch');
  });

  it.each([
    [7, 'the next week'],
    [10, 'the next ten days'],
    [21, 'the next three weeks'],
  ])('when they should meet within %i days, then it says "%s"', (days, words) => {
    expect(renderIntroduction({ ...pair, meetWithinDays: days }, ctx).text).toContain(`find 30 minutes to talk in ${words}.`);
  });

  it('when a topic holds <script>, then the HTML twin escapes it and the text shows it as typed', () => {
    const evil = { ...sam, topics: '<script>alert(1)</script> & more' };
    const mail = renderIntroduction({ ...pair, members: [details, evil] }, ctx);
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('Would like to talk about: &lt;script&gt;alert(1)&lt;/script&gt; &amp; more');
    expect(mail.text).toContain('Would like to talk about: <script>alert(1)</script> & more');
  });

  it('when introduced, then it says where replies go and how to pause or leave, and does not ask them to reply with a command', () => {
    const { text, html } = renderIntroduction(pair, ctx);
    expect(text).toContain('To pause or leave, reply to any other email from us instead.');
    expect(visible(html!)).toContain('To pause or leave, reply to any other email from us instead.');
    // A reply to this email goes to the others: "reply STOP" or "reply HELP" here would reach them, not us.
    expect(text).not.toContain(FOOTER);
    expect(text).not.toMatch(/reply (STOP|HELP|PAUSE|SKIP)/i);
    expect(text).not.toMatch(/http|www\./i);
  });
});

describe('follow-up', () => {
  it('when asked whether they met one person, then it names them, gives the date and asks for MET or NOT MET and a line', () => {
    const { subject, text } = renderFollowUp(samples['follow-up'], ctx);
    expect(subject).toBe('Did you meet Sam Patel?');
    expect(text).toMatch(/^Hello Ann,$/m);
    expect(text).toContain('On Wednesday 3 March 2027 we introduced you to Sam Patel.');
    expect(text).toMatch(/^MET: /m);
    expect(text).toMatch(/^NOT MET: /m);
    expect(text).toContain('one line on what came of it');
  });

  it('when the person was in a trio, then it names both partners', () => {
    const { subject, text } = renderFollowUp({ name: null, partners: ['Sam Patel', 'Ola Adebayo'], introducedOn: '2027-03-03' }, ctx);
    expect(subject).toBe('Did you meet Sam Patel and Ola Adebayo?');
    expect(text).toMatch(/^Hello,$/m);
    expect(text).toContain('we introduced you to Sam Patel and Ola Adebayo.');
  });

  it('when partners’ names are long, then the subject stays within 78 characters', () => {
    const partners = ['Samantha Alexandra Leigh-Montgomery-Smythe', 'Olamide Bartholomew Fotheringham-Featherstonehaugh'];
    const { subject, text } = renderFollowUp({ ...samples['follow-up'], partners }, ctx);
    expect(subject).toBe('Did you meet Samantha and Olamide?');
    expect(text).toContain(`introduced you to ${partners[0]} and ${partners[1]}.`);
  });
});

describe('nudge', () => {
  it('when nudged about one person, then it names them and the date, and asks for BOOKED and the time, NOT YET or CAN\'T MAKE IT', () => {
    const { subject, text } = renderNudge(samples.nudge, ctx);
    expect(subject).toBe('Have you found a time with Sam Patel?');
    expect(text).toMatch(/^Hello Ann,$/m);
    expect(text).toContain('On Wednesday 3 March 2027 we introduced you to Sam Patel. Have you found a time to talk?');
    expect(text).toContain('(it comes to us, not to them)');
    expect(text).toMatch(/^BOOKED and the time, for example "BOOKED Tuesday 8 December 2pm"$/m);
    expect(text).toMatch(/^NOT YET: /m);
    expect(text).toMatch(/^CAN'T MAKE IT: leave, illness, or it's just not this month\. We'll let Sam Patel know, cancel any time that was booked, and offer them someone else this round if we can\.$/m);
  });

  it('when the person is in a trio, then it names both partners and says the other two will be told', () => {
    const { subject, text } = renderNudge({ name: null, partners: ['Sam Patel', 'Ola Adebayo'], introducedOn: '2027-03-03' }, ctx);
    expect(subject).toBe('Have you found a time with Sam Patel and Ola Adebayo?');
    expect(text).toMatch(/^Hello,$/m);
    expect(text).toContain('we introduced you to Sam Patel and Ola Adebayo.');
    expect(text).toContain("We'll let the other two know");
    expect(text).not.toContain('Sam Patel know');
  });

  it('when partners’ names are long, or there are none, then the subject stays within 78 characters and still reads', () => {
    const partners = ['Samantha Alexandra Leigh-Montgomery-Smythe', 'Olamide Bartholomew Fotheringham-Featherstonehaugh'];
    expect(renderNudge({ ...samples.nudge, partners }, ctx).subject).toBe('Have you found a time with Samantha and Olamide?');
    const alone = renderNudge({ name: 'Ann', partners: [], introducedOn: '' }, ctx);
    expect(alone.subject).toBe('Have you found a time to talk?');
    expect(alone.text).toContain('Recently we introduced you to someone from another organisation.');
    expect(alone.text).toContain("We'll let the other person know");
  });

  it('when read by the reply reader, then it is taken for the nudge: not "did you meet?", an introduction or an invitation', () => {
    const { subject, text } = renderNudge(samples.nudge, ctx);
    expect(askedBy(`Re: ${subject}`, text)).toBe('nudge');
    expect(askedBy('Re: something else', text)).toBe('nudge');
  });

  it('when made on a Wednesday, then its example BOOKED is the Tuesday after next at 2pm, and never a date gone by', () => {
    // Wednesday 3 March 2027: two days on is Friday; the Tuesday after it is 9 March.
    const made = renderNudge(samples.nudge, { ...ctx, outbox: { calendarAddress: 'calendar+x@example.org', createdAt: '2027-03-03T09:00:00.000Z' } });
    expect(made.text).toContain('"BOOKED Tuesday 9 March 2pm"');
    // Sunday 6 December 2026: two days on is Tuesday 8 December itself.
    const sunday = renderNudge(samples.nudge, { ...ctx, outbox: { calendarAddress: 'calendar+x@example.org', createdAt: '2026-12-06T09:00:00.000Z' } });
    expect(sunday.text).toContain('"BOOKED Tuesday 8 December 2pm"');
  });
});

describe('still-want', () => {
  it('when someone has been silent for three rounds, then it says so, that they are paused, and to reply YES to stay or STOP to leave', () => {
    const { subject, text } = renderStillWant(samples['still-want'], ctx);
    expect(subject).toBe('Still want to be matched?');
    expect(text).toContain("We haven't heard from you for three rounds in a row");
    expect(text).toContain("we won't match you with anyone until you tell us you'd like to carry on");
    expect(text).toContain('Reply YES to stay');
    expect(text).toContain('reply STOP to leave');
  });

  it('when it is one round, then it does not say "1 rounds in a row"', () => {
    const { text } = renderStillWant({ name: null, rounds: 1 }, ctx);
    expect(text).toContain("We haven't heard from you since the last round");
    expect(text).not.toContain('in a row');
  });
});

describe('reminder', () => {
  it('when a round is tomorrow, then it gives the date in words and how to skip it or stop reminders', () => {
    const { subject, text } = renderReminder(samples.reminder, ctx);
    expect(subject).toBe("You'll be matched on Wednesday 3 March 2027");
    expect(text).toContain("we'll match you on Wednesday 3 March 2027");
    expect(text).toContain('Reply SKIP to sit this round out');
    expect(text).toContain('Reply QUIET');
    expect(text).toContain("You'll still be matched");
  });
});

describe('unplaced', () => {
  it('when nobody could be found, then it says sorry, gives the reason, and that they are first in line with nothing to do', () => {
    const { subject, text } = renderUnplaced(samples.unplaced, ctx);
    expect(subject).toBe('Sorry: no match for you this round');
    expect(text).toContain("this round we couldn't find you a match, because everyone else this round works in your organisation.\n");
    expect(text).toContain('first in line in the next round');
    expect(text).toContain("There's nothing you need to do.");
  });

  it('when the reason ends with a full stop or is empty, then the sentence still reads', () => {
    expect(renderUnplaced({ name: null, reason: 'no one else is taking part. ' }, ctx).text).toContain(
      'because no one else is taking part.\n',
    );
    expect(renderUnplaced({ name: null, reason: '' }, ctx).text).toContain("this round we couldn't find you a match.\n");
  });
});

describe('booking', () => {
  const booking = samples.booking;

  it('when a meeting is booked for a winter afternoon, then it says when in words in UK time and that it is a calendar invitation', () => {
    const mail = renderBooking(booking, ctx);
    expect(mail.subject).toBe('Your meeting with Sam Patel, Tuesday 8 December, 2:00pm');
    expect(mail.text).toContain('Hello Ann,');
    expect(mail.text).toContain("You're meeting Sam Patel on Tuesday 8 December 2026, 2:00pm to 2:30pm (UK time).");
    expect(mail.text).toContain('This email is a calendar invitation: accept it');
    expect(mail.text).toContain('Reply BOOKED and the new time');
    expect(mail.text).toContain("Reply CAN'T MAKE IT");
    expect(mail.text.trimEnd().endsWith(FOOTER)).toBe(true);
    expect(mail.calendar?.method).toBe('REQUEST');
    expect(mail.calendar?.content).toContain('METHOD:REQUEST');
    expect(mail.calendar?.content).toContain('DTSTART;TZID=Europe/London:20261208T140000');
    expect(mail.calendar?.content).toContain('UID:unmentoring-group-42@reply.unmentoring.test');
    expect(mail.calendar?.content.replace(/\r\n /g, '')).toContain('ORGANIZER;CN="Unmentoring":mailto:calendar@reply.unmentoring.test');
  });

  it('when the meeting is in summer, then the time in words is the London time, BST', () => {
    const mail = renderBooking({ ...booking, start: '2026-07-08T13:00:00Z', partners: ['Sam Patel', 'Ola Adebayo'] }, ctx);
    expect(mail.text).toContain("You're meeting Sam Patel and Ola Adebayo on Wednesday 8 July 2026, 2:00pm to 2:30pm (UK time).");
    expect(mail.calendar?.content).toContain('DTSTART;TZID=Europe/London:20260708T140000');
  });

  it('when the zone is another, then the time is in that zone and named in words', () => {
    const mail = renderBooking({ ...booking, zone: 'Europe/Berlin', minutes: 45 }, ctx);
    expect(mail.text).toContain('Tuesday 8 December 2026, 3:00pm to 3:45pm (Central European Time)');
    expect(mail.calendar?.content).toContain('DTEND;TZID=Europe/Berlin:20261208T154500');
  });

  it('when the meeting is cancelled, then it says so, and the calendar part is a CANCEL', () => {
    const mail = renderBooking({ ...booking, method: 'CANCEL', sequence: 2 }, ctx);
    expect(mail.subject).toBe('Cancelled: your meeting with Sam Patel, Tuesday 8 December, 2:00pm');
    expect(mail.text).toContain('Your meeting with Sam Patel on Tuesday 8 December 2026, 2:00pm to 2:30pm (UK time) is cancelled.');
    expect(mail.text).not.toContain('calendar invitation: accept');
    expect(mail.calendar?.method).toBe('CANCEL');
    expect(mail.calendar?.content).toContain('METHOD:CANCEL');
    expect(mail.calendar?.content).toContain('STATUS:CANCELLED');
    expect(mail.calendar?.content).toContain('SEQUENCE:2');
  });

  it('when the outbox renders it, then the organizer is the mail’s own calendar address and DTSTAMP the row’s time', () => {
    const mail = renderBooking(booking, { ...ctx, outbox: { calendarAddress: 'calendar+abc123@reply.unmentoring.test', createdAt: '2026-12-01T09:30:00.000Z' } });
    expect(mail.calendar?.content.replace(/\r\n /g, '')).toContain(':mailto:calendar+abc123@reply.unmentoring.test');
    expect(mail.calendar?.content).toContain('DTSTAMP:20261201T093000Z');
  });

  it('when the time or zone cannot be read, then the mail still goes, without a calendar part and without saying it has one', () => {
    for (const bad of [{ start: 'next Tuesday' }, { zone: 'Mars/Olympus' }, { attendees: [] }, { uid: '' }]) {
      const mail = renderBooking({ ...booking, ...bad }, ctx);
      expect(mail.calendar, JSON.stringify(bad)).toBeUndefined();
      expect(mail.text, JSON.stringify(bad)).not.toContain('calendar invitation');
      expect(mail.text.trimEnd().endsWith(FOOTER)).toBe(true);
    }
    expect(renderBooking({ ...booking, start: 'next Tuesday' }, ctx).text).toContain("You're meeting Sam Patel on next Tuesday.");
  });
});

describe('the follow-up after a booked time', () => {
  it('when the group had a booked time a calendar accepted, then it asks "How did it go?" and not "Did you meet?"', () => {
    const { subject, text } = renderTemplate('follow-up', { name: 'Ann', partners: ['Sam Patel'], introducedOn: '2026-11-26', groupId: 1, booked: true }, ctx);
    expect(subject).toBe('How did it go with Sam Patel?');
    expect(text).toContain('You had a time booked with Sam Patel. How did it go?');
    expect(text).not.toContain('Did you manage to meet?');
  });
});
