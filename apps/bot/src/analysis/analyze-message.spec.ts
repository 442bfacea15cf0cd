import { analyzeMessage, detectTopic } from './analyze-message';

const polarityOf = (text: string) => analyzeMessage(text).sentiment.polarity;
const emotionsOf = (text: string) => analyzeMessage(text).emotions.map((found) => found.emotion);

describe('sentiment of a customer message', () => {
  it.each([
    // Chinese: negation, intensifiers, customer-service vocabulary
    ['不是很满意', 'negative'],
    ['不满意', 'negative'],
    ['满意', 'positive'],
    ['没问题，谢谢', 'positive'],
    ['这个不差', 'positive'],
    ['还不错，就是包装简单了点', 'positive'],
    ['一点也不满意', 'negative'],
    ['不会让人失望', 'positive'],
    ['你们的服务太差了，我要投诉！！', 'negative'],
    ['钱还没到账，非常生气', 'negative'],
    ['退款到账了，谢谢', 'positive'],
    ['我想查询订单的物流状态', 'neutral'],
    ['请问怎么申请退款', 'neutral'],
    ['请问怎么绑定银行卡', 'neutral'],
    ['不好意思，问一下', 'neutral'],
    ['谢谢，不过问题还在', 'negative'],
    ['虽然等了挺久，不过解决了，谢谢', 'positive'],
    ['真是"神速"，一个月才到', 'negative'],
    ['呵呵', 'negative'],
    ['优惠券用不了', 'negative'],
    // English: negation, shouting, repeated punctuation, emoji, typos
    ['This is the worst service, absolutely terrible', 'negative'],
    ['thanks, that was very helpful', 'positive'],
    ['not bad at all', 'positive'],
    ['no problem, thanks', 'positive'],
    ['not very useful', 'negative'],
    ['How do I change my PIN?', 'neutral'],
    ['do you still have stock?', 'neutral'],
    ["thanks, but the problem's still there", 'negative'],
    ['apologies, but my refund still hasn’t arrived', 'negative'],
    ['WHERE IS MY MONEY???', 'negative'],
    ['THANK YOU SO MUCH!!!', 'positive'],
    ['trash app 😡', 'negative'],
    ['works great 👍', 'positive'],
    ['teh app is broken again', 'negative'],
    ['lol, amazing work guys. truly.', 'negative'],
  ])('"%s" is %s', (text, polarity) => {
    expect(polarityOf(text)).toBe(polarity);
  });

  it('shouting makes the same complaint more intense', () => {
    const calm = analyzeMessage('this is terrible').sentiment;
    const shouted = analyzeMessage('THIS IS TERRIBLE!!!').sentiment;
    expect(shouted.polarity).toBe('negative');
    expect(shouted.intensity).toBeGreaterThan(calm.intensity);
  });

  it('an intensifier makes a complaint more intense', () => {
    expect(analyzeMessage('非常失望').sentiment.intensity).toBeGreaterThan(
      analyzeMessage('失望').sentiment.intensity,
    );
  });

  it('keeps score and intensity within their ranges', () => {
    for (const text of [
      '垃圾垃圾垃圾骗子骗子投诉投诉！！！',
      'THANK YOU THANK YOU THANK YOU',
      '',
    ]) {
      const { score, intensity } = analyzeMessage(text).sentiment;
      expect(Math.abs(score)).toBeLessThanOrEqual(1);
      expect(intensity).toBeGreaterThanOrEqual(0);
      expect(intensity).toBeLessThanOrEqual(1);
    }
  });
});

describe('complaints told as facts', () => {
  it.each([
    // Food and delivery: no complaint word, only what went wrong
    ['面条太咸了', 'negative'],
    ['饺子没熟', 'negative'],
    ['汤洒了一半', 'negative'],
    ['送错了，我点的不是这个', 'negative'],
    ['少了一瓶可乐', 'negative'],
    ['不好吃', 'negative'],
    ['菜没洗干净', 'negative'],
    ['没以前好吃了', 'negative'],
    ['还不如楼下那家', 'negative'],
    ['特别好吃，送得也快', 'positive'],
    ['好吃，下次还点', 'positive'],
    // Waits told in numbers, rhetorical questions
    ['等了一个小时', 'negative'],
    ['下单三个小时了还没到', 'negative'],
    ['九点下的单，十一点才送到', 'negative'],
    ['怎么还没到？', 'negative'],
    ['为什么又扣了我的钱', 'negative'],
    ['请问怎么修改收货地址', 'neutral'],
    ['手机老是死机', 'negative'],
    ['it took over an hour to get my order', 'negative'],
    ['2 hours on hold and nobody picked up', 'negative'],
    ['why is it still not fixed?', 'negative'],
    ['the delivery was way too late', 'negative'],
    ['my flight was cancelled and they lost our luggage', 'negative'],
    ['the phone will not charge', 'negative'],
    ['the soup was cold and bland', 'negative'],
    ['worse than last time', 'negative'],
    ['#nothappy with this service', 'negative'],
    ['not too bad, thanks', 'positive'],
    ['the food was delicious and the staff friendly', 'positive'],
    ['how long does shipping take?', 'neutral'],
    ['Delivery takes 3 days.', 'neutral'],
    ['is there an outage in my area?', 'neutral'],
    ['me too', 'neutral'],
  ])('"%s" is %s', (text, polarity) => {
    expect(polarityOf(text)).toBe(polarity);
  });
});

