import { parseInline, parseMarkdown, plainText, safeHref } from './markdown';

describe('parseMarkdown', () => {
  it('reads headings, paragraphs, lists and fenced code', () => {
    const blocks = parseMarkdown(
      '# Cards\n\nYour card arrives\nin 5 days.\n\n- one\n- two\n\n1. first\n2) second\n\n```sh\ncurl x\n  <b>\n```\n### End ###',
    );
    expect(blocks).toEqual([
      { type: 'heading', level: 1, children: [{ type: 'text', text: 'Cards' }] },
      { type: 'paragraph', children: [{ type: 'text', text: 'Your card arrives in 5 days.' }] },
      {
        type: 'list',
        ordered: false,
        items: [[{ type: 'text', text: 'one' }], [{ type: 'text', text: 'two' }]],
      },
      {
        type: 'list',
        ordered: true,
        items: [[{ type: 'text', text: 'first' }], [{ type: 'text', text: 'second' }]],
      },
      { type: 'code', language: 'sh', text: 'curl x\n  <b>' },
      { type: 'heading', level: 3, children: [{ type: 'text', text: 'End' }] },
    ]);
  });

  it('ends a list at a paragraph line and keeps indented continuation lines in the item', () => {
    expect(parseMarkdown('- a\n  more\nafter')).toEqual([
      { type: 'list', ordered: false, items: [[{ type: 'text', text: 'a more' }]] },
      { type: 'paragraph', children: [{ type: 'text', text: 'after' }] },
    ]);
  });

  it('keeps an unclosed fence as code to the end', () => {
    expect(parseMarkdown('```\nx\ny')).toEqual([{ type: 'code', language: '', text: 'x\ny' }]);
  });

  it('handles Chinese text', () => {
    expect(parseMarkdown('## 退款\n\n**7 天**内到账。')).toEqual([
      { type: 'heading', level: 2, children: [{ type: 'text', text: '退款' }] },
      {
        type: 'paragraph',
        children: [
          { type: 'strong', children: [{ type: 'text', text: '7 天' }] },
          { type: 'text', text: '内到账。' },
        ],
      },
    ]);
  });
});

describe('parseInline', () => {
  it('reads bold, italic, inline code and links', () => {
    expect(parseInline('a **b** _c_ *d* `e*f*` [g](https://x.test/p?q=1)')).toEqual([
      { type: 'text', text: 'a ' },
      { type: 'strong', children: [{ type: 'text', text: 'b' }] },
      { type: 'text', text: ' ' },
      { type: 'em', children: [{ type: 'text', text: 'c' }] },
      { type: 'text', text: ' ' },
      { type: 'em', children: [{ type: 'text', text: 'd' }] },
      { type: 'text', text: ' ' },
      { type: 'code', text: 'e*f*' },
      { type: 'text', text: ' ' },
      { type: 'link', href: 'https://x.test/p?q=1', children: [{ type: 'text', text: 'g' }] },
    ]);
  });

  it('nests emphasis inside bold, and leaves unmatched marks as text', () => {
    expect(parseInline('**a *b* c**')).toEqual([
      {
        type: 'strong',
        children: [
          { type: 'text', text: 'a ' },
          { type: 'em', children: [{ type: 'text', text: 'b' }] },
          { type: 'text', text: ' c' },
        ],
      },
    ]);
    expect(parseInline('2 * 3 = 6, a_b, `open')).toEqual([
      { type: 'text', text: '2 * 3 = 6, a_b, `open' },
    ]);
    expect(parseInline('\\*not em\\*')).toEqual([{ type: 'text', text: '*not em*' }]);
  });
});

describe('safety', () => {
  it('keeps HTML as text: no element is ever produced from markup', () => {
    const blocks = parseMarkdown('<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>');
    expect(blocks).toEqual([
      { type: 'paragraph', children: [{ type: 'text', text: '<script>alert(1)</script>' }] },
      { type: 'paragraph', children: [{ type: 'text', text: '<img src=x onerror=alert(1)>' }] },
    ]);
  });

  it('turns javascript:, data: and relative links into their label text', () => {
    expect(parseInline('[click](javascript:alert(1)) after')).toEqual([
      { type: 'text', text: 'click' },
      { type: 'text', text: ' after' },
    ]);
    expect(parseInline('[wiki](https://en.test/A_(b))')).toEqual([
      { type: 'link', href: 'https://en.test/A_(b)', children: [{ type: 'text', text: 'wiki' }] },
    ]);
    expect(parseInline('[x](JaVaScRiPt:alert`1`)')).toEqual([{ type: 'text', text: 'x' }]);
    expect(parseInline('[x](data:text/html;base64,PHNjcmlwdD4=)')).toEqual([
      { type: 'text', text: 'x' },
    ]);
    expect(parseInline('[x](/admin)')).toEqual([{ type: 'text', text: 'x' }]);
    expect(parseInline('[x]( https://ok.test )')).toEqual([
      { type: 'link', href: 'https://ok.test/', children: [{ type: 'text', text: 'x' }] },
    ]);
  });

  it('accepts only absolute http(s) URLs', () => {
    expect(safeHref('https://a.test/x')).toBe('https://a.test/x');
    expect(safeHref('HTTP://a.test')).toBe('http://a.test/');
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('//evil.test')).toBeNull();
    expect(safeHref('https://')).toBeNull();
    expect(safeHref('vbscript:x')).toBeNull();
  });
});

describe('plainText', () => {
  it('drops the marks for a preview', () => {
    expect(plainText('# T\n\n**Bold** and [link](https://a.test).\n\n- a\n- b')).toBe(
      'T Bold and link. a · b',
    );
  });
});
