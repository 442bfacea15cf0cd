import { createHash } from 'node:crypto';
import { FakeWeChatApi } from '../../../../../scripts/harness/fake-wechat';
import {
  InboundRejected,
  type ChannelConfig,
  type InboundRequest,
  type InboundResult,
  type OutboundReply,
} from './channel-adapter';
import { WeChatAdapter, wechatSignature } from './wechat.adapter';

const TOKEN = 'tandem-wechat-token';
const NOW = new Date('2024-05-01T08:00:00Z');
const NOW_SECONDS = Math.floor(NOW.getTime() / 1000);
const OPENID = 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o';
const SUCCESS = { status: 200, contentType: 'text/plain', body: 'success' };

function channel(overrides: Partial<ChannelConfig> = {}): ChannelConfig {
  return {
    id: 'ch-wechat',
    tenantId: 't1',
    type: 'wechat',
    secret: TOKEN,
    callbackUrl: '',
    settings: { appId: 'wx-fake-app-id', appSecret: 'fake-app-secret' },
    ...overrides,
  };
}

/** Written out here rather than imported, so a wrong algorithm in the adapter cannot hide. */
function sha1Signature(token: string, timestamp: string, nonce: string): string {
  return createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex');
}

function signedQuery(
  options: { token?: string; timestamp?: number; nonce?: string } = {},
): Record<string, string> {
  const timestamp = String(options.timestamp ?? NOW_SECONDS);
  const nonce = options.nonce ?? '1514687652';
  return {
    signature: sha1Signature(options.token ?? TOKEN, timestamp, nonce),
    timestamp,
    nonce,
  };
}

function request(method: 'GET' | 'POST', query: Record<string, string>, body = ''): InboundRequest {
  return {
    method,
    url: `https://gateway.example/v1/channels/ch-wechat/webhook?${new URLSearchParams(query)}`,
    query,
    headers: { 'content-type': 'text/xml' },
    rawBody: Buffer.from(body, 'utf8'),
  };
}

/** A push as WeChat writes it: text fields in CDATA, numbers bare. */
function pushXml(fields: Record<string, string | number | bigint>): string {
  const elements = Object.entries(fields).map(([name, value]) =>
    typeof value !== 'string'
      ? `<${name}>${value}</${name}>`
      : `<${name}><![CDATA[${value}]]></${name}>`,
  );
  return `<xml>${elements.join('')}</xml>`;
}

function header(msgType: string): Record<string, string | number> {
  return {
    ToUserName: 'gh_3e5f1a2b9c7d',
    FromUserName: OPENID,
    CreateTime: NOW_SECONDS - 2,
    MsgType: msgType,
  };
}

function receivePush(body: string, settings: Record<string, string> = {}): InboundResult {
  const adapter = new WeChatAdapter();
  const config = channel({ settings: { ...channel().settings, ...settings } });
  return adapter.receive(config, request('POST', signedQuery(), body), NOW);
}

function rejection(act: () => unknown): { status: number; code: string } {
  try {
    act();
  } catch (error) {
    if (error instanceof InboundRejected) return { status: error.status, code: error.code };
    throw error;
  }
  throw new Error('expected an InboundRejected');
}

describe('wechatSignature', () => {
  it('is SHA1 of the sorted token, timestamp and nonce (a vector computed with sha1sum)', () => {
    expect(wechatSignature('tandem-token', '1700000000', 'nonce-42')).toBe(
      'af0a34de9861fbe92a0883f4d7a51e3f0577164f',
    );
  });
});

