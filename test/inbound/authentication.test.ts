import { describe, expect, it } from 'vitest';
import { aligned, authenticate, dkimSignatures, organisationalDomain, spfResult } from '../../src/inbound/authentication.js';

const envelope = (from: string | null) => ({ from, to: ['join@reply.unmentoring.test'] });

describe('reading SendGrid\'s SPF field', () => {
  it.each([
    ['pass', 'pass'],
    ['Pass', 'pass'],
    ['softfail', 'softfail'],
    [' neutral ', 'neutral'],
    ['fail (mx.sendgrid.net: domain of x designates 192.0.2.1 as not permitted)', 'fail'],
    ['permerror', 'permerror'],
    ['', 'none'],
    ['passed with flying colours', 'unknown'],
    ['{{pass}}', 'unknown'],
  ])('when SPF is %j, then it reads as %s', (field, result) => {
    expect(spfResult(field)).toBe(result);
  });

  it('when SPF is absent, then it reads as none', () => {
    expect(spfResult(null)).toBe('none');
  });
});

describe('reading SendGrid\'s dkim field', () => {
  it('when it lists one signature as SendGrid\'s sample does, then its domain and result are read', () => {
    expect(dkimSignatures('{@sendgrid.com : pass}')).toEqual([{ domain: 'sendgrid.com', result: 'pass' }]);
  });

  it('when it lists several, in one pair of braces or each in its own, then each is read', () => {
    const expected = [
      { domain: 'evil.example', result: 'pass' },
      { domain: 'mail.leeds.gov.uk', result: 'fail' },
    ];
    expect(dkimSignatures('{@evil.example : pass, @mail.leeds.gov.uk : fail}')).toEqual(expected);
    expect(dkimSignatures('{@evil.example : pass}, {@Mail.Leeds.gov.uk. : FAIL}')).toEqual(expected);
  });

  it('when it says none or holds nonsense, then no signature is read', () => {
    for (const field of ['none', '{}', '', '{@ : pass}', '{@bad_domain!.example : pass}', '@@@:::', '{@x..example : pass}']) {
      expect(dkimSignatures(field), field).toEqual([]);
    }
  });

  it('when it is a megabyte of commas and at-signs, then reading it stays bounded and quick', () => {
    const started = performance.now();
    const out = dkimSignatures('{@a.example : pass, '.repeat(60_000) + '@'.repeat(1_000_000));
    expect(out.length).toBeLessThanOrEqual(20);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('alignment', () => {
  it('when two hosts share an organisational domain, then they are aligned; across councils under gov.uk, not', () => {
    expect(organisationalDomain('mail.leeds.gov.uk')).toBe('leeds.gov.uk');
    expect(aligned('mail.leeds.gov.uk', 'leeds.gov.uk')).toBe(true);
    expect(aligned('leeds.gov.uk', 'york.gov.uk')).toBe(false);
    expect(aligned('gov.uk', 'leeds.gov.uk')).toBe(false);
  });

  it('when two tenants share a hosting platform on the private public-suffix list, then they are not aligned', () => {
    expect(aligned('victim.herokuapp.com', 'attacker.herokuapp.com')).toBe(false);
  });

  it('when DKIM passes only for the attacker\'s domain and SPF only for their envelope, then the From is not proved', () => {
    const a = authenticate({ spf: 'pass', dkim: '{@evil.example : pass}', envelope: envelope('bounces@evil.example') }, 'jo@leeds.gov.uk');
    expect(a).toEqual({ aligned: false, via: null, spf: 'pass', fromDomain: 'leeds.gov.uk' });
  });

  it('when a DKIM signature of the From\'s organisation passed, then the From is proved by DKIM, whatever SPF says', () => {
    expect(authenticate({ spf: 'fail', dkim: '{@mail.leeds.gov.uk : pass}', envelope: envelope(null) }, 'jo@leeds.gov.uk').via).toBe('dkim');
  });

  it('when SPF passed for an envelope sender of the From\'s organisation, then the From is proved by SPF', () => {
    expect(authenticate({ spf: 'pass', dkim: 'none', envelope: envelope('<bounce+1@mailer.leeds.gov.uk>') }, 'jo@leeds.gov.uk').via).toBe('spf');
  });

  it('when SPF softfails and DKIM of the From\'s domain failed, then nothing is proved, and softfail is no failure either', () => {
    expect(authenticate({ spf: 'softfail', dkim: '{@leeds.gov.uk : fail}', envelope: envelope('jo@leeds.gov.uk') }, 'jo@leeds.gov.uk')).toEqual({
      aligned: false,
      via: null,
      spf: 'softfail',
      fromDomain: 'leeds.gov.uk',
    });
  });
});
