import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { editDistance } from '../../src/organisations/duplicates.js';
import { normaliseOrganisation } from '../../src/organisations/normalise.js';
import { resolveOrganisation, type Known } from '../../src/organisations/resolve.js';
import { isSharedDomain, organisationalDomainOf } from '../../src/organisations/shared.js';

const known = (domains: Record<string, number> = {}, aliases: Record<string, number> = {}, shared: string[] = []): Known => ({
  domains: new Map(Object.entries(domains)),
  aliases: new Map(Object.entries(aliases)),
  shared: new Set(shared),
});

describe('normaliseOrganisation', () => {
  it('when a council is written with case, punctuation, "The" and an abbreviation, then it is one name', () => {
    const forms = ['Leeds City Council', 'leeds city council.', 'The Leeds City Council', 'Leeds CC', 'LEEDS  C.C.', 'Leeds CC – Highways', 'Leeds City Council (Adults & Health)'];
    expect(new Set(forms.map(normaliseOrganisation))).toEqual(new Set(['leeds city council']));
  });

  it('when common abbreviations are written, then they read as the words', () => {
    expect(normaliseOrganisation('Wigan MBC')).toBe('wigan metropolitan borough council');
    expect(normaliseOrganisation('Leeds Teaching Hospitals NHS FT')).toBe('leeds teaching hospitals nhs foundation trust');
    expect(normaliseOrganisation('Dept for Education')).toBe('department for education');
    expect(normaliseOrganisation('Department of Health & Social Care')).toBe(normaliseOrganisation('Department of Health and Social Care'));
  });

  it('when a name is only punctuation, then there is no name', () => {
    expect(normaliseOrganisation(' - ')).toBeNull();
    expect(normaliseOrganisation('')).toBeNull();
  });

  it('when any text is normalised twice, then the second time changes nothing', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (s) => {
        const once = normaliseOrganisation(s);
        if (once !== null) expect(normaliseOrganisation(once)).toBe(once);
      }),
    );
  });
});

describe('shared domains', () => {
  it('when a domain is a public provider, NHSmail or configured, then it is shared', () => {
    for (const d of ['gmail.com', 'hotmail.fr', 'yahoo.co.in', 'nhs.net', 'btinternet.com', 'icloud.com']) expect(isSharedDomain(d, new Set())).toBe(true);
    expect(isSharedDomain('cabinetoffice.gov.uk', new Set(['cabinetoffice.gov.uk']))).toBe(true);
    expect(isSharedDomain('leeds.gov.uk', new Set())).toBe(false);
  });

  it('when an address is on a subdomain, then its organisational domain is the registered one', () => {
    expect(organisationalDomainOf('jo@mail.leeds.gov.uk')).toBe('leeds.gov.uk');
    expect(organisationalDomainOf('sam@nhs.net')).toBe('nhs.net');
  });
});