describe('WeChat URL verification (GET)', () => {
  const adapter = new WeChatAdapter();
  const echostr = '6389215178546390842';

  it('echoes echostr as text/plain when the signature is good', () => {
    const result = adapter.receive(channel(), request('GET', { ...signedQuery(), echostr }), NOW);
    expect(result).toEqual({
      kind: 'respond',
      reply: { status: 200, contentType: 'text/plain', body: echostr },
    });
  });

  it('accepts a timestamp 300 s old (the edge of the window)', () => {
    const query = { ...signedQuery({ timestamp: NOW_SECONDS - 300 }), echostr };
    expect(adapter.receive(channel(), request('GET', query), NOW).kind).toBe('respond');
  });

  it.each([
    ['signed with another Token', { ...signedQuery({ token: 'other' }), echostr }],
    ['a nonce changed after signing', { ...signedQuery(), nonce: '999', echostr }],
    ['a timestamp changed after signing', { ...signedQuery(), timestamp: '1714550000', echostr }],
    ['no signature', { timestamp: String(NOW_SECONDS), nonce: '1', echostr }],
    ['a signature that is not hex SHA1', { ...signedQuery(), signature: 'abc', echostr }],
  ])('refuses %s with 401 GATEWAY.BAD_SIGNATURE', (_case, query) => {
    expect(rejection(() => adapter.receive(channel(), request('GET', query), NOW))).toEqual({
      status: 401,
      code: 'GATEWAY.BAD_SIGNATURE',
    });
  });

  it.each([
    ['301 s old', NOW_SECONDS - 301],
    ['301 s in the future', NOW_SECONDS + 301],
    ['a day old', NOW_SECONDS - 86_400],
  ])('refuses a correctly signed timestamp %s as GATEWAY.STALE_SIGNATURE', (_case, timestamp) => {
    const query = { ...signedQuery({ timestamp }), echostr };
    expect(rejection(() => adapter.receive(channel(), request('GET', query), NOW))).toEqual({
      status: 401,
      code: 'GATEWAY.STALE_SIGNATURE',
    });
  });

  it('refuses everything for a channel without a Token, even a request "signed" with none', () => {
    const query = { ...signedQuery({ token: '' }), echostr };
    expect(
      rejection(() => adapter.receive(channel({ secret: '' }), request('GET', query), NOW)),
    ).toEqual({ status: 401, code: 'GATEWAY.BAD_SIGNATURE' });
  });

  it('refuses a signed GET without echostr as 400', () => {
    expect(rejection(() => adapter.receive(channel(), request('GET', signedQuery()), NOW))).toEqual(
      { status: 400, code: 'GATEWAY.INVALID_MESSAGE' },
    );
  });
});

