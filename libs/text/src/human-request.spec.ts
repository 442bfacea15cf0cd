import { detectHumanRequest } from './human-request';
import { detectLanguage } from './language';

describe('explicit requests for a person', () => {
  it.each([
    ['转人工', true],
    ['我要转人工', true],
    ['人工客服', true],
    ['找真人', true],
    ['帮我接人工服务', true],
    ['talk to a human', true],
    ['Can I speak to a real person?', true],
    ['agent please', true],
    ['connect me with a live agent', true],
    ['I want a representative', true],
    ['this bot is useless', false],
    ['我的订单到哪了', false],
    ['where is my card?', false],
    ['the human body is amazing', false],
  ])('"%s" → %s', (text, expected) => {
    expect(detectHumanRequest(text)).toBe(expected);
  });
});

describe('language', () => {
  it.each([
    ['我想查询订单的物流状态', 'zh'],
    ['我的 iPhone 订单还没到', 'zh'],
    ['Where is my parcel?', 'en'],
    ['👍👍', 'other'],
  ])('"%s" is %s', (text, language) => {
    expect(detectLanguage(text)).toBe(language);
  });
});