describe('resolveOrganisation', () => {
  it('when the organiser named an organisation, then it wins over what the person wrote', () => {
    const k = known({}, { 'leeds city council': 1 });
    expect(resolveOrganisation({ email: 'jo@leeds.gov.uk', organiser: 'Leeds City Council', written: 'Leeds Citty Council' }, k)).toEqual({
      kind: 'existing',
      id: 1,
      claimDomain: 'leeds.gov.uk',
    });
  });

  it('when a domain belongs to one organisation, then its people are that organisation whatever they write', () => {
    const k = known({ 'leeds.gov.uk': 7 });
    for (const written of ['LCC', 'Leeds CC – Highways', 'Adults & Health', null]) {
      expect(resolveOrganisation({ email: 'x@mail.leeds.gov.uk', organiser: null, written }, k)).toEqual({ kind: 'existing', id: 7, claimDomain: null });
    }
  });

  it('when the domain is nobody’s yet, then a new organisation takes the written name and the domain', () => {
    expect(resolveOrganisation({ email: 'x@leeds.gov.uk', organiser: null, written: 'The Leeds CC' }, known())).toEqual({
      kind: 'new',
      name: 'The Leeds CC',
      alias: 'leeds city council',
      also: [],
      domain: 'leeds.gov.uk',
    });
  });

  it('when the person wrote only their domain, then the domain names the organisation', () => {
    expect(resolveOrganisation({ email: 'x@leeds.gov.uk', organiser: null, written: 'leeds.gov.uk' }, known())).toEqual({
      kind: 'new',
      name: 'leeds.gov.uk',
      alias: null,
      also: [],
      domain: 'leeds.gov.uk',
    });
  });

  it('when a domain is shared, then the written name decides and it never claims the domain', () => {
    const k = known({}, { 'leeds teaching hospitals nhs foundation trust': 3 });
    expect(resolveOrganisation({ email: 'a@nhs.net', organiser: null, written: 'Leeds Teaching Hospitals NHS FT' }, k)).toEqual({
      kind: 'existing',
      id: 3,
      claimDomain: null,
    });
    expect(resolveOrganisation({ email: 'b@nhs.net', organiser: null, written: 'Sheffield Children’s NHS FT' }, k)).toMatchObject({ kind: 'new', domain: null });
  });

  it('when one body the gazetteer knows is written by its initials, a short form or its name, then it is one organisation', () => {
    const first = resolveOrganisation({ email: 'a@nhs.net', organiser: null, written: 'Kent CC' }, known());
    expect(first).toEqual({ kind: 'new', name: 'Kent CC', alias: 'kent county council', also: ['kent city council'], domain: null });
    const k = known({}, { 'kent county council': 4, 'kent city council': 4 });
    for (const written of ['KCC', 'Kent County Council', 'kent county council (highways)']) {
      expect(resolveOrganisation({ email: 'b@gmail.com', organiser: null, written }, k)).toEqual({ kind: 'existing', id: 4, claimDomain: null });
    }
  });

  it('when an organisation was recorded before the gazetteer by its written name, then that name still finds it', () => {
    // "Wigan MBC" was recorded as "wigan metropolitan borough council"; the gazetteer now knows it as Wigan Council.
    const k = known({}, { 'wigan metropolitan borough council': 5 });
    expect(resolveOrganisation({ email: 'c@gmail.com', organiser: null, written: 'Wigan MBC' }, k)).toEqual({ kind: 'existing', id: 5, claimDomain: null });
  });

  it('when someone on a shared domain gave no name, then they are their own organisation', () => {
    expect(resolveOrganisation({ email: 'a@nhs.net', organiser: null, written: null }, known())).toEqual({ kind: 'own' });
    expect(resolveOrganisation({ email: 'a@gmail.com', organiser: null, written: 'gmail.com' }, known())).toEqual({ kind: 'own' });
  });

  it('when any inputs are resolved, then an owned, unshared domain decides unless the organiser named someone', () => {
    fc.assert(
      fc.property(fc.option(fc.string({ maxLength: 20 })), fc.option(fc.string({ maxLength: 20 })), (organiser, written) => {
        const r = resolveOrganisation({ email: 'p@x.leeds.gov.uk', organiser, written }, known({ 'leeds.gov.uk': 9 }));
        if (normaliseOrganisation(organiser) === null) expect(r).toEqual({ kind: 'existing', id: 9, claimDomain: null });
        else expect(r.kind === 'new' ? r.domain : null).toBeNull();
      }),
    );
  });
});

describe('editDistance', () => {
  const plain = (a: string, b: string): number => {
    const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
    for (let i = 1; i <= a.length; i++)
      for (let j = 1; j <= b.length; j++) d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    return d[a.length]![b.length]!;
  };
  it('when any two short names are compared, then the banded distance agrees with the plain one up to the bound', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12, unit: fc.constantFrom('a', 'b', 'c', ' ') }), fc.string({ maxLength: 12, unit: fc.constantFrom('a', 'b', 'c', ' ') }), (a, b) => {
        expect(editDistance(a, b, 2)).toBe(Math.min(plain(a, b), 3));
      }),
      { numRuns: 500 },
    );
  });
});
