/**
 * The digest's picture: the organisations the scheme has linked, as a network. Nodes are organisations,
 * sized by their participants; an edge joins two organisations whose people were grouped together, wider
 * for more pairs; the links first made in the latest round are drawn in a colour of their own.
 *
 * - The layout is d3-force, run synchronously for a fixed number of ticks from a seeded random source,
 *   so the same data always gives the same picture.
 * - The SVG is written here (every name escaped) and rendered to PNG in-process by resvg, with the DejaVu
 *   fonts shipped in node_modules: the picture never depends on the machine's fonts.
 * - It stays legible and fast from a handful of organisations to thousands: only the largest are labelled,
 *   and beyond MAX_NODES the smallest are merged into one "N other organisations" node, their links with it.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import {
  forceCollide,
  forceLink,
  forceManyBody,
  forceSimulation,
  forceX,
  forceY,
  type SimulationLinkDatum,
  type SimulationNodeDatum,
} from 'd3-force';
import { createRng } from '../matching/rng.js';

export interface NetworkInput {
  orgs: Array<{ name: string; participants: number }>;
  links: Array<{ a: string; b: string; pairs: number; newThisRound: boolean }>;
}

export interface NetworkOptions {
  width?: number;
  height?: number;
  /** The heading; "Organisations linked by the scheme" when absent. */
  title?: string;
  /** What the highlighted links are, for the legend: "New link this round" when absent. */
  newLabel?: string;
}

/** Organisations drawn one by one; the rest become one node. */
export const MAX_NODES = 200;
/** Organisations named on the picture, the largest first. */
export const MAX_LABELS = 15;
const TICKS = 300;
const SEED = 0x5eed;

const COLOURS = {
  background: '#ffffff',
  title: '#1f2933',
  muted: '#52606d',
  node: '#2f6f9f',
  nodeStroke: '#ffffff',
  others: '#9aa5b1',
  link: '#7b8794',
  fresh: '#e8590c',
  panel: '#f5f7fa',
};

const require = createRequire(import.meta.url);
const FONT_DIR = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const FONT_FILES = [path.join(FONT_DIR, 'DejaVuSans.ttf'), path.join(FONT_DIR, 'DejaVuSans-Bold.ttf')];

interface Node extends SimulationNodeDatum {
  name: string;
  participants: number;
  others: boolean;
  r: number;
}

interface Edge extends SimulationLinkDatum<Node> {
  source: Node;
  target: Node;
  pairs: number;
  fresh: boolean;
}

/** Text for SVG: XML-escaped, without the control characters XML 1.0 forbids, one line, at most `max` characters. */
export function svgText(value: string, max = Infinity): string {
  // eslint-disable-next-line no-control-regex
  let s = String(value).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufffe\uffff]+/g, ' ').replace(/\s+/g, ' ').trim();
  // Lone surrogates are not characters: drop them rather than make the SVG unreadable.
  s = s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '');
  const chars = [...s];
  if (chars.length > max) s = `${chars.slice(0, max - 1).join('').trimEnd()}…`;
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const fmt = (n: number) => n.toLocaleString('en-GB');
const px = (n: number) => (Math.round(n * 10) / 10).toString();

/**
 * The organisations and links to draw: names merged, links to unknown names given a node, and beyond
 * MAX_NODES the smallest organisations merged into one node (their links to the rest added up on it; links
 * among them are inside that node and not drawn).
 */
