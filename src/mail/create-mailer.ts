import type { Config } from '../config.js';
import type { Mailer } from './mailer.js';
import { createSendGridMailer } from './sendgrid-mailer.js';
import { createFolderMailer } from './folder-mailer.js';

/** SendGrid when a key is set; otherwise .eml files in OUTBOX_DIR, so a fresh machine needs no account. */
export function createMailer(config: Pick<Config, 'sendgridApiKey' | 'sendgridApiUrl' | 'outboxDir'>): Mailer {
  return config.sendgridApiKey
    ? createSendGridMailer({ apiKey: config.sendgridApiKey, apiUrl: config.sendgridApiUrl })
    : createFolderMailer({ dir: config.outboxDir });
}
