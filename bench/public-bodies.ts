/**
 * The gazetteer's cost: building its word tree once, and finding every body in a text of 30 KB (the
 * reader's cap on what it reads) shaped five ways, from names everywhere to no names at all. Prints JSON:
 * milliseconds, the median of seven runs after one warm-up, and the heap the built tree holds.
 * Usage: npm run bench:public-bodies
 */
import { findBodies, knownBody } from '../src/organisations/public-bodies/index.js';

const SIZE = 30_000;
const fill = (unit: string) => unit.repeat(Math.ceil(SIZE / unit.length)).slice(0, SIZE);
const shapes: Record<string, string> = {
  'names everywhere': fill('Leeds City Council, Sheffield Teaching Hospitals NHS FT, HMRC; '),
  'words one letter out': fill('Sheffeild Servise Councel Lotian Hosptial '),
  'starts of long names that never finish': fill('NHS Bristol North Somerset and South '),
  'one long word': fill('a'),
  'prose with no names': fill('we met for a coffee and talked about the work we both do on housing. '),
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.floor(s.length / 2)]! * 100) / 100;
}

global.gc?.();
const heapBefore = process.memoryUsage().heapUsed;
let t = performance.now();
knownBody('Kent County Council');
const buildMs = Math.round((performance.now() - t) * 10) / 10;
global.gc?.();
const heapMiB = Math.round(((process.memoryUsage().heapUsed - heapBefore) / 2 ** 20) * 10) / 10;

const texts: Record<string, { chars: number; bodies: number; ms: number }> = {};
for (const [name, text] of Object.entries(shapes)) {
  const found = findBodies(text).length;
  const runs: number[] = [];
  for (let i = 0; i < 7; i++) {
    t = performance.now();
    findBodies(text);
    runs.push(performance.now() - t);
  }
  texts[name] = { chars: text.length, bodies: found, ms: median(runs) };
}
const values = ['Sheffeild City Council Highways', 'kirklees', 'Trading Standards', 'Cyngor Caerdydd', 'NHS GGC'];
const runs: number[] = [];
for (let i = 0; i < 7; i++) {
  t = performance.now();
  for (let k = 0; k < 1000; k++) for (const v of values) knownBody(v);
  runs.push(((performance.now() - t) * 1000) / (1000 * values.length));
}
console.log(JSON.stringify({ buildMs, heapMiB, findBodies30KB: texts, knownBodyMicroseconds: median(runs) }, null, 2));
