import { describe, expect, it } from 'vitest';
import type { Fields } from '../../../src/inbound/read/fields.js';
import { extractFields } from '../../../src/inbound/read/fields.js';
import { cadenceIn, readIntent, type Intent } from '../../../src/inbound/read/intent.js';
import { readByRules, readReply } from '../../../src/inbound/read/index.js';

type Answering = 'welcome' | 'reminder' | 'nudge' | 'follow-up' | 'invitation' | 'introduction';
/** The whole reader on a reply to one of our mails (the token it came to names which), as the service reads it. */
const answeredTo = (asked: Answering, text: string, when: Date) =>
  readReply({ text, html: null, subject: 'Re: Unmentoring', fromName: 'Sam Patel', fromEmail: 'sam.patel@example.gov.uk', headers: {}, contentType: 'text/plain', answering: asked }, when);

const now = new Date('2026-05-10T12:00:00Z');
const fieldsFor = (reply: string): Fields => extractFields({ reply, signature: null, quoted: null, fromName: null, fromEmail: null });
const intentOf = (reply: string, subject: string | null = 'Re: Would you like a coffee?') => readIntent(reply, subject, fieldsFor(reply), now);

describe('readIntent', () => {
  const cases: Array<[string, Intent]> = [
    ['Yes please! Jo Bloggs, 07700 900123, Leeds City Council', 'join'],
    ['yes please', 'join'],
    ['Count me in', 'join'],
    ["I'd love to!", 'join'],
    ['Sign me up.', 'join'],
    ['Name: Jo Bloggs\nPhone: 07700 900123\nOrganisation: DWP', 'join'],
    ['No thanks', 'decline'],
    ["I'll pass, but good luck", 'decline'],
    ['Not for me', 'decline'],
    ['not interested', 'decline'],
    ['no thanks, yes I know who you are', 'decline'],
    ['STOP', 'stop'],
    ['Hi there, STOP please', 'stop'],
    ['Hello team - pause', 'pause'],
    ['Please skip', 'skip'],
    ['stop.', 'stop'],
    ['Unsubscribe', 'stop'],
    ['Please take me off your list', 'stop'],
    ['remove me', 'stop'],
    ["I don't want to stop, just curious how it works", 'other'],
    ['PAUSE', 'pause'],
    ['skip', 'skip'],
    ['Skip this round please', 'skip'],
    ["I'll sit this one out", 'skip'],
    ['RESUME', 'resume'],
    ['help', 'help'],
    ['What data do you hold about me?', 'my_data'],
    ['Please send me my data', 'my_data'],
    ['This is a subject access request', 'my_data'],
    ['Delete my data', 'delete'],
    ['forget me', 'delete'],
    ['Please erase me', 'delete'],
    ['MET', 'met'],
    ['We met on Tuesday, lovely chat', 'met'],
    ['NOT MET', 'not_met'],
    ["We didn't manage to meet", 'not_met'],
    ['YES', 'yes'],
    ['Yes.', 'yes'],
    ['quiet', 'quiet'],
    ['No reminders please', 'quiet'],
    ['monthly', 'cadence'],
    ['Every two months please', 'cadence'],
    ['quarterly', 'cadence'],
    ['My new number is 07700 900999', 'update'],
    ['maybe', 'other'],
    ['What is this?', 'other'],
    ['Not sure', 'other'],
    ['yes but who are you?', 'other'],
    ['Thanks for the email.', 'other'],
    ['', 'other'],
  ];
  for (const [reply, want] of cases) {
    it(`when the reply is ${JSON.stringify(reply)}, then the intent is ${want}`, () => expect(intentOf(reply).intent).toBe(want));
  }

  it('when the reply is empty and the subject says STOP, then the intent is stop', () => {
    expect(intentOf('', 'Re: STOP').intent).toBe('stop');
  });

  it('when pausing until a day and month already past this year, then the date is next year', () => {
    expect(intentOf('pause until 3 March')).toMatchObject({ intent: 'pause', pauseUntil: '2027-03-03' });
  });

  it('when pausing until a later day this year, then the date is this year', () => {
    expect(intentOf('Please pause me until June 1st').pauseUntil).toBe('2026-06-01');
  });

  it('when pausing until an ISO date, then that date is returned', () => {
    expect(intentOf('pause until 2027-01-15').pauseUntil).toBe('2027-01-15');
  });

  it('when pausing for two months, then the date is two months from now', () => {
    expect(intentOf('pause for two months').pauseUntil).toBe('2026-07-10');
  });

  it('when pausing until after Easter, then the date is next Easter Monday', () => {
    expect(intentOf('PAUSE until after Easter please')).toMatchObject({ intent: 'pause', pauseUntil: '2027-03-29' });
  });

  it('when the pause and its date are on separate lines, then the date is read from its own line', () => {
    expect(intentOf('PAUSE\n\nI am on leave for six weeks.\n\nJo Bloggs\n07700 900123').pauseUntil).toBe('2026-06-21');
  });

  it('when the reply is empty and the subject says pause until a date, then that date is read', () => {
    expect(intentOf('', 'Re: Pause until June')).toMatchObject({ intent: 'pause', pauseUntil: '2026-06-01' });
  });

  it('when asked to hold off matching until a date, then it is a pause until that date', () => {
    expect(intentOf('Could you hold off matching me until Monday 14 December? Busy until then.')).toMatchObject({ intent: 'pause', pauseUntil: '2026-12-14' });
  });

  it('when PAUSE names no date, then there is none', () => {
    expect(intentOf('PAUSE')).toMatchObject({ intent: 'pause', pauseUntil: null });
  });

  it('when the reply comes just after midnight in the zone given, then that zone’s date counts', () => {
    // 23:30 UTC on 31 March 2027 is 00:30 on 1 April in London, 19:30 on 31 March in New York.
    const late = new Date('2027-03-31T23:30:00Z');
    const reply = 'pause for a week';
    expect(readIntent(reply, null, fieldsFor(reply), late).pauseUntil).toBe('2027-04-08');
    expect(readIntent(reply, null, fieldsFor(reply), late, 'Europe/London').pauseUntil).toBe('2027-04-08');
    expect(readIntent(reply, null, fieldsFor(reply), late, 'America/New_York').pauseUntil).toBe('2027-04-07');
  });

  it('when asking for every other month, then the cadence is bimonthly', () => {
    expect(intentOf('every other month suits me')).toMatchObject({ intent: 'cadence', cadence: 'bimonthly' });
  });

});

// The boundaries the development replies of writers H1-H4 showed, each in words other than theirs.
/** The reply read as an answer to one of our mails. */
const after = (asked: 'welcome' | 'reminder' | 'nudge' | 'follow-up' | 'invitation' | 'introduction', reply: string) => readIntent(reply, null, fieldsFor(reply), now, 'Europe/London', { asked });

