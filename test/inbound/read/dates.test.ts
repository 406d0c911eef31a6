import { afterEach, describe, expect, it } from 'vitest';
import { easterSunday, pauseDate, pausePhrases } from '../../../src/inbound/read/dates.js';

// Every expected date below is worked out by hand from a calendar, never by the code under test.

const LONDON = 'Europe/London';
/** Sunday 10 May 2026, midday in London. */
const MAY_10 = new Date('2026-05-10T11:00:00Z');
const read = (text: string, now: Date = MAY_10, zone = LONDON) => pauseDate(text, now, zone);

describe('pauseDate: named dates', () => {
  const cases: Array<[string, string | null]> = [
    ['PAUSE until 3rd March', '2027-03-03'],
    ['pause till 15/01/2027', '2027-01-15'],
    ['pause until 2027-01-15', '2027-01-15'],
    ['pause until March 3rd 2027', '2027-03-03'],
    ['pause until Monday 4 January', '2027-01-04'],
    ['Please pause me until June 1st', '2026-06-01'],
    ['I am back on 3 March', '2027-03-03'],
    ['pause until 29 February', '2028-02-29'],
    // The day they are back, a few days after a vaguer end asked for, is the end they mean.
    ['Could you leave me out until the new year? Back to normal duties on Monday 4 January.', '2027-01-04'],
    ['Pause me until the end of July please - back to my usual job on Monday 3 August.', '2026-08-03'],
    // Welsh with an English gloss: "back 1 September 2027, please pause me till then".
    ['Off on leave from next week, back 1 September 2027, please pause me till then.', '2027-09-01'],
    ['Paternity leave runs from next week to the end of June. Could you hold off matching me until then?', '2026-06-30'],
    // A span chrono starts at a time ("a spare half hour until …") is not the pause asked for.
    ["PAUSE until 4 January please - it's Budget season here and I won't have a spare half hour until the new year.", '2027-01-04'],
    ['Please pause me 1-14 June', '2026-06-14'],
    // "from 2 Jun to 20 Jul": chrono reads "from 2" as a time; the day after "to" is the end.
    ['pause me from 2 Jun to 20 Jul please', '2026-07-20'],
    ['Please pause me from 2nd June to the 4th of August', '2026-08-04'],
    ['Can you pause me between 2 and 20 June?', '2026-06-20'],
    // "and" with a date after it ends a span only after "between".
    ['Pause me until 1 June please. I am away on 3 June and 20 July too.', '2026-06-01'],
  ];
  for (const [text, want] of cases) {
    it(`when the reply is ${JSON.stringify(text)} on 10 May 2026, then the date is ${want}`, () => expect(read(text)).toBe(want));
  }

  it('when the day named without a year is today, then it is next year’s', () => {
    expect(read('pause until 10 May')).toBe('2027-05-10');
  });

  it('when the date named has a year and is past, then there is no date', () => {
    expect(read('pause until 3 March 2025')).toBeNull();
  });

  it('when the date named has a year and is today, then there is no date', () => {
    expect(read('pause until 10 May 2026')).toBeNull();
  });

  it('when a weekday alone is named, then it is the next one after today', () => {
    expect(read('pause until Monday')).toBe('2026-05-11');
    expect(read('pause until Monday', new Date('2026-05-11T11:00:00Z'))).toBe('2026-05-18');
  });

  it('when a time is given with the date, then the time is ignored', () => {
    expect(read('pause until 3pm on 3 March')).toBe('2027-03-03');
    expect(read('pause until 10th May at 11pm')).toBe('2027-05-10');
  });

  it('when only a time is given, then there is no date', () => {
    expect(read('pause until 5pm')).toBeNull();
  });

  it('when a range is given after pause, then its end is the date', () => {
    expect(read('Please pause me from 1 June to 1 September')).toBe('2026-09-01');
  });

  it('when pause is followed by a single date, then it is not read (it may be when the pause starts)', () => {
    expect(read('Please pause me from 1 June')).toBeNull();
  });
});