function prepare(input: NetworkInput): { nodes: Node[]; edges: Edge[]; orgCount: number; linkCount: number; newCount: number; merged: number } {
  const participants = new Map<string, number>();
  for (const o of input.orgs) {
    const name = String(o.name ?? '');
    participants.set(name, (participants.get(name) ?? 0) + Math.max(0, Number(o.participants) || 0));
  }
  const pairsOf = new Map<string, { a: string; b: string; pairs: number; fresh: boolean }>();
  for (const l of input.links) {
    const a = String(l.a ?? '');
    const b = String(l.b ?? '');
    if (a === b) continue;
    if (!participants.has(a)) participants.set(a, 0);
    if (!participants.has(b)) participants.set(b, 0);
    const [x, y] = a < b ? [a, b] : [b, a];
    const key = `${x}\u0000${y}`;
    const hit = pairsOf.get(key);
    const pairs = Math.max(1, Number(l.pairs) || 1);
    if (hit) {
      hit.pairs += pairs;
      hit.fresh ||= Boolean(l.newThisRound);
    } else pairsOf.set(key, { a: x, b: y, pairs, fresh: Boolean(l.newThisRound) });
  }
  const ranked = [...participants.entries()].sort((p, q) => q[1] - p[1] || (p[0] < q[0] ? -1 : p[0] > q[0] ? 1 : 0));
  const kept = ranked.length > MAX_NODES ? ranked.slice(0, MAX_NODES - 1) : ranked;
  const rest = ranked.slice(kept.length);
  const maxP = ranked.reduce((m, r) => Math.max(m, r[1]), 1);
  // Circles shrink as organisations multiply, so two hundred still fit without covering each other.
  const crowd = Math.min(1, Math.max(0, (Math.min(ranked.length, MAX_NODES) - 20) / 180));
  const rMin = 5 - 2 * crowd;
  const rMax = 30 - 12 * crowd;
  const radius = (p: number) => rMin + (rMax - rMin) * Math.sqrt(p / maxP);
  const nodes: Node[] = kept.map(([name, p]) => ({ name, participants: p, others: false, r: radius(p) }));
  const byName = new Map(nodes.map((n) => [n.name, n]));
  let others: Node | null = null;
  if (rest.length) {
    const p = rest.reduce((s, r) => s + r[1], 0);
    others = { name: `${fmt(rest.length)} other organisations`, participants: p, others: true, r: Math.min(rMax + 6, radius(p)) };
    nodes.push(others);
  }
  const edges = new Map<string, Edge>();
  let newCount = 0;
  for (const l of pairsOf.values()) {
    if (l.fresh) newCount++;
    const s = byName.get(l.a) ?? others!;
    const t = byName.get(l.b) ?? others!;
    if (s === t) continue;
    // A link into the merged node stands for many: it is drawn as an old one, whatever it holds.
    const fresh = l.fresh && s !== others && t !== others;
    const [x, y] = s.name < t.name ? [s, t] : [t, s];
    const key = `${x.name}\u0000${y.name}`;
    const e = edges.get(key);
    if (e) {
      e.pairs += l.pairs;
      e.fresh ||= fresh;
    } else edges.set(key, { source: x, target: y, pairs: l.pairs, fresh });
  }
  return { nodes, edges: [...edges.values()], orgCount: ranked.length, linkCount: pairsOf.size, newCount, merged: rest.length };
}

/** Places the nodes: a seeded, fixed-length force layout, then scaled to fit `box`. */
function layout(nodes: Node[], edges: Edge[], box: { x: number; y: number; w: number; h: number }): void {
  if (!nodes.length) return;
  const degree = new Map<Node, number>();
  for (const e of edges) {
    degree.set(e.source, (degree.get(e.source) ?? 0) + 1);
    degree.set(e.target, (degree.get(e.target) ?? 0) + 1);
  }
  const aspect = box.w / box.h;
  const rng = createRng(SEED);
  const sim = forceSimulation<Node>(nodes)
    // d3-force's initial placement and jiggle draw from a seeded source, so a layout repeats exactly.
    .randomSource(() => rng.next())
    .force(
      'link',
      forceLink<Node, Edge>(edges)
        .distance((e) => e.source.r + e.target.r + 30)
        .strength((e) => 0.6 / Math.min(degree.get(e.source) ?? 1, degree.get(e.target) ?? 1)),
    )
    .force('charge', forceManyBody<Node>().strength((n) => -30 - n.r * 6).theta(0.9))
    .force('collide', forceCollide<Node>((n) => n.r + 3).iterations(2))
    // A gentle pull to the middle keeps organisations without links on the picture; wider than tall.
    .force('x', forceX<Node>(0).strength(0.04 / aspect))
    .force('y', forceY<Node>(0).strength(0.04 * aspect))
    .stop();
  sim.tick(TICKS);

  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const n of nodes) {
    minX = Math.min(minX, n.x! - n.r);
    maxX = Math.max(maxX, n.x! + n.r);
    minY = Math.min(minY, n.y! - n.r);
    maxY = Math.max(maxY, n.y! + n.r);
  }
  const w = Math.max(maxX - minX, 1);
  const h = Math.max(maxY - minY, 1);
  // Never enlarge a small network past life size: five organisations should not fill the picture edge to edge.
  const scale = Math.min(box.w / w, box.h / h, 3);
  const cx = box.x + box.w / 2;
  const cy = box.y + box.h / 2;
  for (const n of nodes) {
    n.x = cx + (n.x! - (minX + w / 2)) * scale;
    n.y = cy + (n.y! - (minY + h / 2)) * scale;
  }
}

