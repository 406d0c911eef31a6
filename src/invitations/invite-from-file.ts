import fs from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { Logger } from '../logger.js';
import type { Mailer } from '../mail/mailer.js';
import { OutboxSender, type PassResult } from '../mail/sender.js';
import { CsvError, readInvitees, type Invitee, type InviteeProblem } from './csv.js';
import { planInvitations, storeInvitations, type SkipReason } from './invite.js';

export interface InviteOptions {
  file: string;
  dryRun: boolean;
  resend: boolean;
  skipInvalid: boolean;
  /** Deliver what was stored before returning (the running service would deliver it otherwise). */
  deliver: boolean;
}

export interface InviteProgress {
  storing?(done: number, total: number): void;
  delivering?(done: number, total: number): void;
}

export interface InviteResult {
  rows: number;
  problems: InviteeProblem[];
  ignoredColumns: string[];
  /** True when rows had problems and --skip-invalid was not given: nothing was stored or sent. */
  refused: boolean;
  toInvite: Invitee[];
  skipped: Record<SkipReason, number>;
  stored: number;
  delivery: (PassResult & { waiting: number }) | null;
}

/** A problem with the file itself: it cannot be read, or is not an invitation CSV. */
export class InviteFileError extends Error {
  override name = 'InviteFileError';
}

async function readFile(file: string): Promise<Buffer> {
  try {
    return await fs.readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
    throw new InviteFileError(`cannot read ${file}: ${why}`);
  }
}

/**
 * `npm run invite`: checks every row of the file, then stores an invitation for each person who should
 * get one (all in the outbox) and, unless told not to, delivers them. Nothing is stored when any row
 * has a problem, unless skipInvalid.
 */
export async function inviteFromFile(
  deps: { db: Database; config: Config; mailer: Mailer; logger: Logger },
  opts: InviteOptions,
  progress: InviteProgress = {},
): Promise<InviteResult> {
  const bytes = await readFile(opts.file);
  let parsed;
  try {
    parsed = readInvitees(bytes);
  } catch (err) {
    if (err instanceof CsvError) throw new InviteFileError(`${opts.file}: ${err.message}`);
    throw err;
  }
  const result: InviteResult = {
    rows: parsed.rowCount,
    problems: parsed.problems,
    ignoredColumns: parsed.ignoredColumns,
    refused: parsed.problems.length > 0 && !opts.skipInvalid,
    toInvite: [],
    skipped: { already_invited: 0, taking_part: 0, said_stop: 0, bounced: 0, suppressed: 0 },
    stored: 0,
    delivery: null,
  };
  if (result.refused) return result;

  const plan = await planInvitations(deps.db, parsed.invitees, { resend: opts.resend });
  result.toInvite = plan.send;
  for (const [reason, list] of Object.entries(plan.skipped)) result.skipped[reason as SkipReason] = list.length;
  if (opts.dryRun || !plan.send.length) return result;

  const queued: number[] = [];
  result.stored = await storeInvitations(deps.db, plan.send, {
    source: path.basename(opts.file),
    messageDomain: deps.config.replyDomain,
    sharedDomains: deps.config.sharedDomains,
    onProgress: (done) => progress.storing?.(done, plan.send.length),
    onQueued: (ids) => queued.push(...ids),
  });
  deps.logger.info({ stored: result.stored }, 'invitations stored');

  if (opts.deliver) {
    const sender = new OutboxSender(deps);
    let done = 0;
    // Only the invitations this run stored: anything else waiting in the outbox is the running service's.
    const { waiting, ...total } = await sender.drain({
      only: queued,
      onProgress: (r) => {
        done += r.sent + r.failed + r.cancelled;
        progress.delivering?.(done, result.stored);
      },
    });
    result.delivery = { ...total, waiting };
  }
  return result;
}
