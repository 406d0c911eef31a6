/**
 * The second reader: a linear model over the words of a reply (features.ts), trained on the development
 * part of the hand-labelled replies (bench/train-reader.ts). It reads the whole reply at once where the
 * rules read one phrase at a time, so it carries to wordings the rules have not met; the rules carry what
 * it cannot (details, dates, times). second-opinion.ts sets the two side by side.
 *
 * Cost: one lookup per feature and one sum per feature and decision; the model is decoded once, on first use.
 */
import { DECISIONS, FEATURES, WEIGHTS } from './weights.js';
import { featuresOf, type FeatureInput } from './features.js';
import { probabilities, WEIGHT_SCALE } from './train.js';

export interface SecondReading {
  /** The decision it finds likeliest, in the labels' words ("details" for joining or changing details). */
  decision: string;
  /** Its probability of each decision. */
  p: Record<string, number>;
}

let decoded: { index: Map<string, number>; weights: Float32Array } | null = null;

function model(): { index: Map<string, number>; weights: Float32Array } {
  if (decoded) return decoded;
  const bytes = new Int8Array(Buffer.from(WEIGHTS, 'base64'));
  const weights = Float32Array.from(bytes, (b) => b / WEIGHT_SCALE);
  decoded = { index: new Map(FEATURES.split('\n').map((f, i) => [f, i])), weights };
  return decoded;
}

export function secondReading(input: FeatureInput): SecondReading {
  const { index, weights } = model();
  return readingOf(index, weights, DECISIONS, featuresOf(input));
}

/** The decision likeliest by these weights (features × decisions, row by row) for these features, and each one's probability. */
export function readingOf(index: Map<string, number>, weights: ArrayLike<number>, decisions: string[], features: string[]): SecondReading {
  const x = features.map((f) => index.get(f)).filter((i): i is number => i !== undefined);
  const out = new Float64Array(decisions.length);
  probabilities(weights, x, decisions.length, out);
  const p: Record<string, number> = {};
  let best = 0;
  decisions.forEach((d, k) => {
    p[d] = out[k]!;
    if (out[k]! > out[best]!) best = k;
  });
  return { decision: decisions[best]!, p };
}
