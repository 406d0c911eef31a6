import { describe, expect, it } from 'vitest';
import { bodyOfDomain } from '../../src/organisations/domain-body.js';

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
});