describe('readIntent at the boundaries', () => {

  it('when someone who has joined says "don\'t include me" to the welcome, then they are leaving (STOP), not declining an invitation', () => {
    expect(after('welcome', "On reflection I won't have the time. Please don't include me.").intent).toBe('stop');
    expect(after('invitation', "On reflection I won't have the time. Please don't include me.").intent).toBe('decline');
  });

  it('when the details are to go with them ("remove me and all my details", "wipe everything"), then it is DELETE', () => {
    expect(after('reminder', 'Please remove me and all of my details from your records.').intent).toBe('delete');
    expect(after('welcome', "I'm leaving the council on Friday, so take me off and wipe everything you hold.").intent).toBe('delete');
    expect(after('reminder', 'Please remove my details from your list.').intent).toBe('stop');
  });

  it('when MY DATA comes with an erasure asked for, then a person reads it; an erasure only thought of for later leaves MY DATA', () => {
    expect(after('follow-up', "What data do you hold about me? If it's more than my phone number I want it deleted.").intent).toBe('other');
    expect(after('welcome', "Could you send me a copy of my data? I may ask you to erase some of it afterwards.").intent).toBe('my_data');
  });

  it('when the reminders are not wanted but matching is, then it is QUIET', () => {
    expect(after('reminder', "I don't really need these heads-up emails. Still keen to be matched!").intent).toBe('quiet');
  });

  it('when "can\'t make this one" answers a reminder, then it is SKIP; to a nudge, CAN\'T MAKE IT', () => {
    expect(after('reminder', "Can't make this one, sorry - count me in next time.").intent).toBe('skip');
    expect(after('nudge', "Can't make this one, sorry.").intent).toBe('cant_make_it');
  });

  it('when the meeting "won\'t happen this round", then it is CAN\'T MAKE IT, though no time was found yet', () => {
    expect(after('nudge', "We haven't found a time yet and I'm now off sick, so it won't happen this round.").intent).toBe('cant_make_it');
  });

  it('when "don\'t match me" comes with a date, then it is a pause to that date', () => {
    expect(after('reminder', "Please don't match me while I'm on leave. I'm due back on 1 March 2027.")).toMatchObject({ intent: 'pause', pauseUntil: '2027-03-01' });
    expect(after('reminder', "Please don't match me again until 2 June.")).toMatchObject({ intent: 'pause', pauseUntil: '2026-06-02' });
  });

  it('when one date says why and another is the pause asked for, then the pause ends on the one asked for', () => {
    expect(after('welcome', "I'm on a big audit until the end of May. Could you pause me until 15 June?")).toMatchObject({ intent: 'pause', pauseUntil: '2026-06-15' });
  });

  it('when a join is on a condition the scheme already keeps (details only to the match), then it is a join', () => {
    const reply = "Yes, happy to join as long as my details are only shared with whoever I'm matched with.\nName: Ali Khan\nPhone: 07700 900111\nOrganisation: Leeds City Council";
    expect(readIntent(reply, null, fieldsFor(reply), now, 'Europe/London', { asked: 'invitation', labelledDetails: true }).intent).toBe('join');
    const other = "Yes, happy to join as long as my manager agrees.\nName: Ali Khan\nPhone: 07700 900111\nOrganisation: Leeds City Council";
    expect(readIntent(other, null, fieldsFor(other), now, 'Europe/London', { asked: 'invitation', labelledDetails: true }).intent).toBe('other');
  });

  it('when they ask which words to reply with, then it is HELP', () => {
    expect(after('welcome', 'Sorry, what words can I reply with again?').intent).toBe('help');
  });

  it('when a change is asked as "swap the phone for my mobile", with another detail given too, then it is an update', () => {
    expect(after('welcome', "Hi, could you swap the phone for my work mobile please, 07700 900645, rather than the desk line? I'm never at my desk. My Teams is jo.bloggs@leeds.gov.uk too if useful").intent).toBe('update');
  });

  it('when someone who said no before now asks to join after all, with details, then the rules read a join', () => {
    const text = "Hello again - I said no thanks a couple of weeks ago because we were in the budget round, but things have calmed down and I'd actually like to join after all.\n\nLucy Adebayo · Cambridgeshire & Peterborough Combined Authority · 07700 900264";
    expect(readByRules({ text, html: null, subject: "Re: No problem: we won't write again", fromName: 'Lucy Adebayo', fromEmail: 'lucy.adebayo@example.gov.uk', headers: {}, contentType: 'text/plain' }, now).intent).toBe('join');
  });

  it('when someone in the scheme writes that they met a named person on a day, to any of our mails, then it is MET; to the invitation it is not', () => {
    expect(answeredTo('welcome', 'Just to let you know I met Siobhán from the Housing Executive last Thursday - lovely chat!\n\nKwame', now).intent).toBe('met');
    expect(answeredTo('invitation', 'Yes please - I met Sarah from your team at a conference on Tuesday and she recommended it. Kwame Asante, 07700 900726, East Midlands Combined County Authority', now).intent).toBe('join');
  });

  it('when they say we have their name wrong and give it right, then it is a change of details', () => {
    const r = answeredTo('welcome', "Thanks for this. One thing: you have my name as “Ciaran O'Neil”. It should be Ciarán O'Neill – fada on the second a, and two Ls at the end.\n\nCiarán", now);
    expect(r.intent).toBe('update');
  });

  it('when they say they were going to say no and then say yes, then it is a join', () => {
    expect(after('invitation', "I was going to say not for me at the moment, as we're mid-redesign. But actually that's exactly why I should do it! So yes, go on then.\n\nGemma Rourke\n07700 900819\nSheffield Health and Social Care NHS Foundation Trust").intent).toBe('join');
  });

  it('when they take a request back as they write it ("actually no, scrap that"), then what follows is the request', () => {
    expect(after('reminder', "Can you pause me please... actually no, scrap that, just skip this one. I'm on nights for most of November.").intent).toBe('skip');
    expect(after('reminder', 'Skip me this time - no wait, forget that, please pause me until January.').intent).toBe('pause');
    // A command typed first and taken back in the next sentence is not sent; "scratch that itch" takes nothing back.
    expect(answeredTo('reminder', 'STOP. Actually scrap that.', now).intent).toBe('other');
    expect(answeredTo('reminder', 'Please stop. I really need to scratch that itch of too many emails.', now).intent).toBe('stop');
  });

  it('when our form\'s lines are filled in with a question that sets no condition, then it is a join with the question; one that sets a condition goes to a person', () => {
    const lines = 'Name: Olu Adeyemi / Phone: 07700 900122 / Org: London Ambulance Service NHS Trust';
    const asked = answeredTo('invitation', `${lines}\n\nQuick q - do you pair people who work nights? Happy to do early mornings though.`, now);
    expect([asked.intent, asked.question]).toEqual(['join', true]);
    expect(answeredTo('invitation', `${lines}\n\nI'm agency staff at the moment - is that allowed?`, now).intent).toBe('other');
    expect(answeredTo('invitation', `${lines}\n\nWho will see my number?`, now).intent).toBe('other');
  });

  it('when NOT YET comes with a question for the service about reaching the partner, then a person reads it', () => {
    expect(after('nudge', 'Not yet - my emails to him keep bouncing. Does anyone have a different email for him, or a phone number?').intent).toBe('other');
    expect(after('nudge', "Not yet. I've tried twice and had nothing back; is there a working number for her?").intent).toBe('other');
  });

  it('when meeting news and leaving come in one reply, then it is STOP: leaving is what must be done', () => {
    expect(after('follow-up', 'We met last week, it was good. But please take me out of future rounds, I have too much on.').intent).toBe('stop');
    expect(after('nudge', "Not booked yet. Actually don't include me in any further rounds, sorry.").intent).toBe('stop');
  });

  it('when a cadence is asked for while the meeting is still being arranged, then it is the cadence', () => {
    expect(after('follow-up', "Could you move me to quarterly? We're still trying to find a time for this one.")).toMatchObject({ intent: 'cadence', cadence: 'quarterly' });
    expect(after('reminder', "Work has calmed down, so I'm happy to go back to monthly now if that's ok")).toMatchObject({ intent: 'cadence', cadence: 'monthly' });
  });

  it('when MET follows a greeting and a cadence is asked too, then a person does both', () => {
    expect(after('follow-up', 'Hi - MET on Tuesday, thanks. Could you put me down for every three months from now on?').intent).toBe('other');
  });

  it('when they ask to update their surname, then it is an update', () => {
    const reply = 'I got married in the summer - could you update my name to Sarah Okonjo please?';
    const fields = { ...fieldsFor(reply), name: 'Sarah Okonjo' };
    expect(readIntent(reply, null, fields, now, 'Europe/London', { asked: 'reminder' }).intent).toBe('update');
  });

  it('when a partner replies to the introduction with a time as a question, then it is NOT YET; a time accepted is BOOKED', () => {
    expect(after('introduction', 'Hi Sam, would Thursday 2-2.30pm work for you? Or Friday morning?').intent).toBe('not_yet');
    expect(after('introduction', "Hi Sam, I'm free most mornings next week apart from Tuesday. What suits you?").intent).toBe('not_yet');
    expect(after('introduction', 'Lovely - see you next Wednesday at half two then.').intent).toBe('booked');
    expect(after('introduction', "The 1st at 11 is grand, that's in my diary now.").intent).toBe('booked');
  });

  it('when a trio member says to go ahead without them, then it is CAN\'T MAKE IT', () => {
    expect(after('introduction', "Hi both, I'm on leave for three weeks so I won't be able to join this one. Please go ahead without me!").intent).toBe('cant_make_it');
  });

  it('when "I\'m in" is about a place, then it is no join', () => {
    expect(after('introduction', "Hi Ruth, I'm in Leeds next Tuesday, fancy a coffee at half ten?").intent).not.toBe('join');
    expect(after('invitation', "I'm in! Sam Patel, 07700 900123, DWP").intent).toBe('join');
  });

  it('when they already met, then it is MET whatever came first ("No, we haven\'t found a time – because we already met")', () => {
    expect(after('nudge', "No, we haven't found a time - because we already met last Tuesday! Lovely chat.").intent).toBe('met');
    expect(after('nudge', 'We actually met yesterday! Really good chat.').intent).toBe('met');
  });

  it('when they did not meet in person but talked another way, then it is MET; not met at all is NOT MET', () => {
    expect(after('follow-up', "We didn't manage to meet in person but we had a really good hour on Teams on Friday.").intent).toBe('met');
    expect(after('follow-up', "Sadly we didn't manage it - she has left the council.").intent).toBe('not_met');
    expect(after('follow-up', 'Not met yet, but we are still planning to after the 26th.').intent).toBe('not_yet');
  });

  it('when a joke is taken back, then what follows the joke is read', () => {
    expect(after('reminder', "STOP! In the name of love.\n\nOnly joking, don't take me off. I'd just rather not get these reminder emails.").intent).toBe('quiet');
  });

  it('when a command is reported as a mistake or promised for later, then it is not the request', () => {
    const joined = "I'm afraid I replied NO THANKS to this by mistake. I would actually like to join.\nName: Sam Patel\nPhone: 07700 900123\nOrganisation: DWP";
    expect(readIntent(joined, null, fieldsFor(joined), now, 'Europe/London', { asked: 'invitation', labelledDetails: true }).intent).toBe('join');
    expect(after('welcome', "Could you take me out of the draw for now? I'm not leaving. I'll reply RESUME when I'm ready.").intent).toBe('pause');
    expect(after('reminder', 'SKIP? Not a chance - these are the highlight of my month!').intent).toBe('other');
  });

  it('when words only look like commands ("Stop press", "No thanks needed"), then they are not', () => {
    expect(after('welcome', 'Stop press: I have a new work mobile, please use 07700 900846 instead of the desk number.').intent).toBe('update');
    const thanks = 'No thanks needed - happy to give it a go!\nName: Sam Patel\nPhone: 07700 900123\nOrganisation: DWP';
    expect(readIntent(thanks, null, fieldsFor(thanks), now, 'Europe/London', { asked: 'invitation', labelledDetails: true }).intent).toBe('join');
  });

  it('when a negation covers "don\'t stop … or take me off", then the pause asked for is read', () => {
    expect(after('welcome', "Please don't stop sending me things or take me off - I just need a break. Can you pause me until Monday 14 December?")).toMatchObject({ intent: 'pause', pauseUntil: '2026-12-14' });
  });

  it('when a command in capitals stands inside a sentence, then it is read; when it is quoted back, it is not', () => {
    expect(after('reminder', "Sori - annual leave that week! SKIP y tro hwn plis.").intent).toBe('skip');
    expect(after('welcome', "Sorry, couldn't find the right email. Mark and I have agreed a time: BOOKED Tuesday 19 May, 11am.").intent).toBe('booked');
    expect(after('reminder', "You said reply QUIET or SKIP, but neither is what I'm after. Every other month would be perfect.")).toMatchObject({ intent: 'cadence', cadence: 'bimonthly' });
  });

  it('when two things are asked at once (a new number and a pause, NOT YET and a new number), then a person reads it', () => {
    expect(after('welcome', 'Could you change my phone number to 07700 900631? And please pause me until January.').intent).toBe('other');
    expect(after('nudge', 'Not booked yet - and could you update my number to 07700 900713 please?').intent).toBe('other');
  });

  it('when written in Welsh, then a pause with its date and leaving are read', () => {
    expect(after('welcome', "Peidiwch â fy nhynnu oddi ar y rhestr, ond hoffwn i gael seibiant tan 1 Mehefin.")).toMatchObject({ intent: 'pause', pauseUntil: '2026-06-01' });
    expect(after('reminder', "Rwy'n meddwl ei bod hi'n bryd i mi adael y cynllun. Tynnwch fi oddi ar y rhestr os gwelwch yn dda.").intent).toBe('stop');
  });

  it('when a hedge declines, a question asks how the options work, or the data is asked for in other words, then each is read', () => {
    expect(after('invitation', "I'm not sure this is really for me at the moment, but thank you.").intent).toBe('decline');
    expect(after('welcome', 'Quick question - can I pause if I go on sick leave later this year? How would that work? Just want to know my options.').intent).toBe('help');
    expect(after('welcome', 'Before I decide whether to carry on: what exactly do you hold about me?').intent).toBe('my_data');
  });

  it('when a work mailbox "won\'t let me reply", then it is no decline', () => {
    const reply = "Replying from my personal account as our work email won't let me reply to you. Yes please, I'd love to!\nName: Sam Patel\nMobile: 07700 900391\nOrganisation: NHS England";
    expect(readIntent(reply, null, fieldsFor(reply), now, 'Europe/London', { asked: 'invitation', labelledDetails: true }).intent).toBe('join');
  });

  it('when "yes" to staying in is signed with a name, then the name is not counted among its words', () => {
    expect(after('reminder', "Yes, definitely - please don't take me off! Sorry I've been so quiet, it's been a mad start to term.\n\nOwen").intent).toBe('yes');
  });

  it('when a nudge is answered "yes" with a day and a time in prose, then it is BOOKED', () => {
    expect(after('nudge', "Yes we have - she's coming over for a coffee on Tuesday 19th at half ten.").intent).toBe('booked');
    expect(after('nudge', 'Hi, yes - Aled and I are speaking on Tuesday 19th at 10.30. He has sent an invite.').intent).toBe('booked');
  });

  it('when a follow-up is answered in Welsh that they had a chat, then it is MET; "dim y tro hwn" to a reminder is SKIP', () => {
    expect(after('follow-up', 'Do, cawsom ni sgwrs dda iawn ar Teams ddydd Gwener. Diolch!').intent).toBe('met');
    expect(after('reminder', "Dim y tro hwn, diolch. Mi fydda i'n ôl y mis nesaf.").intent).toBe('skip');
  });

  it('when they ask to be reminded what they can reply, then it is HELP', () => {
    expect(after('follow-up', "Hello, can you remind me what I can reply to this? I've lost the email with the options.").intent).toBe('help');
  });

  it('when someone in the scheme asks for a detail to be updated in a sentence, then it is an update', () => {
    const reply = "Still happy to be matched, but I've moved job: I'm now with NHS Fife. Could you update my organisation to NHS Fife please?";
    expect(readIntent(reply, null, { ...fieldsFor(reply), organisation: 'NHS Fife' }, now, 'Europe/London', { asked: 'reminder' }).intent).toBe('update');
  });

  it('when a formal decline says "I must decline", then it is a decline; "rather than leave" is not leaving', () => {
    expect(after('invitation', 'Thank you for thinking of me. I am afraid I must decline this year.').intent).toBe('decline');
    expect(after('welcome', 'I start maternity leave on Friday and will be away until the end of March 2027. Rather than leave the scheme, could you please pause my membership until then?')).toMatchObject({ intent: 'pause', pauseUntil: '2027-03-31' });
  });

  it('when someone paused is glad to be matched again, then it is RESUME; after a meeting that did not happen, it is only kind', () => {
    expect(after('welcome', 'The restructure is behind us now and I would be glad to be matched again from the next round.').intent).toBe('resume');
    expect(after('follow-up', "NOT MET I'm afraid - we couldn't find a time before my leave. Happy to be matched again.").intent).toBe('not_met');
  });

  it('when a meeting "isn\'t going to happen", then it is CAN\'T MAKE IT, whatever is said of later rounds', () => {
    expect(after('nudge', "I'm sorry to say this one isn't going to happen: I have jury service. I am happy to be matched as normal after that.").intent).toBe('cant_make_it');
  });

  it('when MET comes with a question, or NOT MET with doubts about staying, then a person reads it', () => {
    expect(after('follow-up', 'MET - really good.\n\nOne question though: is there any way I could be matched with someone in health next time?').intent).toBe('other');
    expect(after('follow-up', "NOT MET. Honestly not sure I've got the time for this any more. Not sure what to do").intent).toBe('other');
  });

  it('when a command is typed a letter out, then it is the command; never so for STOP or DELETE', () => {
    expect(after('reminder', 'skipp this round pls, on leave').intent).toBe('skip');
    expect(after('welcome', 'puase please').intent).toBe('pause');
    expect(after('welcome', 'stpo').intent).not.toBe('stop');
  });

  it('when "not quite yet" answers a nudge, then it is NOT YET', () => {
    expect(after('nudge', "not quite yet - we've emailed, think it'll be next week").intent).toBe('not_yet');
  });

  it('when MET or HELP begins a name ("MET Office", "HELP DESK"), then it is no command', () => {
    expect(after('invitation', 'Sam Patel\nMET Office\n07700 900123').intent).not.toBe('met');
    expect(after('invitation', "Yes please, I'm with the MET Police.\nSam Patel\n07700 900123").intent).not.toBe('met');
  });

  it('when a booking is written in Welsh, then it is BOOKED', () => {
    expect(after('nudge', 'Wedi trefnu! Dydd Mercher 20 Mai am 2yp, ar Teams.').intent).toBe('booked');
  });

  it('when someone in the scheme writes that they have moved jobs and where they are now, then it is an update', () => {
    const reply = "Hi, I've moved jobs - I'm now at Sheffield City Council rather than the hospital. Still happy to be matched on the 19th.";
    expect(readIntent(reply, null, { ...fieldsFor(reply), organisation: 'Sheffield City Council' }, now, 'Europe/London', { asked: 'reminder' }).intent).toBe('update');
  });
});

