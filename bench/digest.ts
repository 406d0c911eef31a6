/**
 * Times the digest's picture: renderNetworkPng at 5, 200 and 2,000 organisations (sizes Zipf-like, about
 * three links an organisation, 5% of them new), median of --runs renders after one warm-up render (which
 * loads resvg and the fonts; timed separately as first_ms). svg_ms is the layout and SVG alone. Prints JSON.
 *
 *   npm run bench:digest [-- --runs 5] [--orgs 5,200,2000]
 */
import { networkSvg, renderNetworkPng, type NetworkInput } from '../src/reports/network.js';
import { arg, peakRssMb } from './lib.js';

function input(orgs: number, seed = 1): NetworkInput {
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const list = Array.from({ length: orgs }, (_, i) => ({ name: `Organisation ${i + 1}`, participants: 1 + Math.floor(400 / (i + 1)) }));
  const seen = new Set<string>();
  const links: NetworkInput['links'] = [];
  for (let k = 0; k < orgs * 3; k++) {
    const a = Math.floor(rand() * rand() * orgs);
    const b = Math.floor(rand() * orgs);
    const key = a < b ? `${a}-${b}` : `${b}-${a}`;
    if (a === b || seen.has(key)) continue;
    seen.add(key);
    links.push({ a: list[a]!.name, b: list[b]!.name, pairs: 1 + Math.floor(rand() * rand() * 5), newThisRound: rand() < 0.05 });
  }
  return { orgs: list, links };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const runs = Number(arg('runs', '5'));
const sizes = arg('orgs', '5,200,2000').split(',').map(Number);

const t0 = performance.now();
renderNetworkPng(input(5));
const firstMs = Math.round(performance.now() - t0);

const results = sizes.map((orgs) => {
  const data = input(orgs);
  const png: number[] = [];
  const svg: number[] = [];
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    networkSvg(data);
    svg.push(performance.now() - t);
    t = performance.now();
    bytes = renderNetworkPng(data).length;
    png.push(performance.now() - t);
  }
  return { orgs, links: data.links.length, svg_ms: Math.round(median(svg)), png_ms: Math.round(median(png)), png_kb: Math.round(bytes / 1024) };
});

process.stdout.write(`${JSON.stringify({ runs, first_ms: firstMs, results, peak_rss_mb: peakRssMb() })}\n`);
