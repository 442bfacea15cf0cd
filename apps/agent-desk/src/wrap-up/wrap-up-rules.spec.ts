import { wrapUpRefusal } from './wrap-up-rules';

const codes = [
  { code: 'billing', active: true },
  { code: 'legacy', active: false },
];

describe('resolving with a wrap-up code and a note', () => {
  it.each([
    ['a tenant without codes, any code with a note → allowed', [], 'anything', 'done', null],
    ['a known active code with a note → allowed', codes, 'billing', 'refunded', null],
    ['an unknown code → refused', codes, 'shipping', 'sent', 'DESK.UNKNOWN_WRAP_UP_CODE'],
    ['a retired code → refused', codes, 'legacy', 'done', 'DESK.WRAP_UP_CODE_INACTIVE'],
    ['no note → refused, codes or not', [], 'anything', '  ', 'DESK.RESOLUTION_NOTE_REQUIRED'],
  ])('%s', (_case, defined, code, note, expected) => {
    expect(wrapUpRefusal(defined, code, note)?.code ?? null).toBe(expected);
  });
});