describe('readIntent: words one letter from a command, and replies that ask two things', () => {
  it('when the first word is a word of its own ("Quite", "Looked"), then it is not QUIET or BOOKED', () => {
    const quite = 'Quite a busy month, but still happy to be matched';
    expect(readIntent(quite, null, fieldsFor(quite), now, 'Europe/London', { asked: 'reminder' }).intent).not.toBe('quiet');
    const looked = 'Looked at dates, nothing fixed yet';
    expect(readIntent(looked, null, fieldsFor(looked), now, 'Europe/London', { asked: 'nudge' }).intent).not.toBe('booked');
    const notSkip = "I don't want to SKIP, count me in";
    expect(readIntent(notSkip, null, fieldsFor(notSkip), now, 'Europe/London', { asked: 'reminder' }).intent).not.toBe('skip');
  });

  it('when a follow-up reports the meeting and asks a pause as well, then a person reads it, greeting or not', () => {
    expect(after('follow-up', 'Morning,\n\nWe did meet, thanks - but separately, could you pause me for six weeks?').intent).toBe('other');
    expect(after('follow-up', 'Morning,\n\nYes we did - had a really good call last Thursday.').intent).toBe('met');
    expect(after('follow-up', 'Yes, Emma and I spoke on Teams last Thursday for about 40 minutes.').intent).toBe('met');
  });

  it('when an invitee declines for themselves but asks for a colleague to be invited, then an organiser reads it', () => {
    expect(after('invitation', 'Not for me I am afraid, but my colleague Mererid would love to do this - could you invite her? mererid@example.gov.uk').intent).toBe('other');
    expect(after('invitation', 'Not really my thing to be honest, please don\'t send me any more of these.').intent).toBe('decline');
  });

  it('when one round is asked off and matching again after it, then it is SKIP', () => {
    expect(after('reminder', 'Could I sit this one out? Away for most of November. Fine to match me again in December.').intent).toBe('skip');
  });

  it('when a meeting already happened and a pause is asked too, then a person reads it', () => {
    expect(after('nudge', "Gareth and I spoke already so all good. But can you pause me till the end of November?").intent).toBe('other');
  });

  it('when NOT MET stands in capitals after Welsh, or the Welsh says they did not meet, then it is NOT MET', () => {
    expect(after('follow-up', 'Naddo, wnaethon ni ddim cwrdd y tro hwn. / NOT MET this time, we were both on leave.').intent).toBe('not_met');
  });

  it('when "still in" is part of a sentence ("still in planning"), then it is no RESUME', () => {
    expect(after('welcome', "I've moved to North Somerset Council (still in planning) so my details have changed.").intent).not.toBe('resume');
  });

  it('when a meeting was spent selling and they would rather not be matched with them again, then a person reads it', () => {
    expect(after('follow-up', "We did speak, but most of it was him telling me about an app his brother's company sells. I'd rather not be matched with him again.").intent).toBe('other');
  });

  it('when someone in the scheme asks for a change while saying they are leaving a job or staying in, then it is an update', () => {
    const leaving = "Happy to be matched, but I'm leaving Leeds City Council on Friday and starting at NHS England, so could you change my organisation to NHS England?";
    expect(readIntent(leaving, null, { ...fieldsFor(leaving), organisation: 'NHS England' }, now, 'Europe/London', { asked: 'reminder' }).intent).toBe('update');
    const keep = "I'm leaving Falkirk Council on Friday. Please keep me in but update me to:\nOrganisation: Scottish Fire and Rescue Service\nMobile: 07700 900277";
    expect(readIntent(keep, null, fieldsFor(keep), now, 'Europe/London', { asked: 'reminder', labelledDetails: true }).intent).toBe('update');
  });

  it('when a round is asked off as "miss out this round only", then it is SKIP; a pause they asked for before is not asked again', () => {
    expect(after('reminder', 'Would it be possible to miss out this round only? Please include me next time.').intent).toBe('skip');
    expect(after('welcome', 'I asked you to pause me in September while I covered a post. That has finished, so please start matching me again.').intent).toBe('resume');
  });

  it('when a subject access request ends with a disclaimer that says "delete it", then it is MY DATA', () => {
    expect(after('welcome', 'Please send me a copy of all of the personal data you hold about me, under Article 15 of the UK GDPR. If you are not the intended recipient, please delete this message.').intent).toBe('my_data');
  });

  it('when they ask for the list of what they can reply, say they are up for it, or correct a STOP they sent, then each is read', () => {
    expect(after('reminder', 'Can you send me the list again of what I can reply with? Thank you').intent).toBe('help');
    const up = "Hi, yes I'd be up for this.\nSam Patel, NHS Greater Glasgow and Clyde\nMob 07700 900837";
    expect(readIntent(up, null, fieldsFor(up), now, 'Europe/London', { asked: 'invitation' }).intent).toBe('join');
    expect(after('reminder', 'Sorry ignore my last, I meant SKIP not stop. Just this month.').intent).toBe('skip');
  });

  it('when the invitation reached the wrong person, who points to a colleague, then a person reads it', () => {
    expect(after('invitation', 'Hi, I think this was meant for my colleague Aled W. Jones in Digital Health. Not for me but he might be interested.').intent).toBe('other');
  });

  it('when a line only begins with a command word in small letters ("Met with the team", "Stop by"), then it is no command', () => {
    expect(after('introduction', 'Hi Sam,\nMet with the team this morning, so I am free after 2 on Thursday. Would that work?').intent).toBe('not_yet');
    expect(after('welcome', 'Thanks!\nStop by if you are ever in Leeds.').intent).not.toBe('stop');
  });

  it('when a reply reads as STOP or NO THANKS but also asks to stay in some way, then a person reads it rather than mail being ended', () => {
    expect(after('reminder', 'Please remove me from this round, but keep me in the scheme for later ones.').intent).toBe('other');
    expect(after('welcome', "I'd like to leave the scheme, unless you could pause me for a few months instead?").intent).toBe('other');
    expect(after('reminder', 'Please take me off your list.').intent).toBe('stop');
  });

  it('when a no to the invitation names someone else to invite instead, then a person reads it', () => {
    expect(after('invitation', "Sorry, I can't commit to this, but my team mate Priya (priya.shah@wiltshire.gov.uk) is keen - can you invite her?").intent).toBe('other');
    expect(after('invitation', 'Not for me right now. Could you forward it to my colleague on the planning desk instead?').intent).toBe('other');
    expect(after('invitation', 'Not for me right now, thanks.').intent).toBe('decline');
  });

  it('when a phone or a mail program "won\'t let me" do something, then it is no decline; an employer that won\'t is', () => {
    expect(after('welcome', "My laptop won't let me change the display name, so it's Bríd, not Brid.").intent).not.toBe('stop');
    expect(after('invitation', "My line manager won't let me take part this year, sorry.").intent).toBe('decline');
  });

  it('when a pause is asked "til I\'m back" or "on pause", then it is a pause, not a return', () => {
    expect(after('nudge', "I'm off on leave for a while after surgery - please put me on pause til I'm back.").intent).toBe('pause');
  });

  it('when a round is sat out in other words ("sat this round out", "leave me out of this next round"), then it is SKIP', () => {
    expect(after('reminder', 'Would it be OK if I sat this round out? Inspections all month. Still keen after that.').intent).toBe('skip');
    expect(after('reminder', 'Please leave me out of this next round - year end. Match me after.').intent).toBe('skip');
  });

  it('when someone who paused asks in their own words to be matched again, then it is RESUME', () => {
    expect(after('welcome', "I paused over the summer. I'd like to be back in from the next round please.").intent).toBe('resume');
    expect(after('reminder', "I asked for a pause a while back. I'm ready to start being matched again now.").intent).toBe('resume');
  });

  it('when a meeting not yet held has been booked, or "sorted" for a day and time, then it is BOOKED', () => {
    expect(after('follow-up', "Not met yet - but we've booked it for Thursday 14 May at 2pm.").intent).toBe('booked');
    expect(after('nudge', "Yes, we've sorted a call for Wednesday 13 May at 10am.").intent).toBe('booked');
  });

  it('when NOT YET is followed by the time they have just agreed ("we\'re doing Friday 15th at 11"), then it is BOOKED at that time', () => {
    const r = after('nudge', "Not yet I was about to say, but she's just messaged back - we're doing Friday 15th at 11.");
    expect(r.intent).toBe('booked');
    expect(r.booking?.start).toBe('2026-05-15T10:00:00.000Z');
    // A day they are only thinking of doing it is still NOT YET.
    expect(after('nudge', 'Not yet - we might be doing it later in the month.').intent).toBe('not_yet');
  });

  it('when a member ducks out of this one meeting, then it is CAN\'T MAKE IT', () => {
    expect(after('introduction', "Hi Jo, I'm afraid I'll have to pull out of this one - I've been called up for jury service. Another time!").intent).toBe('cant_make_it');
  });

  it('when a reply to the welcome asks to change "my details to" the lines below, then it is an update', () => {
    expect(after('welcome', "I'm moving to Ofwat next month, so please change my details to:\n\nOrganisation: Ofwat\nPhone: 07700 900 418").intent).toBe('update');
  });

  it('when a late reply hopes it is not too late, then it is a yes to the invitation', () => {
    expect(after('invitation', "Only just seen this - hope I'm not too late!\n\nJo Bloggs\n07700 900 123\nOfsted").intent).toBe('join');
  });

  it('when a few words to the invitation start with "not" and thank them, then it is a no, whatever the typo', () => {
    expect(after('invitation', 'Not fr me thanks').intent).toBe('decline');
    expect(after('invitation', 'Not yet thanks, maybe later').intent).not.toBe('decline');
  });

  it('when someone asks to be out of the matching for a time, in any words, then it is a pause', () => {
    expect(after('reminder', 'Could you take me off the list for a bit? New system going live. I will get back in touch.').intent).toBe('pause');
    expect(after('nudge', "Please take me out of the matching for two months - I've told Sam I can't do this one.").intent).toBe('pause');
    expect(after('follow-up', 'On a course until the end of the month so best not match me with anyone until then.').intent).toBe('pause');
  });

  it('when the same words ask for one round only, or are said to an invitation, then it is no pause', () => {
    expect(after('reminder', 'Snowed under until Christmas. Could you leave me out of this round and pick me up next time?').intent).toBe('skip');
    expect(after('invitation', "I'm on a contract that ends in March and don't know what I'm doing after that, so please don't include me.").intent).not.toBe('pause');
  });

  it('when a secondment to the Met is the reason, then it is no meeting held', () => {
    expect(after('follow-up', "I'm off on a secondment to the Met till March so best not match me with anyone until then.").intent).toBe('pause');
  });

  it('when a person who paused asks in other words to come back, then it is RESUME', () => {
    expect(after('reminder', 'Things are quieter on the ward now - please include me again.').intent).toBe('resume');
    expect(after('welcome', "I asked for a break over the summer. I'd like to be put back into the matching please.").intent).toBe('resume');
  });

  it('when erasure is asked for in plain or formal words, then it is DELETE', () => {
    expect(after('nudge', "I'd like to leave and have all my data deleted, please.").intent).toBe('delete');
    expect(after('welcome', 'I am writing to request the erasure of all personal data you hold about me.').intent).toBe('delete');
  });

  it('when only the warnings before a round are unwanted, then it is QUIET; "fewer emails" alone is for a person', () => {
    expect(after('reminder', 'Please stop sending the "you\'ll be matched on..." heads-up emails. Still happy to be matched.').intent).toBe('quiet');
    expect(after('reminder', "Happy to be matched, I just don't need telling beforehand.").intent).toBe('quiet');
    expect(after('reminder', 'Fewer emails please').intent).toBe('other');
  });

  it('when a meeting held is told in other words ("had a right good blether", "we did - we met for a coffee on Monday"), then it is MET', () => {
    expect(after('follow-up', 'Aye, had a right good natter with her on Thursday.').intent).toBe('met');
    expect(after('follow-up', 'We did - we met for a coffee on Friday and talked for an hour.').intent).toBe('met');
  });

  it('when "did you meet?" is answered "sadly not this time", then it is NOT MET, not a round sat out', () => {
    expect(after('follow-up', "Sadly not this time - we moved it twice and it fell through. Maybe next round.").intent).toBe('not_met');
  });

  it('when a member does not think they can do this round, or has found a slot, then the introduction\'s answer is read', () => {
    expect(after('introduction', "Hi Jo, I don't think I can do this round at all - covering for my manager. Sorry!").intent).toBe('cant_make_it');
    expect(after('nudge', "Yes, we've found a slot - Thursday 14 May, 11:00.").intent).toBe('booked');
  });

  it('when an invitee does not think this is for them, or asks "what are the options" in a hurry, then it is a no, or HELP', () => {
    expect(after('invitation', "Thanks, but I don't think this is for me just now.").intent).toBe('decline');
    expect(after('welcome', 'sorry whats the options again? help').intent).toBe('help');
  });

  it('when someone says they cannot join Teams calls, then it is no decline', () => {
    expect(after('welcome', "Could you add my Skype too? Some councils still can't join Teams calls from outside.\n\nSkype: sam.patel.dwp").intent).not.toBe('stop');
  });

  it('when someone leaves in their own words ("don\'t match me again, I\'m out", "bow out of the scheme"), then it is STOP; "when I\'m out" is not', () => {
    expect(after('follow-up', "We never managed it and I've no capacity any more. Please don't match me again, I'm out.").intent).toBe('stop');
    expect(after('reminder', "I think I'll bow out of the scheme, I'm afraid - too much on.").intent).toBe('stop');
    expect(after('invitation', 'Glad to take part. My desk phone is 01632 960544 and it forwards to my mobile when I\'m out.').intent).not.toBe('stop');
  });

  it('when only the warnings are unwanted ("you don\'t need to remind me before every round"), then it is QUIET', () => {
    expect(after('reminder', "Yes, happy to be matched again. You don't need to warn me before each round though.").intent).toBe('quiet');
    expect(after('reminder', 'you dont need to tell me every time, just match me').intent).toBe('quiet');
  });

  it('when someone asks in everyday words for what is held about them, then it is MY DATA', () => {
    expect(after('welcome', 'Our IG team asked us to check - could you send me everything you hold on me?').intent).toBe('my_data');
    expect(after('welcome', 'hello what information have you got about me, my son said to ask').intent).toBe('my_data');
  });

  it('when someone does not understand what to do now, then it is HELP', () => {
    expect(after('welcome', "sorry I dont understand what I have to do now. do I wait for a call?").intent).toBe('help');
  });

  it('when a member cannot fit the meeting in this month, or it is still going back and forth, then the nudge\'s answer is read', () => {
    expect(after('introduction', "Hi Sam, I'm not going to be able to fit this in this month after all. Sorry!").intent).toBe('cant_make_it');
    expect(after('nudge', "We've been going back and forth - hopefully next week sometime.").intent).toBe('not_yet');
  });

  it('when someone asks not to be paired up with anyone before a date, then it is a pause', () => {
    expect(after('reminder', "I'm away and won't be back at work until the 11th of May. Please don't pair me up with anyone before then.").intent).toBe('pause');
  });

  it('when a name is spelt again to a reminder that also says they are happy to be matched, then it is an update', () => {
    expect(after('reminder', 'Happy to be matched on Monday. Could my name go out as Seán Ó Briain, with the accents?').intent).toBe('update');
  });

  it('when an invitee will "give it a go" with details below, then it is a join', () => {
    expect(after('invitation', 'Morning, happy to give this a go. My details are below.\n\nJo Bloggs\n07700 900 123\nOfsted').intent).toBe('join');
    expect(after('invitation', "Thanks for the invite, I'd like to give it a try. I'm a PCSO with Norfolk Constabulary.\n\nTom Harbord\nM: 07700 900093").intent).toBe('join');
    expect(after('invitation', "I'll give it a whirl.\n\nJo Bloggs, 07700 900123, Ofsted").intent).toBe('join');
  });

  it('when a yes comes after "omg", or details come as "here are my details" with a question, then it is a join', () => {
    expect(after('invitation', 'omg yes please!! sounds fab').intent).toBe('join');
    expect(after('invitation', "Is it the same person every time? Anyway here are my details:\n\nJo Bloggs\n07700 900 123\nOfsted").intent).toBe('join');
  });

  it('when the ask names one round ("leave me out of this one"), then a length of leave given as the reason does not make it a pause', () => {
    expect(after('reminder', "I'm on leave from the 2nd for two weeks so could you leave me out of this one? Back for the one after.").intent).toBe('skip');
  });

  it('when someone in the scheme adds an id because it "might be better", then it is an update, not a doubt', () => {
    expect(after('welcome', 'Forgot to say - Google Meet might be better for me, my google is jo.bloggs.dwp@gmail.com').intent).toBe('update');
  });

  it('when the mails before each round are unwanted ("don\'t need to email me before every round"), then it is QUIET', () => {
    expect(after('reminder', "you don't need to email me before every round, still want to be matched").intent).toBe('quiet');
  });

  it('when an assistant writes for someone already in the scheme, then the routine request is read as theirs; a sign-up for someone is not', () => {
    expect(after('reminder', 'Priya is away most of November so please don\'t match her this time. She\'s happy to be included as normal after.').intent).toBe('skip');
    expect(after('welcome', 'Hello,\n\nOn behalf of Sam Patel - could you add his Teams address please: sam.patel@example.gov.uk').intent).toBe('update');
    expect(after('invitation', 'On behalf of Sam Patel, our director: please sign him up. Sam Patel, 07700 900 123, Ofsted').intent).toBe('other');
  });

  it('when a new name is given as "got married … could you use …" or an accent is added, then it is an update', () => {
    expect(after('reminder', 'Hi, I got married in the summer so could you use Ellie Brook now please?').intent).toBe('update');
    expect(after('welcome', "Tiny thing - my name has a fada, it's Seán Kerr. Thanks!").intent).toBe('update');
  });
});


