import { gatewayFromScript, gatewayUrl, readOptions, safeColor, textOn } from './config';

const CHANNEL = '00000000-0000-4000-8000-000000000002';

describe('the gateway from the script’s own src', () => {
  it.each([
    [
      'served at the root',
      'https://chat.example.com/widget/widget.js',
      'https://chat.example.com',
      '',
    ],
    [
      'a port and a query',
      'http://127.0.0.1:3000/widget/widget.js?v=3',
      'http://127.0.0.1:3000',
      '',
    ],
    [
      'behind a path prefix',
      'https://example.com/support/widget/widget.js',
      'https://example.com',
      '/support',
    ],
  ])('%s', (_case, src, origin, prefix) => {
    expect(gatewayFromScript(src)).toEqual({ origin, prefix });
  });

  it('builds the API and socket URLs under the prefix', () => {
    const gateway = gatewayFromScript('https://example.com/support/widget/widget.js');
    expect(gatewayUrl(gateway, `/v1/webchat/${CHANNEL}/sessions`)).toBe(
      `https://example.com/support/v1/webchat/${CHANNEL}/sessions`,
    );
  });
});

describe('readOptions', () => {
  it('reads the channel and the optional attributes', () => {
    expect(
      readOptions('http://127.0.0.1:3000/widget/widget.js', {
        channel: CHANNEL.toUpperCase(),
        lang: 'zh',
        title: ' Acme 客服 ',
        color: '#0b3d91',
      }),
    ).toEqual({
      channelId: CHANNEL,
      gateway: { origin: 'http://127.0.0.1:3000', prefix: '' },
      lang: 'zh',
      title: 'Acme 客服',
      color: '#0b3d91',
    });
  });

  it('refuses a missing or malformed channel id', () => {
    expect(readOptions('https://x.test/widget/widget.js', {})).toHaveProperty('error');
    expect(readOptions('https://x.test/widget/widget.js', { channel: 'abc' })).toHaveProperty(
      'error',
    );
  });

  it('refuses a src that is not a URL', () => {
    expect(readOptions('not a url', { channel: CHANNEL })).toHaveProperty('error');
  });
});

describe('colours', () => {
  it.each([
    ['#0b3d91', '#0b3d91'],
    ['#abc', '#abc'],
    ['rgb(11, 61, 145)', 'rgb(11, 61, 145)'],
    ['teal', 'teal'],
    ['red; } :host { display: none', null],
    ['url(https://evil.test/x.png)', null],
    ['', null],
  ])('safeColor(%j) → %j', (value, expected) => {
    expect(safeColor(value)).toBe(expected);
  });

  it.each([
    ['#1456b8', '#ffffff'],
    ['#000000', '#ffffff'],
    ['#ffd34d', '#111111'],
    ['#ffffff', '#111111'],
    ['teal', '#ffffff'],
  ])('text on %s is %s', (color, expected) => {
    expect(textOn(color)).toBe(expected);
  });
});