describe('WeChat message push (POST)', () => {
  const text = pushXml({ ...header('text'), Content: 'hello', MsgId: 24567890123456789n });

  it.each([
    ['signed with another Token', signedQuery({ token: 'other' }), 'GATEWAY.BAD_SIGNATURE'],
    ['without a signature', {}, 'GATEWAY.BAD_SIGNATURE'],
    [
      'signed 10 minutes ago',
      signedQuery({ timestamp: NOW_SECONDS - 600 }),
      'GATEWAY.STALE_SIGNATURE',
    ],
  ])('refuses a push %s', (_case, query, code) => {
    const adapter = new WeChatAdapter();
    expect(rejection(() => adapter.receive(channel(), request('POST', query), NOW))).toEqual({
      status: 401,
      code,
    });
    // The body is never looked at before the signature: the same query with a good body fails too.
    expect(
      rejection(() => adapter.receive(channel(), request('POST', query, text), NOW)).code,
    ).toBe(code);
  });

  it.each<[string, string, Record<string, string>, InboundResult]>([
    [
      'text',
      text,
      {},
      {
        kind: 'messages',
        messages: [
          {
            channelMessageId: '24567890123456789',
            externalId: OPENID,
            text: 'hello',
            attachments: [],
          },
        ],
        reply: SUCCESS,
      },
    ],
    [
      'image → an image attachment at PicUrl',
      pushXml({
        ...header('image'),
        PicUrl: 'http://mmbiz.qpic.cn/mmbiz_jpg/abc/0',
        MediaId: 'media-img-1',
        MsgId: 1001,
      }),
      {},
      {
        kind: 'messages',
        messages: [
          {
            channelMessageId: '1001',
            externalId: OPENID,
            text: '',
            attachments: [{ kind: 'image', url: 'http://mmbiz.qpic.cn/mmbiz_jpg/abc/0' }],
          },
        ],
        reply: SUCCESS,
      },
    ],
    [
      'voice with Recognition → the recognised words as text',
      pushXml({
        ...header('voice'),
        MediaId: 'media-voice-1',
        Format: 'amr',
        Recognition: '我要退款',
        MsgId: 1002,
      }),
      {},
      {
        kind: 'messages',
        messages: [
          {
            channelMessageId: '1002',
            externalId: OPENID,
            text: '我要退款',
            attachments: [
              { kind: 'voice', url: 'wechat-media:media-voice-1', mimeType: 'audio/amr' },
            ],
          },
        ],
        reply: SUCCESS,
      },
    ],
    [
      'voice without Recognition → empty text, the attachment only',
      pushXml({ ...header('voice'), MediaId: 'media-voice-2', Format: 'speex', MsgId: 1003 }),
      {},
      {
        kind: 'messages',
        messages: [
          {
            channelMessageId: '1003',
            externalId: OPENID,
            text: '',
            attachments: [
              { kind: 'voice', url: 'wechat-media:media-voice-2', mimeType: 'audio/speex' },
            ],
          },
        ],
        reply: SUCCESS,
      },
    ],
    [
      'subscribe → success, nothing to publish',
      pushXml({ ...header('event'), Event: 'subscribe', EventKey: '' }),
      {},
      { kind: 'respond', reply: SUCCESS },
    ],
    [
      'unsubscribe → success, nothing to publish',
      pushXml({ ...header('event'), Event: 'unsubscribe' }),
      {},
      { kind: 'respond', reply: SUCCESS },
    ],
    [
      'CLICK on the default human key → request_human',
      pushXml({ ...header('event'), Event: 'CLICK', EventKey: 'REQUEST_HUMAN' }),
      {},
      {
        kind: 'messages',
        messages: [
          {
            channelMessageId: `${OPENID}:${NOW_SECONDS - 2}:CLICK`,
            externalId: OPENID,
            text: '',
            action: 'request_human',
            attachments: [],
          },
        ],
        reply: SUCCESS,
      },
    ],
    [
      'CLICK on another menu key → success, nothing to publish',
      pushXml({ ...header('event'), Event: 'CLICK', EventKey: 'V1001_TODAY_MUSIC' }),
      {},
      { kind: 'respond', reply: SUCCESS },
    ],
    [
      'CLICK on REQUEST_HUMAN when the channel configured another human key → nothing',
      pushXml({ ...header('event'), Event: 'CLICK', EventKey: 'REQUEST_HUMAN' }),
      { humanKey: 'TALK_TO_AGENT' },
      { kind: 'respond', reply: SUCCESS },
    ],
    [
      'CLICK on the channel’s own human key → request_human',
      pushXml({ ...header('event'), Event: 'CLICK', EventKey: 'TALK_TO_AGENT' }),
      { humanKey: 'TALK_TO_AGENT' },
      {
        kind: 'messages',
        messages: [
          {
            channelMessageId: `${OPENID}:${NOW_SECONDS - 2}:CLICK`,
            externalId: OPENID,
            text: '',
            action: 'request_human',
            attachments: [],
          },
        ],
        reply: SUCCESS,
      },
    ],
    [
      'VIEW (a menu link) → success, nothing to publish',
      pushXml({ ...header('event'), Event: 'VIEW', EventKey: 'https://example.com' }),
      {},
      { kind: 'respond', reply: SUCCESS },
    ],
    [
      'video → a placeholder text, so an agent sees something arrived',
      pushXml({ ...header('video'), MediaId: 'm', ThumbMediaId: 't', MsgId: 1004 }),
      {},
      {
        kind: 'messages',
        messages: [
          {
            channelMessageId: '1004',
            externalId: OPENID,
            text: '[unsupported wechat message type: video]',
            attachments: [],
          },
        ],
        reply: SUCCESS,
      },
    ],
    [
      'location → a placeholder text',
      `<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[${OPENID}]]></FromUserName><CreateTime>1714550398</CreateTime><MsgType><![CDATA[location]]></MsgType><Location_X>23.134521</Location_X><Location_Y>113.358803</Location_Y><Scale>20</Scale><Label><![CDATA[位置信息]]></Label><MsgId>1005</MsgId></xml>`,
      {},
      {
        kind: 'messages',
        messages: [
          {
            channelMessageId: '1005',
            externalId: OPENID,
            text: '[unsupported wechat message type: location]',
            attachments: [],
          },
        ],
        reply: SUCCESS,
      },
    ],
  ])('%s', (_case, body, settings, expected) => {
    expect(receivePush(body, settings)).toEqual(expected);
  });

  it('gives a retried event the same channelMessageId, and a later one a new id', () => {
    const click = (createTime: number) =>
      receivePush(
        pushXml({
          ...header('event'),
          CreateTime: createTime,
          Event: 'CLICK',
          EventKey: 'REQUEST_HUMAN',
        }),
      );
    const id = (result: InboundResult) =>
      result.kind === 'messages' ? result.messages[0]!.channelMessageId : null;
    expect(id(click(1714550000))).toBe(id(click(1714550000)));
    expect(id(click(1714550000))).not.toBe(id(click(1714550060)));
  });

  it.each([
    ['Chinese', '你好，我的订单还没到，能帮我查一下吗？'],
    ['emoji, also outside the BMP and with joiners', '谢谢 🙏🏻 👨‍👩‍👧 ✅'],
    ['leading, trailing and inner whitespace', '  第一行\n第二行\t \n'],
    ['markup and entity lookalikes inside CDATA, kept literally', 'a < b && c &amp; d </xml>'],
  ])('keeps %s exactly', (_case, content) => {
    const result = receivePush(pushXml({ ...header('text'), Content: content, MsgId: 7 }));
    expect(result.kind === 'messages' && result.messages[0]!.text).toBe(content);
  });

  it('keeps "]]>" that WeChat split across two CDATA sections', () => {
    const body = `<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[${OPENID}]]></FromUserName><CreateTime>1714550398</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[x]]]]><![CDATA[>y]]></Content><MsgId>8</MsgId></xml>`;
    const result = receivePush(body);
    expect(result.kind === 'messages' && result.messages[0]!.text).toBe('x]]>y');
  });

  it('decodes entity references in text outside CDATA, keeping its spaces', () => {
    const body = `<xml><ToUserName>gh_1</ToUserName><FromUserName>${OPENID}</FromUserName><CreateTime>1714550398</CreateTime><MsgType>text</MsgType><Content> I &lt;3 &quot;you&quot; &amp; 你 &#x1F44B;&#128075; &unknown; </Content><MsgId>9</MsgId></xml>`;
    const result = receivePush(body);
    expect(result.kind === 'messages' && result.messages[0]!.text).toBe(
      ' I <3 "you" & 你 👋👋 &unknown; ',
    );
  });

  it('keeps a 64-bit MsgId digit for digit (a JS number would round it)', () => {
    const body = pushXml({ ...header('text'), Content: 'x' }).replace(
      '</xml>',
      '<MsgId>9223372036854775807</MsgId></xml>',
    );
    const result = receivePush(body);
    expect(result.kind === 'messages' && result.messages[0]!.channelMessageId).toBe(
      '9223372036854775807',
    );
  });

  it('accepts an XML declaration and pretty-printed XML, trimming ids but not the text', () => {
    const body = `<?xml version="1.0" encoding="UTF-8"?>
<xml>
  <ToUserName><![CDATA[gh_1]]></ToUserName>
  <FromUserName><![CDATA[${OPENID}]]></FromUserName>
  <CreateTime>1714550398</CreateTime>
  <MsgType><![CDATA[text]]></MsgType>
  <Content><![CDATA[ hi ]]></Content>
  <MsgId>
    10
  </MsgId>
</xml>`;
    expect(receivePush(body)).toEqual({
      kind: 'messages',
      messages: [{ channelMessageId: '10', externalId: OPENID, text: ' hi ', attachments: [] }],
      reply: SUCCESS,
    });
  });

  it.each([
    ['an empty body', ''],
    [
      'malformed XML (unclosed tag)',
      '<xml><ToUserName><![CDATA[gh_1]]></ToUserName><MsgType>text</xml>',
    ],
    ['not XML at all', '{"MsgType":"text"}'],
    ['XML that is not <xml>', '<message><MsgType>text</MsgType></message>'],
    [
      'a missing FromUserName',
      pushXml({ ToUserName: 'gh_1', CreateTime: 1, MsgType: 'text', Content: 'x', MsgId: 1 }),
    ],
    [
      'an empty FromUserName',
      pushXml({ ...header('text'), FromUserName: '', Content: 'x', MsgId: 1 }),
    ],
    [
      'a repeated FromUserName',
      pushXml({ ...header('text'), Content: 'x', MsgId: 1 }).replace(
        '</xml>',
        `<FromUserName>other</FromUserName></xml>`,
      ),
    ],
    [
      'a missing MsgType',
      pushXml({ ToUserName: 'gh_1', FromUserName: OPENID, CreateTime: 1, Content: 'x', MsgId: 1 }),
    ],
    ['a text without Content', pushXml({ ...header('text'), MsgId: 1 })],
    ['a text without MsgId', pushXml({ ...header('text'), Content: 'x' })],
    ['an image without PicUrl', pushXml({ ...header('image'), MediaId: 'm', MsgId: 1 })],
    ['a voice without MediaId', pushXml({ ...header('voice'), Format: 'amr', MsgId: 1 })],
    ['an event without Event', pushXml({ ...header('event'), EventKey: 'REQUEST_HUMAN' })],
    [
      'a CreateTime that is not a number',
      pushXml({ ...header('text'), CreateTime: 'yesterday', Content: 'x', MsgId: 1 }),
    ],
    [
      'Content holding child elements',
      pushXml({ ...header('text'), MsgId: 1 }).replace(
        '</xml>',
        '<Content><b>x</b></Content></xml>',
      ),
    ],
    [
      'an encrypted (安全模式) push',
      `<xml><ToUserName><![CDATA[gh_1]]></ToUserName><Encrypt><![CDATA[bXlzZWNyZXQ=]]></Encrypt></xml>`,
    ],
    [
      'a DOCTYPE declaring entities (billion laughs)',
      `<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>${pushXml({ ...header('text'), MsgId: 1 }).replace('</xml>', '<Content>&c;</Content></xml>')}`,
    ],
    [
      'an external entity (XXE)',
      `<!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${pushXml({ ...header('text'), MsgId: 1 }).replace('</xml>', '<Content>&xxe;</Content></xml>')}`,
    ],
    ['an ENTITY declaration in lower case', `<!doctype xml [<!entity a "x">]><xml/>`],
  ])('refuses %s with 400 GATEWAY.INVALID_MESSAGE', (_case, body) => {
    expect(rejection(() => receivePush(body))).toEqual({
      status: 400,
      code: 'GATEWAY.INVALID_MESSAGE',
    });
  });

  it('says plainly that the encrypted mode is not supported', () => {
    const body = `<xml><ToUserName><![CDATA[gh_1]]></ToUserName><Encrypt><![CDATA[bXlzZWNyZXQ=]]></Encrypt></xml>`;
    expect(() => receivePush(body)).toThrow(/Encrypted .* not supported/);
  });

  it('takes the plain-text fields of a compatible-mode (兼容模式) push, which also carries <Encrypt>', () => {
    const body = pushXml({
      ...header('text'),
      Content: '兼容',
      MsgId: 11,
      Encrypt: 'bXlzZWNyZXQ=',
    });
    const result = receivePush(body);
    expect(result.kind === 'messages' && result.messages[0]!.text).toBe('兼容');
  });
});