describe('a no that is not one', () => {
  const readAs = (text: string) =>
    readReply({ text, html: null, subject: 'Re: An invitation: half an hour with someone from elsewhere in the public sector', fromName: 'Tomasz Nowak', fromEmail: 'tomasz@example.com', headers: {}, contentType: 'text/plain' }, now).intent;

  it('when the form is answered with words of joining and a sentence says what they are "not allowed to" do, then it is a join', () => {
    expect(readAs("I'd like to join please. Please don't use my work Teams for this, we're not allowed to take external calls on it.\n\nName: Tomasz Nowak\nPhone: 07700 900524\nOrganisation: Border Force")).toBe('join');
  });

  it('when "not allowed to" comes with no words of joining, then it is still a no', () => {
    expect(readAs("Sorry, we're not allowed to take part in schemes like this.")).toBe('decline');
  });

  it('when they say they nearly replied NO THANKS and then give details, then it is no NO THANKS: a join, or one they are asked to confirm', () => {
    const text = "I nearly replied NO THANKS as I'm snowed under, but actually I think this is exactly what I need. Details below:\n\nPriya Mistry\n07700 900267\nHackney Education";
    const input = { text, html: null, subject: 'Re: An invitation: half an hour with someone from elsewhere in the public sector', fromName: 'Tomasz Nowak', fromEmail: 'tomasz@example.com', headers: {}, contentType: 'text/plain' };
    expect(readByRules(input, now).intent).toBe('join');
    // Details with no labels: the join stands if the second reader is sure of it, else they are asked.
    const read = readReply(input, now);
    expect(read.intent === 'join' || (read.intent === 'other' && read.askBack === 'join'), `${read.intent} ${read.askBack}`).toBe(true);
  });

  it('when they say they normally reply NO THANKS but not this time, then the habit is no no', () => {
    expect(readAs("I normally reply no thanks to this sort of thing but this one sounds worthwhile, so go on then.\n\nName: Priya Mistry\nPhone: 07700 900267\nOrganisation: Hackney Education")).toBe('join');
  });
});

describe('details they point to', () => {
  const readAs = (text: string) =>
    readReply({ text, html: null, subject: 'Re: An invitation: half an hour with someone from elsewhere in the public sector', fromName: 'Priya Mistry', fromEmail: 'priya@example.com', headers: {}, contentType: 'text/plain' }, now);

  it('when a short "happy to, details below" is followed by a block the splitter takes for a signature, then it is a join with those details', () => {
    const r = readAs('Happy to. Details below:\n\nPriya Mistry\n07700 900267\nLeeds City Council');
    expect(r.intent).toBe('join');
    expect(r.fields).toMatchObject({ name: 'Priya Mistry', phone: '+447700900267', organisation: 'Leeds City Council' });
  });

  it('when nothing points to the signature, then a signature alone under a few words is not a join', () => {
    expect(readAs('Happy to.\n\nPriya Mistry\nPlanning Officer\nLeeds City Council').intent).not.toBe('join');
  });
});

describe('what the X round of development replies showed, in other words', () => {
  const on = (asked: 'welcome' | 'reminder' | 'nudge' | 'follow-up' | 'invitation' | 'introduction', text: string, when = new Date('2026-11-16T11:00:00Z')) => {
    const subjects = { invitation: 'Re: An invitation', welcome: "Re: You're in: welcome to Unmentoring", nudge: 'Re: Have you found a time?', 'follow-up': 'Re: Did you meet?', reminder: "Re: You'll be matched on Tuesday", introduction: 'Re: Introduction' };
    return readReply({ text, html: null, subject: subjects[asked], fromName: 'Sam Patel', fromEmail: 'sam.patel@example.gov.uk', headers: {}, contentType: 'text/plain', answering: asked }, when);
  };

  it('when a phone typist leaves out apostrophes ("youve got"), then the request is still read', () => {
    expect(on('welcome', 'can you send me everything youve got stored about me? just want to check before i get matched').intent).toBe('my_data');
    expect(on('reminder', 'please dont send me the reminders, im happy to stay in').intent).toBe('quiet');
  });

  it('when they ask for no more reminders and say they want to stay matched, with a signature under it, then it is QUIET, not a join', () => {
    expect(on('reminder', "Please don't send me these reminders any more - I'm happy to keep being matched.\n\nGwen Roberts\nWrexham County Borough Council\nTel: 01632 960455").intent).toBe('quiet');
  });

  it('when MET comes with a request to skip the next round, then a person does both', () => {
    expect(on('follow-up', 'MET – good chat about permitting, thanks.\n\nSeparately, could you skip me in the next round?').intent).toBe('other');
    expect(on('reminder', 'Could you skip me in the next round? Away in December.').intent).toBe('skip');
  });

  it('when NOT YET asks the service for another partner, then a person answers; NOT YET alone is NOT YET', () => {
    expect(on('nudge', "Not yet, I'm afraid. I've emailed Ahmed twice. Would it be better to match me with someone else?").intent).toBe('other');
    expect(on('nudge', "Not yet, I'm afraid. We're swapping dates.").intent).toBe('not_yet');
  });

  it('when the day and time come before "all sorted", then it is BOOKED at that time', () => {
    const r = on('nudge', 'Yes - we are meeting on Teams on Wed 18th at 11, all sorted.');
    expect(r.intent).toBe('booked');
    expect(r.booking?.start).toBe('2026-11-18T11:00:00.000Z');
  });

  it('when a time is taken up and the question is only where, then it is BOOKED; when someone is still asked about the time, it is NOT YET', () => {
    const when = new Date('2026-10-19T09:00:00+01:00');
    expect(on('introduction', 'Hi Iain,\n\nWednesday 21st at 12:30 works brilliantly - shall we meet at the Pret on Whitehall?\n\nLina', when).intent).toBe('booked');
    expect(on('introduction', 'Hi both,\n\nOwen and I have said Tuesday 27th at 9.30am works for us - Beatrice, can you make that?', when).intent).toBe('not_yet');
  });

  it('when nothing is pinned down yet, or they are emailing back and forth, then it is NOT YET', () => {
    expect(on('nudge', "We've been emailing back and forth but nothing pinned down yet. Will let you know once we have a date.").intent).toBe('not_yet');
    expect(on('nudge', "We've pencilled in the week of the 30th, but haven't settled on an actual day or time yet.").intent).toBe('not_yet');
  });

  it('when PAUSE UNTIL comes with a signature and "the new year", then it is a pause to that date', () => {
    const r = on('welcome', "PAUSE UNTIL 5 January\n\nI'm in a trial from Monday, then it's Christmas – happy to be matched in the new year.\n\nFarah\n\nFarah Siddiqui\nSenior Crown Prosecutor | CPS London South\nTel: 020 7946 0288\n\nWorking pattern: Mon–Thu");
    expect(r.intent).toBe('pause');
    expect(r.pauseUntil).toBe('2027-01-05');
  });

  it('when someone answering the invitation gives details and asks to be held until they are back, then a person sets both', () => {
    expect(on('invitation', "I'd love to do this, but I start maternity leave on Friday. Could you sign me up now and hold off matching me until I'm back? My details:\n\nGrace Oyelaran\n07700 900745\nLake District National Park Authority").intent).toBe('other');
  });

  it('when they ask to be taken off and for the details they sent to be got rid of, then it is DELETE', () => {
    expect(on('welcome', "Sorry, I've had second thoughts. Please take me off and get rid of the details I sent you.").intent).toBe('delete');
  });

  it("when a delegate's details for the invitee come with a question asked without a question mark, then a person answers before anyone joins", () => {
    expect(on('invitation', 'Dr Osei has asked me to reply on his behalf. He is interested but would like to know whether the calls can be booked through me. If so, please use the number below.\n\nCardiology Secretaries\nRoyal Wolverhampton NHS Trust\nTel: 0121 496 0722').intent).toBe('other');
  });
});

describe('what the Y round of development replies showed, in other words', () => {
  const on = (asked: 'welcome' | 'reminder' | 'nudge' | 'follow-up' | 'invitation' | 'introduction', text: string, when = new Date('2026-10-01T11:00:00+01:00')) =>
    readReply({ text, html: null, subject: 'Re: Unmentoring', fromName: 'Hanna Quinn', fromEmail: 'hanna.quinn@example.gov.uk', headers: {}, contentType: 'text/plain', answering: asked }, when);

  it('when someone asks for their whole team to be invited, with a signature, then a person does it; nobody joins', () => {
    expect(on('invitation', "This is a great idea. Could my whole team join? There are six of us and I think they'd all be up for it - could you send the invite to them directly?\n\nHanna Quinn | Deputy Principal\nDepartment for Infrastructure\nTel: 028 9649 6351").intent).toBe('other');
  });

  it('when one of the times offered is taken up ("Tuesday 6 October at 11am it is"), then it is BOOKED at that time', () => {
    const r = on('introduction', "Perfect - Tuesday 6 October at 11am it is. I'll send you a Google Meet link the day before.\n\nMhairi");
    expect(r.intent).toBe('booked');
    expect(r.booking?.start).toBe('2026-10-06T10:00:00.000Z');
  });

  it('when they ask to be reminded how it works, then it is HELP', () => {
    expect(on('reminder', "Sorry, remind me how this works? Can't find the first email with all the options on it.\n\nDeclan").intent).toBe('help');
  });

  it('when a Skype id with "live:" follows "Skype is", and when Skype is named only to say no, then the id is whole, and there is none', () => {
    expect(on('invitation', "Callum Strachan, SPPA. Tel 07700 900186. Skype is live:callum.strachan_1 (we can't do Teams outside SG).").fields.skypeId).toBe('live:callum.strachan_1');
    expect(on('invitation', 'Happy to take part. PC Ross Aitken, Police Scotland. Phone 07700 900873. Not on Teams or Skype outside work so phone is best.').fields.skypeId).toBeNull();
  });
});

