import { FakePostmarkApi } from '../../../../../scripts/harness/fake-postmark';
import {
  InboundRejected,
  type ChannelConfig,
  type InboundRequest,
  type OutboundReply,
} from './channel-adapter';
import { formatFrom, htmlToText, PostmarkEmailAdapter } from './postmark-email.adapter';

const SECRET = '9f2c4e6a8b0d1f3e5a7c9e1b3d5f7a90';
const SERVER_TOKEN = 'pm-server-token-3b1e';
const MESSAGE_ID = '73e6d360-66eb-11e1-8e72-a8904824019b';
const NOW = new Date('2025-03-03T02:15:43Z');

const adapter = new PostmarkEmailAdapter();

function channel(overrides: Partial<ChannelConfig> = {}): ChannelConfig {
  return {
    id: 'ch-email',
    tenantId: 't1',
    type: 'email',
    secret: SECRET,
    callbackUrl: '',
    settings: {
      serverToken: SERVER_TOKEN,
      fromEmail: 'support@tandem.example',
      fromName: 'Tandem Support',
      trustedAuthservIds: 'mx.google.com',
    },
    ...overrides,
  };
}

function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}

/** A Postmark inbound webhook as Postmark sends it: a new mail from a Chinese-speaking customer. */
function inbound(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    FromName: '王小明',
    MessageStream: 'inbound',
    From: 'Xiaoming.Wang@Example.cn',
    FromFull: { Email: 'Xiaoming.Wang@Example.cn', Name: '王小明', MailboxHash: '' },
    To: '"Tandem 客服" <support+t1@inbound.tandem.example>',
    ToFull: [
      { Email: 'support+t1@inbound.tandem.example', Name: 'Tandem 客服', MailboxHash: 't1' },
    ],
    Cc: '',
    CcFull: [],
    Bcc: '',
    BccFull: [],
    OriginalRecipient: 'support+t1@inbound.tandem.example',
    ReplyTo: '',
    Subject: '订单 #2043 还没发货 📦',
    MessageID: MESSAGE_ID,
    Date: 'Mon, 3 Mar 2025 10:15:42 +0800',
    MailboxHash: 't1',
    TextBody:
      '你好，\r\n\r\n我上周下的订单还没有发货，能帮我查一下吗？🙏\r\n\r\n谢谢\r\n王小明\r\n',
    HtmlBody:
      '<p>你好，</p><p>我上周下的订单还没有发货，能帮我查一下吗？🙏</p><p>谢谢<br>王小明</p>',
    StrippedTextReply: '',
    Tag: '',
    Headers: [
      {
        Name: 'X-Spam-Checker-Version',
        Value: 'SpamAssassin 3.4.6 (2021-04-09) on p-pm-inbound02',
      },
      { Name: 'X-Spam-Status', Value: 'No' },
      { Name: 'X-Spam-Score', Value: '-0.1' },
      {
        Name: 'Received-SPF',
        Value:
          'None (no SPF record) identity=mailfrom; client-ip=203.0.113.7; helo=mail.example.cn; envelope-from=xiaoming.wang@example.cn; receiver=support+t1@inbound.tandem.example',
      },
      { Name: 'Message-ID', Value: '<CAF=k2x9@mail.example.cn>' },
    ],
    Attachments: [],
    ...overrides,
  };
}

function request(body: unknown, headers: Record<string, string | undefined> = {}): InboundRequest {
  return {
    method: 'POST',
    url: 'https://gateway.tandem.example/v1/channels/ch-email/webhook',
    query: {},
    headers: {
      'content-type': 'application/json',
      authorization: basic('postmark', SECRET),
      ...headers,
    },
    rawBody: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8'),
  };
}

function messageOf(body: unknown, config: ChannelConfig = channel()) {
  const result = adapter.receive(config, request(body), NOW);
  if (result.kind !== 'messages') throw new Error(`expected messages, got ${result.kind}`);
  expect(result.messages).toHaveLength(1);
  return result.messages[0]!;
}

function rejection(run: () => unknown): InboundRejected {
  try {
    run();
  } catch (error) {
    if (error instanceof InboundRejected) return error;
    throw error;
  }
  throw new Error('expected an InboundRejected');
}

