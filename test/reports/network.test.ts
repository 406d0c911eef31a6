import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { networkSvg, renderNetworkPng, svgText, type NetworkInput } from '../../src/reports/network.js';

const small: NetworkInput = {
  orgs: [
    { name: 'Leeds City Council', participants: 12 },
    { name: 'NHS Digital', participants: 8 },
    { name: 'HMRC', participants: 5 },
    { name: 'Met Office', participants: 3 },
    { name: 'Cabinet Office', participants: 1 },
  ],
  links: [
    { a: 'Leeds City Council', b: 'NHS Digital', pairs: 4, newThisRound: false },
    { a: 'HMRC', b: 'Leeds City Council', pairs: 2, newThisRound: false },
    { a: 'Met Office', b: 'NHS Digital', pairs: 1, newThisRound: false },
  ],
};

/** A big scheme: `orgs` organisations of uneven sizes and about three links each, from a fixed seed. */
function big(orgs: number): NetworkInput {
  let s = 12345;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const list = Array.from({ length: orgs }, (_, i) => ({ name: `Organisation ${i + 1}`, participants: 1 + Math.floor(200 / (i + 1)) }));
  const links: NetworkInput['links'] = [];
  for (let k = 0; k < orgs * 3; k++) {
    const a = Math.floor(rand() * rand() * orgs);
    const b = Math.floor(rand() * orgs);
    if (a !== b) links.push({ a: list[a]!.name, b: list[b]!.name, pairs: 1 + Math.floor(rand() * 3), newThisRound: rand() < 0.05 });
  }
  return { orgs: list, links };
}

function decode(png: Buffer): PNG {
  return PNG.sync.read(png);
}

/** Pixels that differ between two pictures of the same size. */
function differing(a: PNG, b: PNG): number {
  let n = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    if (a.data[i] !== b.data[i] || a.data[i + 1] !== b.data[i + 1] || a.data[i + 2] !== b.data[i + 2]) n++;
  }
  return n;
}

/** Pixels of about this colour (the new links' orange is #e8590c). */
function countColour(img: PNG, [r, g, b]: [number, number, number]): number {
  let n = 0;
  for (let i = 0; i < img.data.length; i += 4) {
    if (Math.abs(img.data[i]! - r) < 24 && Math.abs(img.data[i + 1]! - g) < 24 && Math.abs(img.data[i + 2]! - b) < 24) n++;
  }
  return n;
}
const ORANGE: [number, number, number] = [0xe8, 0x59, 0x0c];

describe('the network picture', () => {
  it('when five organisations are drawn, then it is a PNG of 1200 × 800 by default', () => {
    const img = decode(renderNetworkPng(small));
    expect([img.width, img.height]).toEqual([1200, 800]);
  });

  it('when a size is given, then the PNG has that size', () => {
    const img = decode(renderNetworkPng(small, { width: 640, height: 480 }));
    expect([img.width, img.height]).toEqual([640, 480]);
  });

  it('when the same data is drawn twice, then the pictures are identical to the byte', () => {
    expect(renderNetworkPng(small).equals(renderNetworkPng(small))).toBe(true);
  });

  it('when a new link appears this round, then the pixels change and the picture holds the new links’ colour', () => {
    const before = decode(renderNetworkPng(small));
    const withNew = decode(
      renderNetworkPng({ ...small, links: [...small.links, { a: 'Cabinet Office', b: 'HMRC', pairs: 1, newThisRound: true }] }),
    );
    expect(differing(before, withNew)).toBeGreaterThan(500);
    // The legend shows the colour in both; a new link adds far more of it.
    expect(countColour(withNew, ORANGE)).toBeGreaterThan(countColour(before, ORANGE) + 50);
  });

  it('when only whether a link is new changes, then the layout stays and only its colour changes', () => {
    const old = decode(renderNetworkPng({ ...small, links: [...small.links, { a: 'Cabinet Office', b: 'HMRC', pairs: 1, newThisRound: false }] }));
    const fresh = decode(renderNetworkPng({ ...small, links: [...small.links, { a: 'Cabinet Office', b: 'HMRC', pairs: 1, newThisRound: true }] }));
    expect(differing(old, fresh)).toBeGreaterThan(50);
    expect(countColour(fresh, ORANGE)).toBeGreaterThan(countColour(old, ORANGE));
  });

  it('when 2,000 organisations are drawn, then it renders, naming only the largest and merging the smallest into one node', () => {
    const input = big(2000);
    const img = decode(renderNetworkPng(input));
    expect([img.width, img.height]).toEqual([1200, 800]);
    const svg = networkSvg(input);
    expect(svg).toContain('1,801 other organisations');
    expect(svg).toContain('>Organisation 1 (201)<');
    expect(svg).toContain('>Organisation 15 (14)<');
    expect(svg).not.toContain('>Organisation 16 ');
    // 199 organisations and the merged one.
    expect(svg.match(/<circle cx/g)!.length - 2).toBe(200);
  });

  it('when there is nobody yet, then it still draws a picture that says so', () => {
    const img = decode(renderNetworkPng({ orgs: [], links: [] }));
    expect(img.width).toBe(1200);
    expect(networkSvg({ orgs: [], links: [] })).toContain('No organisations yet');
  });

  it('when names hold markup, quotes and control characters, then they are escaped and the picture still renders', () => {
    const evil = `<script>alert("x")</script> & 'Co'\u0000\u001b`;
    const input: NetworkInput = { orgs: [{ name: evil, participants: 3 }, { name: 'B', participants: 1 }], links: [{ a: evil, b: 'B', pairs: 1, newThisRound: true }] };
    const svg = networkSvg(input);
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;… (3)');
    expect(decode(renderNetworkPng(input)).width).toBe(1200);
    expect(svgText('a\u0000b & <c>')).toBe('a b &amp; &lt;c&gt;');
  });
});
