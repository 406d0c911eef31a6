import { readFileSync } from 'node:fs';
import ICAL from 'ical.js';
import { afterEach, describe, expect, it } from 'vitest';
import { buildInvitation, calendarName, MAX_CALENDAR_CHARS, readCalendarReply, type InvitationInput } from '../../src/bookings/calendar.js';
import { vtimezone, wallClock } from '../../src/bookings/vtimezone.js';

const FIXTURES = new URL('../fixtures/calendar/', import.meta.url);
const fixture = (name: string) => readFileSync(new URL(name, FIXTURES), 'utf8');

/** Tuesday 8 December 2026, 2pm in London: GMT, so 14:00 UTC. */
const WINTER = new Date('2026-12-08T14:00:00Z');
/** Wednesday 8 July 2026, 2pm in London: BST, so 13:00 UTC. */
const SUMMER = new Date('2026-07-08T13:00:00Z');

function input(over: Partial<InvitationInput> = {}): InvitationInput {
  return {
    method: 'REQUEST',
    uid: 'unmentoring-group-42@reply.unmentoring.test',
    sequence: 0,
    start: WINTER,
    minutes: 30,
    zone: 'Europe/London',
    summary: 'Unmentoring: Jo Bloggs and Sam Patel',
    description: 'A 30-minute conversation arranged by Unmentoring.\nTalk about anything.',
    organizer: { name: 'Unmentoring', email: 'calendar+0193a1b2c3d4e5f60718293a4b5c6d7e@reply.unmentoring.test' },
    attendees: [
      { name: 'Jo Bloggs', email: 'jo.bloggs@example.gov.uk' },
      { name: 'Sam Patel', email: 'sam.patel@leeds.gov.uk' },
    ],
    stamp: new Date('2026-12-01T10:00:00Z'),
    ...over,
  };
}

/** What an independent reader (ical.js) makes of the text, with the VTIMEZONE in the text and nothing else. */
function read(text: string) {
  const root = new ICAL.Component(ICAL.parse(text));
  const vtz = root.getFirstSubcomponent('vtimezone');
  if (vtz) ICAL.TimezoneService.register(new ICAL.Timezone(vtz));
  const vevent = root.getFirstSubcomponent('vevent')!;
  const event = new ICAL.Event(vevent);
  const attendees = vevent.getAllProperties('attendee').map((p) => ({
    value: String(p.getFirstValue()),
    cn: p.getParameter('cn') ?? null,
    role: p.getParameter('role'),
    partstat: p.getParameter('partstat'),
    rsvp: p.getParameter('rsvp') ?? null,
  }));
  const organizer = vevent.getFirstProperty('organizer')!;
  return {
    root,
    vevent,
    event,
    method: root.getFirstPropertyValue('method'),
    vtimezones: root.getAllSubcomponents('vtimezone').length,
    attendees,
    organizer: { value: String(organizer.getFirstValue()), cn: organizer.getParameter('cn') },
    status: vevent.getFirstPropertyValue('status'),
    stamp: vevent.getFirstProperty('dtstamp')!.getFirstValue() as ICAL.Time,
  };
}

afterEach(() => ICAL.TimezoneService.reset());