describe('PostmarkEmailAdapter.receive', () => {
  it('maps a new Chinese mail exactly, with the subject as its first line', () => {
    expect(adapter.receive(channel(), request(inbound()), NOW)).toStrictEqual({
      kind: 'messages',
      messages: [
        {
          channelMessageId: MESSAGE_ID,
          externalId: 'xiaoming.wang@example.cn',
          customerName: '王小明',
          text: '订单 #2043 还没发货 📦\n你好，\n\n我上周下的订单还没有发货，能帮我查一下吗？🙏\n\n谢谢\n王小明',
          attachments: [],
        },
      ],
      reply: { status: 200, contentType: 'application/json', body: '{"ok":true}' },
    });
  });

  it.each([
    ['Re: 订单 #2043 还没发货 📦', '收到，谢谢！🎉'],
    ['RE:订单 #2043', '收到，谢谢！🎉'],
    ['回复：订单 #2043 还没发货', '收到，谢谢！🎉'],
    ['回复: 订单 #2043 还没发货', '收到，谢谢！🎉'],
    ['答复: 订单 #2043', '收到，谢谢！🎉'],
    // Starts with "Re" but is not a reply: the subject stays.
    ['Refund for order #2043', 'Refund for order #2043\n收到，谢谢！🎉'],
  ])('subject %j → %j (the new part of a reply, quoted history left out)', (subject, text) => {
    const mail = inbound({
      Subject: subject,
      StrippedTextReply: '收到，谢谢！🎉',
      TextBody:
        '收到，谢谢！🎉\r\n\r\nOn Mon, 3 Mar 2025, Tandem Support wrote:\r\n> 您好，我们正在查询。',
    });
    expect(messageOf(mail).text).toBe(text);
  });

  it.each([
    [
      'a blank StrippedTextReply falls back to TextBody',
      { Subject: 'Re: x', StrippedTextReply: ' \r\n', TextBody: '  正文\r\n第二行 ' },
      '正文\n第二行',
    ],
    [
      'no text part: the HTML part as text',
      { Subject: 'Re: x', TextBody: '', HtmlBody: '<p>你好 <b>世界</b></p>' },
      '你好 世界',
    ],
    [
      'null parts are read as empty',
      { Subject: 'Re: x', StrippedTextReply: null, TextBody: null, HtmlBody: '<p>hi</p>' },
      'hi',
    ],
    ['no body at all: the subject alone', { TextBody: '', HtmlBody: '' }, '订单 #2043 还没发货 📦'],
    ['no subject: the body alone', { Subject: '', TextBody: '正文' }, '正文'],
    [
      'a folded subject is one line',
      { Subject: 'Where is\r\n  my order?', TextBody: 'body' },
      'Where is my order?\nbody',
    ],
  ])('%s', (_case, overrides, text) => {
    expect(messageOf(inbound(overrides)).text).toBe(text);
  });

  it('turns an HTML-only mail into clean text, dropping scripts, styles and comments', () => {
    const html = [
      '<!DOCTYPE html><html><head><title>Newsletter</title>',
      '<style>p { color: red; }</style></head><body>',
      '<p>Hello&nbsp;there,</p>',
      '<script type="text/javascript">alert("pwned"); document.cookie</script>',
      '<div>Order&nbsp;#2043 &amp; invoice &lt;b&gt;not bold&lt;/b&gt; &#8212; &#x1F600;<br/>line   two</div>',
      '<!-- <p>hidden</p> -->',
      '<table><tr><td>Qty</td><td>2</td></tr></table>',
      '<p>&amp;lt; is decoded once</p>',
      '<SCRIPT>unclosed("to the end") </body></html>',
    ].join('\n');
    const message = messageOf(inbound({ Subject: 'Re: 订单', TextBody: '', HtmlBody: html }));
    expect(message.text).toBe(
      'Hello there,\n\nOrder #2043 & invoice <b>not bold</b> — 😀\nline two\n\nQty 2\n\n&lt; is decoded once',
    );
  });

  it.each([
    ['<p>a</p><p>b</p>', 'a\n\nb'],
    ['<b>bo</b>ld <i>and</i> <a href="https://x.example/?a=1&amp;b=2">link</a>', 'bold and link'],
    ['<style type="text/css">.x{}</style>text', 'text'],
    ['<img src=x onerror="alert(1)">caption', 'caption'],
    ['<iframe src="https://evil.example"></iframe>safe', 'safe'],
    ['1 < 2 and 3 > 2', '1 < 2 and 3 > 2'],
    ['&#0; &#xD800; &bogus; &AMP;', '\uFFFD \uFFFD &bogus; &'],
    ['&amp;amp;', '&amp;'],
  ])('htmlToText(%j) → %j', (html, text) => {
    expect(htmlToText(html)).toBe(text);
  });

  const spfPass = (envelopeFrom: string, identity = 'mailfrom') =>
    `Pass (sender SPF authorized) identity=${identity}; client-ip=203.0.113.7; helo=mail.example.cn; envelope-from=${envelopeFrom}; receiver=support+t1@inbound.tandem.example`;
  const header = (Name: string, Value: string) => ({ Name, Value });

  it.each([
    [
      'Received-SPF pass for the From domain',
      true,
      [header('Received-SPF', spfPass('bounce@example.cn'))],
    ],
    [
      'Received-SPF header names in any case',
      true,
      [header('received-spf', spfPass('xiaoming.wang@Example.CN'))],
    ],
    [
      'Received-SPF fail',
      false,
      [
        header(
          'Received-SPF',
          'Fail (not authorized) identity=mailfrom; envelope-from=x@example.cn',
        ),
      ],
    ],
    [
      'Received-SPF pass for another domain (a mailing service)',
      false,
      [header('Received-SPF', spfPass('bounces@mailer.other.example'))],
    ],
    [
      'Received-SPF pass for the HELO identity only',
      false,
      [header('Received-SPF', spfPass('x@example.cn', 'helo'))],
    ],
    [
      'a forged Received-SPF pass below the receiver’s own',
      false,
      [
        header('Received-SPF', 'SoftFail identity=mailfrom; envelope-from=x@example.cn'),
        header('Received-SPF', spfPass('x@example.cn')),
      ],
    ],
    [
      'dkim=pass from a trusted server for the From domain',
      true,
      [
        header(
          'Authentication-Results',
          'mx.google.com;\r\n       dkim=pass header.i=@example.cn header.s=20230601 header.b=Kd9x;\r\n       spf=softfail (google.com: domain of transitioning x@example.cn does not designate 203.0.113.7) smtp.mailfrom=x@example.cn',
        ),
      ],
    ],
    [
      'dkim=pass with header.d',
      true,
      [header('Authentication-Results', 'mx.google.com; dkim=pass header.d=example.cn')],
    ],
    [
      'spf=pass from a trusted server for the From domain',
      true,
      [
        header(
          'Authentication-Results',
          'mx.google.com; spf=pass (google.com: domain of x@example.cn designates 203.0.113.7 as permitted sender) smtp.mailfrom=x@example.cn',
        ),
      ],
    ],
    [
      'dkim=fail',
      false,
      [header('Authentication-Results', 'mx.google.com; dkim=fail header.d=example.cn')],
    ],
    ['no authentication headers at all', false, []],
    [
      'dkim=pass for another domain',
      false,
      [header('Authentication-Results', 'mx.google.com; dkim=pass header.d=other.example')],
    ],
    [
      'dkim=pass for a subdomain (only exact matches count)',
      false,
      [header('Authentication-Results', 'mx.google.com; dkim=pass header.d=mail.example.cn')],
    ],
    [
      'dkim=pass written by a server nobody trusts (the sender, say)',
      false,
      [header('Authentication-Results', 'attacker.example; dkim=pass header.d=example.cn')],
    ],
    [
      'a pass inside a comment',
      false,
      [
        header(
          'Authentication-Results',
          'mx.google.com; spf=fail (google.com: x; dkim=pass header.d=example.cn ) smtp.mailfrom=x@evil.example',
        ),
      ],
    ],
    [
      'a pass inside a nested comment',
      false,
      [
        header(
          'Authentication-Results',
          'mx.google.com; spf=fail (note (x); dkim=pass header.d=example.cn ) smtp.mailfrom=x@evil.example',
        ),
      ],
    ],
    [
      'a pass smuggled in a quoted local part',
      false,
      [
        header(
          'Authentication-Results',
          'mx.google.com; spf=fail smtp.mailfrom="a;dkim=pass header.d=example.cn x"@evil.example',
        ),
      ],
    ],
    [
      'a passing result borrowing the domain of a failing one',
      false,
      [header('Authentication-Results', 'mx.google.com; dkim=fail header.d=example.cn; dkim=pass')],
    ],
    [
      'a forged trusted header below the trusted server’s own',
      false,
      [
        header('Authentication-Results', 'mx.google.com; dkim=none'),
        header('Authentication-Results', 'mx.google.com; dkim=pass header.d=example.cn'),
      ],
    ],
  ])('%s → verified: %s', (_case, verified, headers) => {
    const message = messageOf(inbound({ Headers: headers }));
    if (verified) expect(message.verified).toEqual({ email: 'xiaoming.wang@example.cn' });
    else expect(message).not.toHaveProperty('verified');
  });

  it('does not trust any Authentication-Results when the channel names no server', () => {
    const headers = [
      header('Authentication-Results', 'mx.google.com; dkim=pass header.d=example.cn'),
    ];
    const message = messageOf(inbound({ Headers: headers }), channel({ settings: {} }));
    expect(message).not.toHaveProperty('verified');
  });

  it('maps attachments by type, with their names and decoded bytes for the attachment store', () => {
    const message = messageOf(
      inbound({
        Attachments: [
          {
            Name: '截图.png',
            Content: 'iVBORw0KGgo=',
            ContentType: 'image/png',
            ContentLength: 48213,
            ContentID: 'ii_m7s1',
          },
          {
            Name: '语音留言.amr',
            Content: 'IyFBTVIK',
            ContentType: 'audio/AMR',
            ContentLength: 6120,
          },
          {
            Name: '发票 2025/03.pdf',
            Content: 'JVBERi0=',
            ContentType: 'application/pdf',
            ContentLength: 102400,
          },
          { Name: 'clip.mp4', Content: 'AAAA', ContentType: 'video/mp4', ContentLength: 'big' },
        ],
      }),
    );
    expect(message.attachments).toStrictEqual([
      {
        kind: 'image',
        url: `postmark-attachment:${MESSAGE_ID}/0/%E6%88%AA%E5%9B%BE.png`,
        name: '截图.png',
        mimeType: 'image/png',
        // The decoded bytes, not what Postmark declared.
        sizeBytes: 8,
        content: Buffer.from('iVBORw0KGgo=', 'base64'),
      },
      {
        kind: 'voice',
        url: `postmark-attachment:${MESSAGE_ID}/1/%E8%AF%AD%E9%9F%B3%E7%95%99%E8%A8%80.amr`,
        name: '语音留言.amr',
        mimeType: 'audio/amr',
        sizeBytes: 6,
        content: Buffer.from('#!AMR\n'),
      },
      {
        kind: 'file',
        url: `postmark-attachment:${MESSAGE_ID}/2/%E5%8F%91%E7%A5%A8%202025%2F03.pdf`,
        name: '发票 2025/03.pdf',
        mimeType: 'application/pdf',
        sizeBytes: 5,
        content: Buffer.from('%PDF-'),
      },
      {
        kind: 'file',
        url: `postmark-attachment:${MESSAGE_ID}/3/clip.mp4`,
        name: 'clip.mp4',
        mimeType: 'video/mp4',
        sizeBytes: 3,
        content: Buffer.from('AAAA', 'base64'),
      },
    ]);
  });

  it('cuts a mail longer than an event may carry', () => {
    const text = messageOf(inbound({ Subject: 'Re: x', TextBody: '长'.repeat(25_000) })).text;
    expect(text).toHaveLength(20_000);
    expect(text.endsWith('长\n[…]')).toBe(true);
  });

  it.each([
    ['no Authorization header', { authorization: undefined }],
    ['a wrong password', { authorization: basic('postmark', `${SECRET}x`) }],
    ['a wrong user', { authorization: basic('admin', SECRET) }],
    ['a bearer token', { authorization: `Bearer ${SECRET}` }],
    ['not base64', { authorization: 'Basic ***' }],
  ])('%s → 401 GATEWAY.BAD_SIGNATURE', (_case, headers) => {
    const error = rejection(() => adapter.receive(channel(), request(inbound(), headers), NOW));
    expect([error.status, error.code]).toEqual([401, 'GATEWAY.BAD_SIGNATURE']);
  });

  it('an empty channel secret accepts no one, not even an empty password', () => {
    const error = rejection(() =>
      adapter.receive(
        channel({ secret: '' }),
        request(inbound(), { authorization: basic('postmark', '') }),
        NOW,
      ),
    );
    expect(error.status).toBe(401);
  });

  it('accepts the webhook user the channel names', () => {
    const config = channel({ settings: { ...channel().settings, webhookUser: 'tandem-mail' } });
    const withDefault = request(inbound());
    const withNamed = request(inbound(), { authorization: basic('tandem-mail', SECRET) });
    expect(rejection(() => adapter.receive(config, withDefault, NOW)).status).toBe(401);
    expect(adapter.receive(config, withNamed, NOW).kind).toBe('messages');
  });

  it.each([['text/plain'], ['application/x-www-form-urlencoded'], [undefined]])(
    'content type %j → 415',
    (contentType) => {
      const error = rejection(() =>
        adapter.receive(channel(), request(inbound(), { 'content-type': contentType }), NOW),
      );
      expect([error.status, error.code]).toEqual([415, 'GATEWAY.UNSUPPORTED_MEDIA_TYPE']);
    },
  );

  it.each([
    ['malformed JSON', '{"MessageID": "73e6d360",'],
    ['JSON that is not an object', '[]'],
    ['no MessageID', inbound({ MessageID: undefined })],
    ['a blank MessageID', inbound({ MessageID: '  ' })],
    ['no FromFull', inbound({ FromFull: undefined })],
    ['no FromFull.Email', inbound({ FromFull: { Name: '王小明', MailboxHash: '' } })],
    ['a FromFull.Email that is no address', inbound({ FromFull: { Email: 'undisclosed' } })],
  ])('%s → 400 GATEWAY.INVALID_MESSAGE', (_case, body) => {
    const error = rejection(() => adapter.receive(channel(), request(body), NOW));
    expect([error.status, error.code]).toEqual([400, 'GATEWAY.INVALID_MESSAGE']);
  });

  it('a GET → 400 (Postmark only POSTs)', () => {
    const get = { ...request(''), method: 'GET' as const };
    expect(rejection(() => adapter.receive(channel(), get, NOW)).status).toBe(400);
  });
});

