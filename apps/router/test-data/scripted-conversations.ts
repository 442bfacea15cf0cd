import type { ScriptedConversation } from './evaluate-scripted';

/**
 * Scripted conversations, written by hand for the router: each turn carries the analysis a
 * customer-service analyzer would plausibly give and what the bot did, and each
 * conversation the turn at which a good supervisor would hand it to a person (or never).
 * The analyses are scripted, not the bot analyzer's output: the set measures the fold and
 * `decide` under a policy, not the analyzer.
 */
export const SCRIPTED_CONVERSATIONS: readonly ScriptedConversation[] = [
  // --- English: happy, answered ---
  {
    id: 'en-happy-refund-time',
    language: 'en',
    turns: [
      { text: 'How long does a refund take?', sentiment: 0, bot: 0.85 },
      { text: 'Great, thanks!', sentiment: 0.6, bot: null },
    ],
    escalateAt: null,
  },
  {
    id: 'en-happy-card',
    language: 'en',
    turns: [{ text: 'When will my new card arrive?', sentiment: 0, bot: 0.8 }],
    escalateAt: null,
  },
  {
    id: 'en-chatty-several-questions',
    language: 'en',
    turns: [
      { text: 'What are your opening hours?', sentiment: 0, bot: 0.9 },
      { text: 'Do you ship to Canada?', sentiment: 0, bot: 0.8 },
      { text: 'How much is express delivery?', sentiment: 0, bot: 0.75 },
      { text: 'Can I pay with PayPal?', sentiment: 0, bot: 0.85 },
      { text: 'Perfect, that is all', sentiment: 0.5, bot: null },
    ],
    escalateAt: null,
  },
  {
    id: 'en-thanks-repeated',
    language: 'en',
    turns: [
      { text: 'Is the store open on Sunday?', sentiment: 0, bot: 0.9 },
      { text: 'thank you', sentiment: 0.5, bot: null },
      { text: 'thank you so much', sentiment: 0.6, bot: null },
    ],
    escalateAt: null,
  },
  {
    id: 'en-mildly-disappointed-answered',
    language: 'en',
    turns: [
      {
        text: 'A bit disappointed the delivery was late, when will it come?',
        sentiment: -0.4,
        bot: 0.8,
      },
      { text: 'ok thanks', sentiment: 0.3, bot: null },
    ],
    escalateAt: null,
  },
  {
    id: 'en-vip-happy',
    language: 'en',
    tier: 'vip',
    turns: [{ text: 'What are your opening hours on holidays?', sentiment: 0, bot: 0.9 }],
    escalateAt: null,
  },
  // --- English: explicit requests in many phrasings ---
  {
    id: 'en-explicit-human',
    language: 'en',
    turns: [
      {
        text: 'I want to talk to a human',
        sentiment: -0.2,
        humanRequested: true,
        bot: 'HUMAN_REQUESTED',
      },
    ],
    escalateAt: 1,
  },
  {
    id: 'en-explicit-real-person-second-turn',
    language: 'en',
    turns: [
      { text: 'Where is my parcel?', sentiment: 0, bot: 0.7 },
      {
        text: 'Can I speak to a real person please',
        sentiment: -0.2,
        humanRequested: true,
        bot: 'HUMAN_REQUESTED',
      },
    ],
    escalateAt: 2,
  },
  {
    id: 'en-explicit-button',
    language: 'en',
    turns: [
      { text: 'hi', sentiment: 0, bot: 0.3 },
      { text: '', sentiment: 0, button: true, bot: null },
    ],
    escalateAt: 2,
  },
  {
    id: 'en-explicit-agent-word',
    language: 'en',
    turns: [{ text: 'agent', sentiment: 0, humanRequested: true, bot: 'HUMAN_REQUESTED' }],
    escalateAt: 1,
  },
  {
    id: 'en-explicit-operator-after-answers',
    language: 'en',
    turns: [
      { text: 'How do I change my delivery address?', sentiment: 0, bot: 0.8 },
      { text: 'And for an order already shipped?', sentiment: 0, bot: 0.6 },
      {
        text: 'Just connect me to an operator',
        sentiment: -0.3,
        humanRequested: true,
        bot: 'HUMAN_REQUESTED',
      },
    ],
    escalateAt: 3,
  },
  // --- English: angry, worsening ---
  {
    id: 'en-angry-late-again',
    language: 'en',
    turns: [
      {
        text: 'My order is late AGAIN',
        sentiment: -0.6,
        emotions: [{ emotion: 'frustration', score: 0.6 }],
        bot: 0.6,
      },
      {
        text: "This is ridiculous, third time I'm writing, useless",
        sentiment: -0.9,
        emotions: [{ emotion: 'anger', score: 0.9 }],
        bot: 0.5,
      },
    ],
    escalateAt: 2,
  },
  {
    id: 'en-angry-charged-twice',
    language: 'en',
    turns: [
      {
        text: 'You charged me twice, this is theft!',
        sentiment: -0.85,
        emotions: [{ emotion: 'anger', score: 0.85 }],
        bot: 0.7,
      },
    ],
    escalateAt: 1,
  },
  {
    id: 'en-worsening-package',
    language: 'en',
    turns: [
      { text: "My package hasn't arrived", sentiment: -0.2, bot: 0.8 },
      { text: "It's still not here, annoying", sentiment: -0.5, bot: 0.7 },
      {
        text: 'This is getting really frustrating',
        sentiment: -0.7,
        emotions: [{ emotion: 'frustration', score: 0.7 }],
        bot: 0.6,
      },
    ],
    escalateAt: 3,
  },
  {
    id: 'en-vip-statement-wrong',
    language: 'en',
    tier: 'vip',
    turns: [
      { text: 'My statement looks wrong', sentiment: -0.3, bot: 0.6 },
      { text: 'Still wrong, I need this sorted today', sentiment: -0.6, bot: 0.55 },
    ],
    escalateAt: 2,
  },
  {
    id: 'en-account-hacked',
    language: 'en',
    turns: [
      {
        text: 'I think my account was hacked!!',
        sentiment: -0.6,
        emotions: [{ emotion: 'anxiety', score: 0.9 }],
        bot: 0.5,
      },
      {
        text: 'Someone changed my email, please help now',
        sentiment: -0.7,
        emotions: [{ emotion: 'anxiety', score: 0.9 }],
        bot: 0.45,
      },
    ],
    escalateAt: 1,
  },
  // --- English: confused, low confidence, looping, long ---
  {
    id: 'en-confused-deferrals',
    language: 'en',
    turns: [
      { text: 'How do I set up the thing', sentiment: 0, bot: 'LOW_CONFIDENCE' },
      { text: 'The app thing for payments', sentiment: -0.1, bot: 'LOW_CONFIDENCE' },
    ],
    escalateAt: 2,
  },
  {
    id: 'en-low-confidence-family-plan',
    language: 'en',
    turns: [
      { text: 'Can I transfer my plan to my wife?', sentiment: 0, bot: 0.35 },
      { text: 'I mean the family plan, can she take it over', sentiment: -0.1, bot: 0.4 },
    ],
    escalateAt: 2,
  },
  {
    id: 'en-looping-password',
    language: 'en',
    turns: [
      { text: 'How do I reset my password?', sentiment: 0, bot: 0.6 },
      { text: 'How do I reset my password??', sentiment: -0.3, bot: 0.6 },
    ],
    escalateAt: 2,
  },
  {
    id: 'en-looping-refund',
    language: 'en',
    turns: [
      { text: 'Where is my refund', sentiment: -0.1, bot: 0.7 },
      { text: 'ok but where is my refund', sentiment: -0.3, bot: 0.7 },
    ],
    escalateAt: 2,
  },
  {
    id: 'en-too-long-technician',
    language: 'en',
    turns: [
      { text: 'When does the technician come?', sentiment: 0, bot: 0.7 },
      { text: 'Still waiting for the technician, nobody came', sentiment: -0.4, bot: 0.6, at: 35 },
    ],
    escalateAt: 2,
  },
  {
    id: 'en-legal-threat',
    language: 'en',
    turns: [
      {
        text: 'I will be contacting my lawyer about this contract',
        sentiment: -0.5,
        intent: 'legal',
        bot: 0.5,
      },
    ],
    escalateAt: 1,
  },
  {
    id: 'en-many-turns-stuck',
    language: 'en',
    turns: [
      { text: 'My router keeps disconnecting', sentiment: -0.2, bot: 0.7 },
      { text: 'I restarted it, still disconnecting', sentiment: -0.2, bot: 0.6 },
      { text: 'The light is orange now', sentiment: -0.1, bot: 0.6 },
      { text: 'I changed the cable as well', sentiment: -0.1, bot: 0.6 },
      { text: 'Now the wifi is gone completely', sentiment: -0.3, bot: 0.55 },
      { text: 'It says no internet on my laptop', sentiment: -0.2, bot: 0.6 },
      { text: 'I tried the factory reset too', sentiment: -0.2, bot: 0.6 },
      { text: 'Nothing works', sentiment: -0.4, bot: 0.55 },
    ],
    escalateAt: 6,
  },
  // --- Chinese: happy ---
  {
    id: 'zh-happy-refund-time',
    language: 'zh',
    turns: [
      { text: '退款多久到账', sentiment: 0, bot: 0.85 },
      { text: '好的谢谢', sentiment: 0.5, bot: null },
    ],
    escalateAt: null,
  },
  {
    id: 'zh-happy-hours',
    language: 'zh',
    turns: [
      { text: '你们营业时间是几点', sentiment: 0, bot: 0.9 },
      { text: '周末开门吗', sentiment: 0, bot: 0.9 },
      { text: '好的', sentiment: 0.3, bot: null },
    ],
    escalateAt: null,
  },
  {
    id: 'zh-vip-points',
    language: 'zh',
    tier: 'vip',
    turns: [{ text: '我的会员积分怎么用', sentiment: 0, bot: 0.9 }],
    escalateAt: null,
  },
  {
    id: 'zh-greeting-twice',
    language: 'zh',
    turns: [
      { text: '你好', sentiment: 0.2, bot: null },
      { text: '你好', sentiment: 0.2, bot: null },
      { text: '发票可以开电子的吗', sentiment: 0, bot: 0.85 },
    ],
    escalateAt: null,
  },
  // --- Chinese: explicit requests ---
  {
    id: 'zh-explicit-zhuanrengong',
    language: 'zh',
    turns: [{ text: '转人工', sentiment: 0, humanRequested: true, bot: 'HUMAN_REQUESTED' }],
    escalateAt: 1,
  },
  {
    id: 'zh-explicit-rengongkefu',
    language: 'zh',
    turns: [{ text: '人工客服', sentiment: 0, humanRequested: true, bot: 'HUMAN_REQUESTED' }],
    escalateAt: 1,
  },
  {
    id: 'zh-explicit-after-answer',
    language: 'zh',
    turns: [
      { text: '订单查不到', sentiment: -0.2, bot: 0.7 },
      { text: '帮我转人工服务吧', sentiment: -0.2, humanRequested: true, bot: 'HUMAN_REQUESTED' },
    ],
    escalateAt: 2,
  },
  {
    id: 'zh-explicit-zhenren',
    language: 'zh',
    turns: [
      { text: '我想找个真人聊聊', sentiment: -0.1, humanRequested: true, bot: 'HUMAN_REQUESTED' },
    ],
    escalateAt: 1,
  },
  // --- Chinese: angry, worsening ---
  {
    id: 'zh-angry-service',
    language: 'zh',
    turns: [
      {
        text: '你们这是什么破服务！',
        sentiment: -0.9,
        emotions: [{ emotion: 'anger', score: 0.9 }],
        bot: 0.4,
      },
    ],
    escalateAt: 1,
  },
  {
    id: 'zh-angry-delivery-week',
    language: 'zh',
    turns: [
      { text: '快递怎么还没到', sentiment: -0.3, bot: 0.7 },
      {
        text: '已经一个星期了，太过分了',
        sentiment: -0.8,
        emotions: [{ emotion: 'anger', score: 0.8 }],
        bot: 0.6,
      },
    ],
    escalateAt: 2,
  },
  {
    id: 'zh-worsening-invoice',
    language: 'zh',
    turns: [
      { text: '发票怎么开', sentiment: -0.1, bot: 0.7 },
      { text: '还是不行', sentiment: -0.5, bot: 0.55 },
      {
        text: '真的很烦',
        sentiment: -0.7,
        emotions: [{ emotion: 'frustration', score: 0.75 }],
        bot: 0.5,
      },
    ],
    escalateAt: 3,
  },
  {
    id: 'zh-complaint-courier',
    language: 'zh',
    turns: [{ text: '我要投诉你们的快递员', sentiment: -0.6, intent: 'complaint', bot: 0.5 }],
    escalateAt: 1,
  },
  // --- Chinese: confused, looping, low confidence ---
  {
    id: 'zh-looping-refund',
    language: 'zh',
    turns: [
      { text: '我的退款什么时候到账', sentiment: -0.1, bot: 0.6 },
      { text: '退款什么时候到账啊', sentiment: -0.3, bot: 0.6 },
    ],
    escalateAt: 2,
  },
  {
    id: 'zh-confused-deferrals',
    language: 'zh',
    turns: [
      { text: '那个东西怎么弄', sentiment: 0, bot: 'LOW_CONFIDENCE' },
      { text: '就是那个绑定', sentiment: -0.1, bot: 'LOW_CONFIDENCE' },
    ],
    escalateAt: 2,
  },
  {
    id: 'zh-human-needed-contract',
    language: 'zh',
    turns: [{ text: '我要改合同里的条款', sentiment: 0, bot: 'HUMAN_NEEDED' }],
    escalateAt: 1,
  },
  {
    id: 'zh-low-confidence-frozen',
    language: 'zh',
    turns: [
      {
        text: '我的账户被冻结了',
        sentiment: -0.4,
        emotions: [{ emotion: 'anxiety', score: 0.6 }],
        bot: 0.4,
      },
      { text: '怎么才能解冻', sentiment: -0.3, bot: 0.45 },
    ],
    escalateAt: 2,
  },
];