describe('what the Y round showed about replies after joining and messy threads, in other words', () => {
  const on = (asked: 'welcome' | 'reminder' | 'nudge' | 'follow-up' | 'invitation' | 'introduction' | null, text: string, fromName = 'Tamsin Rowe') =>
    readReply({ text, html: null, subject: 'Re: Unmentoring', fromName, fromEmail: 'someone@example.gov.uk', headers: {}, contentType: 'text/plain', ...(asked ? { answering: asked } : {}) }, new Date('2026-11-20T11:00:00Z')).intent;
  const signature = '\n\nTamsin\n\nTamsin Rowe (she/her) | Emergency Preparedness Manager | UK Health Security Agency\n10 South Colonnade, London E14 4PU\nTel: 020 7946 0441';

  it('when a member answers a later mail and only the signature under their sign-off has details, then nothing is joined or changed', () => {
    expect(on('nudge', `Hi - we've actually already met! We grabbed a coffee on Monday.${signature}`)).toBe('met');
    expect(on('follow-up', `MET\n\nReally good. We've agreed another catch-up in the new year.${signature}`)).toBe('met');
    expect(on('introduction', `Hi Sunil, I could do Tue 24 Nov after 2pm or Wed 25 Nov 10-12. Let me know what works.${signature}`)).not.toBe('join');
  });

  it('when a member types a new number above the sign-off, then it is still a change of details', () => {
    expect(on('welcome', `Could you use my new mobile please: 07700 900812.${signature}`)).toBe('update');
  });

  it('when the meeting that was booked did not happen, then it is NOT MET', () => {
    expect(on('follow-up', "Sadly it didn't happen. We had it booked for last Wednesday but I was pulled into a hearing, and we haven't managed to rearrange.\n\nJames")).toBe('not_met');
  });

  it('when a command is taken back, then the one meant is read', () => {
    expect(on('follow-up', "Ignore that NOT MET, sorry – I was thinking of last month's match! We did meet Tom, last Thursday on Teams.\n\nRachel")).toBe('met');
    expect(on(null, "Oh no – that STOP was meant for a completely different mailing list! I'd like to stay in Unmentoring please.\n\nJoanna")).toBe('resume');
  });

  it('when "not sure it got through" is about the mail, then the rules read the join it carries; with details from no labels and the second reader unsure, a person confirms it', () => {
    const text = "I tried replying last week but I'm not sure it got through, so I'm forwarding it.\n\nI'd like to join please:\n\nOwen Pritchard\nHM Land Registry\nMobile 07700 900771";
    const input = { text, html: null, subject: 'Re: Unmentoring', fromName: 'Owen Pritchard', fromEmail: 'owen.pritchard@example.gov.uk', headers: {}, contentType: 'text/plain', answering: 'invitation' as const };
    expect(readByRules(input, new Date('2026-10-01T11:00:00+01:00')).intent).toBe('join');
    const read = readReply(input, new Date('2026-10-01T11:00:00+01:00'));
    expect([read.intent, read.readBy]).toEqual(['other', 'to a person']);
  });

  it('when a shared mailbox asks for itself to be taken off the list, then it is a no (to an invitation STOP and NO THANKS do the same)', () => {
    expect(on('invitation', "This is a shared inbox for the Planning Policy team, so please take it off your list – nobody here will be signing up through this address.")).toMatch(/^(?:stop|decline)$/);
  });

  it('when a name, a mobile and a body with a role are typed alone to the invitation, then it is a join', () => {
    expect(on('invitation', 'Sam Okoye\n07700900412\nLeeds teaching hospitals - ED nurse', 'Sam Okoye')).toBe('join');
  });

  it('when there is "no way I can fit this in" this month, or a Welsh "naddo" to did you meet, then it is CANT MAKE IT and NOT MET', () => {
    expect(on('introduction', "Hi Amira, really sorry but I've been moved to the flu hub for the month and theres no way I can fit this in.\n\nNeil")).toBe('cant_make_it');
    expect(on('follow-up', "Naddo yn anffodus, dim amser y tro yma.\nElin")).toBe('not_met');
  });
});

describe('what the Q round showed, in other words', () => {
  const on = (asked: Answering, text: string) => answeredTo(asked, text, new Date('2026-11-16T10:00:00Z'));

  it('when a short reply to a later mail says it in its own words, then it is read as the command it means', () => {
    expect(on('reminder', "No need to remind me each time, I'm in regardless :)").intent).toBe('quiet');
    expect(on('reminder', 'Happy to be matched on Tuesday, but from now on every other month would suit me better than monthly.').intent).toBe('cadence');
    expect(on('nudge', 'Great - 10:30 on Wednesday 18th then. Teams invite sent.').intent).toBe('booked');
    expect(on('nudge', "Not yet but we've got it in for thursday at 4").intent).toBe('booked');
    expect(on('nudge', 'Thanks for the chat this morning Alan, really useful.').intent).toBe('met');
    expect(on('nudge', "We've swapped a couple of emails and are working on it.").intent).toBe('not_yet');
    expect(on('nudge', "Not quite - Sarah's on leave until next week, so we'll sort out a time when she's back.").intent).toBe('not_yet');
    expect(on('follow-up', 'We never managed it, sorry. I think he might have moved jobs.').intent).toBe('not_met');
    expect(on('welcome', 'I replied PAUSE a few weeks ago, but it has resolved sooner than expected so please switch me back on for the next round.').intent).toBe('resume');
  });

  it('when a partner has not answered and they ask whether he is still in, then a person answers; a join phrase does not make it a join', () => {
    expect(on('introduction', "I've emailed Gareth twice and not heard anything back. Is he still taking part? Happy to be matched with someone else if not.").intent).toBe('other');
  });

  it('when questions come before signing up, or a shared mailbox asks to be removed, or they have left the body, then it is a person, a no and a no', () => {
    expect(on('invitation', "Before I sign up - is this something Police Scotland has approved? I'd rather not hand my personal number out.").intent).toBe('other');
    expect(on('invitation', 'This is a shared team mailbox. Please remove this address from your list.').intent).toMatch(/^(?:stop|decline)$/);
    expect(on('invitation', "I left the Probation Service in August, so I don't think this one's for me.").intent).toBe('decline');
  });

  it('when the reply is in Welsh, then a request for their data and a time agreed are read', () => {
    expect(on('welcome', "Helo, allwch chi anfon ata i'r holl wybodaeth sydd gennych chi amdana i os gwelwch yn dda?").intent).toBe('my_data');
    const r = on('nudge', "Bore da,\n\nWedi trefnu – dydd Mawrth 24 Tachwedd am 2 o'r gloch y prynhawn, dros y ffôn.\n\nGareth");
    expect(r.intent).toBe('booked');
    expect(r.booking?.start).toBe('2026-11-24T14:00:00.000Z');
    expect(r.fields.name).not.toBe('Bore da');
  });
});

describe('words of joining from someone already in', () => {
  const on = (asked: Answering, text: string) => answeredTo(asked, text, new Date('2026-11-16T10:00:00Z')).intent;

  it('when a member answers a later mail with words of joining and no details, then a person reads it; to the invitation it is a join', () => {
    expect(on('introduction', "Happy to be matched with someone else if Gareth's too busy, whatever's easiest.")).toBe('other');
    expect(on('invitation', 'Happy to be matched! Count me in.')).toBe('join');
  });
});

describe('what the R round showed, in other words', () => {
  const on = (asked: Answering, text: string) => answeredTo(asked, text, new Date('2026-11-04T10:00:00Z'));

  it('when two requests come in one reply, then a person does both', () => {
    expect(on('reminder', "SKIP please - I'm on a course that week.\n\nAnd QUIET as well while I think of it: I'll just reply SKIP myself when I can't do a round.").intent).toBe('other');
    expect(on('nudge', 'BOOKED - Wednesday 18 November, 3.30pm.\n\nAlso, could you update my phone number please? My new work mobile is 07700 900147.').intent).toBe('other');
    expect(on('nudge', "Not yet. I'm on leave from tomorrow, so could you pause me until I'm back?").intent).toBe('other');
    expect(on('reminder', 'Can I skip the next two rounds rather than just this one?').intent).toBe('other');
  });

  it('when a STOP on the first line is taken back below, then the pause asked for is read', () => {
    const r = on('welcome', "STOP please\n\nSorry, no - not stop, ignore that, I do want to carry on! Could you pause me until 1 September 2027?");
    expect(r.intent).toBe('pause');
    expect(r.pauseUntil).toBe('2027-09-01');
  });

  it('when they ask what is held and only may ask for erasure later, then it is MY DATA; asked outright, DELETE', () => {
    expect(on('welcome', 'Could you tell me exactly what you hold about me? Depending on the answer I may ask you to delete it all.').intent).toBe('my_data');
    expect(on('reminder', 'Please remove me and all of my details from your system.').intent).toBe('delete');
  });

  it('when a time is accepted in other words, or a meeting was managed, or they want to be included again, then BOOKED, MET and RESUME', () => {
    expect(on('introduction', "Thursday 12 November at 2pm works well for me – I've accepted your Teams invitation.").intent).toBe('booked');
    const r = on('follow-up', "Not yet, I'm afraid - Priti was away last week - but we've now got it in the diary for Thursday 26 November at 11.");
    expect(r.intent).toBe('booked');
    expect(r.booking?.start).toBe('2026-11-26T11:00:00.000Z');
    expect(on('nudge', 'We actually managed to speak on Monday afternoon – really useful chat.').intent).toBe('met');
    expect(on('welcome', "I paused myself because of a big procurement. That's now finished, so I'd like to be included again from the next round.").intent).toBe('resume');
  });

  it('when they wonder why the invite came to a personal address, then a yes is still a join', () => {
    // A bare yes is returned as YES, which to an invitation the caller reads as joining.
    expect(on('invitation', 'Yes pls! Not sure why the invite came to my personal email but never mind :)').intent).toMatch(/^(?:join|yes)$/);
    expect(on('invitation', 'Not sure this is for me, to be honest.').intent).not.toMatch(/^(?:join|yes)$/);
  });
});