type Box = { x: number; y: number; w: number; h: number };

/**
 * Where each label goes: beside its node, on whichever of eight sides stays on the picture and covers the
 * fewest earlier labels, other organisations and links (a label over a label is worst, over a link least bad).
 */
function placeLabels(labelled: Node[], all: Node[], edges: Edge[], area: { w: number; h: number; top: number; bottom: number }, fontSize: number) {
  const placed: Box[] = [];
  const out: Array<{ node: Node; x: number; y: number; anchor: 'start' | 'end' | 'middle'; text: string }> = [];
  const overlapsBox = (b: Box, p: Box) => b.x < p.x + p.w && p.x < b.x + b.w && b.y < p.y + p.h && p.y < b.y + b.h;
  const overlapsCircle = (b: Box, n: Node) => {
    const dx = n.x! - Math.max(b.x, Math.min(n.x!, b.x + b.w));
    const dy = n.y! - Math.max(b.y, Math.min(n.y!, b.y + b.h));
    return dx * dx + dy * dy < n.r * n.r;
  };
  /** Whether the segment p–q crosses box b (Liang–Barsky clipping). */
  const crosses = (b: Box, e: Edge) => {
    const x0 = e.source.x!;
    const y0 = e.source.y!;
    const dx = e.target.x! - x0;
    const dy = e.target.y! - y0;
    let t0 = 0;
    let t1 = 1;
    for (const [p, q] of [[-dx, x0 - b.x], [dx, b.x + b.w - x0], [-dy, y0 - b.y], [dy, b.y + b.h - y0]] as const) {
      if (p === 0) {
        if (q < 0) return false;
      } else {
        const r = q / p;
        if (p < 0) t0 = Math.max(t0, r);
        else t1 = Math.min(t1, r);
        if (t0 > t1) return false;
      }
    }
    return true;
  };
  for (const n of labelled) {
    const count = n.participants ? ` (${fmt(n.participants)})` : '';
    const text = svgText(n.name, 32) + count;
    const shown = Math.min([...n.name].length, 32) + count.length;
    const w = shown * fontSize * 0.6 + 4;
    const h = fontSize + 4;
    const gap = n.r + 4;
    const d = n.r * 0.7 + 3;
    const base = fontSize * 0.35;
    const options: Array<{ x: number; y: number; anchor: 'start' | 'end' | 'middle'; box: Box }> = [
      { x: n.x! + gap, y: n.y! + base, anchor: 'start', box: { x: n.x! + gap, y: n.y! - h / 2, w, h } },
      { x: n.x! - gap, y: n.y! + base, anchor: 'end', box: { x: n.x! - gap - w, y: n.y! - h / 2, w, h } },
      { x: n.x!, y: n.y! - gap - 3, anchor: 'middle', box: { x: n.x! - w / 2, y: n.y! - gap - h, w, h } },
      { x: n.x!, y: n.y! + gap + fontSize, anchor: 'middle', box: { x: n.x! - w / 2, y: n.y! + gap, w, h } },
      { x: n.x! + d, y: n.y! - d - 3, anchor: 'start', box: { x: n.x! + d, y: n.y! - d - h, w, h } },
      { x: n.x! + d, y: n.y! + d + fontSize, anchor: 'start', box: { x: n.x! + d, y: n.y! + d, w, h } },
      { x: n.x! - d, y: n.y! - d - 3, anchor: 'end', box: { x: n.x! - d - w, y: n.y! - d - h, w, h } },
      { x: n.x! - d, y: n.y! + d + fontSize, anchor: 'end', box: { x: n.x! - d - w, y: n.y! + d, w, h } },
    ];
    const fits = (b: Box) => b.x >= 4 && b.x + b.w <= area.w - 4 && b.y >= area.top && b.y + b.h <= area.h - area.bottom;
    const cost = (b: Box) =>
      (fits(b) ? 0 : 1000) +
      10 * placed.filter((p) => overlapsBox(b, p)).length +
      all.filter((o) => o !== n && overlapsCircle(b, o)).length +
      0.3 * edges.filter((e) => crosses(b, e)).length;
    let best = options[0]!;
    let bestCost = Infinity;
    for (const o of options) {
      const c = cost(o.box);
      if (c < bestCost) {
        best = o;
        bestCost = c;
      }
    }
    placed.push(best.box);
    out.push({ node: n, x: best.x, y: best.y, anchor: best.anchor, text });
  }
  return out;
}