describe('WeChatAdapter.send through the customer-service API (a fake WeChat)', () => {
  let wechat: FakeWeChatApi;
  let clock: number;
  let adapter: WeChatAdapter;

  const reply = (text: string, to = OPENID): OutboundReply => ({
    replyId: `r-${text.length}`,
    conversationId: 'c1',
    to,
    from: { role: 'agent', name: 'Li Na' },
    text,
    sentAt: NOW.toISOString(),
  });
  const config = (overrides: Partial<ChannelConfig> = {}) =>
    channel({ callbackUrl: wechat.baseUrl, ...overrides });

  beforeEach(async () => {
    wechat = new FakeWeChatApi();
    await wechat.start();
    clock = NOW.getTime();
    adapter = new WeChatAdapter({ clock: () => clock });
  });

  afterEach(async () => {
    await wechat.stop();
  });

  it('posts the exact JSON WeChat expects, fetching the access_token once for two sends', async () => {
    const first = await adapter.send(config(), reply('您好！我是客服小李 😊'), 2000);
    const second = await adapter.send(config(), reply('还有别的问题吗？'), 2000);

    expect(first).toEqual({ ok: true });
    expect(second).toEqual({ ok: true });
    expect(wechat.tokenRequests).toBe(1);
    expect(wechat.sent.map((message) => message.body)).toEqual([
      { touser: OPENID, msgtype: 'text', text: { content: '您好！我是客服小李 😊' } },
      { touser: OPENID, msgtype: 'text', text: { content: '还有别的问题吗？' } },
    ]);
    // UTF-8 on the wire, not \uXXXX escapes (which WeChat has refused with 40033).
    expect(wechat.sent[0]!.raw).toBe(
      '{"touser":"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o","msgtype":"text","text":{"content":"您好！我是客服小李 😊"}}',
    );
    expect(wechat.sent[0]!.accessToken).toBe(wechat.sent[1]!.accessToken);
  });

  it('shares one token fetch between sends made at the same time', async () => {
    const results = await Promise.all(
      [1, 2, 3].map((n) => adapter.send(config(), reply('x'.repeat(n)), 2000)),
    );
    expect(results).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
    expect(wechat.tokenRequests).toBe(1);
  });

  it('keeps the token until 5 minutes before it expires, then fetches a new one', async () => {
    await adapter.send(config(), reply('a'), 2000);
    clock += (7200 - 300 - 1) * 1000;
    await adapter.send(config(), reply('b'), 2000);
    expect(wechat.tokenRequests).toBe(1);
    clock += 2 * 1000;
    await adapter.send(config(), reply('c'), 2000);
    expect(wechat.tokenRequests).toBe(2);
    expect(wechat.sent[2]!.accessToken).not.toBe(wechat.sent[0]!.accessToken);
  });

  it.each([
    ['40001 (token invalid)', () => wechat.failNext(40001)],
    ['42001 (token expired)', () => wechat.expireTokens()],
  ])('on %s fetches a new token and sends again, once', async (_case, breakToken) => {
    expect(await adapter.send(config(), reply('first'), 2000)).toEqual({ ok: true });
    breakToken();
    expect(await adapter.send(config(), reply('second'), 2000)).toEqual({ ok: true });
    expect(wechat.tokenRequests).toBe(2);
    expect(wechat.sendRequests).toBe(3);
    expect(wechat.sent.map((message) => message.body)).toEqual([
      expect.objectContaining({ text: { content: 'first' } }),
      expect.objectContaining({ text: { content: 'second' } }),
    ]);
    expect(wechat.sent[1]!.accessToken).not.toBe(wechat.sent[0]!.accessToken);
  });

  it('refreshes only once: a fresh token refused too is a final failure', async () => {
    wechat.failNext(40001);
    wechat.failNext(40001);
    const result = await adapter.send(config(), reply('x'), 2000);
    expect(result).toEqual({
      ok: false,
      retryable: false,
      reason: 'wechat errcode 40001: invalid credential, access_token is invalid or not latest',
    });
    expect(wechat.tokenRequests).toBe(2);
    expect(wechat.sendRequests).toBe(2);
    expect(wechat.sent).toEqual([]);
  });

  it.each([
    [
      '45015 (the 48-hour window has passed) is final',
      45015,
      {
        ok: false,
        retryable: false,
        reason: 'wechat errcode 45015: response out of time limit or subscription is canceled',
        unreachable: 'REPLY_WINDOW_CLOSED',
      },
    ],
    [
      '40003 (an openid not of this account) is final',
      40003,
      {
        ok: false,
        retryable: false,
        reason: 'wechat errcode 40003: invalid openid',
        unreachable: 'INVALID_ADDRESS',
      },
    ],
    [
      'an errcode not known here is final',
      48001,
      { ok: false, retryable: false, reason: 'wechat errcode 48001: fake wechat error' },
    ],
    [
      '-1 (system busy) is worth retrying',
      -1,
      { ok: false, retryable: true, reason: 'wechat errcode -1: system error' },
    ],
    [
      '45009 (rate limit) is worth retrying',
      45009,
      {
        ok: false,
        retryable: true,
        reason: 'wechat errcode 45009: reach max api daily quota limit',
      },
    ],
    [
      'HTTP 500 is worth retrying',
      500,
      { ok: false, retryable: true, reason: 'wechat answered HTTP 500' },
    ],
    [
      'HTTP 503 is worth retrying',
      503,
      { ok: false, retryable: true, reason: 'wechat answered HTTP 503' },
    ],
    ['HTTP 404 is final', 404, { ok: false, retryable: false, reason: 'wechat answered HTTP 404' }],
  ])('%s', async (_case, failure, expected) => {
    wechat.failNext(failure);
    expect(await adapter.send(config(), reply('x'), 2000)).toEqual(expected);
    expect(wechat.sent).toEqual([]);
    // The failure was the send's own, not the token's: the token is still good for the next one.
    expect(await adapter.send(config(), reply('y'), 2000)).toEqual({ ok: true });
    expect(wechat.tokenRequests).toBe(1);
  });

  it('gives up at the deadline when WeChat never answers, as a retryable failure', async () => {
    wechat.failNext({ hang: true });
    const started = Date.now();
    const result = await adapter.send(config(), reply('x'), 200);
    expect(result).toEqual({
      ok: false,
      retryable: true,
      reason: 'wechat did not answer in 200 ms',
    });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('counts the token fetch against the same deadline', async () => {
    wechat.failNext({ hang: true }, 'token');
    expect(await adapter.send(config(), reply('x'), 200)).toMatchObject({
      ok: false,
      retryable: true,
    });
    expect(wechat.sendRequests).toBe(0);
  });

  it('reports an unreachable API as retryable', async () => {
    const gone = new FakeWeChatApi();
    await gone.start();
    const deadUrl = gone.baseUrl;
    await gone.stop();
    const result = await adapter.send(config({ callbackUrl: deadUrl }), reply('x'), 2000);
    expect(result).toMatchObject({ ok: false, retryable: true });
    expect(result.ok === false && result.reason).toMatch(/^wechat unreachable: /);
  });

  it('reports a wrong appSecret as final, without trying to send', async () => {
    const wrong = config({ settings: { appId: wechat.appId, appSecret: 'not-the-secret' } });
    const result = await adapter.send(wrong, reply('x'), 2000);
    expect(result).toMatchObject({ ok: false, retryable: false });
    expect(result.ok === false && result.reason).toMatch(
      /^wechat errcode 40001: .* \(fetching the access_token\)$/,
    );
    expect(wechat.sendRequests).toBe(0);
  });

  it('does not cache a failed token fetch', async () => {
    wechat.failNext(500, 'token');
    expect(await adapter.send(config(), reply('x'), 2000)).toMatchObject({
      ok: false,
      retryable: true,
    });
    expect(await adapter.send(config(), reply('y'), 2000)).toEqual({ ok: true });
    expect(wechat.tokenRequests).toBe(2);
  });

  it('refuses a channel without appId/appSecret without calling WeChat', async () => {
    const result = await adapter.send(config({ settings: {} }), reply('x'), 2000);
    expect(result).toMatchObject({ ok: false, retryable: false });
    expect(wechat.tokenRequests + wechat.sendRequests).toBe(0);
  });

  it('accepts an API base URL with a trailing slash', async () => {
    const result = await adapter.send(
      config({ callbackUrl: `${wechat.baseUrl}/` }),
      reply('x'),
      2000,
    );
    expect(result).toEqual({ ok: true });
  });
});

describe('fetching media', () => {
  const wechat = new FakeWeChatApi();
  const limits = { maxBytes: 10_000, timeoutMs: 2_000 };
  beforeAll(() => wechat.start());
  afterAll(() => wechat.stop());
  const account = () => channel({ callbackUrl: wechat.baseUrl });

  it('a voice MediaId goes through the media API; an expired token is refreshed once', async () => {
    const fetcher = new WeChatAdapter();
    wechat.addMedia('voice-1', Buffer.from('#!AMR\n'), 'audio/amr');
    const first = await fetcher.fetchAttachment(
      account(),
      { kind: 'voice', url: 'wechat-media:voice-1' },
      limits,
    );
    expect(first).toEqual({ ok: true, bytes: Buffer.from('#!AMR\n'), contentType: 'audio/amr' });
    wechat.expireTokens();
    const tokensBefore = wechat.tokenRequests;
    const second = await fetcher.fetchAttachment(
      account(),
      { kind: 'voice', url: 'wechat-media:voice-1' },
      limits,
    );
    expect(second.ok).toBe(true);
    expect(wechat.tokenRequests).toBe(tokensBefore + 1);
  });

  it.each([
    ['an unknown (expired) MediaId', 40007, { retryable: false, rejection: 'UNAVAILABLE' }],
    ['WeChat busy (-1)', -1, { retryable: true }],
  ])('%s → %j', async (_case, errcode, expected) => {
    wechat.failNext(errcode, 'media');
    const fetched = await new WeChatAdapter().fetchAttachment(
      account(),
      { kind: 'voice', url: 'wechat-media:voice-x' },
      limits,
    );
    expect(fetched).toMatchObject({ ok: false, ...expected });
  });

  it('an image PicUrl is a plain GET; a PicUrl that is not http(s) is unsupported', async () => {
    const url = wechat.addPicture('p1.jpg', Buffer.from('jpeg'));
    expect(
      await new WeChatAdapter().fetchAttachment(account(), { kind: 'image', url }, limits),
    ).toEqual({
      ok: true,
      bytes: Buffer.from('jpeg'),
      contentType: 'image/jpeg',
    });
    expect(
      await new WeChatAdapter().fetchAttachment(
        account(),
        { kind: 'image', url: 'ftp://x/y' },
        limits,
      ),
    ).toMatchObject({ ok: false, retryable: false, rejection: 'UNSUPPORTED' });
  });
});
