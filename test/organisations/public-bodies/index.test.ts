import { describe, expect, it } from 'vitest';
import { bodyWords, findBodies, knownBody, names, type PublicBody } from '../../../src/organisations/public-bodies/index.js';
import { LOCAL_BODIES } from '../../../src/organisations/public-bodies/local.js';
import { HEALTH_AND_NATIONAL_BODIES } from '../../../src/organisations/public-bodies/health-and-national.js';

const named = (text: string) => findBodies(text).map((m) => [m.name, m.kind, text.slice(m.start, m.end)]);

describe('knownBody: a value given as an organisation', () => {
  it('when a council is written by its initials, in small letters or with its ending shortened, then it is that council', () => {
    expect(knownBody('RBKC')?.name).toBe('Royal Borough of Kensington and Chelsea');
    expect(knownBody('calderdale council')?.name).toBe('Calderdale Council');
    expect(knownBody('Wirral MBC')?.name).toBe('Wirral Council');
    expect(knownBody('Notts County Council')?.name).toBe('Nottinghamshire County Council');
  });

  it('when a word of the name is a letter out, then it is read as the word meant, and said to be corrected', () => {
    expect(knownBody('Nottingham Univeristy Hospitals NHS Trust')).toMatchObject({ name: 'Nottingham University Hospitals NHS Trust', corrected: true });
    expect(knownBody('Lancashire Constabualry')).toMatchObject({ name: 'Lancashire Constabulary', corrected: true });
  });

  it('when a team follows the body, then the body is named and the team is what is left', () => {
    expect(knownBody('Leeds City Council Adults and Health')).toMatchObject({ name: 'Leeds City Council', rest: 'Adults and Health' });
    expect(knownBody('Cardiff Council - Housing Options')).toMatchObject({ name: 'Cardiff Council', rest: 'Housing Options' });
  });

  it('when a Welsh or Gaelic name is given, then it is the same body as its English name', () => {
    expect(knownBody('Cyngor Gwynedd')?.name).toBe(knownBody('Gwynedd Council')?.name);
    expect(knownBody('Bwrdd Iechyd Prifysgol Betsi Cadwaladr')?.name).toBe('Betsi Cadwaladr University Health Board');
  });

  it('when the value is only a council\'s place, then it is that council, but said to be a place', () => {
    expect(knownBody('barnsley')).toMatchObject({ name: 'Barnsley Council', kind: 'place' });
  });

  it('when a value names no body, then there is none', () => {
    expect(knownBody('Senior Policy Adviser')).toBeNull();
    expect(knownBody('Acme Widgets Ltd')).toBeNull();
  });
});

describe('findBodies: the bodies a text names', () => {
  it('when a sentence names a body among other words, then the body and where it is are found', () => {
    const text = 'I have been at North Tyneside Council for six years, mostly in housing.';
    expect(named(text)).toEqual([['North Tyneside Council', 'name', 'North Tyneside Council']]);
  });

  it('when a name has commas in it, then the whole name is one body, not the words after a comma', () => {
    expect(named('Based in Exeter with the Department for Environment, Food & Rural Affairs')).toEqual([
      ['Exeter City Council', 'place', 'Exeter'],
      ['Department for Environment, Food & Rural Affairs', 'name', 'Department for Environment, Food & Rural Affairs'],
    ]);
  });

  it('when initials are written in small letters, then they are words, not a body', () => {
    expect(findBodies('it would be nice to meet, we met once before')).toEqual([]);
    expect(named('I work for HMRC')).toEqual([['HM Revenue & Customs', 'initials', 'HMRC']]);
  });

  it('when "Met" is a verb or part of another body, then it is not the police; "the Met" is', () => {
    expect(named('Met Sam on Tuesday, and the Met Office is next door')).toEqual([['Met Office', 'name', 'Met Office']]);
    expect(named('I am a PC with the Met')).toEqual([['Metropolitan Police Service', 'name', 'the Met']]);
  });

  it('when a one-word name is part of a person\'s name, then it is no body', () => {
    expect(findBodies('Regards, Jo Tate')).toEqual([]);
    expect(named('I work at Ofsted')).toEqual([['Ofsted', 'name', 'Ofsted']]);
  });

  it('when a text is long and has no names, then it is read without finding any', () => {
    expect(findBodies('word '.repeat(20_000))).toEqual([]);
  });
});

describe('names: whether a text names an organisation', () => {
  it('when the text gives another name of the same body, then it names it', () => {
    expect(names('I have moved to NHS Norfolk and Waveney ICB', 'NHS Norfolk and Suffolk Integrated Care Board')).toBe(true);
    expect(names('I have moved to Norfolk County Council', 'NHS Norfolk and Suffolk Integrated Care Board')).toBe(false);
  });
});

describe('the gazetteer\'s own entries', () => {
  const all: PublicBody[] = [...LOCAL_BODIES, ...HEALTH_AND_NATIONAL_BODIES];

  it('when every name and alias is read, then no two bodies share one (a shared name would name neither)', () => {
    const owner = new Map<string, string>();
    const shared: string[] = [];
    for (const b of all) {
      for (const written of new Set([b.name, ...(b.also ?? [])])) {
        const key = bodyWords(written).join(' ');
        const before = owner.get(key);
        if (before !== undefined && before !== b.name) shared.push(`${written}: ${before} / ${b.name}`);
        owner.set(key, b.name);
      }
    }
    expect(shared).toEqual([]);
  });

  it('when each body\'s own name is read as a value, then it is that body', () => {
    const wrong = all.filter((b) => knownBody(b.name)?.name !== b.name).map((b) => b.name);
    expect(wrong).toEqual([]);
  });
});
