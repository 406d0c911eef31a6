/**
 * Times one pairParticipants call on a synthetic population (Zipf-sized organisations, ~1 per 50 people)
 * with earlier rounds of history made by pairParticipants itself. Prints one JSON line.
 *
 *   npx tsx bench/match-pairing.ts --participants 1000000 [--rounds 10] [--seed 1] [--zipf 1] [--prebuilt]
 *
 * pairing_seconds times pairParticipants given the history as a plain PastPair[] (so it includes building
 * the history index); index_seconds is that build alone. With --prebuilt the index is built beforehand and
 * passed in instead (as the round code does), and pairing_seconds excludes it.
 */
import { buildHistoryIndex, pairParticipants } from '../src/matching/pair.js';
import { createRng } from '../src/matching/rng.js';
import { syntheticHistory, syntheticPopulation } from '../src/matching/synthetic.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const participants = Number(arg('participants', '100000'));
const rounds = Number(arg('rounds', '10'));
const seed = Number(arg('seed', '1'));
const zipf = Number(arg('zipf', '1'));
const prebuilt = process.argv.includes('--prebuilt');

const t0 = performance.now();
const pop = syntheticPopulation({ participants, zipf, seed });
const { history } = syntheticHistory(pop.participants, { rounds, seed: seed + 1 });
const setupSeconds = (performance.now() - t0) / 1000;

let index = prebuilt ? buildHistoryIndex(history) : undefined;

const rng = createRng(seed + 2);
const tp = performance.now();
const result = pairParticipants(pop.participants, index ?? history, rng);
const pairingSeconds = (performance.now() - tp) / 1000;
const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);

// The index build alone (after the peak RSS reading, so it does not count a second table).
index = undefined;
const ti = performance.now();
buildHistoryIndex(history);
const indexSeconds = (performance.now() - ti) / 1000;

console.log(
  JSON.stringify({
    participants,
    organisations: pop.organisations,
    largest_org: pop.largestOrg,
    history_pairs: history.length,
    pairing_seconds: Number(pairingSeconds.toFixed(3)),
    peak_rss_mb: peakRssMb,
    same_org: result.stats.sameOrg,
    repeats: result.stats.repeats,
    trios: result.stats.trios,
    unplaced: result.unplaced.length,
    index_seconds: Number(indexSeconds.toFixed(3)),
    history_index_included: !prebuilt,
    setup_seconds: Number(setupSeconds.toFixed(1)),
  }),
);
