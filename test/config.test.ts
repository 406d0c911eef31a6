import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { problemsOf } from './helpers/config.js';


describe('settings', () => {
  it('when nothing is set, then the embedded defaults run the service without an account', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.databasePath).toMatch(/db\/unmentoring\.sqlite$/);
    expect(c.outboxDir).toMatch(/outbox$/);
    expect(c.sendgridApiKey).toBeNull();
    expect(c.nodeEnv).toBe('development');
    expect(c.tz).toBe('Europe/London');
  });

  it('when several settings are wrong, then every problem is reported together', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      SENDGRID_API_URL: 'not a url',
      REPLY_DOMAIN: 'no spaces allowed.org x',
      LOG_LEVEL: 'chatty',
    });
    expect(problems.join('\n')).toMatch(/PORT/);
    expect(problems.join('\n')).toMatch(/SENDGRID_API_URL/);
    expect(problems.join('\n')).toMatch(/REPLY_DOMAIN/);
    expect(problems.join('\n')).toMatch(/LOG_LEVEL/);
    expect(problems.length).toBeGreaterThanOrEqual(4);
  });

  it('when SHARED_DOMAINS lists domains, then they are read lowercased, and one that is not a domain is reported with the others', () => {
    expect(loadConfig({ SHARED_DOMAINS: ' CabinetOffice.gov.uk, @digital.example.gov.uk ' }).sharedDomains).toEqual(['cabinetoffice.gov.uk', 'digital.example.gov.uk']);
    expect(loadConfig({}).sharedDomains).toEqual([]);
    const problems = problemsOf({ SHARED_DOMAINS: 'not a domain', PORT: 'eighty' }).join('\n');
    expect(problems).toMatch(/SHARED_DOMAINS must be domain names/);
    expect(problems).toMatch(/PORT/);
  });

  it('when NODE_ENV is production without webhook credentials or signature keys or mail settings, then it refuses and says what is missing', () => {
    const problems = problemsOf({ NODE_ENV: 'production' }).join('\n');
    expect(problems).toMatch(/INBOUND_USER and INBOUND_PASSWORD are required in production/);
    expect(problems).toMatch(/MAIL_FROM is required/);
    expect(problems).toMatch(/REPLY_DOMAIN is required/);
    expect(problems).toMatch(/ORGANISER_EMAIL is required/);
  });

  it('when a SendGrid key is set, then the placeholder sender and reply domain are not allowed', () => {
    const problems = problemsOf({ SENDGRID_API_KEY: 'SG.x' }).join('\n');
    expect(problems).toMatch(/MAIL_FROM is required/);
    expect(problems).toMatch(/REPLY_DOMAIN is required/);
  });

  it('when everything production needs is given, then the settings are read as given', () => {
    const c = loadConfig({
      NODE_ENV: 'production',
      PORT: '8080',
      SENDGRID_API_KEY: 'SG.secret',
      MAIL_FROM: 'Coffee Roulette <Hello@Example.org>',
      REPLY_DOMAIN: 'Reply.Example.org',
      ORGANISER_EMAIL: 'Organiser@Example.org',
      INBOUND_USER: 'sendgrid',
      INBOUND_PASSWORD: 'a-long-enough-password',
    });
    expect(c.port).toBe(8080);
    expect(c.mailFrom).toEqual({ email: 'hello@example.org', name: 'Coffee Roulette' });
    expect(c.replyDomain).toBe('reply.example.org');
    expect(c.organiserEmail).toBe('organiser@example.org');
  });

  it('when a SendGrid key is set without credentials or signature keys, whatever NODE_ENV says, then it refuses to start', () => {
    for (const NODE_ENV of [undefined, 'development', 'test']) {
      const env: Record<string, string> = {
        SENDGRID_API_KEY: 'SG.x',
        MAIL_FROM: 'hello@example.org',
        REPLY_DOMAIN: 'reply.example.org',
        ORGANISER_EMAIL: 'organiser@example.org',
        ...(NODE_ENV ? { NODE_ENV } : {}),
      };
      expect(problemsOf(env).join('\n')).toMatch(/the webhooks must not be open/);
      expect(problemsOf({ ...env, INBOUND_USER: 'sendgrid', INBOUND_PASSWORD: 'a-long-enough-password' })).toEqual([]);
    }
  });

  it('when a SendGrid key is set, then a basic-auth password under 12 characters is refused', () => {
    const problems = problemsOf({
      SENDGRID_API_KEY: 'SG.x',
      MAIL_FROM: 'hello@example.org',
      REPLY_DOMAIN: 'reply.example.org',
      ORGANISER_EMAIL: 'organiser@example.org',
      INBOUND_USER: 'sendgrid',
      INBOUND_PASSWORD: 'short',
    });
    expect(problems.join('\n')).toMatch(/INBOUND_PASSWORD must be at least 12 characters/);
  });

  it('when BACKUP_KEEP is set, then it is read as a count, and anything else is refused', () => {
    expect(loadConfig({}).backupKeep).toBeNull();
    expect(loadConfig({ BACKUP_KEEP: '7' }).backupKeep).toBe(7);
    expect(problemsOf({ BACKUP_KEEP: 'a week' }).join('\n')).toMatch(/BACKUP_KEEP must be a whole number/);
    expect(problemsOf({ BACKUP_KEEP: '0' }).join('\n')).toMatch(/BACKUP_KEEP must be at least 1/);
  });

  it('when only one of INBOUND_USER and INBOUND_PASSWORD is set, then that is a problem', () => {
    expect(problemsOf({ INBOUND_USER: 'x' }).join('\n')).toMatch(/must be set together/);
  });

  it('when MAIL_FROM is not an address, then it is reported', () => {
    expect(problemsOf({ MAIL_FROM: 'Unmentoring' }).join('\n')).toMatch(/MAIL_FROM must be an address/);
  });

  it('when TZ is not a time zone, then it is reported', () => {
    expect(problemsOf({ TZ: 'Mars/Olympus' }).join('\n')).toMatch(/TZ "Mars\/Olympus"/);
  });

  it('when NUDGE_AFTER_DAYS is not set, then the nudge goes 5 days after an introduction, and a value set is read as given', () => {
    expect(loadConfig({}).nudgeAfterDays).toBe(5);
    expect(loadConfig({ NUDGE_AFTER_DAYS: '3' }).nudgeAfterDays).toBe(3);
  });

  it('when NUDGE_AFTER_DAYS is not a whole number from 1 to 365, then it is reported with the other problems', () => {
    const problems = problemsOf({ NUDGE_AFTER_DAYS: 'soon', PORT: 'eighty' }).join('\n');
    expect(problems).toMatch(/NUDGE_AFTER_DAYS must be a whole number/);
    expect(problems).toMatch(/PORT/);
    expect(problemsOf({ NUDGE_AFTER_DAYS: '0' }).join('\n')).toMatch(/NUDGE_AFTER_DAYS must be at least 1/);
    expect(problemsOf({ NUDGE_AFTER_DAYS: '366', FOLLOWUP_AFTER_DAYS: '365' }).join('\n')).toMatch(/NUDGE_AFTER_DAYS must be at most 365/);
  });

  it('when NUDGE_AFTER_DAYS is not less than FOLLOWUP_AFTER_DAYS, then that is a problem, reported with the others', () => {
    const same = problemsOf({ NUDGE_AFTER_DAYS: '14', FOLLOWUP_AFTER_DAYS: '14', PORT: 'eighty' });
    expect(same.join('\n')).toMatch(/NUDGE_AFTER_DAYS \(14\) must be less than FOLLOWUP_AFTER_DAYS \(14\)/);
    expect(same.join('\n')).toMatch(/PORT/);
    expect(problemsOf({ NUDGE_AFTER_DAYS: '20' }).join('\n')).toMatch(/NUDGE_AFTER_DAYS \(20\) must be less than FOLLOWUP_AFTER_DAYS \(14, its default\)/);
    expect(problemsOf({ FOLLOWUP_AFTER_DAYS: '4' }).join('\n')).toMatch(/NUDGE_AFTER_DAYS \(5, its default\) must be less than FOLLOWUP_AFTER_DAYS \(4\)/);
    expect(problemsOf({ NUDGE_AFTER_DAYS: '3', FOLLOWUP_AFTER_DAYS: '4' })).toEqual([]);
    // A value already wrong on its own is reported once, not compared as well.
    expect(problemsOf({ NUDGE_AFTER_DAYS: 'soon' }).join('\n')).not.toMatch(/must be less than/);
  });
});
