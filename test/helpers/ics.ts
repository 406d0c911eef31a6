import ICAL from 'ical.js';

/** An invitation as ical.js (Mozilla's parser, independent of what wrote it) reads it. */
export function readIcs(ics: string) {
  const root = new ICAL.Component(ICAL.parse(ics));
  const vevent = root.getFirstSubcomponent('vevent')!;
  const event = new ICAL.Event(vevent);
  return {
    method: root.getFirstPropertyValue('method'),
    uid: event.uid,
    sequence: event.sequence,
    start: event.startDate.toJSDate().toISOString(),
    end: event.endDate.toJSDate().toISOString(),
    startLocal: event.startDate.toString(),
    zone: event.startDate.zone?.tzid,
    organizer: String(vevent.getFirstPropertyValue('organizer')),
    attendees: vevent.getAllProperties('attendee').map((p) => String(p.getFirstValue()).toLowerCase()),
    stamp: String(vevent.getFirstPropertyValue('dtstamp')),
    status: vevent.getFirstPropertyValue('status'),
  };
}
