import type { Queryable } from './database.js';

/** A group's booking, as stored (see db/migrations/013-create-bookings.sql). */
export interface Booking {
  group_id: number;
  uid: string;
  sequence: number;
  starts_at: string;
  minutes: number;
  zone: string;
  status: 'booked' | 'cancelled';
  booked_by: number | null;
  updated_at: string;
}

export async function bookingOf(db: Queryable, groupId: number): Promise<Booking | undefined> {
  return db.get<Booking>('SELECT * FROM bookings WHERE group_id = ?', [groupId]);
}

export async function bookingByUid(db: Queryable, uid: string): Promise<Booking | undefined> {
  return db.get<Booking>('SELECT * FROM bookings WHERE uid = ?', [uid]);
}

/**
 * Books the group for `startsAt`, or moves its booking there: the same UID, the next SEQUENCE (a booking
 * that was cancelled is booked again the same way). Returns the booking as it now is.
 */
export async function saveBooking(
  db: Queryable,
  b: { groupId: number; startsAt: string; minutes: number; zone: string; bookedBy: number | null; uidDomain: string },
  now: Date,
): Promise<Booking> {
  const at = now.toISOString();
  await db.run(
    `INSERT INTO bookings (group_id, uid, sequence, starts_at, minutes, zone, status, booked_by, updated_at)
     VALUES (?, ?, 0, ?, ?, ?, 'booked', ?, ?)
     ON CONFLICT (group_id) DO UPDATE SET sequence = bookings.sequence + 1, starts_at = excluded.starts_at,
       minutes = excluded.minutes, zone = excluded.zone, status = 'booked', booked_by = excluded.booked_by, updated_at = excluded.updated_at`,
    [b.groupId, `group-${b.groupId}@${b.uidDomain}`, b.startsAt, b.minutes, b.zone, b.bookedBy, at],
  );
  return (await bookingOf(db, b.groupId))!;
}

/** Cancels a group's booking (SEQUENCE up, as RFC 5546 asks of a CANCEL); undefined when none was booked. */
export async function cancelBooking(db: Queryable, groupId: number, now: Date): Promise<Booking | undefined> {
  const row = await db.get<{ group_id: number }>(
    `UPDATE bookings SET status = 'cancelled', sequence = sequence + 1, updated_at = ? WHERE group_id = ? AND status = 'booked' RETURNING group_id`,
    [now.toISOString(), groupId],
  );
  return row ? bookingOf(db, groupId) : undefined;
}

/** What a member's calendar answered; the latest answer is kept. */
export async function recordBookingReply(
  db: Queryable,
  r: { groupId: number; personId: number; partstat: string; sequence: number | null },
  now: Date,
): Promise<void> {
  await db.run(
    `INSERT INTO booking_replies (group_id, person_id, partstat, sequence, replied_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (group_id, person_id) DO UPDATE SET partstat = excluded.partstat, sequence = excluded.sequence, replied_at = excluded.replied_at`,
    [r.groupId, r.personId, r.partstat.slice(0, 40), r.sequence, now.toISOString()],
  );
}

export async function bookingRepliesOf(db: Queryable, groupId: number): Promise<Array<{ person_id: number; partstat: string; sequence: number | null }>> {
  return db.all('SELECT person_id, partstat, sequence FROM booking_replies WHERE group_id = ? ORDER BY person_id', [groupId]);
}
