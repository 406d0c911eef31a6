import { describe, expect, it } from 'vitest';
import { otherLanguageCommand, withoutAccents } from '../../../src/inbound/read/other-languages.js';
import { readByRules, readReply } from '../../../src/inbound/read/index.js';
type Answering = 'welcome' | 'reminder' | 'nudge' | 'follow-up' | 'invitation' | 'introduction';

describe('otherLanguageCommand', () => {
  it.each([
    ['Bitte löschen Sie alle meine Daten.', 'reminder', 'delete'],
    ['Proszę usunąć moje dane, dziękuję.', 'welcome', 'delete'],
    ['Usuńcie moje dane, proszę.', 'welcome', 'delete'],
    ['Podem apagar todos os meus dados?', 'reminder', 'delete'],
    ['Merci de me désinscrire de la liste.', 'reminder', 'stop'],
    ['Dadme de baja, por favor.', 'follow-up', 'stop'],
    ['Wypiszcie mnie, proszę.', 'invitation', 'decline'],
    ["Merci, mais ce n'est pas pour moi.", 'invitation', 'decline'],
    ['Grazie, ma non fa per me.', 'invitation', 'decline'],
    ['Esta vez no, por favor: saltadme esta ronda.', 'reminder', 'skip'],
    ['Tym razem nie, pomińcie mnie w tej rundzie.', 'reminder', 'skip'],
    ['Gostaria de saber que dados pessoais têm sobre mim. Podem enviar uma cópia dos meus dados?', 'welcome', 'my_data'],
    ['Pas encore, nous cherchons un créneau.', 'nudge', 'not_yet'],
    ['Jeszcze nie, ale próbujemy.', 'nudge', 'not_yet'],
    ['Ci siamo sentiti giovedì, molto utile.', 'follow-up', 'met'],
    ['Non ci siamo ancora sentiti, purtroppo.', 'follow-up', 'not_met'],
    ['Leider muss ich absagen, ich bin krank.', 'introduction', 'cant_make_it'],
    ['Hilfe', 'welcome', 'help'],
    ['Dzień dobry, proszę o wypisanie z listy. Pozdrawiam', 'welcome', 'stop'],
    ['Níl sé seo dom, go raibh maith agat.', 'invitation', 'decline'],
    ['Ná scríobh chugam arís, le do thoil.', 'reminder', 'stop'],
    ["Cha do choinnich sinn, bha mi tinn.", 'follow-up', 'not_met'],
    ['Choinnich sinn Diardaoin, glè mhath.', 'follow-up', 'met'],
    ["Methu, sori – dw i i ffwrdd tan ddiwedd y mis.", 'nudge', 'cant_make_it'],
    ["Helo Siân,\nMethu, mae'n ddrwg gen i.\nGwyn", 'introduction', 'cant_make_it'],
    ['Maaf kijiye, is hafte meeting nahi ho payegi.', 'nudge', 'cant_make_it'],
    ['Bonjour Claire, je vous propose mardi 17 à 10h, ou mercredi matin.', 'introduction', 'not_yet'],
  ])('when "%s" answers the %s, then it is %s', (text, asked, want) => {
    expect(otherLanguageCommand(text, asked)).toBe(want);
  });

  it('when typed without accents, then it reads the same', () => {
    expect(withoutAccents('Usuńcie, ŁÓDŹ, Größe, ștergeți')).toBe('usuncie, lodz, grosse, stergeti');
    expect(otherLanguageCommand('stergeti toate datele mele va rog', 'reminder')).toBe('delete');
  });

  it('when a meeting answer comes to a mail that is not about a meeting, or a decline to a later mail, then it is not read', () => {
    expect(otherLanguageCommand('Pas encore.', 'welcome')).toBe(null);
    expect(otherLanguageCommand("Ce n'est pas pour moi.", 'reminder')).toBe(null);
  });

  it('when Welsh "methu" is "can\'t wait", or times offered are also accepted, then neither is CAN\'T MAKE IT nor NOT YET', () => {
    expect(otherLanguageCommand('Methu aros i gwrdd â chi!', 'introduction')).toBe(null);
    expect(otherLanguageCommand("Je vous propose jeudi 12 à 14h, c'est noté de mon côté ?", 'introduction')).toBe(null);
  });

  it('when two different requests are made, then none is chosen: a person reads it', () => {
    expect(otherLanguageCommand('Welche Daten haben Sie über mich gespeichert? Und bitte pausieren Sie mich.', 'reminder')).toBe(null);
  });
});

