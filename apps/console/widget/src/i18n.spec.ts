import { MESSAGES, pickLanguage, translate } from './i18n';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the widget’s words', () => {
  it('has the same keys in Chinese and English, none empty', () => {
    expect(Object.keys(MESSAGES.zh).sort()).toEqual(Object.keys(MESSAGES.en).sort());
    for (const lang of ['en', 'zh'] as const)
      for (const [key, text] of Object.entries(MESSAGES[lang]))
        expect({ lang, key, empty: text.trim() === '' }).toEqual({ lang, key, empty: false });
  });

  it('uses the same placeholders in both languages', () => {
    for (const [key, english] of Object.entries(MESSAGES.en))
      expect({ key, zh: placeholders(MESSAGES.zh[key as keyof typeof MESSAGES.zh]) }).toEqual({
        key,
        zh: placeholders(english),
      });
  });

  it('names the controls the browser test relies on', () => {
    expect([MESSAGES.en.launcher, MESSAGES.en.dialog, MESSAGES.en.message]).toEqual([
      'Chat with us',
      'Chat',
      'Message',
    ]);
    expect([MESSAGES.en.send, MESSAGES.en.human, MESSAGES.en.attach, MESSAGES.en.rate]).toEqual([
      'Send',
      'Talk to a person',
      'Attach a file',
      'Rate this conversation',
    ]);
    expect(MESSAGES.zh.launcher).toBe('在线客服');
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('en', 'uploading', { name: 'a.png' })).toBe('Uploading a.png');
    expect(translate('zh', 'removeAttachment', { name: '收据.png' })).toBe('移除 收据.png');
    expect(translate('en', 'uploading')).toBe('Uploading {name}');
  });
});

describe('pickLanguage (data-lang, else <html lang>, else the browser)', () => {
  it.each([
    ['data-lang zh wins over an English page', 'zh', 'en', 'en-GB', 'zh'],
    ['data-lang en wins over a Chinese page', 'en', 'zh-CN', 'zh-CN', 'en'],
    ['data-lang zh-TW counts as Chinese', 'zh-TW', 'en', 'en', 'zh'],
    ['an unknown data-lang is ignored: the page decides', 'fr', 'zh-Hans', 'en', 'zh'],
    ['no data-lang: the page’s zh-CN', null, 'zh-CN', 'en-US', 'zh'],
    [
      'no data-lang: an English page in a Chinese browser stays English',
      undefined,
      'en',
      'zh-CN',
      'en',
    ],
    ['a French page gets English (the only other language)', null, 'fr', 'zh-CN', 'en'],
    ['no page language: the browser’s zh-HK', '', '', 'zh-HK', 'zh'],
    ['no page language: the browser’s de-DE gives English', null, null, 'de-DE', 'en'],
    ['nothing at all: English', null, null, null, 'en'],
  ])('%s', (_case, dataLang, htmlLang, browserLang, expected) => {
    expect(pickLanguage(dataLang, htmlLang, browserLang)).toBe(expected);
  });
});
