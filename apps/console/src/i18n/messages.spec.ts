import { interpolate, pickLanguage } from './define';
import { formatDuration } from './format';
import { areas } from './messages';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the console’s messages', () => {
  for (const [name, area] of Object.entries(areas)) {
    describe(name, () => {
      it('has the same keys in Chinese and English, none empty', () => {
        expect(Object.keys(area.zh).sort()).toEqual(Object.keys(area.en).sort());
        for (const [key, text] of [...Object.entries(area.en), ...Object.entries(area.zh)])
          expect({ key, empty: text.trim() === '' }).toEqual({ key, empty: false });
      });

      it('uses the same placeholders in both languages', () => {
        for (const [key, english] of Object.entries(area.en)) {
          const chinese = (area.zh as Record<string, string>)[key]!;
          expect({ key, zh: placeholders(chinese) }).toEqual({ key, zh: placeholders(english) });
        }
      });

      if (name !== 'common')
        it(`keeps its keys under "${name}."`, () => {
          for (const key of Object.keys(area.en)) expect(key.startsWith(`${name}.`)).toBe(true);
        });
    });
  }

  it('never defines one key in two areas', () => {
    const keys = Object.values(areas).flatMap((area) => Object.keys(area.en));
    expect(keys.length).toBe(new Set(keys).size);
  });
});

describe('language choice', () => {
  it('follows the browser unless the person chose', () => {
    expect(pickLanguage(null, ['zh-CN', 'en-US'])).toBe('zh');
    expect(pickLanguage(null, ['en-GB', 'zh-TW'])).toBe('en');
    expect(pickLanguage(null, ['fr-FR', 'zh-HK'])).toBe('zh');
    expect(pickLanguage(null, ['fr-FR'])).toBe('en');
    expect(pickLanguage('en', ['zh-CN'])).toBe('en');
    expect(pickLanguage('klingon', ['zh-CN'])).toBe('zh');
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(interpolate('{n} waiting, {m}', { n: 3 })).toBe('3 waiting, {m}');
  });

  it('writes durations in the language', () => {
    expect(formatDuration(42, 'en')).toBe('42 s');
    expect(formatDuration(185, 'en')).toBe('3 min 5 s');
    expect(formatDuration(3720, 'zh')).toBe('1 小时 2 分');
    expect(formatDuration(null, 'zh')).toBe('—');
  });
});
