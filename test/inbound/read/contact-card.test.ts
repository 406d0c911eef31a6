import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { keptCard, readContactCard } from '../../../src/inbound/read/contact-card.js';

// A card as an iPhone shares one (vCard 3.0): folded lines, a grouped TEL, escapes, and a photo.
const IPHONE_CARD = readFileSync(new URL('../../fixtures/contact-cards/iphone-with-photo.vcf', import.meta.url), 'utf8');

describe('readContactCard', () => {
  it('when a phone shares a card, then its name, organisation (without its unit), phones and address are read', () => {
    expect(readContactCard(IPHONE_CARD)).toEqual({
      name: 'Chiamaka Okafor',
      organisation: 'Bristol City Council',
      phones: [
        { value: '0117 496 0123', mobile: false },
        { value: '07700 900532', mobile: true },
      ],
      emails: ['chiamaka.okafor@bristol.gov.uk'],
      messaging: [],
    });
  });

  it('when a card has no FN, then the name is made from N; escapes are undone', () => {
    const card = 'BEGIN:VCARD\nVERSION:4.0\nN:Ní Bhriain;Siobhán;;;\nORG:Department of Finance\\, NI\nTEL;VALUE=uri;TYPE="cell,voice":tel:+44-7700-900-611\nIMPP:skype:siobhan.nb\nEND:VCARD';
    expect(readContactCard(card)).toMatchObject({
      name: 'Siobhán Ní Bhriain',
      organisation: 'Department of Finance, NI',
      phones: [{ value: '+44-7700-900-611', mobile: true }],
      messaging: ['skype:siobhan.nb'],
    });
  });

  it('when a card is kept, then only the details read are, and its photo is gone', () => {
    const kept = keptCard(IPHONE_CARD);
    expect(kept).toContain('FN:Chiamaka Okafor');
    expect(kept).toContain('TEL;TYPE=CELL;TYPE=VOICE:07700 900532');
    expect(kept).not.toMatch(/PHOTO|NOTE|PRODID|BBBB/);
    expect(kept.length).toBeLessThan(600);
  });

  it('when a card is endless lines of nothing, then it is read within its bound', () => {
    const junk = `BEGIN:VCARD\r\n${'X-JUNK:1\r\n'.repeat(100_000)}FN:Too Late\r\nEND:VCARD`;
    expect(readContactCard(junk).name).toBeNull();
  });
});
