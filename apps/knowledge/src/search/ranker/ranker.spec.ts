import { Ranker, type RankerArticle, type RankerState } from './ranker';

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
      '卡片邮寄需要多久',
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
      '请冻结我丢失的卡',
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
      '换汇的价格怎么算',
    ],
  },
];

describe.each([
  ['SVMs', {}],
  ['logistic regression alone', { svmWeight: 0, logisticWeight: 1, temperature: 1 }],
])('the classifier alone (%s)', (_name, models) => {
  const ranker = Ranker.train(articles, { minDf: 1, epochs: 30, neighbourWeight: 0, ...models });

  it.each([
    ['my new card still has not arrived', 'card-arrival'],
    ['my wallet was stollen', 'lost-card'],
    ['欧元汇率', 'exchange-rate'],
  ])('ranks the right article first for %s', (question, expected) => {
    expect(ranker.predict(question)[0]?.articleId).toBe(expected);
  });
});

describe('the ranker', () => {
  // The classifier alone (no nearest-question term), so these tests fail if it learns nothing.
  const settings = { minDf: 1, epochs: 30, neighbourWeight: 0 };
  const ranker = Ranker.train(articles, settings);

  it.each([
    ['my new card still has not arrived', 'card-arrival'],
    ['my card got stolen yesterday', 'lost-card'],
    ['what is the exchange rate for euros', 'exchange-rate'],
    ['the card hasnt arived', 'card-arrival'],
    ['my wallet was stollen', 'lost-card'],
    ['卡还没到', 'card-arrival'],
    ['我的银行卡丢失了', 'lost-card'],
    ['欧元汇率', 'exchange-rate'],
  ])('ranks the right article first for %s', (question, expected) => {
    const [first] = ranker.predict(question);
    expect(first?.articleId).toBe(expected);
  });

  it('gives probabilities that sum to one and sorts by score', () => {
    const ranked = ranker.predict('where is my card', 3);
    expect(ranked).toHaveLength(3);
    expect(ranked.reduce((sum, hit) => sum + hit.probability, 0)).toBeCloseTo(1, 6);
    expect(ranked.map(({ score }) => score)).toEqual(
      ranked.map(({ score }) => score).sort((a, b) => b - a),
    );
  });

  it('names the nearest sample question of each article', () => {
    const [first] = ranker.predict('银行卡被偷了');
    expect(first).toMatchObject({ articleId: 'lost-card', matchedQuestion: '银行卡被偷了怎么办' });
    expect(first!.similarity).toBeGreaterThan(0.5);
  });

  it('is unsure about a question unlike any article', () => {
    const [first] = ranker.predict('xyzzy');
    expect(first!.probability).toBeLessThan(0.6);
  });

  it('trains deterministically: same articles and seed, same model', () => {
    const again = Ranker.train(articles, settings);
    const question = 'card not here yet, stolen maybe?';
    expect(again.predict(question, 3)).toEqual(ranker.predict(question, 3));
  });

  it('depends on the seed (the order of the examples)', () => {
    const other = Ranker.train(articles, { ...settings, seed: 5 });
    const question = 'card not here yet, stolen maybe?';
    expect(other.predict(question, 3)[0]!.probability).not.toBe(
      ranker.predict(question, 3)[0]!.probability,
    );
  });

  describe('as plain data (for a worker thread)', () => {
    const restored = Ranker.fromState(structuredClone(ranker.toState()));

    it.each([
      'card not here yet, stolen maybe?',
      'what is the exchange rate for euros',
      '我的银行卡丢失了',
      'xyzzy',
    ])('predicts exactly as the original after a structured clone: %s', (question) => {
      expect(restored.predict(question, 3)).toEqual(ranker.predict(question, 3));
    });

    it('keeps the article count', () => {
      expect(restored.articleCount).toBe(ranker.articleCount);
    });

    it('holds only plain data and typed arrays', () => {
      const state = ranker.toState();
      expect(state.svm?.weights).toBeInstanceOf(Float64Array);
      expect(state.examples.indices).toBeInstanceOf(Int32Array);
      expect(JSON.parse(JSON.stringify(state.articleIds))).toEqual(state.articleIds);
    });

    it('covers every model of an ensemble', () => {
      const ensemble = Ranker.train(articles, { ...settings, logisticWeight: 0.5 });
      const state = ensemble.toState();
      expect(state.svm).not.toBeNull();
      expect(state.logistic).not.toBeNull();
      const copy = Ranker.fromState(structuredClone(state));
      for (const question of ['where is my card', '汇率是多少'])
        expect(copy.predict(question, 3)).toEqual(ensemble.predict(question, 3));
    });

    it('refuses a state of an unknown version', () => {
      const state = { ...ranker.toState(), version: 2 } as unknown as RankerState;
      expect(() => Ranker.fromState(state)).toThrow(/version 2/);
    });
  });
});
