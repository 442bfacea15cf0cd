import { analyzeMessage } from './analyze-message';

describe('sentiment', () => {
  it.each([
    ['你们的服务太差了，我要投诉！！', 'negative'],
    ['钱还没到账，非常生气', 'negative'],
    ['谢谢，问题解决了', 'positive'],
    ['质量不错', 'positive'],
    ['这个不差', 'positive'],
    ['我想查询订单的物流状态', 'neutral'],
    ['This is the worst service, absolutely terrible', 'negative'],
    ['thanks, that was very helpful', 'positive'],
    ['not bad at all', 'positive'],
    ['How do I change my PIN?', 'neutral'],
  ])('"%s" is %s', (text, polarity) => {
    expect(analyzeMessage(text).sentiment.polarity).toBe(polarity);
  });

  it('shouting makes the same complaint more intense', () => {
    const calm = analyzeMessage('this is terrible').sentiment;
    const shouted = analyzeMessage('THIS IS TERRIBLE!!!').sentiment;
    expect(shouted.polarity).toBe('negative');
    expect(shouted.intensity).toBeGreaterThan(calm.intensity);
  });

  it('frustration with the bot is negative but not a request for a person', () => {
    const analysis = analyzeMessage('this bot is useless');
    expect(analysis.humanRequested).toBe(false);
    expect(analysis.sentiment.polarity).toBe('negative');
  });
});
