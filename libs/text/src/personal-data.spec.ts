import { scrubPersonalData } from './personal-data';

describe('removing personal data', () => {
  it.each([
    ['write to li.lei@example.com please', 'write to [email] please'],
    ['我的手机号是13812345678', '我的手机号是[phone]'],
    ['call +44 20 7946 0958 today', 'call [phone] today'],
    ['身份证 11010519491231002X 已提交', '身份证 [id number] 已提交'],
    ['order 2024112200123 is late', 'order [number] is late'],
    ['card 4111 1111 1111 1111 was charged', 'card [number] was charged'],
  ])('%s → %s', (input, expected) => {
    expect(scrubPersonalData(input)).toBe(expected);
  });

  it('leaves short numbers, prices and dates alone', () => {
    const text = 'Refunds take 3-5 days and cost ¥10, since 2024.';
    expect(scrubPersonalData(text)).toBe(text);
  });
});