describe('what the J round showed about intent, in other words', () => {
  const when = new Date('2026-11-04T10:00:00Z');
  const to = (asked: Answering, text: string, known: { name: string | null; organisation: string | null } | null = null, fromName = 'Aoife Byrne') =>
    readReply({ text, html: null, subject: 'Re: Unmentoring', fromName, fromEmail: 'a.person@example.gov.uk', headers: {}, contentType: 'text/plain', answering: asked, known }, when);
  const welcome = (name: string) => `\n\nOn 3 Nov 2026, at 09:00, Unmentoring <hello@unmentoring.org> wrote:\n\n> Hello ${name},\n>\n> You're in. Thank you for joining.\n>\n> Name: ${name}\n> Phone: 07700 900508\n> Organisation: Ofsted\n`;

  it('when a reply to our welcome spells the name it shows with its accents, then it is a change of name, spelt their way', () => {
    const r = to('welcome', `Thanks! Just one thing: it's Aoife Ní Bhriain with the fada, not Aoife Ni Bhriain.${welcome('Aoife Ni Bhriain')}`);
    expect(r.intent).toBe('update');
    expect(r.fields.name).toBe('Aoife Ní Bhriain');
    // The organiser's list, where no quoted mail shows the name.
    expect(to('reminder', "Still keen! Small thing: it's Zoë, with the two dots over the e.", { name: 'Zoe Clarke', organisation: null }, 'Zoe Clarke').intent).toBe('update');
  });

  it('when a reply to our welcome signs with the name it shows, or with another name, then nothing changes', () => {
    expect(to('welcome', `Thanks, looking forward to it.\n\nAoife${welcome('Aoife Ni Bhriain')}`).intent).not.toBe('update');
    expect(to('welcome', `Lovely, thank you!${welcome('Aoife Byrne')}`).intent).not.toBe('update');
  });

  it('when they call the meeting off in words, then it cannot happen', () => {
    expect(to('nudge', "We've tried, but let's call this one off - maybe next time.").intent).toBe('cant_make_it');
    expect(to('introduction', 'Sadly I have to call the meeting off: I am on leave until the new year.').intent).toBe('cant_make_it');
  });

  it('when a request is not decided yet ("or I might not", "can I let you know?"), then nothing is done: a person reads it', () => {
    expect(to('reminder', "I may have to pause for a bit. Or I might not, it depends on the restructure. Can I let you know next week?").intent).toBe('other');
    expect(to('reminder', "Thinking I'll skip this round but haven't quite decided yet.").intent).toBe('other');
    // Decided, and saying so: the request stands.
    expect(to('reminder', 'Please skip me this round, I will let you know when I am back.').intent).toBe('skip');
  });

  it('when they ask for the list of words they can reply with, naming some they know, then they get the list', () => {
    const r = to('nudge', 'Before I answer - could you send me the list of things I can reply with? I know about STOP and PAUSE but I lost the rest.');
    expect(readByRules({ text: 'Before I answer - could you send me the list of things I can reply with? I know about STOP and PAUSE but I lost the rest.', html: null, subject: 'Re: Unmentoring', fromName: 'Aoife Byrne', fromEmail: 'a.person@example.gov.uk', headers: {}, contentType: 'text/plain', answering: 'nudge' }, when).intent).toBe('help');
    expect(r.intent).not.toMatch(/^(?:stop|pause)$/);
  });

  it('when a Welsh reply asks to be paused until a date or to have their details deleted, then it is PAUSE until that day or DELETE', () => {
    const paused = to('reminder', 'Bore da,\n\nAllwch chi fy oedi tan 15 Ionawr os gwelwch yn dda? Dw i ar gwrs tan hynny.\n\nDiolch,\nCeri');
    expect([paused.intent, paused.pauseUntil]).toEqual(['pause', '2027-01-15']);
    expect(to('welcome', "Dw i ddim eisiau parhau. Dilëwch fy manylion os gwelwch yn dda.").intent).toBe('delete');
  });

  it('when an answer to the invitation says it has not met people, then that is no meeting news: the join stands', () => {
    const r = to('invitation', "I'm in, though I'd rather not give my number to people I haven't met yet.\n\nName: Aoife Byrne\nOrganisation: Ofsted\nTeams: this address");
    expect(r.intent).toBe('join');
  });

  it('when someone and their partner have sorted a time, told in answer to any of our mails, then it is booked at that time', () => {
    const r = to('welcome', 'Hi, me and Priti have sorted a time - Wednesday 18 November, 11am, coffee by the river.');
    expect(r.intent).toBe('booked');
    expect(r.booking?.start).toBe('2026-11-18T11:00:00.000Z');
    expect(to('reminder', 'Dev and I have arranged a call for Thursday 19 November at 3pm.').intent).toBe('booked');
  });

  it('when a command in capitals is taken back as they write ("…scratch that. … So MET"), then what follows is their answer', () => {
    expect(to('follow-up', 'NOT MET\n\nactually no, scratch that. We did have a call in the end, ten minutes on Friday. So MET.').intent).toBe('met');
    expect(to('reminder', "STOP\n\nHmm, on reflection, don't stop me - just skip this one round please.").intent).toBe('skip');
  });

  it('when they expect to leave later but want to stay in for now, then nothing ends: a person reads it', () => {
    const r = to('reminder', "probably going to leave at some point, new job in the spring. keep me in for now though");
    expect(r.intent).not.toMatch(/^(?:stop|delete|decline|pause|skip)$/);
  });

  it('when they call it a day for this round, then the meeting cannot happen', () => {
    expect(to('nudge', "We've tried twice and it keeps falling through. Let's call it a day for this round.").intent).toBe('cant_make_it');
  });

  it('when "a pause for thought" comes before a yes, then it is a join, not a pause', () => {
    expect(to('invitation', 'After a brief pause for thought - yes please! Aoife Byrne, Ofsted, 07700 900 450.').intent).toBe('join');
  });

  it('when they ask us to delete one old detail and give the new one, then it is a change of details, not an erasure', () => {
    expect(to('welcome', 'Please delete my old number - the desk line has gone. Use my mobile instead: 07700 900 451.').intent).toBe('update');
    // Everything, even with a detail named: erasure.
    expect(to('welcome', 'Please delete me and remove my phone number from everything.').intent).toBe('delete');
  });

  it('when a join mentions a colleague who will reply for themselves, then the join stands', () => {
    expect(to('invitation', "Yes please! My colleague Sam would like to join too - I've forwarded him this and he'll reply himself.\n\nName: Aoife Byrne\nPhone: 07700 900 452\nOrganisation: Ofsted").intent).toBe('join');
    // A colleague to be invited is still for a person.
    expect(to('invitation', 'Yes please! My colleague Sam would like to join too, could you invite him?\n\nName: Aoife Byrne\nPhone: 07700 900 453\nOrganisation: Ofsted').intent).toBe('other');
  });

  it('when a Welsh reply says yes, stop or skip in Welsh words, then it is that request', () => {
    expect(to('invitation', 'Ie plîs! 👍').intent).toMatch(/^(?:join|yes)$/);
    expect(to('reminder', "Stopiwch os gwelwch yn dda. Dw i'n gadael y sector cyhoeddus.").intent).toBe('stop');
    expect(to('reminder', "Sgipio'r rownd yma plîs, dw i ar wyliau.").intent).toBe('skip');
  });

  it('when a Welsh pause runs to the end or the start of a month, then it ends on that day', () => {
    expect(to('reminder', 'Allwch chi roi seibiant i mi tan ddiwedd mis Chwefror os gwelwch yn dda?').pauseUntil).toBe('2027-02-28');
    expect(to('reminder', 'Oedwch fi tan ddechrau Mawrth plîs.').pauseUntil).toBe('2027-03-01');
  });

  it('when PAUSE until a date is written in another language, then the pause ends on that date', () => {
    expect(to('reminder', "PAUSE jusqu'au 15 janvier s'il vous plaît, je pars en congé.").pauseUntil).toBe('2027-01-15');
    expect(to('reminder', 'PAUSE hasta el 3 de marzo, por favor.').pauseUntil).toBe('2027-03-03');
    expect(to('reminder', 'Bitte PAUSE bis zum 1. Februar.').pauseUntil).toBe('2027-02-01');
  });

  it('when how often is written in another language, then the cadence is read', () => {
    expect(cadenceIn('könnten sie mich bitte nur noch vierteljährlich einplanen?')).toBe('quarterly');
    expect(cadenceIn('pourriez-vous me mettre tous les deux mois ?')).toBe('bimonthly');
    expect(cadenceIn('bob mis yn iawn')).toBe('monthly');
    expect(cadenceIn('i meet my team every week')).toBeNull();
  });

  it('when an end to matching is asked until a day, then it is a pause until that day, not leaving', () => {
    const r = to('reminder', 'Please stop sending me these until 4 January, I am on leave.');
    expect([r.intent, r.pauseUntil]).toEqual(['pause', '2027-01-04']);
    expect(to('reminder', "STOP please. I'm leaving the civil service.").intent).toBe('stop');
  });

  it('when a command is sent and taken back at once, then nothing is done: a person reads it', () => {
    const r = to('reminder', 'STOP. Actually scrap that.');
    expect(r.intent).toBe('other');
    expect(r.readBy).toBe('rules');
  });

  it('when a yes worries only about finding the time, then it is a join; a doubt about joining is not', () => {
    const form = '\n\nName: Aoife Byrne\nPhone: 07700 900 470\nOrganisation: Ofsted';
    expect(to('invitation', `Not sure how often I'll manage, shifts being what they are, but I'll give it a go.${form}`).intent).toBe('join');
    expect(to('invitation', `Honestly not sure I'll always have the time, but yes please.${form}`).intent).toBe('join');
    expect(to('invitation', `Not sure this is for me really.${form}`).intent).not.toBe('join');
    // Without a "but" that answers it, the worry is a doubt: "… myself, so please just include my team".
    expect(readByRules({ text: "I'd like to put my team forward, details below. I'm not sure I'll have the time myself, so please just include them.\n\n1. Sam Lee - 07700 900 471\n2. Jo Bell - 07700 900 472", html: null, subject: 'Re: An invitation', fromName: 'Aoife Byrne', fromEmail: 'a.person@example.gov.uk', headers: {}, contentType: 'text/plain', answering: 'invitation' }, when).intent).not.toBe('join');
  });

  it('when the details given are a colleague\'s, under another name, then nobody joins: a person reads it', () => {
    const text = "I'm not going to be able to commit to this at the moment, but my colleague Jasmine Clarke would be brilliant and is really keen - I've copied her in. Her details:\n\nName: Jasmine Clarke\nPhone: 07700 900 480\nOrganisation: Ofsted";
    expect(to('invitation', text).intent).toBe('other');
    // The rules themselves, not only the second reader, see whose details they are.
    expect(readByRules({ text, html: null, subject: 'Re: An invitation', fromName: 'Aoife Byrne', fromEmail: 'a.person@example.gov.uk', headers: {}, contentType: 'text/plain', answering: 'invitation' }, when).intent).toBe('other');
    // Their own details, under their own name, still join.
    expect(to('invitation', 'Yes please, my details:\n\nName: Aoife Byrne\nPhone: 07700 900 481\nOrganisation: Ofsted').intent).toBe('join');
  });

  it('when a join asks not to be matched until they are back, then nobody is matched yet: a person sets it up', () => {
    const r = to('invitation', "I'd love to, but I'm off until next September. Please don't match me before then - could you hold on to my details and sign me up when I'm back?\n\nName: Aoife Byrne\nPhone: 07700 900 482\nOrganisation: Ofsted");
    expect(r.intent).toBe('other');
  });

  it('when a no is only what would happen if something else did, then it is no decline; a polite "would it be all right if" still asks', () => {
    expect(to('invitation', "Maybe? Go on, put me down for now. If it's not for me I'll stop, I assume that's allowed!").intent).not.toBe('decline');
    expect(to('invitation', "I'd love to, but only if I'm matched outside health. If you can't promise that, I'll give it a miss.").intent).not.toBe('decline');
    expect(to('reminder', 'Would it be all right if I sat this round out? Marking season.').intent).toBe('skip');
    expect(to('invitation', 'Thanks, but it is not for me.').intent).toBe('decline');
  });

  it('when "might" is someone else\'s ("as you might guess"), then it is no doubt of theirs: the join stands', () => {
    const form = '\n\nName: Aoife Byrne\nOrg: Ofsted\nPhone: -\nTeams: aoife.byrne@ofsted.gov.uk';
    expect(to('invitation', `Happy to join. As you might guess from my job, I'd rather not give out a phone number.${form}`).intent).toBe('join');
    expect(to('invitation', `I might join, not sure yet.${form}`).intent).not.toBe('join');
  });

  it('when a hedge opens the reply and a yes answers it ("Maybe? … ok go on then"), then it is a join with no question', () => {
    const r = to('invitation', "maybe? I keep saying I'll do things like this and then don't\n\nok go on then. Aoife Byrne, Ofsted, mob 07700 900 491");
    expect([r.intent, r.question]).toEqual(['join', false]);
    expect(to('invitation', "Maybe? I'm not sure it's ok for me.").intent).not.toBe('join');
  });

  it('when a yes warns they might be slow to reply, then it is still a join', () => {
    expect(to('invitation', "Yes - though fair warning I'm part-time so I might be slow getting back to whoever I'm matched with!\n\nName: Aoife Byrne\nPhone: 07700 900 492\nOrganisation: Ofsted").intent).toBe('join');
  });

  it('when they ask what details we have got for them, then they are sent a copy of what we hold', () => {
    expect(to('reminder', "Could you tell me what details you've got for me? I think my number has changed.").intent).toBe('my_data');
    expect(to('welcome', 'What information do you hold for me at the moment?').intent).toBe('my_data');
  });
});

describe('what the J9 and K rounds showed about intent, in other words', () => {
  const when = new Date('2026-11-04T10:00:00Z');
  const to = (asked: Answering, text: string) => answeredTo(asked, text, when);
  const rules = (asked: Answering, text: string) =>
    readByRules({ text, html: null, subject: 'Re: Unmentoring', fromName: 'Sam Patel', fromEmail: 'sam.patel@example.gov.uk', headers: {}, contentType: 'text/plain', answering: asked }, when, 'GB', 'Europe/London').intent;
  const signature = '\n\nGeoff Barnes\nPrincipal Trading Standards Officer\nNorfolk County Council\nMobile: 07700 900 690';

  it('when someone leaving soon still says yes, then it is not a no; leaving with no yes still is', () => {
    expect(rules('invitation', `Thank you for the invitation. I should say that I retire at the end of March, so I may only manage a round or two, but I should be glad to take part.${signature}`)).toBe('join');
    expect(to('invitation', "Thanks, but I'm retiring in December so there's not much point.").intent).toBe('decline');
  });

  it('when they say it is "not a no", then it is not read as one', () => {
    expect(to('invitation', "Hi, not a no, but not right now – we're heading into budget season. Could you ask me again in January?").intent).not.toBe('decline');
    expect(to('invitation', 'Not right now, thanks.').intent).toBe('decline');
  });

  it('when an assistant writes that the invitee is not in a position to take part, then it is a no', () => {
    expect(to('invitation', 'I am writing on behalf of Richard Bowen, who has asked me to thank you for your invitation. Unfortunately, with his current commitments he is not in a position to take part on this occasion.').intent).toBe('decline');
  });

  it('when a yes asks only to be had as they are ("if you\'ll have me", "as long as it\'s ok that I\'m part time"), then it is a join; whether someone not on the staff may join still goes to a person', () => {
    expect(rules('invitation', "I'm happy to try it as long as it's ok that I'm part time (mornings only). I'm Bev Stannard at Tewkesbury Borough Council and my mobile is 07700 900 577.")).toBe('join');
    expect(rules('invitation', `I'm not sure I'm really who this is aimed at – I'm a part-time business support officer, not a manager – but if you'll have me I'd like to give it a go.${signature}`)).toBe('join');
    expect(rules('invitation', "I'm happy to try it as long as it's ok that I'm a contractor. I'm Bev Stannard at Tewkesbury Borough Council and my mobile is 07700 900 577.")).toBe('other');
  });

  it('when a reply to any of our mails says they cannot meet someone named this round, then it is CAN\'T MAKE IT', () => {
    expect(to('welcome', 'Sorry, I won’t be able to meet Dan this round – winter planning has swallowed my diary whole. Happy to be matched again next time.').intent).toBe('cant_make_it');
    // Nobody named: not a meeting that was set up.
    expect(rules('welcome', "Sorry, I won't be able to meet anyone this round.")).not.toBe('cant_make_it');
  });

  it('when a reminder is answered "leave me out of the December one", then it is SKIP', () => {
    expect(to('reminder', "Could you leave me out of the December one? Far too much on. Include me again in January though!").intent).toBe('skip');
  });
});

describe('what the M6 round showed: replies to an invitation that look like joins and are not', () => {
  const when = new Date('2026-11-04T10:00:00Z');
  const to = (text: string, fromName = 'Housing Strategy') => readReply({ text, html: null, subject: 'RE: An invitation: half an hour with someone', fromName, fromEmail: 'housing.strategy@example.org', headers: {}, contentType: 'text/plain', answering: 'invitation' }, when);

  it("when a team fills in the form with the team's name, then nobody is joining for themselves: a person reads it", () => {
    const r = to('Hi,\nYes please!\nName: Housing Strategy Team\nPhone: 0161 496 0470\nOrganisation: Stockport Homes Group\nWhoever in the team is free that week will take the call.');
    expect(r.intent).toBe('other');
  });

  it("when someone sends their staff's details, then a person reads it; a person writing from a team inbox for themselves still joins", () => {
    expect(to('Hi,\nThree of our staff would like to take part, details below:\nAmy Clarke 07700 900318\nRaj Patel 07700 900319\nOrganisation for all of them: Garforth Primary Academy').intent).toBe('other');
    expect(to("Hello\nThis came into our team inbox, I would like to do it please, it's Susan Pryce, Revenues Officer at Halton Borough Council. My mobile is 07700 900 590.", 'Revenues Team').intent).toBe('join');
  });

  it('when a yes asks us to hold off until they send new details, then the details are still to come: a person reads it', () => {
    expect(to("Yes please – Name: Ffion Hughes, Phone: 07700 900 573. But I start at the Welsh Government on 1 December, so could you hold off until I send you my new work details from there?", 'Ffion Hughes').intent).toBe('other');
  });
});

