import { join } from 'node:path';
import { terms } from '@tandem/text';
import {
  calibrationFeatures,
  confidenceOf,
  coverageOf,
  evidenceOf,
} from '../apps/knowledge/src/search/confidence';
import { linearScores } from '../apps/knowledge/src/search/ranker/linear';
import { Ranker, type RankerArticle } from '../apps/knowledge/src/search/ranker/ranker';
import { Vectorizer } from '../apps/knowledge/src/search/ranker/vectorizer';
import { articlesOf, load, stratifiedFolds, type Labelled } from './banking77';
import { bm25Nearest } from './bm25-article';
import {
  chooseThreshold,
  curveOf,
  innerSplit,
  meanSd,
  rates,
  sigmoid,
  simulate,
  trainCalibrator,
  type Scored,
} from './deferral';
import { textArgs } from './stats';

/**
 * Answer or defer, on banking77 (Casanueva et al., 2020, PolyAI-LDN/task-specific-datasets,
 * CC BY 4.0) with out-of-scope questions simulated by holding out whole intents: per outer
 * fold, a seeded `--oos` share (25 %) of the 77 intents is not in the knowledge base; the
 * others' training-fold questions are the articles' sample questions. The test fold's
 * questions of the kept intents are the answerable queries, those of the missing intents the
 * unanswerable ones. Each method's confidence in its top article is thresholded; the
 * threshold, and every calibrator, are learned on inner splits of the training fold only
 * (kept intents only, a share of them again held out as out of scope), never on the test
 * fold.
 *
 *   npm run build && node dist/bench/answer-deferral.js [--folds 5] [--seed 1] [--oos 0.25]
 *     [--inner 2] [--data path/to/train.csv]
 */
const args = textArgs();
const FOLDS = Number(args.get('folds') ?? 5);
const SEED = Number(args.get('seed') ?? 1);
const OOS = Number(args.get('oos') ?? 0.25);
const INNER = Number(args.get('inner') ?? 2);
/** BOT_ANSWER_THRESHOLD's default before this bench (apps/bot/src/config.ts). */
const BOT_DEFAULT = 0.55;
/** The default this bench proposes (the shipped calibrator's pooled balanced threshold). */
const BOT_PROPOSED = 0.65;
const DATA = args.get('data') ?? join(__dirname, '../../../shared/data/banking77/train.csv');

/** What a query yields once, from which every method's confidence is computed. */
interface Observation {
  answerable: boolean;
  label: string;
  bm25: { articleId: string; score: number };
  ranker: {
    articleId: string;
    probability: number;
    margin: number;
    evidence: number;
    similarity: number;
    /** Matching terms in the query (repeats counted). */
    queryTerms: number;
    /** `coverageOf` the query by the top article's texts. */
    coverage: number;
    /** The same weighted by each term's idf over the knowledge base's articles. */
    idfCoverage: number;
    /** The top article's own SVM score before the softmax (not exposed by `Ranked`). */
    rawScore: number;
  };
}

function observe(
  articleRows: readonly Labelled[],
  queries: readonly { row: Labelled; answerable: boolean }[],
): Observation[] {
  const articles: RankerArticle[] = articlesOf(articleRows);
  const bm25 = bm25Nearest(articles);
  const ranker = Ranker.train(articles);
  // The raw SVM scores, from the model's plain-data state (a proposal: see the docs).
  const state = ranker.toState();
  const vectorizer = Vectorizer.fromState(state.vectorizer);
  const raw = new Float64Array(state.articleIds.length);
  const textsOf = new Map(
    articles.map((article) => [
      article.id,
      [article.title, ...article.questions].map((text) => terms(text)),
    ]),
  );
  const vocabularies = new Map(
    [...textsOf].map(([id, texts]) => [id, new Set(texts.flat())] as const),
  );
  const df = new Map<string, number>();
  for (const vocabulary of vocabularies.values())
    for (const term of vocabulary) df.set(term, (df.get(term) ?? 0) + 1);
  const idf = (term: string) => Math.log((articles.length + 1) / ((df.get(term) ?? 0) + 1)) + 1;
  return queries.map(({ row, answerable }) => {
    const ranked = ranker.predict(row.text, 2);
    const top = ranked[0]!;
    const queryTerms = terms(row.text);
    linearScores(state.svm!, vectorizer.transform(row.text), raw);
    const distinct = [...new Set(queryTerms)];
    const vocabulary = vocabularies.get(top.articleId)!;
    const found = distinct.filter((term) => vocabulary.has(term));
    const weight = (list: string[]) => list.reduce((sum, term) => sum + idf(term), 0);
    const texts = textsOf.get(top.articleId)!;
    return {
      answerable,
      label: row.label,
      bm25: bm25(row.text),
      ranker: {
        articleId: top.articleId,
        probability: top.probability,
        margin: top.probability - (ranked[1]?.probability ?? 0),
        evidence: evidenceOf(queryTerms, texts),
        similarity: top.similarity,
        queryTerms: queryTerms.length,
        coverage: coverageOf(queryTerms, texts),
        idfCoverage: distinct.length === 0 ? 0 : weight(found) / weight(distinct),
        rawScore: raw[state.articleIds.indexOf(top.articleId)]!,
      },
    };
  });
}

