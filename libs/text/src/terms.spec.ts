import { terms, words } from './index';

describe('segmentation', () => {
  it('splits Chinese into words with ICU', () => {
    expect(words('我想查询订单的物流状态')).toEqual(['我想', '查询', '订单', '的', '物流', '状态']);
  });

  it('keeps English words and drops punctuation', () => {
    expect(words('Where is my card?!')).toEqual(['where', 'is', 'my', 'card']);
  });
});

describe('matching terms', () => {
  it.each([
    ['我想查询订单的物流状态', ['查询', '订单', '物流', '状态']],
    ['My cards haven’t arrived yet', ['card', 'haven’t', 'arriv', 'yet']],
    ['How do I change my PIN?', ['change', 'pin']],
  ])('%s → %j', (text, expected) => {
    expect(terms(text)).toEqual(expected);
  });

  it('maps inflections of one word to one term', () => {
    expect(terms('charging charges charged')).toEqual(['charg', 'charg', 'charg']);
  });
});
