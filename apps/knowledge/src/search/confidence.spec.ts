import { terms } from '@tandem/text';
import { Ranker, type RankerArticle } from './ranker/ranker';
import {
  calibratedConfidence,
  confidenceOf,
  coverageOf,
  evidenceOf,
  type HitSignals,
} from './confidence';

const evidence = (query: string, ...texts: string[]) =>
  evidenceOf(
    terms(query),
    texts.map((text) => terms(text)),
  );

describe('the evidence a question’s words give an article', () => {
  it.each([
    ['When will my card arrive?', ['When will my card arrive?'], 1],
    ['退款多久到账', ['退款多久到账'], 1],
    ['Can I pay in instalments?', ['Where can I reset my card PIN?'], 0],
    ['Can you recommend a good restaurant in Lisbon?', ['I want a new PIN'], 0],
  ])('“%s” against %j → %d', (query, texts, expected) => {
    expect(evidence(query, ...texts)).toBeCloseTo(expected, 3);
  });

  it('takes the closest of the article’s texts', () => {
    expect(
      evidence(
        'card delivery time',
        'How do I change my PIN?',
        'How long does card delivery take?',
      ),
    ).toBeGreaterThan(0.5);
  });

  it('counts a misspelt word partly, a different short word not at all', () => {
    const typo = evidence('when will my card arrrive', 'When will my card arrive?');
    expect(typo).toBeGreaterThan(0.8);
    expect(typo).toBeLessThan(1);
    expect(evidence('pin', 'pan')).toBe(0);
  });
});

describe('a hit’s confidence', () => {
  it.each([
    [0.99, 1, 0.995],
    [0.77, 0, 0],
    [0.25, 1, 0.5],
    [0.9, 0.25, 0.474],
  ])('probability %d with evidence %d → %d', (probability, evidence, expected) => {
    expect(confidenceOf(probability, evidence)).toBeCloseTo(expected, 3);
  });
});

describe('the share of a question’s words an article covers', () => {
  it.each([
    ['When will my card arrive?', ['When will my card arrive?', 'I lost my card'], 1],
    ['What fee do you charge for a card?', ['When will my card arrive?', 'I lost my card'], 1 / 3],
    ['Recommend a restaurant in Lisbon', ['When will my card arrive?'], 0],
  ])('“%s” against %j → %d', (query, texts, expected) => {
    expect(
      coverageOf(
        terms(query),
        texts.map((text) => terms(text)),
      ),
    ).toBeCloseTo(expected, 3);
  });
});

describe('a model hit’s calibrated confidence', () => {
  const strong: HitSignals = {
    probability: 0.98,
    margin: 0.97,
    evidence: 1,
    similarity: 1,
    queryTerms: 4,
    coverage: 1,
  };

  it.each<[string, Partial<HitSignals>, 'high' | 'low']>([
    ['a sample question word for word, the model sure', {}, 'high'],
    [
      'half the words, the model torn between two articles',
      { probability: 0.5, margin: 0.05, evidence: 0.5, similarity: 0.5, coverage: 0.75 },
      'low',
    ],
  ])('%s → %s', (_case, change, expected) => {
    const confidence = calibratedConfidence({ ...strong, ...change });
    if (expected === 'high') expect(confidence).toBeGreaterThan(0.9);
    else expect(confidence).toBeLessThan(0.5);
  });

  it('rises with each signal and stays a probability', () => {
    const weak: HitSignals = {
      probability: 0.4,
      margin: 0.1,
      evidence: 0.3,
      similarity: 0.3,
      queryTerms: 3,
      coverage: 0.5,
    };
    for (const key of ['probability', 'margin', 'evidence', 'similarity', 'coverage'] as const)
      expect(calibratedConfidence({ ...weak, [key]: weak[key] + 0.3 })).toBeGreaterThan(
        calibratedConfidence(weak),
      );
    expect(calibratedConfidence(weak)).toBeGreaterThanOrEqual(0);
    expect(calibratedConfidence(strong)).toBeLessThanOrEqual(1);
  });
});

describe('answering or deferring with a trained ranker', () => {
  const articles: RankerArticle[] = [
    {
      id: 'card-arrival',
      title: 'When will my card arrive?',
      questions: [
        'My card has not arrived yet',
        'How long does delivery of a new card take?',
        'I am still waiting for my card',
        '我的卡什么时候到',
        '新卡还没有收到',
      ],
    },
    {
      id: 'lost-card',
      title: 'I lost my card',
      questions: [
        'My card was stolen',
        'I cannot find my card anywhere, block it',
        'Someone took my wallet with the card',
        '我的卡丢了',
        '银行卡被偷了怎么办',
      ],
    },
    {
      id: 'exchange-rate',
      title: 'Exchange rates',
      questions: [
        'What exchange rate do you use?',
        'How much is a dollar in euros?',
        'Is the currency conversion rate fair?',
        '汇率是多少',
        '美元兑换欧元的汇率',
      ],
    },
  ];
  const ranker = Ranker.train(articles, { minDf: 1 });
  const textsOf = new Map(
    articles.map((article) => [
      article.id,
      [article.title, ...article.questions].map((text) => terms(text)),
    ]),
  );
  /** As search does: the top hit's signals against the article's own texts. */
  const confidenceFor = (question: string) => {
    const [top, second] = ranker.predict(question, 2);
    const queryTerms = terms(question);
    const texts = textsOf.get(top!.articleId)!;
    return {
      articleId: top!.articleId,
      confidence: calibratedConfidence({
        probability: top!.probability,
        margin: top!.probability - (second?.probability ?? 0),
        evidence: evidenceOf(queryTerms, texts),
        similarity: top!.similarity,
        queryTerms: queryTerms.length,
        coverage: coverageOf(queryTerms, texts),
      }),
    };
  };

  it.each([
    ['My card has not arrived yet', 'card-arrival'],
    ['Someone took my wallet with the card', 'lost-card'],
    ['美元兑换欧元的汇率', 'exchange-rate'],
  ])('a sample question asked word for word (“%s”) → answers with %s', (question, expected) => {
    const { articleId, confidence } = confidenceFor(question);
    expect(articleId).toBe(expected);
    expect(confidence).toBeGreaterThan(0.65);
  });

  it.each([
    'Can you recommend a good restaurant in Lisbon?',
    'How do I change the email address on my account?',
    '今天天气怎么样',
  ])('a question no article answers (“%s”) → defers', (question) => {
    expect(confidenceFor(question).confidence).toBeLessThan(0.65);
  });
});