/** A confidence method: learns what it needs from the inner observations, then scores. */
interface Method {
  name: string;
  learn(inner: readonly Observation[]): (o: Observation) => number;
  /** Whose top article the confidence is about. */
  top: 'bm25' | 'ranker';
}

const rankerRight = (o: Observation) => o.answerable && o.ranker.articleId === o.label;

function calibrated(
  name: string,
  features: (o: Observation) => number[],
  learned: Map<string, { intercept: number; weights: number[] }[]>,
): Method {
  return {
    name,
    top: 'ranker',
    learn(inner) {
      const model = trainCalibrator(inner.map(features), inner.map(rankerRight));
      learned.set(name, [...(learned.get(name) ?? []), model]);
      return (o) =>
        sigmoid(features(o).reduce((s, v, j) => s + v * model.weights[j]!, model.intercept));
    },
  };
}

/** The first four of confidence.ts's calibration features; then more, as in confidence.ts. */
const signals = (o: Observation) => calibrationFeatures(o.ranker).slice(0, 4);
const lengthOf = (o: Observation) => Math.log(1 + o.ranker.queryTerms);
const learned = new Map<string, { intercept: number; weights: number[] }[]>();
const methods: Method[] = [
  { name: 'BM25 normalised', top: 'bm25', learn: () => (o) => o.bm25.score },
  { name: 'ranker probability', top: 'ranker', learn: () => (o) => o.ranker.probability },
  {
    name: 'confidenceOf (current)',
    top: 'ranker',
    learn: () => (o) => confidenceOf(o.ranker.probability, o.ranker.evidence),
  },
  calibrated('calibrated (p, margin, evidence, cosine)', signals, learned),
  calibrated('… + query length', (o) => [...signals(o), lengthOf(o)], learned),
  calibrated('… + length, coverage (shipped)', (o) => calibrationFeatures(o.ranker), learned),
  calibrated(
    '… + length, idf coverage',
    (o) => [...signals(o), lengthOf(o), o.ranker.idfCoverage],
    learned,
  ),
  calibrated('… + raw SVM score (proposal)', (o) => [...signals(o), o.ranker.rawScore], learned),
];

interface FoldFigures {
  threshold: number;
  correct: number;
  deferred: number;
  answeredWrong: number;
  balanced: number;
  bothAt90: boolean;
  area: number;
  oracle: { threshold: number; correct: number; deferred: number };
  /** The most answerable questions answered right while deferring ≥ 90 % (test curve). */
  correctAt90: number;
  /** At the bot's current default threshold. */
  atDefault: { correct: number; deferred: number };
  atProposed: { correct: number; deferred: number };
}