/** The network as SVG text: exported for tests and for anyone who wants a vector copy. */
export function networkSvg(input: NetworkInput, opts: NetworkOptions = {}): string {
  const width = Math.round(opts.width ?? 1200);
  const height = Math.round(opts.height ?? 800);
  if (!(width >= 200 && width <= 8000 && height >= 150 && height <= 8000)) throw new RangeError('width must be 200–8000 and height 150–8000');
  const { nodes, edges, orgCount, linkCount, newCount, merged } = prepare(input);
  const header = 78;
  const footer = 64;
  layout(nodes, edges, { x: 24, y: header + 8, w: width - 48, h: height - header - footer - 16 });

  const maxPairs = edges.reduce((m, e) => Math.max(m, e.pairs), 1);
  const edgeWidth = (pairs: number) => 0.8 + 4.2 * Math.sqrt((pairs - 1) / Math.max(1, maxPairs - 1));
  // Many links drawn at full strength make a grey smear: the more there are, the fainter each is.
  const faint = Math.max(0.12, Math.min(0.55, 30 / Math.sqrt(Math.max(1, edges.length)) / 4));

  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans">`,
    `<rect width="100%" height="100%" fill="${COLOURS.background}"/>`,
  );
  // Links: the old ones faint and underneath, this round's new ones in colour on top.
  parts.push(`<g stroke="${COLOURS.link}" stroke-opacity="${faint.toFixed(2)}" stroke-linecap="round" fill="none">`);
  for (const e of edges) {
    if (e.fresh) continue;
    parts.push(`<line x1="${px(e.source.x!)}" y1="${px(e.source.y!)}" x2="${px(e.target.x!)}" y2="${px(e.target.y!)}" stroke-width="${px(edgeWidth(e.pairs))}"/>`);
  }
  parts.push('</g>');
  parts.push(`<g stroke="${COLOURS.fresh}" stroke-opacity="0.9" stroke-linecap="round" fill="none">`);
  for (const e of edges) {
    if (!e.fresh) continue;
    parts.push(`<line x1="${px(e.source.x!)}" y1="${px(e.source.y!)}" x2="${px(e.target.x!)}" y2="${px(e.target.y!)}" stroke-width="${px(edgeWidth(e.pairs) + 1.4)}"/>`);
  }
  parts.push('</g>');
  // Organisations: the smallest drawn first, so the large ones are never hidden under them.
  // Where a few new links are, their organisations are ringed too; many rings would only add noise.
  const freshEdges = edges.filter((e) => e.fresh);
  const freshNodes = new Set(freshEdges.length <= 40 ? freshEdges.flatMap((e) => [e.source, e.target]) : []);
  parts.push(`<g stroke="${COLOURS.nodeStroke}" stroke-width="1.5">`);
  for (const n of [...nodes].sort((p, q) => p.r - q.r)) {
    const fill = n.others ? COLOURS.others : COLOURS.node;
    const ring = freshNodes.has(n) ? ` stroke="${COLOURS.fresh}" stroke-width="2.5"` : '';
    parts.push(`<circle cx="${px(n.x!)}" cy="${px(n.y!)}" r="${px(n.r)}" fill="${fill}"${ring}/>`);
  }
  parts.push('</g>');

  // Labels: the largest organisations, and the merged node, each on a white halo so links never hide them.
  const labelled = nodes.filter((n) => !n.others).slice(0, MAX_LABELS);
  const othersNode = nodes.find((n) => n.others);
  if (othersNode) labelled.push(othersNode);
  const fontSize = 13;
  parts.push(`<g font-size="${fontSize}" fill="${COLOURS.title}" stroke="#ffffff" stroke-width="3.5" stroke-linejoin="round" paint-order="stroke">`);
  for (const l of placeLabels(labelled, nodes, edges, { w: width, h: height, top: header - 6, bottom: footer }, fontSize)) {
    parts.push(`<text x="${px(l.x)}" y="${px(l.y)}" text-anchor="${l.anchor}"${l.node.others ? ` fill="${COLOURS.muted}"` : ''}>${l.text}</text>`);
  }
  parts.push('</g>');

  // Title and what the picture shows in figures.
  const title = svgText(opts.title ?? 'Organisations linked by the scheme', 90);
  const summary = nodes.length
    ? `${fmt(orgCount)} organisation${orgCount === 1 ? '' : 's'} · ${fmt(linkCount)} link${linkCount === 1 ? '' : 's'} between them · ${fmt(newCount)} new this round` +
      (merged ? ` · the ${fmt(merged)} smallest shown as one grey circle` : '')
    : 'No organisations yet: the picture fills in as people join and are matched.';
  parts.push(
    `<text x="24" y="40" font-size="24" font-weight="bold" fill="${COLOURS.title}">${title}</text>`,
    `<text x="24" y="64" font-size="14" fill="${COLOURS.muted}">${svgText(summary)}</text>`,
  );

  // Legend, along the bottom.
  const ly = height - footer / 2;
  const legend: string[] = [];
  let lx = 28;
  legend.push(`<circle cx="${lx}" cy="${ly}" r="5" fill="${COLOURS.node}"/>`, `<circle cx="${lx + 20}" cy="${ly}" r="10" fill="${COLOURS.node}"/>`);
  lx += 38;
  legend.push(`<text x="${lx}" y="${ly + 4.5}">An organisation: larger for more participants</text>`);
  lx += 330;
  legend.push(`<line x1="${lx}" y1="${ly}" x2="${lx + 34}" y2="${ly}" stroke="${COLOURS.link}" stroke-width="3" stroke-linecap="round"/>`);
  lx += 44;
  legend.push(`<text x="${lx}" y="${ly + 4.5}">People matched across them: wider for more pairs</text>`);
  lx += 345;
  legend.push(`<line x1="${lx}" y1="${ly}" x2="${lx + 34}" y2="${ly}" stroke="${COLOURS.fresh}" stroke-width="4" stroke-linecap="round"/>`);
  lx += 44;
  legend.push(`<text x="${lx}" y="${ly + 4.5}">${svgText(opts.newLabel ?? 'New link this round', 40)}</text>`);
  // A narrow picture cannot take the legend at full size: scale it to fit.
  const legendWidth = lx + 170;
  const shrink = Math.min(1, (width - 24) / legendWidth);
  parts.push(
    `<rect x="0" y="${height - footer}" width="${width}" height="${footer}" fill="${COLOURS.panel}"/>`,
    `<g font-size="13" fill="${COLOURS.muted}" transform="translate(0 ${px(ly * (1 - shrink))}) scale(${shrink.toFixed(4)})">${legend.join('')}</g>`,
  );
  parts.push('</svg>');
  return parts.join('\n');
}

/** The network as a PNG: width × height pixels (1200 × 800 unless told). */
export function renderNetworkPng(input: NetworkInput, opts: NetworkOptions = {}): Buffer {
  const svg = networkSvg(input, opts);
  const resvg = new Resvg(svg, {
    font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' },
    fitTo: { mode: 'original' },
    shapeRendering: 2,
    textRendering: 1,
    logLevel: 'off',
  });
  return resvg.render().asPng();
}
