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

  it('when NODE_ENV is production without inbound credentials or mail settings, then it refuses and says what is missing', () => {
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

  it('when only one of INBOUND_USER and INBOUND_PASSWORD is set, then that is a problem', () => {
    expect(problemsOf({ INBOUND_USER: 'x' }).join('\n')).toMatch(/must be set together/);
  });

  it('when MAIL_FROM is not an address, then it is reported', () => {
    expect(problemsOf({ MAIL_FROM: 'Unmentoring' }).join('\n')).toMatch(/MAIL_FROM must be an address/);
  });

  it('when TZ is not a time zone, then it is reported', () => {
    expect(problemsOf({ TZ: 'Mars/Olympus' }).join('\n')).toMatch(/TZ "Mars\/Olympus"/);
  });
});