describe('buildInvitation, read back with ical.js', () => {
  it('when a REQUEST is built for 2pm in London in winter, then it starts and ends at 14:00 and 14:30 UTC, shown as 2pm London', () => {
    const r = read(buildInvitation(input()));
    expect(r.method).toBe('REQUEST');
    expect(r.event.uid).toBe('unmentoring-group-42@reply.unmentoring.test');
    expect(r.event.sequence).toBe(0);
    expect(r.event.startDate.zone?.tzid).toBe('Europe/London');
    expect(r.event.startDate.toString()).toBe('2026-12-08T14:00:00');
    expect(r.event.endDate.toString()).toBe('2026-12-08T14:30:00');
    expect(r.event.startDate.toJSDate().toISOString()).toBe('2026-12-08T14:00:00.000Z');
    expect(r.event.endDate.toJSDate().toISOString()).toBe('2026-12-08T14:30:00.000Z');
    expect(r.event.duration.toSeconds()).toBe(30 * 60);
    expect(r.status).toBe('CONFIRMED');
    expect(r.vtimezones).toBe(1);
  });

  it('when a REQUEST is built for 2pm in London in summer, then it starts at 13:00 UTC, shown as 2pm London (BST)', () => {
    const r = read(buildInvitation(input({ start: SUMMER })));
    expect(r.event.startDate.toString()).toBe('2026-07-08T14:00:00');
    expect(r.event.startDate.toJSDate().toISOString()).toBe('2026-07-08T13:00:00.000Z');
    expect(r.event.endDate.toJSDate().toISOString()).toBe('2026-07-08T13:30:00.000Z');
  });

  it('when the UTC instants are turned into London time with the VTIMEZONE it carries, then ical.js gets 2pm in both seasons', () => {
    for (const at of [WINTER, SUMMER]) {
      const root = new ICAL.Component(ICAL.parse(buildInvitation(input({ start: at }))));
      const zone = new ICAL.Timezone(root.getFirstSubcomponent('vtimezone')!);
      expect(zone.tzid).toBe('Europe/London');
      const local = ICAL.Time.fromJSDate(at, true).convertToZone(zone);
      expect([local.hour, local.minute]).toEqual([14, 0]);
    }
  });

  it('when it is read, then every member is a required attendee who is asked to answer, and the organizer is the service address', () => {
    const r = read(buildInvitation(input()));
    expect(r.attendees).toEqual([
      { value: 'MAILTO:jo.bloggs@example.gov.uk', cn: 'Jo Bloggs', role: 'REQ-PARTICIPANT', partstat: 'NEEDS-ACTION', rsvp: 'TRUE' },
      { value: 'MAILTO:sam.patel@leeds.gov.uk', cn: 'Sam Patel', role: 'REQ-PARTICIPANT', partstat: 'NEEDS-ACTION', rsvp: 'TRUE' },
    ]);
    expect(r.organizer).toEqual({ value: 'mailto:calendar+0193a1b2c3d4e5f60718293a4b5c6d7e@reply.unmentoring.test', cn: 'Unmentoring' });
    expect(r.event.summary).toBe('Unmentoring: Jo Bloggs and Sam Patel');
    expect(r.event.description).toBe('A 30-minute conversation arranged by Unmentoring.\nTalk about anything.');
  });

  it('when it is read, then DTSTAMP is the stamp given, in UTC', () => {
    const r = read(buildInvitation(input()));
    expect(r.stamp.toString()).toBe('2026-12-01T10:00:00Z');
  });

  it('when a CANCEL is built with a higher SEQUENCE, then it says METHOD:CANCEL and STATUS:CANCELLED for the same UID', () => {
    const text = buildInvitation(input({ method: 'CANCEL', sequence: 2 }));
    const r = read(text);
    expect(r.method).toBe('CANCEL');
    expect(r.status).toBe('CANCELLED');
    expect(r.event.uid).toBe('unmentoring-group-42@reply.unmentoring.test');
    expect(r.event.sequence).toBe(2);
    expect(r.attendees.map((a) => a.value)).toEqual(['MAILTO:jo.bloggs@example.gov.uk', 'MAILTO:sam.patel@leeds.gov.uk']);
    // Nobody is asked to answer a cancellation.
    expect(r.attendees.every((a) => a.rsvp === null)).toBe(true);
  });

  it('when a name holds a comma, a semicolon and a newline, then the CN reads back as one line with them and nothing else breaks', () => {
    const text = buildInvitation(
      input({ attendees: [{ name: 'Bloggs, Jo; Head of\nData "JB"', email: 'jo.bloggs@example.gov.uk' }, { name: null, email: 'sam.patel@leeds.gov.uk' }] }),
    );
    const r = read(text);
    expect(r.attendees[0]!.cn).toBe("Bloggs, Jo; Head of Data 'JB'");
    expect(r.attendees[0]!.value).toBe('MAILTO:jo.bloggs@example.gov.uk');
    expect(r.attendees[1]).toMatchObject({ value: 'MAILTO:sam.patel@leeds.gov.uk', cn: null });
    // Quoted, as RFC 5545 requires of a parameter value with "," ";" or ":".
    expect(text.replace(/\r\n /g, '')).toContain('CN="Bloggs, Jo; Head of Data \'JB\'":MAILTO:jo.bloggs@example.gov.uk');
  });

  it('when the summary holds a comma, a semicolon and a newline, then ical-generator escapes them and they read back as typed', () => {
    const text = buildInvitation(input({ summary: 'Jo, Sam; and\nOla' }));
    expect(text).toContain('SUMMARY:Jo\\, Sam\\; and\\nOla');
    expect(read(text).event.summary).toBe('Jo, Sam; and\nOla');
  });

  it('when the text is written, then every line ends in CRLF and none is longer than 75 octets', () => {
    const text = buildInvitation(input({ description: 'x'.repeat(500) }));
    expect(text.split('\r\n').every((l) => Buffer.byteLength(l) <= 75)).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('when the process runs in another time zone, then the invitation is the same', () => {
    // ical-generator writes a Date's fields in the process's zone: that zone must not leak in.
    const saved = process.env.TZ;
    try {
      const made = ['UTC', 'America/New_York', 'Asia/Tokyo', 'Australia/Sydney'].map((tz) => {
        process.env.TZ = tz;
        return buildInvitation(input({ start: SUMMER }));
      });
      expect(new Set(made).size).toBe(1);
      expect(made[0]).toContain('DTSTART;TZID=Europe/London:20260708T140000');
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('when the London time is one the process’s own zone skips, then the event is written in UTC, at the same instant', () => {
    const saved = process.env.TZ;
    try {
      // 02:30 on 8 March 2026 does not exist in New York (clocks go from 2am to 3am); in London it is 02:30 GMT.
      process.env.TZ = 'America/New_York';
      const text = buildInvitation(input({ start: new Date('2026-03-08T02:30:00Z') }));
      expect(text).toContain('DTSTART:20260308T023000Z');
      expect(read(text).event.startDate.toJSDate().toISOString()).toBe('2026-03-08T02:30:00.000Z');
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('when the input is not usable, then it throws a TypeError saying which part', () => {
    expect(() => buildInvitation(input({ zone: 'Mars/Olympus' }))).toThrow(/zone/);
    expect(() => buildInvitation(input({ start: new Date('nope') }))).toThrow(/start/);
    expect(() => buildInvitation(input({ sequence: -1 }))).toThrow(/sequence/);
    expect(() => buildInvitation(input({ uid: 'a\r\nMETHOD:PUBLISH' }))).toThrow(/uid/);
    expect(() => buildInvitation(input({ attendees: [] }))).toThrow(/attendees/);
    expect(() => buildInvitation(input({ attendees: [{ name: 'x', email: 'x@example.org\r\nATTENDEE:mailto:y@example.org' }] }))).toThrow(TypeError);
    expect(() => buildInvitation(input({ organizer: { name: 'x', email: 'nobody' } }))).toThrow(/organizer/);
  });
});

describe('vtimezone, checked against Intl with ical.js', () => {
  const zones = ['Europe/London', 'Europe/Berlin', 'America/New_York', 'Australia/Sydney', 'Asia/Tokyo', 'Asia/Kolkata', 'Africa/Casablanca'];

  it('when ical.js turns the local times of instants across the year into UTC with the component, then it gets those instants back', () => {
    // Local to UTC is what a calendar does with DTSTART;TZID=…. (ical.js's own UTC-to-local conversion
    // is an hour out around the changes in zones west of Greenwich, whatever the VTIMEZONE, so it is not
    // the check.) A local time in the hour repeated when the clocks go back names two instants: either
    // will do, as long as it is that local time.
    for (const name of zones) {
      const text = vtimezone(name, new Date('2026-06-01T00:00:00Z'))!;
      const zone = new ICAL.Timezone(new ICAL.Component(ICAL.parse(`BEGIN:VCALENDAR\r\n${text}\r\nEND:VCALENDAR\r\n`)).getFirstSubcomponent('vtimezone')!);
      let exact = 0;
      let all = 0;
      for (let t = Date.UTC(2026, 0, 1, 0, 30); t < Date.UTC(2027, 0, 1); t += 4 * 3_600_000 + 7 * 60_000) {
        const f = wallClock(name, t);
        const local = new ICAL.Time({ year: f.year, month: f.month, day: f.day, hour: f.hour, minute: f.minute, second: f.second, isDate: false }, zone);
        const back = local.toUnixTime() * 1000;
        all++;
        if (back === t) exact++;
        else expect(wallClock(name, back), `${name} at ${new Date(t).toISOString()}`).toEqual(f);
      }
      expect(exact / all, name).toBeGreaterThan(0.99);
    }
  });

  it('when instants around the changes in London are turned into local time with the component, then each is the time Intl shows', () => {
    const text = vtimezone('Europe/London', new Date('2026-06-01T00:00:00Z'))!;
    const zone = new ICAL.Timezone(new ICAL.Component(ICAL.parse(`BEGIN:VCALENDAR\r\n${text}\r\nEND:VCALENDAR\r\n`)).getFirstSubcomponent('vtimezone')!);
    for (const day of [Date.UTC(2026, 2, 29), Date.UTC(2026, 9, 25)]) {
      for (let t = day - 3_600_000; t < day + 5 * 3_600_000; t += 15 * 60_000) {
        const local = ICAL.Time.fromJSDate(new Date(t), true).convertToZone(zone);
        const f = wallClock('Europe/London', t);
        expect([local.day, local.hour, local.minute], new Date(t).toISOString()).toEqual([f.day, f.hour, f.minute]);
      }
    }
  });

  it('when the zone keeps summer time by yearly rules, then the component gives them as RRULEs, Europe/London as the last Sundays of March and October', () => {
    const london = vtimezone('Europe/London', WINTER)!;
    expect(london).toContain('RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU');
    expect(london).toContain('RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU');
    expect(london).toContain('TZNAME:BST');
    expect(london).toContain('TZNAME:GMT');
    const ny = vtimezone('America/New_York', WINTER)!;
    expect(ny).toContain('RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU');
    expect(ny).toContain('RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU');
    expect(vtimezone('Asia/Tokyo', WINTER)).not.toContain('RRULE');
  });

  it('when the zone is not one Intl knows, then there is no component', () => {
    expect(vtimezone('Mars/Olympus', WINTER)).toBeNull();
  });
});

describe('readCalendarReply on replies as the clients send them', () => {
  const GROUP = 'unmentoring-group-42@reply.unmentoring.test';

  it.each([
    ['outlook-accepted.ics', 'jo.bloggs@example.gov.uk', 'ACCEPTED'],
    ['outlook-declined.ics', 'jo.bloggs@example.gov.uk', 'DECLINED'],
    ['gmail-accepted.ics', 'sam.patel@leeds.gov.uk', 'ACCEPTED'],
    ['gmail-declined.ics', 'sam.patel@leeds.gov.uk', 'DECLINED'],
    ['apple-tentative.ics', 'ola.adebayo@example.nhs.uk', 'TENTATIVE'],
  ])('when %s is read, then it is a REPLY to group 42, sequence 1, from %s saying %s', (file, email, partstat) => {
    expect(readCalendarReply(fixture(file))).toEqual({ method: 'REPLY', uid: GROUP, sequence: 1, replies: [{ email, partstat }] });
  });

  it('when the RFC 5546 examples are read, then the accepted and the delegated answers come out', () => {
    expect(readCalendarReply(fixture('rfc5546-4.2.2-reply.ics'))).toEqual({
      method: 'REPLY',
      uid: 'calsrv.example.com-873970198738777@example.com',
      sequence: 0,
      replies: [{ email: 'b@example.com', partstat: 'ACCEPTED' }],
    });
    expect(readCalendarReply(fixture('rfc5546-4.2.5-delegated.ics'))?.replies).toEqual([{ email: 'c@example.com', partstat: 'DELEGATED' }]);
  });

  it('when our own invitation is read, then it is a REQUEST whose attendees have not answered yet', () => {
    expect(readCalendarReply(buildInvitation(input({ sequence: 3 })))).toEqual({
      method: 'REQUEST',
      uid: GROUP,
      sequence: 3,
      replies: [
        { email: 'jo.bloggs@example.gov.uk', partstat: 'NEEDS-ACTION' },
        { email: 'sam.patel@leeds.gov.uk', partstat: 'NEEDS-ACTION' },
      ],
    });
  });

  it('when a reply is written with LF line ends, then it reads the same', () => {
    expect(readCalendarReply(fixture('gmail-accepted.ics').replace(/\r\n/g, '\n'))?.replies).toEqual([{ email: 'sam.patel@leeds.gov.uk', partstat: 'ACCEPTED' }]);
  });

  it('when an ATTENDEE has no PARTSTAT, then it counts as NEEDS-ACTION, RFC 5545’s default', () => {
    const text = fixture('rfc5546-4.2.2-reply.ics').replace('ATTENDEE;PARTSTAT=ACCEPTED:', 'ATTENDEE:');
    expect(readCalendarReply(text)?.replies).toEqual([{ email: 'b@example.com', partstat: 'NEEDS-ACTION' }]);
  });
});

describe('readCalendarReply on hostile or broken input', () => {
  it('when the text is garbage, empty, or not a calendar, then it is null', () => {
    for (const text of ['', 'hello', 'BEGIN:VCALENDAR', 'BEGIN:VCALENDAR\r\nEND:VCARD\r\n', '\u0000\u0001\u0002', '{"method":"REPLY"}', 'BEGIN:VCARD\r\nFN:x\r\nEND:VCARD\r\n']) {
      expect(() => readCalendarReply(text), JSON.stringify(text)).not.toThrow();
      expect(readCalendarReply(text), JSON.stringify(text)).toBeNull();
    }
    expect(readCalendarReply(undefined as unknown as string)).toBeNull();
    expect(readCalendarReply(42 as unknown as string)).toBeNull();
  });

  it('when the text is 1 MB, then it is null at once, without being parsed', () => {
    const big = fixture('gmail-accepted.ics').replace('END:VEVENT', `DESCRIPTION:${'x'.repeat(1024 * 1024)}\r\nEND:VEVENT`);
    const started = performance.now();
    expect(readCalendarReply(big)).toBeNull();
    expect(performance.now() - started).toBeLessThan(50);
    // Just over the bound is refused too; just under it is read.
    const padding = (n: number) => fixture('gmail-accepted.ics').replace('END:VEVENT', `X-PAD:${'x'.repeat(n)}\r\nEND:VEVENT`);
    const size = fixture('gmail-accepted.ics').length + 'X-PAD:\r\n'.length;
    expect(readCalendarReply(padding(MAX_CALENDAR_CHARS - size + 1))).toBeNull();
    expect(readCalendarReply(padding(MAX_CALENDAR_CHARS - size))?.method).toBe('REPLY');
  });

  it('when the calendar has no VEVENT, then it is null', () => {
    const text = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REPLY\r\nBEGIN:VTODO\r\nUID:x\r\nEND:VTODO\r\nEND:VCALENDAR\r\n';
    expect(readCalendarReply(text)).toBeNull();
  });

  it('when the structure is broken (unclosed, mismatched, nested thousands deep), then it is null or a reply, never a throw', () => {
    const deep = `BEGIN:VCALENDAR\r\n${'BEGIN:X\r\n'.repeat(6000)}${'END:X\r\n'.repeat(6000)}END:VCALENDAR\r\n`;
    const cases = [
      'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\n',
      'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VCALENDAR\r\nEND:VEVENT\r\n',
      deep,
      'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n' + 'ATTENDEE;PARTSTAT=ACCEPTED:mailto:a@b.c\r\n'.repeat(1500) + 'END:VEVENT\r\nEND:VCALENDAR\r\n',
      'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSEQUENCE:lots\r\nUID;X="unclosed:y\r\nATTENDEE;PARTSTAT="ACC\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n',
      'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:not-a-date\r\nATTENDEE;PARTSTAT=ACCEPTED;PARTSTAT=DECLINED:mailto:a@b.c\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n',
    ];
    for (const text of cases) {
      let result: ReturnType<typeof readCalendarReply> | 'threw' = 'threw';
      expect(() => (result = readCalendarReply(text))).not.toThrow();
      expect(result).not.toBe('threw');
    }
    // Many attendees: at most 50 are read.
    expect(readCalendarReply(cases[3]!)?.replies.length).toBe(50);
  });

  it('when values are out of shape, then those fields are null or left out, and the rest is read', () => {
    const text = [
      'BEGIN:VCALENDAR',
      'METHOD:REPLY',
      'BEGIN:VEVENT',
      'UID:group-1@example.org',
      'SEQUENCE:-4',
      'ATTENDEE;PARTSTAT=ACCEPTED:urn:uuid:1234',
      'ATTENDEE;PARTSTAT=ACCEPTED;EMAIL=ann@example.org:urn:uuid:5678',
      'ATTENDEE;PARTSTAT="ACC EPTED":mailto:bob@example.org',
      'ATTENDEE;PARTSTAT=X-MAYBE:mailto:cat@example.org',
      'ATTENDEE;PARTSTAT=ACCEPTED:mailto:not an address',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n');
    expect(readCalendarReply(text)).toEqual({
      method: 'REPLY',
      uid: 'group-1@example.org',
      sequence: null,
      replies: [
        { email: 'ann@example.org', partstat: 'ACCEPTED' },
        { email: 'cat@example.org', partstat: 'X-MAYBE' },
      ],
    });
  });
});

describe('calendarName', () => {
  it('when a name holds line breaks, quotes and backslashes, then it becomes one line a CN parameter can carry', () => {
    expect(calendarName('Bloggs, Jo;\r\n "JB" \\ x')).toBe("Bloggs, Jo; 'JB' / x");
  });
});