const rows = load(DATA);
const fold = stratifiedFolds(rows, FOLDS, SEED);
const figures = new Map<string, FoldFigures[]>(methods.map(({ name }) => [name, []]));
const pooledInner: Observation[] = [];
const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)} s`;
let counts = { answerable: 0, unanswerable: 0, articles: 0 };

for (let k = 0; k < FOLDS; k++) {
  const trainRows = rows.filter((_, i) => fold[i] !== k);
  const testRows = rows.filter((_, i) => fold[i] === k);
  const outer = simulate(trainRows, testRows, OOS, SEED * 1000 + k);
  // Inner rounds: the kept intents' training questions only, split again, intents held out again.
  const inner: Observation[] = [];
  for (let r = 0; r < INNER; r++) {
    const seed = SEED * 1000 + 100 * (k + 1) + r;
    const { fitRows, checkRows } = innerSplit(outer.articles, 5, seed);
    const round = simulate(fitRows, checkRows, OOS, seed);
    inner.push(...observe(round.articles, round.queries));
    process.stderr.write(`fold ${k + 1}: inner round ${r + 1}/${INNER} (${elapsed()})\n`);
  }
  pooledInner.push(...inner);
  const test = observe(outer.articles, outer.queries);
  counts = {
    answerable: counts.answerable + test.filter((o) => o.answerable).length,
    unanswerable: counts.unanswerable + test.filter((o) => !o.answerable).length,
    articles: counts.articles + new Set(outer.articles.map(({ label }) => label)).size,
  };
  for (const method of methods) {
    const confidence = method.learn(inner);
    const right = (o: Observation) =>
      o.answerable && (method.top === 'bm25' ? o.bm25.articleId : o.ranker.articleId) === o.label;
    const scoredOf = (set: readonly Observation[]): Scored[] =>
      set.map((o) => ({ confidence: confidence(o), answerable: o.answerable, right: right(o) }));
    const threshold = chooseThreshold(scoredOf(inner));
    const scored = scoredOf(test);
    const at = rates(scored, threshold);
    const answerable = scored.filter((s) => s.answerable);
    const curve = curveOf(scored);
    figures.get(method.name)!.push({
      threshold,
      ...at,
      answeredWrong:
        answerable.filter((s) => s.confidence >= threshold && !s.right).length / answerable.length,
      balanced: Math.min(curve.balanced.correct, curve.balanced.deferred),
      bothAt90: curve.bothAtLeast !== null,
      area: curve.area,
      oracle: curve.balanced,
      atDefault: rates(scored, BOT_DEFAULT),
      atProposed: rates(scored, BOT_PROPOSED),
      correctAt90: Math.max(
        0,
        ...curve.points.filter(({ deferred }) => deferred >= 0.9).map(({ correct }) => correct),
      ),
    });
  }
  process.stderr.write(`fold ${k + 1}/${FOLDS} done (${elapsed()})\n`);
}

const names = methods.map(({ name }) => name);
const line = (label: string, cells: readonly string[]) =>
  `| ${label.padEnd(40)} | ${cells.map((cell) => cell.padStart(14)).join(' | ')} |`;
console.log(
  [
    `### banking77 answer or defer: ${rows.length} questions, ${FOLDS}-fold stratified CV (seed ${SEED}), ${OOS * 100} % of intents out of scope per fold, ${INNER} inner rounds`,
    `(per fold on average: ${(counts.articles / FOLDS).toFixed(0)} articles, ${(counts.answerable / FOLDS).toFixed(0)} answerable and ${(counts.unanswerable / FOLDS).toFixed(0)} unanswerable queries; mean ± sd over folds)`,
    '',
    line('method', [
      'correct %',
      'deferred %',
      'wrong ans. %',
      'threshold',
      'oracle min %',
      'area %',
      'cor. @90 def.',
      'both ≥ 90',
    ]),
    `|${'-'.repeat(42)}|${Array.from({ length: 8 }, () => '-'.repeat(16)).join('|')}|`,
    ...names.map((name) => {
      const f = figures.get(name)!;
      return line(name, [
        meanSd(f.map((x) => x.correct)),
        meanSd(f.map((x) => x.deferred)),
        meanSd(f.map((x) => x.answeredWrong)),
        meanSd(
          f.map((x) => x.threshold),
          3,
          1,
        ),
        meanSd(f.map((x) => x.balanced)),
        meanSd(f.map((x) => x.area)),
        meanSd(f.map((x) => x.correctAt90)),
        `${f.filter((x) => x.bothAt90).length}/${f.length} folds`,
      ]);
    }),
    '',
    'correct: answerable questions answered with the right article; deferred: unanswerable questions',
    'deferred; wrong ans.: answerable questions answered with a wrong article — all at the threshold',
    'chosen on the inner rounds (highest min(correct, deferred) there). oracle min: the best',
    'min(correct, deferred) over every threshold on the test fold itself (not a result, a ceiling);',
    'area: under correct-answered against deferred as the threshold rises; cor. @90 def.: the most',
    'answerable questions answered right at any threshold deferring at least 90 % (test curve).',
    '',
    ...[BOT_DEFAULT, BOT_PROPOSED].flatMap((threshold) => [
      ...names.map((name) => {
        const at = figures
          .get(name)!
          .map((x) => (threshold === BOT_DEFAULT ? x.atDefault : x.atProposed));
        return `${name} at ${threshold} (correct / deferred): ${meanSd(at.map((x) => x.correct))} / ${meanSd(at.map((x) => x.deferred))}`;
      }),
      '',
    ]),
    ...names.map(
      (name) =>
        `${name} per fold (correct / deferred): ${figures
          .get(name)!
          .map((x) => `${(x.correct * 100).toFixed(1)}/${(x.deferred * 100).toFixed(1)}`)
          .join(', ')}`,
    ),
  ].join('\n'),
);

// Coefficients for confidence.ts: every calibrator refitted on all folds' inner rounds pooled.
console.log('\n### calibrators refitted on every fold’s inner rounds pooled (for confidence.ts)');
for (const method of methods.filter((m) => learned.has(m.name))) {
  const confidence = method.learn(pooledInner);
  const model = learned.get(method.name)!.at(-1)!;
  const scored = pooledInner.map((o) => ({
    confidence: confidence(o),
    answerable: o.answerable,
    right: rankerRight(o),
  }));
  const curve = curveOf(scored);
  console.log(
    `${method.name}: intercept ${model.intercept.toFixed(4)}, weights [${model.weights.map((w) => w.toFixed(4)).join(', ')}]; ` +
      `balanced threshold on the pooled inner rounds ${curve.balanced.threshold.toFixed(3)} (correct ${(curve.balanced.correct * 100).toFixed(1)} %, deferred ${(curve.balanced.deferred * 100).toFixed(1)} %)`,
  );
  const perFold = learned.get(method.name)!.slice(0, FOLDS);
  console.log(
    `  per fold: ${perFold.map((m) => `[${[m.intercept, ...m.weights].map((w) => w.toFixed(2)).join(', ')}]`).join(' ')}`,
  );
}
console.log(`\n${pooledInner.length} pooled inner queries; run took ${elapsed()}`);