describe('pauseDate: ends of months, months alone, the new year', () => {
  it('when the end of a month is named, then it is that month’s last day', () => {
    expect(read('pause until the end of June')).toBe('2026-06-30');
    expect(read('pause until the end of February')).toBe('2027-02-28');
  });

  it('when the end of a month is named on its last day, then it is next year’s', () => {
    expect(read('pause until the end of June', new Date('2026-06-30T11:00:00Z'))).toBe('2027-06-30');
  });

  it('when the end of the month is named, then it is this month’s last day', () => {
    expect(read('pause until the end of the month')).toBe('2026-05-31');
  });

  it('when the end of the month is named on its last day, then it is next month’s last day', () => {
    expect(read('pause until the end of the month', new Date('2026-05-31T11:00:00Z'))).toBe('2026-06-30');
  });

  const months: Array<[string, string]> = [
    ['pause until June', '2026-06-01'],
    ['pause until January', '2027-01-01'],
    ['pause till September 2027', '2027-09-01'],
    ['pause until May', '2027-05-01'],
    ['pause until may 2027', '2027-05-01'],
    ['pause till Jan', '2027-01-01'],
    ['back in May', '2027-05-01'],
    ["pause 'til june", '2026-06-01'],
  ];
  for (const [text, want] of months) {
    it(`when a month alone is named (${JSON.stringify(text)}), then it is the 1st: ${want}`, () => expect(read(text)).toBe(want));
  }

  it('when next month or next year is named, then it is its first day', () => {
    expect(read('pause until next month')).toBe('2026-06-01');
    expect(read('pause until next month', new Date('2026-12-10T12:00:00Z'))).toBe('2027-01-01');
    expect(read('pause until next year')).toBe('2027-01-01');
  });

  it('when a range of months is given after pause, then its end is the 1st of the last month', () => {
    expect(read('pause me from June to September')).toBe('2026-09-01');
  });

  it('when May is followed by a day, then that day is read', () => {
    expect(read('PAUSE until may 5')).toBe('2027-05-05');
  });

  it('when this month is named on its 1st, then it is next year’s', () => {
    expect(read('pause until June', new Date('2026-06-01T11:00:00Z'))).toBe('2027-06-01');
  });

  it('when the new year is named, then it is 1 January next', () => {
    expect(read('pause until the new year')).toBe('2027-01-01');
    expect(read('Back in the new year!')).toBe('2027-01-01');
    expect(read('pause until the new year', new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
  });
});

describe('pauseDate: lengths of time', () => {
  const cases: Array<[string, string]> = [
    ['pause for six weeks', '2026-06-21'],
    ['pause for 2 months', '2026-07-10'],
    ['pause for two months', '2026-07-10'],
    ['pause for a fortnight', '2026-05-24'],
    ['pause for three weeks', '2026-05-31'],
    ['pause for a couple of weeks', '2026-05-24'],
    ['pause for a few weeks', '2026-05-31'],
    ['pause me for the next 3 weeks', '2026-05-31'],
    ['pause for ten days', '2026-05-20'],
    ['pause for a month or two', '2026-06-10'],
    ['pause for a year', '2027-05-10'],
    ['can we pause for 6 wks?', '2026-06-21'],
    ['pause for 3 mths please', '2026-08-10'],
    ["I'm on leave for six months, please pause me", '2026-11-10'],
  ];
  for (const [text, want] of cases) {
    it(`when the reply is ${JSON.stringify(text)} on 10 May 2026, then the date is ${want}`, () => expect(read(text)).toBe(want));
  }

  it('when a month is added to 31 January, then it is the last day of February (not 3 March)', () => {
    expect(read('pause for a month', new Date('2027-01-31T12:00:00Z'))).toBe('2027-02-28');
    expect(read('pause for a month', new Date('2028-01-31T12:00:00Z'))).toBe('2028-02-29');
  });

  it('when a year is added to 29 February, then it is 28 February', () => {
    expect(read('pause for a year', new Date('2028-02-29T12:00:00Z'))).toBe('2029-02-28');
  });

  it('when "for" is not followed by a length of time, then a date later in the sentence is not read', () => {
    expect(read('Thanks for meeting on Monday. PAUSE')).toBeNull();
  });
});

describe('pauseDate: Easter and Christmas', () => {
  it('when Easter has a year, then it is that year’s Easter Monday', () => {
    expect(read('Back after Easter 2027')).toBe('2027-03-29');
    expect(read('pause until after Easter 2028')).toBe('2028-04-17');
  });

  it('when Easter has no year and this year’s is past, then it is next year’s Easter Monday', () => {
    expect(read('pause until after Easter')).toBe('2027-03-29');
  });

  it('when Easter has no year and this year’s is to come, then it is this year’s Easter Monday', () => {
    expect(read('pause until after Easter', new Date('2026-03-01T12:00:00Z'))).toBe('2026-04-06');
  });

  it('when it is Easter Monday, then "after Easter" is next year’s', () => {
    expect(read('pause until after Easter', new Date('2027-03-29T12:00:00Z'))).toBe('2028-04-17');
  });

  it('when Easter is past with its year given, then there is no date', () => {
    expect(read('pause until after Easter 2025')).toBeNull();
  });

  it('when Christmas is named, then it is the first working day after the Christmas bank holidays', () => {
    // 2026: Christmas Friday, Boxing Day Saturday, substitute Monday 28 → Tuesday 29.
    expect(read('pause until after Christmas')).toBe('2026-12-29');
    // 2027: Christmas Saturday, substitutes Monday 27 and Tuesday 28 → Wednesday 29.
    expect(read('back after Christmas 2027')).toBe('2027-12-29');
    // 2028: Christmas Monday, Boxing Day Tuesday → Wednesday 27.
    expect(read('pause until Xmas 2028')).toBe('2028-12-27');
  });

  it('when it is that working day after Christmas, then Christmas is next year’s', () => {
    expect(read('pause until after Christmas', new Date('2027-12-29T12:00:00Z'))).toBe('2028-12-27');
  });

  it('when Easter Sunday is computed, then it matches the published dates', () => {
    expect(easterSunday(2024)).toEqual({ y: 2024, m: 3, d: 31 });
    expect(easterSunday(2025)).toEqual({ y: 2025, m: 4, d: 20 });
    expect(easterSunday(2026)).toEqual({ y: 2026, m: 4, d: 5 });
    expect(easterSunday(2027)).toEqual({ y: 2027, m: 3, d: 28 });
    expect(easterSunday(2038)).toEqual({ y: 2038, m: 4, d: 25 });
  });
});

describe('pauseDate: today is the date in the service’s time zone', () => {
  // 23:30 UTC on 31 March 2027 is 00:30 on 1 April in London (summer time since 28 March).
  const lateMarch31 = new Date('2027-03-31T23:30:00Z');

  it('when it is past midnight in London but not in UTC, then London’s date counts', () => {
    expect(read('pause for a week', lateMarch31)).toBe('2027-04-08');
    expect(read('pause for a week', lateMarch31, 'UTC')).toBe('2027-04-07');
  });

  it('when the day named is today in London but tomorrow in UTC, then it is next year’s', () => {
    expect(read('pause until 1 April', lateMarch31)).toBe('2028-04-01');
    expect(read('pause until 1 April', lateMarch31, 'UTC')).toBe('2027-04-01');
  });

  it('when the clocks go forward (last Sunday of March), then 23:30 UTC is the same day before and the next day after', () => {
    // Saturday 27 March 2027 23:30 UTC is 23:30 GMT; Sunday 28 March 23:30 UTC is 00:30 BST on Monday 29.
    expect(read('pause for a week', new Date('2027-03-27T23:30:00Z'))).toBe('2027-04-03');
    expect(read('pause for a week', new Date('2027-03-28T00:30:00Z'))).toBe('2027-04-04');
    expect(read('pause for a week', new Date('2027-03-28T23:30:00Z'))).toBe('2027-04-05');
  });

  it('when it is Easter Monday in London but still Easter Sunday in UTC, then after Easter is next year’s', () => {
    expect(read('pause until after Easter', new Date('2027-03-28T23:30:00Z'))).toBe('2028-04-17');
    expect(read('pause until after Easter', new Date('2027-03-28T23:30:00Z'), 'UTC')).toBe('2027-03-29');
  });

  it('when the clocks go back (last Sunday of October), then two instants 24 hours apart are the same London day', () => {
    // Saturday 24 October 2026 23:30 UTC is 00:30 BST on Sunday 25; Sunday 25 23:30 UTC is 23:30 GMT on Sunday 25.
    expect(read('pause for a week', new Date('2026-10-24T23:30:00Z'))).toBe('2026-11-01');
    expect(read('pause for a week', new Date('2026-10-25T23:30:00Z'))).toBe('2026-11-01');
  });

  it('when the zone is New York, then its date counts, not London’s', () => {
    // 03:00 UTC on 15 January 2027 is 22:00 on 14 January in New York and 03:00 on 15 January in London.
    const at = new Date('2027-01-15T03:00:00Z');
    expect(read('pause until 15 January', at, 'America/New_York')).toBe('2027-01-15');
    expect(read('pause until 15 January', at)).toBe('2028-01-15');
    expect(read('pause for a week', at, 'America/New_York')).toBe('2027-01-21');
    expect(read('pause for a week', at)).toBe('2027-01-22');
  });

  it('when the zone is not a time zone name, then it throws rather than guess', () => {
    expect(() => read('pause for a week', MAY_10, 'Not/A_Zone')).toThrow(RangeError);
  });

  describe('whatever the process’s own time zone', () => {
    const saved = process.env.TZ;
    afterEach(() => {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    });
    for (const tz of ['Pacific/Kiritimati', 'Pacific/Pago_Pago', 'America/New_York']) {
      it(`when the process runs in ${tz}, then London’s dates are unchanged`, () => {
        process.env.TZ = tz;
        expect(read('pause for a week', lateMarch31)).toBe('2027-04-08');
        expect(read('pause until 1 April', lateMarch31)).toBe('2028-04-01');
        expect(read('pause until after Easter', new Date('2027-03-28T23:30:00Z'))).toBe('2028-04-17');
        expect(read('pause for a month', new Date('2027-01-31T12:00:00Z'))).toBe('2027-02-28');
        expect(read('pause until the end of the month', new Date('2026-05-31T11:00:00Z'))).toBe('2026-06-30');
      });
    }
  });
});

describe('pauseDate: what is read', () => {
  it('when the pause date is in a later sentence, then it is read', () => {
    expect(read('Thanks for the email. Please pause me until June.')).toBe('2026-06-01');
  });

  it('when "back" is not followed by on / in / after, then a date after it is not read', () => {
    expect(read("Pause me please, I'll get back to you on Monday")).toBeNull();
  });

  it('when the date is on the next line, then it is not read (a line break ends the phrase)', () => {
    expect(read('Pause me until further notice\nMeeting notes from 3 March attached')).toBeNull();
  });

  it('when there is no date, then there is none', () => {
    expect(read('PAUSE')).toBeNull();
    expect(read('pause until further notice')).toBeNull();
    expect(read('pause for now')).toBeNull();
  });
});

describe('pauseDate: only a bounded window is read', () => {
  const filler = (chars: number) => 'x '.repeat(chars / 2);

  it('when a date follows 300 characters of filler in the same sentence, then it is not read', () => {
    expect(read(`pause until ${filler(300)}3 March`)).toBeNull();
  });

  it('when the same date follows 180 characters of filler, then it is read (it is the bound, not the filler)', () => {
    expect(read(`pause until ${filler(180)}3 March`)).toBe('2027-03-03');
  });

  it('when the date comes first and filler follows, then it is read', () => {
    expect(read(`pause until 3 March ${filler(300)}`)).toBe('2027-03-03');
  });

  it('when eight phrases come before the one with the date, then it is not read', () => {
    expect(read(`${'for x. '.repeat(8)}pause until 3 March`)).toBeNull();
    expect(read(`${'for x. '.repeat(7)}until 3 March`)).toBe('2027-03-03');
  });

  it('when a 64 KB reply is "until until until …", then at most 8 phrases of at most 200 characters are read', () => {
    const text = 'until '.repeat(11_000);
    expect(text.length).toBeGreaterThan(64_000);
    const phrases = pausePhrases(text);
    expect(phrases.length).toBe(8);
    for (const p of phrases) expect(p.text.length).toBeLessThanOrEqual(200);
    expect(read(text)).toBeNull();
  });
});

describe('pause dates said another way', () => {
  const on = new Date('2026-10-26T10:00:00Z');
  it('when the pause is "until then" after the day they are back, then it ends that day', () => {
    expect(pauseDate("I'm on secondment and I'm back at DfT on 1 April 2027 – could you pause me until then?", on, 'Europe/London')).toBe('2027-04-01');
    expect(pauseDate('could you pause me until then?', on, 'Europe/London')).toBeNull();
  });

  it('when "until the end of" a month is said in Polish, French or Spanish, then it is the last day of that month', () => {
    for (const text of ['proszę o wstrzymanie mojego udziału do końca stycznia.', "PAUSE jusqu'à la fin de janvier", 'Pausa hasta finales de enero por favor']) {
      expect(pauseDate(text, on, 'Europe/London'), text).toBe('2027-01-31');
    }
  });
});

describe('pauseDate: what the T2 round showed', () => {
  // Wednesday 16 September 2026, in London.
  const SEP_16 = new Date('2026-09-16T10:00:00Z');

  it('when they pause until the end of the year, then it is 31 December', () => {
    expect(read('Please pause me until the end of the year.', SEP_16)).toBe('2026-12-31');
    // On 31 December itself, the next one.
    expect(read('Pause me until the end of the year', new Date('2026-12-31T10:00:00Z'))).toBe('2027-12-31');
  });

  it('when a named day is given, then it is that day next time it comes', () => {
    expect(read("Can you pause me until St David's Day?", SEP_16)).toBe('2027-03-01');
    expect(read('pause until Burns Night', SEP_16)).toBe('2027-01-25');
    expect(read('pause me till St Andrew’s Day', SEP_16)).toBe('2026-11-30');
  });

  it('when they say when matching should start again ("match me from then"), then it is the last day said before it', () => {
    expect(read("Could you pause me until after my leave? I'm off until 18 December, then it's Christmas, so I won't be back until Monday 4 January. Match me from then.", SEP_16)).toBe('2027-01-04');
    // "from then" not about matching them is no date.
    expect(read('Pause me please. From then on it gets busy.', SEP_16)).toBe(null);
  });

  it('when a span or the end of the year is said in another language, then it is read', () => {
    // Six weeks from 16 September is 28 October.
    expect(read('Czy mogą Państwo wstrzymać mój udział na sześć tygodni?', SEP_16)).toBe('2026-10-28');
    expect(read('Pouvez-vous me mettre en pause pour trois semaines ?', SEP_16)).toBe('2026-10-07');
    expect(read('Bitte pausieren Sie mich für 2 Monate.', SEP_16)).toBe('2026-11-16');
    expect(read('vă rog să mă puneți pe pauză până la sfârșitul anului', SEP_16)).toBe('2026-12-31');
    expect(read('pauză până la 15 ianuarie, vă rog', SEP_16)).toBe('2027-01-15');
  });
});