describe('what the T1 round showed: more replies to an invitation that look like joins and are not', () => {
  const when = new Date('2026-11-04T10:00:00Z');
  const to = (text: string, fromName = 'Jo Bloggs', fromEmail = 'jo.bloggs@leeds.gov.uk') =>
    readReply({ text, html: null, subject: 'RE: An invitation: half an hour with someone', fromName, fromEmail, headers: {}, contentType: 'text/plain', answering: 'invitation' }, when).intent;

  it('when one reply gives several people\'s details, then nobody is signed up from it: a person reads it', () => {
    expect(to('Hello,\nThree of us in the contact centre are keen. Our details:\n- Name: Jo Bloggs, Phone: 07700 900101\n- Name: Ravi Shah, Phone: 07700 900102\n- Name: Ann Lee, Phone: 07700 900103\nOrg: Leeds City Council')).toBe('other');
    expect(to('Name: Jo Bloggs\nPhone: 07700 900101\nOrganisation: Leeds City Council\n\nName: Ravi Shah\nPhone: 07700 900102\nOrganisation: Leeds City Council')).toBe('other');
    expect(to('Yes please, for both of us.\nName: Jo Bloggs & Sam Bloggs\nPhone: 07700 900101 / 07700 900102\nOrganisation: Leeds City Council')).toBe('other');
    expect(to('My wife and I would like to join – we are both at the council.\nName: Jo Bloggs\nPhone: 07700 900101\nOrganisation: Leeds City Council')).toBe('other');
    // One person, their name given twice the same way: a join.
    expect(to('Yes please!\nName: Jo Bloggs\nPhone: 07700 900101\nOrganisation: Leeds City Council\n\nJo Bloggs')).toBe('join');
  });

  it('when someone signs up their team to take part as one, then a person reads it', () => {
    expect(to('Name: Jo Bloggs (signing up on behalf of the Housing Options team – whoever is free will take the call)\nPhone: 07700 900101\nOrganisation: Leeds City Council')).toBe('other');
    expect(to('Yes please, we would like to take part as a team.\nName: Jo Bloggs\nPhone: 07700 900101\nOrganisation: Leeds City Council')).toBe('other');
  });

  it('when they ask for a membership under another address to be moved, then a person merges it', () => {
    expect(to("I'm already signed up from my old job at Wakefield Council, could you move me over rather than add me again?\nName: Jo Bloggs\nPhone: 07700 900101\nOrganisation: Leeds City Council")).toBe('other');
  });

  it('when the details depend on our answer to a question ("If so:"), then a person answers first', () => {
    expect(to("I'd like to join but would rather not give a phone number. Can I take part with just Teams? If so:\nName: Jo Bloggs\nOrganisation: Leeds City Council\nTeams: jo.bloggs@leeds.gov.uk")).toBe('other');
    // A question that sets no condition on them: they joined.
    expect(to('Yes please!\nName: Jo Bloggs\nPhone: 07700 900101\nOrganisation: Leeds City Council\nQuick question: how often are the rounds?')).toBe('join');
  });

  it('when a yes says the details will follow, then there is no join yet; with the details given, there is', () => {
    expect(to("Yes! Sounds great. I'm out on a visit so will send my details properly on Monday.")).toBe('other');
    expect(to("Yes, I'd love to! On leave today so I'll send you my details on Monday.")).toBe('other');
    expect(to('Sounds good – details to follow when I am back in the office.')).toBe('other');
    expect(to("Yes please. Name: Jo Bloggs, Phone: 07700 900101, Org: Leeds City Council. I'll send my Teams details later.")).toBe('join');
  });

  it('when a join asks us to keep the details until they say when they can start, then a person reads it', () => {
    expect(to("Yes please\nName: Jo Bloggs\nPhone: 07700 900101\nOrganisation: Leeds City Council\nThough thinking about it, March is mad for us. I'll let you know after the year end when I can start.")).toBe('other');
    expect(to("Name: Jo Bloggs\nPhone: 07700 900101\nOrganisation: Leeds City Council\nCould you hang on to my details for a few weeks? Things are hectic.")).toBe('other');
  });
});

describe('what the M5 round showed about requests from members, in other words', () => {
  const when = new Date('2026-11-04T10:00:00Z');
  const rules = (asked: Answering, text: string) =>
    readByRules({ text, html: null, subject: 'Re: Unmentoring', fromName: 'Sam Patel', fromEmail: 'sam.patel@example.gov.uk', headers: {}, contentType: 'text/plain', answering: asked }, when, 'GB', 'Europe/London').intent;

  it('when a member asks in Scottish Gaelic to be taken off the list, then it is STOP', () => {
    expect(rules('reminder', "Halò,\nAm b' urrainn dhuibh mo thoirt far an liosta? Tha mi a' fàgail aig deireadh na mìosa.")).toBe('stop');
  });

  it('when they want out and do not want us keeping their number, then it is DELETE', () => {
    expect(rules('reminder', "Morning. Do I reply STOP or DELETE? I want out, and I don't want you keeping my mobile number or anything else once I've gone. Whichever one does that, please do it.")).toBe('delete');
  });

  it("when someone with a member's mailbox says she has left and asks us to take her off, then her mail ends (STOP)", () => {
    expect(rules('reminder', "I'm replying on Gemma's behalf as I have access to her mailbox. Gemma left HMRC at the end of September, so please take her off your list.")).toBe('stop');
    // To an invitation nobody is in yet: a person reads it.
    expect(rules('invitation', "I'm replying on Gemma's behalf. Gemma left HMRC at the end of September, so please take her off your list.")).not.toBe('stop');
  });

  it('when "a tough few months" comes before "skip this one", then it is SKIP; "skip the next few months" is not one round', () => {
    expect(rules('reminder', "I'm in two minds about whether to keep going – it's been a tough few months. Let's say skip this one for now.")).toBe('skip');
    expect(rules('reminder', 'Could I skip the next few months?')).toBe('other');
  });

  it('when a paused member asks to be taken off pause, then it is not STOP', () => {
    expect(rules('reminder', 'Could you take me off pause and match me again from the December round?')).not.toBe('stop');
    expect(answeredTo('reminder', 'Could you take me off pause and match me again from the December round?', when).intent).toBe('resume');
  });
});

/** The whole reader on Jo Bloggs's reply (from a Leeds address) to one of our mails, on a day in November. */
const toJo = (answering: Answering, text: string, when = '2026-11-04T10:00:00Z', fromName = 'Jo Bloggs') =>
  readReply({ text, html: null, subject: 'Re: Unmentoring', fromName, fromEmail: 'jo.bloggs@leeds.gov.uk', headers: {}, contentType: 'text/plain', answering }, new Date(when));
/** The rules alone on the same. */
const rulesJo = (answering: Answering, text: string) =>
  readByRules({ text, html: null, subject: 'Re: Unmentoring', fromName: 'Jo Bloggs', fromEmail: 'jo.bloggs@leeds.gov.uk', headers: {}, contentType: 'text/plain', answering }, new Date('2026-11-04T10:00:00Z'));

describe('what the T4–T7 rounds showed', () => {
  const to = toJo;

  it("when an assistant answers the invitation for the person whose inbox they look after, then nobody is signed up: a person reads it", () => {
    expect(to('invitation', "Good afternoon,\nI'm replying on Neil's behalf as I look after his inbox. He would be delighted to take part.\nName: Neil Armitage\nOrganisation: Leeds City Council\nPhone: please use mine, 07700 900655\nKaren Lowe\nExecutive Assistant").intent).toBe('other');
    expect(to('invitation', 'Yes please.\nName: Neil Armitage\nPhone: 07700 900655\nOrganisation: Leeds City Council\nCould any introductions come to me, as I manage his diary?').intent).toBe('other');
  });

  it('when the reply to the invitation is only a signature with its Tel and Mobile lines, then it is not a join', () => {
    expect(to('invitation', 'Tariq Ahmed\nDeputy Head of Medicines Optimisation\nLeeds City Council\nTel: 0113 496 0418 | Mobile: 07700 900903\nWorking days: Tuesday – Thursday', undefined, 'Ahmed, Tariq').intent).toBe('other');
  });

  it('when a yes is for later ("but not until the new year … I\'ll reply again in January"), then it is neither a join nor a no', () => {
    expect(to('invitation', "Yes, I'd love to, but not until the new year if that's OK. I'll reply to this email again in January when things have settled.\nEllie").intent).toBe('other');
  });

  it('when a yes is taken back in the same reply ("Actually … I\'d better not"), then it is a no', () => {
    expect(to('invitation', "Yes please! I'm always up for meeting people.\n\nActually, having thought about it while writing this, I'd better not – we've just gone into a restructure. Sorry!\nNatalie").intent).toBe('decline');
    // Better not about a detail is no no.
    expect(to('invitation', "Yes please! Name: Jo Bloggs, Phone: 07700 900101, Org: Leeds City Council. Actually I'd better not give my work mobile, use 07700 900102 instead.").intent).toBe('join');
  });

  it('when "No - Aberdeenshire Council please!" corrects a detail of the welcome, then it is a change of details, not STOP', () => {
    const r = to('welcome', 'No - Aberdeenshire Council please! Very different places :)\nThe rest is right.\nGraeme', undefined, 'Graeme Duthie');
    expect(r.intent).toBe('update');
    expect(r.fields.organisation).toBe('Aberdeenshire Council');
    expect(to('welcome', 'No, please take me off the list.').intent).toBe('stop');
  });

  it('when a member asks to use the mobile in their signature, then the number there is the new phone', () => {
    const r = to('welcome', "Morning – new phone. Please use the mobile in my signature below from now on.\nTa\nKirsty\n\nKirsty Paterson\nCharge Nurse\nNHS Lothian\nT: 0131 496 0882 | M: 07700 900 376", undefined, 'Paterson, Kirsty');
    expect(r.intent).toBe('update');
    expect(r.fields.phone).toBe('+447700900376');
  });

  it('when a member asks to be put back to once a month after "I\'ve changed my mind", then it is the cadence, not a change of details', () => {
    const r = to('welcome', "Actually I've changed my mind - I'm enjoying these more than I thought. Can you put me back to once a month?\nGary\nGary Lomas | The Insolvency Service");
    expect(r.intent).toBe('cadence');
    expect(r.cadence).toBe('monthly');
  });

  it('when a member asks to miss the first round and start from the one after, then it is SKIP (not STOP, for "I\'d rather not be introduced")', () => {
    expect(to('welcome', "Could I miss out the first round and start from the one after? I'd rather not be introduced to someone and then leave them hanging.\nEwan").intent).toBe('skip');
  });

  it("when a reply to the nudge can't make it and asks for a pause too, then it is a pause to the date asked", () => {
    const read = to('nudge', "Unfortunately I can't make it this month – I'm on annual leave. Could you also pause me until the new year?\nPaul", '2026-11-20T10:00:00Z');
    expect(read.intent).toBe('pause');
    expect(read.pauseUntil).toBe('2027-01-01');
  });

  it('when a time is only proposed, hoped for, or waited on, then it is NOT YET; when the partner has left, it is CAN\'T MAKE IT', () => {
    expect(to('introduction', 'Hi Daniel! I could do Tues 10th at 11 or Thurs 12th any time after 2 – whichever suits?\nRachel').intent).toBe('not_yet');
    expect(to('nudge', "We're trying for Thursday – just waiting on Jo to confirm a time. Will let you know!\nMartin").intent).toBe('not_yet');
    expect(to('nudge', "I've suggested Weds 18th at 3pm to Mike but haven't heard back yet. I'll reply BOOKED once he confirms.\nRuth").intent).toBe('not_yet');
    expect(to('introduction', "Thursday next week might work – the rota comes out on Monday so I'll check it and come back to you with a time.\nLee").intent).toBe('not_yet');
    expect(to('nudge', "I tried emailing Priya but got a bounce saying she has left the council. So unfortunately we won't be meeting this round.\nMartin").intent).toBe('cant_make_it');
  });

  it('when the pause ends on "Monday 2nd" or "I\'ll pick it back up in March", then that is the date', () => {
    expect(to('welcome', 'Can you pause me until after half term please? Back at work Monday 2nd.\nLeanne', '2026-10-21T19:14:49Z').pauseUntil).toBe('2026-11-02');
    expect(to('reminder', "Hi - can you take me out for now? We're in the middle of a restructure until the spring. I'll pick it back up in March.\nMark", '2026-11-01T17:36:32Z').pauseUntil).toBe('2027-03-01');
  });
});

