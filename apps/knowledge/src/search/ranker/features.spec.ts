import { DEFAULT_FEATURES, featuresOf, normalisedWords, stemHard } from './features';
import { dot } from './sparse';
import { DEFAULT_VECTORIZER, Vectorizer } from './vectorizer';

const charGrams = (text: string) =>
  new Set(featuresOf(text).filter((feature) => feature.startsWith('c:')));

describe('features of a question', () => {
  it.each([
    [
      'English is lower-cased and stemmed',
      'My Cards arrived',
      ['w:card', 'w:arriv', 'w:card arriv'],
    ],
    [
      'Chinese is segmented into words and bigrams',
      '我的卡什么时候到',
      ['w:卡', 'w:什么时候', 'w:什么时候 到'],
    ],
    ['raw word bigrams keep the stopwords', 'Why is my card blocked', ['w:why_is', 'w:is_my']],
    ['each Han character is a feature', '卡被冻结了', ['c:卡', 'c:冻', 'c:结']],
    ['character n-grams stay inside a word', 'top up', ['c: top ', 'c: up ', 'c:op']],
  ])('%s', (_case, text, expected) => {
    expect(featuresOf(text)).toEqual(expect.arrayContaining(expected));
  });

  it('never joins characters of two words', () => {
    expect(featuresOf('top up')).not.toContain('c:p u');
  });

  it.each([
    ['recieve', 'receive', 'transfer'],
    ['verifcation', 'verification', 'exchange'],
    ['apple pay', 'aple pay', 'google pay'],
  ])('the typo %s shares more character n-grams with %s than %s does', (typo, right, other) => {
    const shared = (a: Set<string>, b: Set<string>) => [...a].filter((gram) => b.has(gram)).length;
    const typoGrams = charGrams(typo);
    expect(shared(typoGrams, charGrams(right))).toBeGreaterThan(
      shared(typoGrams, charGrams(other)),
    );
    expect(shared(typoGrams, charGrams(right))).toBeGreaterThanOrEqual(4);
  });
});

describe('English normalisation', () => {
  it.each([
    ["I didn't get it", ['i', 'did', 'not', 'get', 'it']],
    ['I cant log in, whats wrong', ['i', 'can', 'not', 'log', 'in', 'what', 'is', 'wrong']],
    ['It’s been 2 weeks', ['it', 'is', 'been', '#', 'weeks']],
    ["my card's PIN", ['my', 'card', 'pin']],
    ['我的卡什么时候到', ['我的', '卡', '什么时候', '到']],
  ])('%s → %j', (text, expected) => {
    expect(normalisedWords(text)).toEqual(expected);
  });

  it.each([
    ['charge', 'charg'],
    ['charged', 'charg'],
    ['charges', 'charg'],
    ['charging', 'charg'],
    ['arrive', 'arriv'],
    ['arrived', 'arriv'],
    ['stopped', 'stop'],
    ['topped', 'top'],
    ['applied', 'apply'],
    ['address', 'address'],
    ['status', 'status'],
    ['fee', 'fee'],
  ])('stems %s to %s', (word, expected) => {
    expect(stemHard(word)).toBe(expected);
  });

  it('lets "not" and numbers through as terms', () => {
    expect(featuresOf("hasn't come in 3 days")).toEqual(
      expect.arrayContaining(['w:not', 'w:#', 'w:not com', 'w:# day']),
    );
  });

  it('pairs terms further apart when asked', () => {
    const options = { ...DEFAULT_FEATURES, pairWindow: 2 };
    expect(featuresOf('top up failed again', options)).toContain('w:top~fail');
    expect(featuresOf('top up failed again')).not.toContain('w:top~fail');
  });

  it('leaves everything as libs/text has it when turned off', () => {
    expect(featuresOf("didn't", { ...DEFAULT_FEATURES, normalise: 0 })).toContain("w:didn't");
  });
});

describe('TF-IDF vectors', () => {
  const vectorizer = Vectorizer.learn(
    ['I did not receive my card', 'the card did not arrive', 'receive money', 'exchange rate'],
    { ...DEFAULT_VECTORIZER, minDf: 1, wordWeight: 1, charWeight: 1 },
  );

  it('have sorted indices and a norm of √2 (two blocks, each of norm 1)', () => {
    const vector = vectorizer.transform('card not received');
    expect([...vector.indices]).toEqual([...vector.indices].sort((a, b) => a - b));
    expect(Math.sqrt(dot(vector, vector))).toBeCloseTo(Math.SQRT2, 5);
  });

  it('bring a misspelt question close to the right one', () => {
    const typo = vectorizer.transform('didnt recieve card');
    expect(dot(typo, vectorizer.transform('I did not receive my card'))).toBeGreaterThan(
      dot(typo, vectorizer.transform('exchange rate')),
    );
  });

  it('ignore features the training texts never had', () => {
    expect(vectorizer.transform('zzz qqq').indices).toHaveLength(0);
  });
});
