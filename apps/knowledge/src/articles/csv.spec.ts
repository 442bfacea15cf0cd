import { CsvSyntaxError, parseCsv, writeCsv } from './csv';

const fields = (text: string) => parseCsv(text).map((record) => record.fields);

describe('CSV (RFC 4180)', () => {
  it.each<[string, string, string[][]]>([
    [
      'plain fields, CRLF',
      'a,b\r\nc,d\r\n',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    [
      'LF line ends, no final break',
      'a,b\nc,d',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    ['quoted comma', '"a,b",c', [['a,b', 'c']]],
    ['doubled quotes', '"say ""hi""",x', [['say "hi"', 'x']]],
    ['line breaks inside quotes', '"one\r\ntwo\nthree",x', [['one\r\ntwo\nthree', 'x']]],
    [
      'empty fields',
      'a,,c\n,,',
      [
        ['a', '', 'c'],
        ['', '', ''],
      ],
    ],
    ['empty quoted field', '"",x\n""', [['', 'x'], ['']]],
    ['blank lines are skipped', 'a\n\n\nb\n', [['a'], ['b']]],
    ['a byte order mark is dropped', '\uFEFFtitle,body\n', [['title', 'body']]],
    [
      'Chinese text',
      '标题,"我想查询订单的物流状态，谢谢"\n',
      [['标题', '我想查询订单的物流状态，谢谢']],
    ],
  ])('%s', (_name, text, expected) => {
    expect(fields(text)).toEqual(expected);
  });

  it('reports the line each record starts on, counting breaks inside quotes', () => {
    expect(parseCsv('h\n"a\nb"\nc').map((record) => record.line)).toEqual([1, 2, 4]);
  });

  it.each([
    ['an unclosed quote', 'a\n"never closed\n', 2],
    ['text after a closing quote', '"a"b,c', 1],
    ['a quote inside an unquoted field', 'x\nab"c', 2],
  ])('refuses %s with its line', (_name, text, line) => {
    expect(() => parseCsv(text)).toThrow(CsvSyntaxError);
    try {
      parseCsv(text);
    } catch (error) {
      expect((error as CsvSyntaxError).line).toBe(line);
    }
  });

  it('round-trips anything it writes, Chinese, quotes, commas and line breaks included', () => {
    const rows = [
      ['title', 'body', 'questions'],
      ['退款多久到账？', '退款会在 5–7 个工作日内，\n原路退回。', '退款多久到账\n怎么申请退款'],
      ['He said "no", then left', ' leading space', ''],
      ['plain', 'a\r\nb', 'x,y'],
    ];
    const written = writeCsv(rows);
    expect(written.startsWith('\uFEFF')).toBe(true);
    expect(written.endsWith('\r\n')).toBe(true);
    expect(fields(written)).toEqual(rows);
  });
});