describe('emotions that matter in service', () => {
  it.each([
    ['WHERE IS MY MONEY???', 'anger'],
    ['骗子！说好免年费的', 'anger'],
    ['我要去消费者协会投诉你们', 'anger'],
    ['this bot is useless', 'frustration'],
    ['说了八百遍了，你们能不能听懂人话', 'frustration'],
    ['tried 5 times, still failing, so annoying', 'frustration'],
    ['我的卡被冻结了，急用钱，怎么办啊', 'anxiety'],
    ['my card was stolen, please freeze it asap', 'anxiety'],
  ])('"%s" shows %s first', (text, emotion) => {
    expect(emotionsOf(text)[0]).toBe(emotion);
  });

  it.each([['谢谢，问题解决了'], ['How do I change my PIN?'], ['怎么申请退款']])(
    '"%s" shows none',
    (text) => {
      expect(emotionsOf(text)).toEqual([]);
    },
  );

  it('scores each emotion between 0 and 1, strongest first', () => {
    const { emotions } = analyzeMessage('气死了！！又是自动回复，说了多少遍了');
    expect(emotions.length).toBeGreaterThan(1);
    for (const found of emotions) expect(found.score).toBeGreaterThan(0);
    for (const found of emotions) expect(found.score).toBeLessThanOrEqual(1);
    expect(emotions.map((found) => found.score)).toEqual(
      [...emotions.map((found) => found.score)].sort((a, b) => b - a),
    );
  });

  it('a high-intensity angry message is negative, angry and intense', () => {
    const analysis = analyzeMessage('WHERE IS MY MONEY???');
    expect(analysis.sentiment.intensity).toBeGreaterThanOrEqual(0.7);
  });
});

describe('an explicit request for a person', () => {
  it.each([
    ['转人工', true],
    ['人工客服', true],
    ['找真人', true],
    ['人工', true],
    ['能帮我接个人工吗', true],
    ['让你们领导来跟我说！', true],
    ['real person', true],
    ['agent please', true],
    ['human', true],
    ['I want to speak to a supervisor right now!', true],
    ['this bot is useless', false],
    ['人工费怎么算？', false],
    ['what does a human review involve?', false],
    ['where is my card?', false],
  ])('"%s" → %s', (text, expected) => {
    expect(analyzeMessage(text).humanRequested).toBe(expected);
  });

  it('frustration with the bot is negative but not a request for a person', () => {
    const analysis = analyzeMessage('this bot is useless');
    expect(analysis.humanRequested).toBe(false);
    expect(analysis.sentiment.polarity).toBe('negative');
    expect(analysis.emotions.map((found) => found.emotion)).toContain('frustration');
  });
});

describe('language and topic', () => {
  it.each([
    ['我想查询订单的物流状态', 'zh'],
    ['WHERE IS MY MONEY???', 'en'],
    ['👍👍', 'other'],
  ])('"%s" is %s', (text, language) => {
    expect(analyzeMessage(text).language).toBe(language);
  });

  const topics = [
    { name: 'refunds', keywords: ['退款', 'refund', 'money back'] },
    { name: 'delivery', keywords: ['快递', '物流', 'parcel', 'delivery', 'tracking'] },
  ];

  it.each([
    ['退款一直没到账', 'refunds'],
    ['I want my money back', 'refunds'],
    ['my parcel tracking has not moved', 'delivery'],
    ['快递到哪了', 'delivery'],
    ['How do I change my PIN?', null],
  ])('"%s" is about %s', (text, topic) => {
    expect(detectTopic(text, topics)).toBe(topic);
    expect(analyzeMessage(text, { topics }).intent).toBe(topic);
  });

  it('has no intent without configured topics', () => {
    expect(analyzeMessage('退款一直没到账').intent).toBeNull();
  });

  it('prefers the topic with more keyword hits, then the one listed first', () => {
    expect(detectTopic('refund for a late parcel delivery', topics)).toBe('delivery');
    expect(detectTopic('refund the parcel', topics)).toBe('refunds');
  });
});

describe('speed', () => {
  it('analyzes a message in well under a millisecond', () => {
    const texts = ['不是很满意，物流太慢了', 'WHERE IS MY MONEY???', 'thanks, all good now 👍'];
    const rounds = 2000;
    const started = performance.now();
    for (let i = 0; i < rounds; i++) for (const text of texts) analyzeMessage(text);
    expect((performance.now() - started) / (rounds * texts.length)).toBeLessThan(0.5);
  });
});
