import { describe, expect, it } from 'vitest';
import { bodyOfDomain, OWN_DOMAINS } from '../../src/organisations/domain-body.js';
import { knownBody } from '../../src/organisations/public-bodies/index.js';

describe('bodyOfDomain', () => {
  it("when an address is at a body's own domain, then it is that body, by the name the gazetteer gives it", () => {
    const cases: Array<[string, string]> = [
      ['gwen@pembrokeshire.gov.uk', 'Pembrokeshire County Council'],
      ['jo@mail.leeds.gov.uk', 'Leeds City Council'],
      ['sam@environment-agency.gov.uk', 'Environment Agency'],
      ['ali@fca.org.uk', 'Financial Conduct Authority'],
      ['pc.jones@kent.police.uk', 'Kent Police'],
      ['huw@gov.wales', 'Welsh Government'],
      ['ann@gov.scot', 'Scottish Government'],
      ['tom@dwp.gov.uk', 'Department for Work and Pensions'],
    ];
    for (const [address, body] of cases) expect(bodyOfDomain(address), address).toBe(body);
  });

  it('when the domain is shared, personal, a part of a body, not a public body\'s suffix or names no body, then there is none', () => {
    for (const address of ['a@nhs.net', 'a@gmail.com', 'a@leeds.ac.uk', 'a@digital.cabinet-office.gov.uk', 'a@transport.gov.scot', 'a@kent.com', 'a@nowhere-in-particular.gov.uk', 'a@leedsth.nhs.uk', '', 'no-at-sign']) {
      expect(bodyOfDomain(address), address).toBeNull();
    }
    expect(bodyOfDomain(null)).toBeNull();
  });

  it('when a place names a council under gov.uk, then under police.uk it is the force and under org.uk nothing', () => {
    expect(bodyOfDomain('a@kent.gov.uk')).toBe('Kent County Council');
    expect(bodyOfDomain('a@kent.police.uk')).toBe('Kent Police');
    expect(bodyOfDomain('a@kent.org.uk')).toBeNull();
  });

  it('when the domain is far longer than a domain can be, then it is read no further than its limit and names nothing', () => {
    expect(bodyOfDomain(`a@${'leeds-'.repeat(20_000)}x.gov.uk`)).toBeNull();
  });

  it('when a domain writes a body\'s words run together, then it is that body; under police.uk the force of the place it spells', () => {
    const cases: Array<[string, string]> = [
      ['a@towerhamlets.gov.uk', 'Tower Hamlets Council'],
      ['a@eastsussex.gov.uk', 'East Sussex County Council'],
      ['a@aberdeencity.gov.uk', 'Aberdeen City Council'],
      ['a@homeoffice.gov.uk', 'Home Office'],
      ['a@naturalengland.org.uk', 'Natural England'],
      ['a@cyfoethnaturiolcymru.gov.uk', 'Natural Resources Wales'],
      ['a@westyorkshire.police.uk', 'West Yorkshire Police'],
      ['a@avonandsomerset.police.uk', 'Avon and Somerset Police'],
      ['a@north-wales.police.uk', 'North Wales Police'],
    ];
    for (const [address, body] of cases) expect(bodyOfDomain(address), address).toBe(body);
    // Letters that spell no body's words, or spell words that are no body, name none.
    for (const address of ['a@healthandcare.gov.uk', 'a@walesandwest.gov.uk', 'a@qzxv.gov.uk', 'a@westyorkshirebus.police.uk']) {
      expect(bodyOfDomain(address), address).toBeNull();
    }
  });

  it('when a body\'s domain is neither its name nor its initials, then it is the body its own site gives it; a part of it is not', () => {
    expect(bodyOfDomain('pc.ali@met.police.uk')).toBe('Metropolitan Police Service');
    expect(bodyOfDomain('a@merseyfire.gov.uk')).toBe('Merseyside Fire & Rescue Service');
    expect(bodyOfDomain('a@firescotland.gov.uk')).toBe('Scottish Fire and Rescue Service');
    expect(bodyOfDomain('a@northyorks.gov.uk')).toBe('North Yorkshire Council');
    expect(bodyOfDomain('a@finance-ni.gov.uk')).toBe('Department of Finance');
    expect(bodyOfDomain('a@tfgm.com')).toBe('Transport for Greater Manchester');
    expect(bodyOfDomain('a@mail.mft.nhs.uk')).toBe('Manchester University NHS Foundation Trust');
    expect(bodyOfDomain('a@research.mft.nhs.uk')).toBeNull();
    // Every one is a body of the gazetteer, by the name it gives.
    for (const [domain, body] of OWN_DOMAINS) expect(knownBody(body)?.name, domain).toBe(body);
  });
});
