/**
 * Trains the second reader: a multinomial logistic regression (one weight per feature and decision), by
 * stochastic gradient descent with AdaGrad steps and a little L2, from hand-labelled replies. Deterministic:
 * the same examples in the same order give the same weights, so the committed model can be checked against
 * the labels it came from (test/inbound/read/second-reader.test.ts).
 *
 * The weights are the mean of several runs, each visiting the examples in its own shuffled order. One run
 * ends wherever its order left it, so adding a few replies to the training set (or only changing the seed)
 * moved its decisions on unseen replies far more than the new replies could justify; the mean of runs is
 * much steadier (docs/benchmarks.md, "The eleventh session").
 *
 * Cost: runs × epochs × (features of each example) × decisions.
 */
export interface Example {
  features: string[];
  decision: string;
}

export interface TrainOptions {
  epochs: number;
  rate: number;
  l2: number;
  /** A feature seen in fewer examples than this is dropped: it says more about one writer than about replies. */
  minCount: number;
  /** The first run's seed; run i shuffles with seed + i. */
  seed: number;
  /** How many runs' weights are averaged. */
  runs: number;
}

export const TRAINING: TrainOptions = { epochs: 25, rate: 0.1, l2: 1e-4, minCount: 3, seed: 1, runs: 5 };

export interface TrainedModel {
  decisions: string[];
  features: string[];
  /** features.length × decisions.length weights, row by row. */
  weights: Float64Array;
}

/** A small linear congruential generator: the shuffle is the same on every machine. */
function generator(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function train(examples: Example[], options: TrainOptions = TRAINING): TrainedModel {
  const runs = Math.max(1, options.runs);
  let mean: TrainedModel | null = null;
  for (let r = 0; r < runs; r++) {
    const one = trainOnce(examples, { ...options, seed: options.seed + r });
    if (mean === null) mean = { ...one, weights: new Float64Array(one.weights.length) };
    for (let i = 0; i < one.weights.length; i++) mean.weights[i]! += one.weights[i]! / runs;
  }
  return mean!;
}

/** One run of stochastic gradient descent over the examples, in the order `options.seed` shuffles them. */
function trainOnce(examples: Example[], options: TrainOptions): TrainedModel {
  const decisions = [...new Set(examples.map((e) => e.decision))].sort();
  const K = decisions.length;
  const seen = new Map<string, number>();
  for (const e of examples) for (const f of new Set(e.features)) seen.set(f, (seen.get(f) ?? 0) + 1);
  const features = [...seen].filter(([, n]) => n >= options.minCount).map(([f]) => f).sort();
  const index = new Map(features.map((f, i) => [f, i]));
  const weights = new Float64Array(features.length * K);
  const squares = new Float64Array(features.length * K).fill(1e-8);
  const data = examples.map((e) => ({
    x: [...new Set(e.features)].map((f) => index.get(f)).filter((i): i is number => i !== undefined),
    y: decisions.indexOf(e.decision),
  }));
  const random = generator(options.seed);
  const z = new Float64Array(K);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    const order = data.map((_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const n of order) {
      const { x, y } = data[n]!;
      probabilities(weights, x, K, z);
      for (const i of x) {
        for (let k = 0; k < K; k++) {
          const at = i * K + k;
          const g = z[k]! - (k === y ? 1 : 0) + options.l2 * weights[at]!;
          squares[at]! += g * g;
          weights[at]! -= (options.rate * g) / Math.sqrt(squares[at]!);
        }
      }
    }
  }
  return { decisions, features, weights };
}

/** Softmax of the summed weights of the features at `x`, written into `out`. */
export function probabilities(weights: ArrayLike<number>, x: number[], K: number, out: Float64Array): void {
  out.fill(0);
  for (const i of x) for (let k = 0; k < K; k++) out[k]! += weights[i * K + k]!;
  let max = -Infinity;
  for (let k = 0; k < K; k++) max = Math.max(max, out[k]!);
  let sum = 0;
  for (let k = 0; k < K; k++) {
    out[k] = Math.exp(out[k]! - max);
    sum += out[k]!;
  }
  for (let k = 0; k < K; k++) out[k]! /= sum;
}

/** Weights are kept as whole hundredths between -127 and 127 (one byte each): enough for the choice. */
export const WEIGHT_SCALE = 100;

/** The model as the source of src/inbound/read/second-reader/weights.ts. */
export function modelSource(model: TrainedModel, provenance: string): string {
  const bytes = new Int8Array(model.weights.length);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.max(-127, Math.min(127, Math.round(model.weights[i]! * WEIGHT_SCALE)));
  const b64 = Buffer.from(bytes.buffer).toString('base64');
  const lines = b64.match(/.{1,120}/g) ?? [];
  return [
    '// Generated by `npm run train:reader` (bench/train-reader.ts): do not edit by hand.',
    `// ${provenance}`,
    `export const DECISIONS = ${JSON.stringify(model.decisions)};`,
    `export const FEATURES = ${JSON.stringify(model.features.join('\n'))};`,
    `export const WEIGHTS = [\n  ${lines.map((l) => JSON.stringify(l)).join(',\n  ')},\n].join('');`,
    '',
  ].join('\n');
}