describe('commands in other languages, read in a whole reply', () => {
  const when = new Date('2026-09-16T10:00:00Z');
  const to = (answering: Answering, text: string) =>
    readReply({ text, html: null, subject: 'Re: Unmentoring', fromName: 'Tomasz Nowak', fromEmail: 'tomasz.nowak@gov.scot', headers: {}, contentType: 'text/plain', answering }, when, 'GB', 'Europe/London');

  it('when a member asks in Polish to be paused for six weeks, then it is a pause until six weeks on', () => {
    const r = to('welcome', 'Dzień dobry,\nCzy mogą Państwo wstrzymać mój udział na sześć tygodni? Potem chętnie wrócę.\nPozdrawiam,\nTomasz');
    expect(r.intent).toBe('pause');
    expect(r.pauseUntil).toBe('2026-10-28');
  });

  it('when a pause names a time we cannot read, then a person reads it rather than pausing until RESUME', () => {
    expect(to('reminder', 'Bitte pausieren Sie mich bis nach meiner Elternzeit.\nStefan').intent).toBe('other');
  });

  it('when a member asks in German to be taken out and all their data deleted, then it is DELETE', () => {
    expect(to('reminder', 'Guten Morgen,\nbitte nehmen Sie mich aus dem Programm und löschen Sie alle meine Daten.\nMit freundlichen Grüßen\nStefan').intent).toBe('delete');
  });

  it('when a member gives a new mobile in Scottish Gaelic to be used instead, then it is a change of details, never a join', () => {
    const r = to('welcome', "Halò,\nTha an àireamh ceàrr. 'S e 07700 900512 an àireamh-làimhe agam, cleachdaibh sin na àite.\nTòmas");
    expect(r.fields.phone).toBe('+447700900512');
    expect(['update', 'other']).toContain(r.intent);
    expect(readByRules({ text: "Halò,\nTha an àireamh ceàrr. 'S e 07700 900512 an àireamh-làimhe agam, cleachdaibh sin na àite.\nTòmas", html: null, subject: 'Re: Unmentoring', fromName: 'Tòmas Mac', fromEmail: 't.mac@gov.scot', headers: {}, contentType: 'text/plain', answering: 'welcome' }, when).intent).toBe('update');
  });

  it('when a member asks in Welsh to be matched every other month rather than monthly, then it is the new cadence', () => {
    const r = to('welcome', 'Bore da,\nFyddai modd i chi fy mharu i bob yn ail fis yn hytrach na phob mis?\nDiolch,\nGwen');
    expect(r.intent).toBe('cadence');
    expect(r.cadence).toBe('bimonthly');
  });

  it('when a reply to the introduction thanks the partner for this afternoon, then they met', () => {
    expect(to('introduction', 'Hi Tomos,\nThanks for this afternoon – I really enjoyed it. I will send over that guidance.\nAlison').intent).toBe('met');
    // Thanks for the introduction itself is no meeting.
    expect(to('introduction', 'Thanks for today’s introduction, I will drop Tomos a line.\nAlison').intent).not.toBe('met');
  });
});

describe('a time agreed in another language', () => {
  const when = new Date('2026-11-03T16:00:00Z');
  const to = (subject: string, text: string) =>
    readReply({ text, html: null, subject, fromName: 'Giulia Romano', fromEmail: 'giulia.romano@gov.scot', headers: {}, contentType: 'text/plain', answering: null as never }, when, 'GB', 'Europe/London');

  it('when a reply to the introduction (Italian "R: RE:") accepts a day and a time, then it is booked at that time', () => {
    const r = to('R: RE: Meet Giulia Romano and Marco Bianchi', 'Ciao Marco,\nche bello! Giovedì 12 alle 15:30 va benissimo.\nGiulia');
    expect(r.intent).toBe('booked');
    // Thursday 12 November 2026, 15:30 in London (GMT) is 15:30 UTC.
    expect(r.booking?.start).toBe('2026-11-12T15:30:00.000Z');
  });

  it('when the time is French "14h30" and the sentence accepts it, then it is booked; asked as a question, it is not', () => {
    expect(to('RE: Meet Giulia Romano and Claire Dubois', 'Bonjour Claire,\nMardi 10 à 14h30, ça me va très bien.\nGiulia').booking?.start).toBe('2026-11-10T14:30:00.000Z');
    expect(to('RE: Meet Giulia Romano and Claire Dubois', 'Bonjour Claire,\nMardi 10 à 14h30, ça vous va ?\nGiulia').intent).not.toBe('booked');
  });
});

describe('what the T5 round showed: meetings in other languages', () => {
  const when = new Date('2026-11-05T13:00:00Z');
  const to = (answering: Answering, text: string) =>
    readReply({ text, html: null, subject: 'Re: Unmentoring', fromName: 'Dafydd Hughes', fromEmail: 'dafydd.hughes@example.gov.uk', headers: {}, contentType: 'text/plain', answering }, when, 'GB', 'Europe/London');

  it('when a Welsh reply to the introduction says a day and time "yn berffaith", then it is booked for the afternoon', () => {
    const r = to('introduction', "Diolch Elin,\nMae dydd Mawrth y 10fed am 2 o'r gloch yn berffaith i mi.\nDafydd");
    expect(r.intent).toBe('booked');
    // Tuesday 10 November 2026, 2 o'clock: the afternoon, 14:00 in London (GMT).
    expect(r.booking?.start).toBe('2026-11-10T14:00:00.000Z');
  });

  it('when a German reply to the nudge says a time was found ("Termin gefunden: Donnerstag, den 19. November, um 14 Uhr"), then it is booked', () => {
    const r = to('nudge', 'Hallo,\nja, wir haben einen Termin gefunden: Donnerstag, den 19. November, um 14 Uhr, per Telefon.\nLukas');
    expect(r.intent).toBe('booked');
    expect(r.booking?.start).toBe('2026-11-19T14:00:00.000Z');
  });

  it('when times are offered as a question in French, German or Polish, then it is NOT YET, not a booking', () => {
    expect(to('introduction', 'Bonjour Julien,\nSeriez-vous disponible mardi 10 à 11h ou jeudi 12 à 15h ?\nAmélie').intent).toBe('not_yet');
    expect(to('introduction', 'Hallo Frau Weber,\nhätten Sie Donnerstag um 10 Uhr Zeit?\nLukas').intent).toBe('not_yet');
    expect(to('introduction', 'Dzień dobry,\nczy pasuje Panu wtorek o 14:00?\nTomasz').intent).toBe('not_yet');
  });

  it('when a Welsh "dim eto" or a Portuguese "não vou conseguir" answers the nudge, then it is NOT YET or CAN\'T MAKE IT', () => {
    expect(to('nudge', "Bore da,\nDim eto. Rydyn ni'n trio am ddydd Iau.\nRhys").intent).toBe('not_yet');
    expect(to('nudge', 'Olá,\nInfelizmente não vou conseguir este mês: estou de baixa médica até ao fim de novembro.\nAna').intent).toBe('cant_make_it');
  });
});