describe('what the T10 and T11 rounds showed', () => {
  const to = toJo;
  const rules = rulesJo;

  it('when a change of details comes with a request only an organiser can act on, then nothing is changed: a person reads it', () => {
    expect(to('welcome', 'Please change my phone to 07700 900 318.\n\nAlso, could you add my colleague Sam Reid (sam.reid@leeds.gov.uk)? She missed the invite.\nJo').intent).toBe('other');
    expect(to('welcome', "I've moved to West Yorkshire Fire and Rescue Service, so please update my organisation. And can you make sure I'm not matched with anyone from West Yorkshire Police? We work together daily.\nJo").intent).toBe('other');
    // Adding their own Teams is a change of details still.
    expect(rules('welcome', 'Could you add my Teams please? It is jo.bloggs@leeds.gov.uk.').intent).toBe('update');
  });

  it('when a pause comes with a change of organisation asked for later, then a person reads it', () => {
    expect(to('reminder', "I'm moving to the Home Office next month, so can you change my organisation then, and pause me until I've started?\nJo").intent).toBe('other');
  });

  it('when they need a break until a day, only want the introductions, or ask what else we have on them, then it is PAUSE, QUIET and MY DATA', () => {
    const paused = to('reminder', "Please don't delete me! I just need a break till the end of November, family stuff.\nJo", '2026-10-27T21:12:03Z');
    expect(paused.intent).toBe('pause');
    expect(paused.pauseUntil).toBe('2026-11-30');
    expect(to('reminder', 'Can you just send me the introductions from now on? The rest I can do without.\nJo').intent).toBe('quiet');
    expect(to('welcome', 'Thanks. Out of interest, what else have you got on me?\nJo').intent).toBe('my_data');
  });

  it('when "new no." comes before their number, then it is their new phone', () => {
    const r = to('welcome', 'new no. 07700 900 412 ta');
    expect(r.fields.phone).toBe('+447700900412');
  });

  it('when they say which number is going and which is new, then the new one is their phone', () => {
    expect(to('welcome', "I've a new work mobile, so the number you've got (the 07700 900206 one) stops working soon. The new one is 07700 900613, could you swap it?\nJo").fields.phone).toBe('+447700900613');
  });

  it('when a signature follows their first name alone with no sign-off word, then its desk line is not the number they give', () => {
    const r = to('welcome', "Thanks, but I think I mistyped it – it should be 07700 900154, not 900145. Sorry!\n\nDeclan\n\nDeclan O'Neill\nNeighbourhood Officer\nBelfast City Council\nCity Hall, Belfast BT1 5GS\nT: 028 9649 6020\n\nThis e-mail is intended solely for the addressee.", undefined, "O'Neill, Declan");
    expect(r.fields.phone).toBe('+447700900154');
  });

  it('when MET is followed by the partner\'s new number, then it is MET and the number is not theirs', () => {
    const r = to('follow-up', "MET! Great chat with Tomasz. He's given me his new mobile (07700 900803) so we can keep in touch.\nJo");
    expect(r.intent).toBe('met');
    expect(r.fields.phone).toBeNull();
  });

  it('when they say their surname is misspelt, then it is a change of details', () => {
    expect(rules('welcome', "Hi, my surname is misspelt: it's Kaczmarek, not Kaczmarak.\nJo").intent).toBe('update');
  });

  it('when they ask us to show their organisation as another (a secondment), then that is the change, over their signature and address', () => {
    const r = to('welcome', "From Monday I start a secondment to the Home Office. Could you show my organisation as Home Office from this round? My phone stays the same.\n\nThanks,\nJo\n\nJo Bloggs\nPolicy Adviser\nLeeds City Council");
    expect(r.fields.organisation).toBe('Home Office');
    expect(rules('welcome', "I'm on secondment until April, so my organisation ought really to say DfE. Could you change it?\nJo").fields.organisation).toBe('DfE');
    // "the ICB rather than the council": not the one they are not at.
    expect(to('invitation', "Yes please. I'm on secondment, so put my organisation down as the ICB rather than the council.\nName: Jo Bloggs\nPhone: 07700 900320\nOrganisation: NHS West Yorkshire Integrated Care Board").fields.organisation).toBe('NHS West Yorkshire Integrated Care Board');
  });

  it('when "skip" is of the small talk, then it is not SKIP: with their details it is a join', () => {
    expect(to('invitation', 'Skip the pleasantries, sign me up!\n\nName: Olu Bankole\nPhone: 07700 900 245\nOrganisation: Lambeth Council').intent).toBe('join');
  });

  it('when they correct their surname in a sentence and sign with their first name, then the name stays first name then surname', () => {
    const r = to('welcome', "While you're at it, my surname is misspelt: it's McGlinchey, not McGlinchy.\n\nSiobhán", undefined, 'Siobhán McGlinchey');
    expect(r.fields.name).toBe('Siobhán McGlinchey');
  });
});

describe('what the T12 and T13 rounds showed', () => {
  const to = toJo;

  it('when a yes to the invitation is to something else, asks that the number not be shared, or is for later, then nobody joins: a person reads it', () => {
    expect(to('invitation', 'Yes Wednesday at 10 is fine for the budget meeting. If the link fails ring me on 07700 900718.\nKemi').intent).toBe('other');
    expect(to('invitation', "Yes no bother, I'll cover Friday 👍\nLiam").intent).toBe('other');
    expect(to('invitation', "yes please but could my mobile not be passed on? I'd rather they emailed first. Is that ok?\nJo Bloggs, Leeds City Council, 07700 900455").intent).toBe('other');
    expect(to('invitation', "I'd love to join but I'm on leave until March. Could you sign me up for when I'm back?\nJo Bloggs\nLeeds City Council\n07700 900439").intent).toBe('other');
    // A join whose call may have to wait a little is still a join.
    expect(to('invitation', "I'd love to take part! I've lost my voice, so a phone call might have to wait a week.\n\nName: Jo Bloggs\nPhone: 07700 900296\nOrganisation: Leeds City Council").intent).toBe('join');
  });

  it('when HELP stands on its own line after a question about pausing, then it is HELP', () => {
    expect(to('reminder', "I started writing a long question about how pausing works, whether I can pause for a number of weeks, and so on.\n\nHELP\n\nJo").intent).toBe('help');
  });

  it('when they nearly replied CAN\'T MAKE IT but say it is not yet, then it is NOT YET', () => {
    expect(to('nudge', "I very nearly replied CAN'T MAKE IT this morning, but Sam asked if we could aim for next week instead. So we haven't fixed a time yet, but we will.\nJo").intent).toBe('not_yet');
  });

  it('when NOT MET is in capitals within a sentence to "did you meet?", then it is NOT MET, unless they waver', () => {
    expect(to('follow-up', "Thanks for checking. Sadly, not this time.\n\nShe never replied to my last two emails. So it's a NOT MET from me, I'm afraid. Happy to be matched again.\nJo").intent).toBe('not_met');
    expect(to('follow-up', "NOT MET. Honestly not sure I've got the time for this any more. Not sure what to do\nJo").intent).toBe('other');
  });

  it('when they set aside a pause they meant to ask for and ask to leave, then it is STOP; leaving and deleting their details is DELETE', () => {
    expect(to('reminder', "I sat down intending to ask you to pause me until the spring. But I don't think the spring will be different, so rather than a pause, please take me off the scheme completely.\nJo").intent).toBe('stop');
    expect(to('reminder', "As I'm moving abroad, I don't think it makes sense for me to stay in the scheme. So please take me out, and please delete all my details as well.\nJo").intent).toBe('delete');
  });

  it('when their new Teams address comes lines after the line about the old one, then it is their Teams', () => {
    const r = to('welcome', "One more thing: the Teams address you've got is my old council one, closed when I left.\n\nMy new one is jo.bloggs@westyorkshire.police.uk - could you put that in instead?\nJo");
    expect(r.fields.other).toBe('Teams: jo.bloggs@westyorkshire.police.uk');
  });

  it('when they now work for a body with a long name, then that is the organisation', () => {
    expect(to('welcome', "I've left the hospital trust and now work for NHS Cornwall and Isles of Scilly Integrated Care Board. Could you change that?\nJo").fields.organisation).toBe('NHS Cornwall and Isles of Scilly Integrated Care Board');
  });

  it('when the form is filled in inside an original message their client quoted without marks, then they join with those details', () => {
    const text = '\n\nSent from my Galaxy\n\n-------- Original message --------\nFrom: Unmentoring <hello@unmentoring.org>\nSubject: An invitation\n\nHello Jo,\n\nTo join, reply to this email with:\n\nName: Jo Bloggs\nPhone: 07700 900 903\nOrganisation: Humberside Fire & Rescue Service\nGoogle, Skype or Teams ID (optional):\n\nUnmentoring';
    const r = to('invitation', text);
    expect(r.fields.phone).toBe('+447700900903');
    expect(r.fields.organisation).toMatch(/^Humberside Fire (?:&|and) Rescue Service$/);
  });

  it('when they mark their corrections in the quoted details with their initials, then the marked lines are theirs', () => {
    const text = "Hi - a couple of corrections in the details below, marked [JB].\n\nJo\n\n-----Original Message-----\nFrom: Unmentoring <hello@unmentoring.org>\nSubject: You're in\n\nName: Jo Bloggs\nPhone: 07700 900331\n[JB] that was my old phone - please use 07700 900918 now\nOrganisation: Leeds City Council";
    expect(to('welcome', text).fields.phone).toBe('+447700900918');
  });
});

describe('what the T14–T17 rounds showed', () => {
  const to = toJo;
  const sig = '\n\nJo\n\nJo Bloggs\nPolicy Officer\nLeeds City Council';

  it('when a join to the invitation asks who they are paired with, or what the match is told, then nobody joins: a person reads it', () => {
    const form = 'Name: Jo Bloggs\nPhone: 07700 900652\nOrganisation: Leeds City Council\n\n';
    expect(to('invitation', `I'd like to join please.\n\n${form}Please don't pair me with anyone from Bradford Council, I work with them every day.`).intent).toBe('other');
    expect(to('invitation', `Count me in.\n\n${form}Could you make sure whoever I'm matched with knows it has to be a video call with captions?`).intent).toBe('other');
    expect(to('invitation', `Yes please.\n\n${form}Could you only match me with someone in the NHS?`).intent).toBe('other');
    // The same form with no request is a join; the pairing across organisations is what the scheme does.
    expect(to('invitation', `Yes please.\n\n${form}Looking forward to meeting someone new.`).intent).toBe('join');
  });

  it('when they skip the form, not a round, and give their details in one line, then it is a join', () => {
    const r = to('invitation', "I'll skip the form if that's ok – Jo Bloggs, Leeds City Council, 07700 900958, and Teams is just my work email. Thanks!");
    expect(r.intent).toBe('join');
    expect(r.fields.phone).toBe('+447700900958');
    // A round skipped is still a skip, to a mail of the scheme's.
    expect(to('reminder', 'Please skip the next round, thanks').intent).toBe('skip');
  });

  it('when someone asks us to stop mailing a colleague while staying in themselves, then nothing is done for them: a person reads it', () => {
    const text = "Jo Parry in my team asked me to let you know – please stop sending her these. She's on long-term sick leave.\n\nI'm still happy to be matched myself, by the way!" + sig;
    expect(to('reminder', text).intent).toBe('other');
    expect(to('reminder', 'Please stop sending me these.' + sig).intent).toBe('stop');
  });

  it('when the whole reply is a command in Welsh and English above a bilingual signature, then the English word is the command', () => {
    const welsh = '\n\nNia Jenkins\nSwyddog Polisi | Policy Officer\nCymwysterau Cymru | Qualifications Wales\nRydym yn croesawu gohebiaeth yn Gymraeg.';
    expect(to('reminder', `Cymorth / Help${welsh}`).intent).toBe('help');
    expect(to('reminder', `Sgipio / Skip${welsh}`).intent).toBe('skip');
    // A slash between two words that are no command says nothing of one.
    expect(to('reminder', `Diolch / Thanks${welsh}`).intent).not.toBe('help');
  });

  it('when nothing is typed above the quoted follow-up and "this one" is typed under its MET line, then it is met', () => {
    const quote = '> On 5 Oct 2026, at 10:00, Unmentoring <hello@unmentoring.org> wrote:\n>\n> Did you manage to meet?\n>\n> Please reply with one of these:\n>\n> MET: you talked\n\n';
    const tail = "\n\n> NOT MET: it didn't happen this time\n>\n> Unmentoring";
    expect(to('follow-up', `Sent from my iPhone\n\n${quote}Yes!! this one 👍 tuesday lunchtime on teams${tail}`).intent).toBe('met');
    // Under the NOT MET line, the same words choose that one.
    const underNotMet = `Sent from my iPhone\n\n${quote.replace('> MET: you talked\n\n', "> MET: you talked\n> NOT MET: it didn't happen this time\n\n")}this one sadly, diaries never lined up\n\n> Unmentoring`;
    expect(to('follow-up', underNotMet).intent).toBe('not_met');
  });
});

describe('what the T18 and T19 rounds showed', () => {
  const to = toJo;

  it('when a yes follows a greeting with no comma ("Hi yes please!"), then it is read as a yes', () => {
    const r = to('invitation', 'Hi yes please!\n\nJo Bloggs - school nurse\nLeeds City Council\nmob: 07700 900 134\n\nJo x');
    expect(r.intent).toBe('join');
    expect(r.fields.phone).toBe('+447700900134');
    // A greeting to someone named is still only a greeting: "Hi Sam, no thanks".
    expect(to('invitation', 'Hi Sam, no thanks - not for me.').intent).toBe('decline');
  });

  it('when they send their details again, not sure the first mail arrived, then the doubt is about the mail: a join', () => {
    // (The rules' reading: the development set holds the whole reply, read by both readers.)
    const r = rulesJo('invitation', 'Sending again as not sure the first one went, signal in the basement is rubbish!\n\nJo Bloggs\nLeeds City Council - homelessness prevention\n0113 496 0221 or mob 07700 900 221 (mob better)\n\nSent from my iPhone');
    expect(r.intent).toBe('join');
    expect(r.fields.phone).toBe('+447700900221');
    // A doubt about the scheme still goes to a person.
    expect(rulesJo('invitation', "Not sure this is for me really, but Jo Bloggs, Leeds City Council, 07700 900 221").intent).not.toBe('join');
  });

  it('when they ask for the list of things one can reply with, worded at length, then it is help', () => {
    const text = 'Good morning,\n\nI seem to have deleted the welcome email that set out the various things one can reply with. Could you kindly send me the full list again? I may want to change one or two of my settings.\n\nMany thanks,\nJo';
    expect(to('reminder', text).intent).toBe('help');
  });

  it('when the reply to a nudge starts "already met", then it is met', () => {
    expect(to('nudge', 'already met lol - she came down the station for a brew last thurs. good chat').intent).toBe('met');
    expect(to('nudge', "Not met yet, we're aiming for next week").intent).not.toBe('met');
  });

  it('when the Teams address we hold is wrong and they ask us to use another in the next sentence, then it is an update of Teams', () => {
    const r = to('welcome', "Hi - the Teams one isn't right, our Teams is all on nhs.net now. pls use jo.bloggs2@nhs.net");
    expect(r.intent).toBe('update');
    expect(r.fields.other).toBe('Teams: jo.bloggs2@nhs.net');
  });
});