describe('formatFrom', () => {
  it.each([
    ['Tandem Support', 'Tandem Support <support@tandem.example>'],
    ['Tandem 客服', 'Tandem 客服 <support@tandem.example>'],
    ['Tandem Support, Shanghai', '"Tandem Support, Shanghai" <support@tandem.example>'],
    ['Tandem "Mail" Team', '"Tandem \\"Mail\\" Team" <support@tandem.example>'],
    ['Evil\r\nBcc: x@y.example', '"Evil Bcc: x@y.example" <support@tandem.example>'],
    [undefined, 'support@tandem.example'],
    ['  ', 'support@tandem.example'],
  ])('%j → %j', (name, from) => {
    expect(formatFrom('support@tandem.example', name)).toBe(from);
  });
});

describe('PostmarkEmailAdapter.send, against a fake Postmark', () => {
  const fake = new FakePostmarkApi(SERVER_TOKEN);
  const reply: OutboundReply = {
    replyId: 'reply-7f3a',
    conversationId: 'conv-19',
    to: 'xiaoming.wang@example.cn',
    from: { role: 'bot', name: 'Tandem' },
    text: '王先生您好，\n\n您的订单 #2043 已于今天发出，单号 SF1234567890。🚚\n\nTandem 客服',
    sentAt: '2025-03-03T02:16:00.000Z',
    toneHint: 'formal',
  };
  const live = (overrides: Partial<ChannelConfig> = {}) =>
    channel({ callbackUrl: `${fake.baseUrl}/`, ...overrides });

  beforeAll(() => fake.start());
  afterAll(() => fake.stop());
  beforeEach(() => fake.reset());

  it('posts the reply as Postmark JSON with the server token, text untouched', async () => {
    const result = await adapter.send(live(), reply, 2_000);

    expect(fake.sent).toHaveLength(1);
    const [sent] = fake.sent;
    expect(result).toStrictEqual({ ok: true, providerMessageId: sent!.messageId });
    expect(sent!.token).toBe(SERVER_TOKEN);
    expect(sent!.body).toStrictEqual({
      From: 'Tandem Support <support@tandem.example>',
      To: 'xiaoming.wang@example.cn',
      Subject: 'Your conversation with us',
      TextBody: '王先生您好，\n\n您的订单 #2043 已于今天发出，单号 SF1234567890。🚚\n\nTandem 客服',
      MessageStream: 'outbound',
      Headers: [{ Name: 'X-Tandem-Reply-Id', Value: 'reply-7f3a' }],
    });
    expect(fake.requests[0]).toMatchObject({
      method: 'POST',
      path: '/email',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
    });
  });

  it('uses the channel’s reply subject and a bare From address when it has no name', async () => {
    const settings = {
      serverToken: SERVER_TOKEN,
      fromEmail: 'help@tandem.example',
      replySubject: '关于您的咨询',
    };
    expect(await adapter.send(live({ settings }), reply, 2_000)).toMatchObject({ ok: true });
    expect(fake.sent[0]!.body).toMatchObject({
      From: 'help@tandem.example',
      Subject: '关于您的咨询',
    });
  });

  it.each([
    [
      '422 ErrorCode 406 (inactive recipient) → not retryable',
      422,
      {
        ErrorCode: 406,
        Message: 'You tried to send to recipient(s) that have been marked as inactive.',
      },
      false,
      'postmark 406: You tried to send to recipient(s) that have been marked as inactive.',
    ],
    [
      '422 ErrorCode 300 (invalid email request) → not retryable',
      422,
      { ErrorCode: 300, Message: "Invalid 'To' address: 'xiaoming.wang@'." },
      false,
      "postmark 300: Invalid 'To' address: 'xiaoming.wang@'.",
    ],
    [
      '422 ErrorCode 100 (maintenance) → retryable',
      422,
      { ErrorCode: 100, Message: 'Maintenance' },
      true,
      'postmark 100: Maintenance',
    ],
    [
      '401 (a wrong server token) → not retryable',
      401,
      undefined,
      false,
      'postmark answered 401: No valid Server API token was supplied.',
    ],
    ['429 → retryable', 429, undefined, true, 'postmark answered 429: Rate limit exceeded.'],
    [
      '500 with a plain-text body → retryable',
      500,
      'Internal Server Error',
      true,
      'postmark answered 500',
    ],
    ['503 → retryable', 503, undefined, true, 'postmark answered 503: Service Unavailable'],
  ])('%s', async (_case, status, body, retryable, reason) => {
    fake.failNext(status, body);
    expect(await adapter.send(live(), reply, 2_000)).toStrictEqual({
      ok: false,
      retryable,
      reason,
      // Only an inactive (bounced, spam-complaining) recipient is unreachable by e-mail.
      ...(reason.startsWith('postmark 406:') ? { unreachable: 'INACTIVE' } : {}),
    });
    expect(fake.requests).toHaveLength(1);
    expect(fake.sent).toHaveLength(0);
  });

  it('a token Postmark does not know → not retryable', async () => {
    const settings = { ...channel().settings, serverToken: 'revoked-token' };
    expect(await adapter.send(live({ settings }), reply, 2_000)).toMatchObject({
      ok: false,
      retryable: false,
      reason: expect.stringMatching(/^postmark answered 401/),
    });
  });

  it('no answer within the timeout → retryable', async () => {
    fake.hangNext();
    expect(await adapter.send(live(), reply, 150)).toStrictEqual({
      ok: false,
      retryable: true,
      reason: 'postmark did not answer in 150 ms',
    });
  });

  it('Postmark unreachable → retryable', async () => {
    const gone = new FakePostmarkApi(SERVER_TOKEN);
    await gone.start();
    const callbackUrl = gone.baseUrl;
    await gone.stop();
    expect(await adapter.send(channel({ callbackUrl }), reply, 2_000)).toMatchObject({
      ok: false,
      retryable: true,
      reason: expect.stringMatching(/^postmark unreachable: /),
    });
  });

  it.each([
    ['no server token', { fromEmail: 'support@tandem.example' }, null],
    ['no From address', { serverToken: SERVER_TOKEN }, null],
    ['an API URL that is not one', channel().settings, 'api.postmarkapp.com'],
  ])('%s → not retryable, nothing sent', async (_case, settings, callbackUrl) => {
    const config = callbackUrl === null ? live({ settings }) : channel({ settings, callbackUrl });
    expect(await adapter.send(config, reply, 2_000)).toMatchObject({
      ok: false,
      retryable: false,
    });
    expect(fake.requests).toHaveLength(0);
  });
});
