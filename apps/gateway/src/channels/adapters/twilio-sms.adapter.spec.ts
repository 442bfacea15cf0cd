import { createHmac } from 'node:crypto';
import { FakeTwilioApi, twilioError } from '../../../../../scripts/harness/fake-twilio';
import {
  InboundRejected,
  type ChannelConfig,
  type InboundRequest,
  type OutboundReply,
} from './channel-adapter';
import {
  fitSmsBody,
  mediaAttachments,
  messagesUrl,
  signedUrlVariants,
  signTwilioRequest,
  TwilioSmsAdapter,
} from './twilio-sms.adapter';

const ACCOUNT_SID = 'AC0123456789abcdef0123456789abcdef';
const AUTH_TOKEN = 'test-auth-token';
const FROM_NUMBER = '+15005550006';
const WEBHOOK_URL = 'https://support.example.com/v1/channels/ch_1/webhook?tenant=acme&lang=zh';
const NOW = new Date('2025-03-01T08:00:00Z');

const adapter = new TwilioSmsAdapter();

function channel(overrides: Partial<ChannelConfig> = {}, settings: Record<string, string> = {}) {
  return {
    id: 'ch_1',
    tenantId: 't1',
    type: 'sms' as const,
    secret: AUTH_TOKEN,
    callbackUrl: 'https://api.twilio.com',
    settings: { accountSid: ACCOUNT_SID, fromNumber: FROM_NUMBER, ...settings },
    ...overrides,
  };
}

/** What Twilio posts for a customer's SMS (the fields we read, and some we do not). */
function smsParams(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    ToCountry: 'US',
    SmsMessageSid: 'SM0123456789abcdef0123456789abcdef',
    NumMedia: '0',
    FromCity: '上海',
    Body: '你好，我要退款 🙏 please',
    FromCountry: 'CN',
    To: FROM_NUMBER,
    MessageSid: 'SM0123456789abcdef0123456789abcdef',
    AccountSid: ACCOUNT_SID,
    From: '+8613800138000',
    NumSegments: '1',
    ApiVersion: '2010-04-01',
    ...overrides,
  };
}

function smsParamsWithout(name: string): Record<string, string> {
  const params = smsParams();
  delete params[name];
  return params;
}

/** A webhook request signed as Twilio signs it; `tamper` changes the form after signing. */
function webhook(
  params: Record<string, string>,
  options: {
    token?: string;
    signedUrl?: string;
    url?: string;
    signature?: string | null;
    contentType?: string;
    tamper?: Record<string, string>;
  } = {},
): InboundRequest {
  const url = options.url ?? WEBHOOK_URL;
  const signature =
    options.signature === undefined
      ? signTwilioRequest(options.token ?? AUTH_TOKEN, options.signedUrl ?? url, params)
      : options.signature;
  const headers: Record<string, string | undefined> = {
    'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
    ...(signature === null ? {} : { 'x-twilio-signature': signature }),
  };
  return {
    method: 'POST',
    url,
    query: Object.fromEntries(new URL(url).searchParams),
    headers,
    rawBody: Buffer.from(new URLSearchParams({ ...params, ...options.tamper }).toString()),
  };
}

function rejectionOf(request: InboundRequest, config: ChannelConfig = channel()) {
  try {
    adapter.receive(config, request, NOW);
  } catch (error) {
    if (error instanceof InboundRejected) return { status: error.status, code: error.code };
    throw error;
  }
  throw new Error('expected the request to be rejected');
}

describe('signTwilioRequest', () => {
  // Twilio's documented example (auth token 12345, a voice webhook) and its expected signatures.
  it.each([
    ['+14158675309', 'RSOYDt4T1cUTdK1PDd93/VVr8B8='],
    ['+14158675310', 'GvWf1cFY/Q7PnoempGyD5oXAezc='],
    ['+12349013030', '0/KCTR6DLpKmkAf8muzZqo1nDgQ='],
  ])('matches Twilio’s published signature for caller %s', (caller, expected) => {
    const params = {
      CallSid: 'CA1234567890ABCDE',
      Caller: caller,
      Digits: '1234',
      From: caller,
      To: '+18005551212',
    };
    expect(signTwilioRequest('12345', 'https://mycompany.com/myapp.php?foo=1&bar=2', params)).toBe(
      expected,
    );
  });

  it('signs the URL then each name and decoded value, sorted by name ("From" before "FromCity")', () => {
    const signedText =
      WEBHOOK_URL +
      `AccountSid${ACCOUNT_SID}` +
      'Body你好，我要退款 🙏 please' +
      'From+8613800138000' +
      'FromCity上海' +
      'MessageSidSM0123456789abcdef0123456789abcdef' +
      'NumMedia0' +
      `To${FROM_NUMBER}`;
    const params = {
      To: FROM_NUMBER,
      NumMedia: '0',
      MessageSid: 'SM0123456789abcdef0123456789abcdef',
      FromCity: '上海',
      From: '+8613800138000',
      Body: '你好，我要退款 🙏 please',
      AccountSid: ACCOUNT_SID,
    };
    expect(signTwilioRequest(AUTH_TOKEN, WEBHOOK_URL, params)).toBe(
      createHmac('sha1', AUTH_TOKEN).update(signedText, 'utf8').digest('base64'),
    );
  });
});

describe('TwilioSmsAdapter.receive', () => {
  it('accepts a signed SMS and answers with empty TwiML', () => {
    const request = webhook(smsParams());
    // Node lower-cases header names, but a capitalised one must work too.
    request.headers = {
      'Content-Type': 'application/x-www-form-urlencoded; charset=UTF-8',
      'X-Twilio-Signature': request.headers['x-twilio-signature'],
    };
    expect(adapter.receive(channel(), request, NOW)).toEqual({
      kind: 'messages',
      messages: [
        {
          channelMessageId: 'SM0123456789abcdef0123456789abcdef',
          externalId: '+8613800138000',
          verified: { phone: '+8613800138000' },
          text: '你好，我要退款 🙏 please',
          attachments: [],
        },
      ],
      reply: {
        status: 200,
        contentType: 'text/xml',
        body: '<?xml version="1.0" encoding="UTF-8"?><Response></Response>',
      },
    });
  });

  it.each([
    [
      'a parameter changed after signing',
      webhook(smsParams(), { tamper: { Body: 'refund 1000' } }),
      401,
      'GATEWAY.BAD_SIGNATURE',
    ],
    [
      'a parameter added after signing',
      webhook(smsParams(), { tamper: { NumMedia: '1', MediaUrl0: 'https://evil.example/x.png' } }),
      401,
      'GATEWAY.BAD_SIGNATURE',
    ],
    [
      'signed with another auth token',
      webhook(smsParams(), { token: 'someone-elses-token' }),
      401,
      'GATEWAY.BAD_SIGNATURE',
    ],
    [
      'no X-Twilio-Signature header',
      webhook(smsParams(), { signature: null }),
      401,
      'GATEWAY.BAD_SIGNATURE',
    ],
    [
      'an empty X-Twilio-Signature header',
      webhook(smsParams(), { signature: '' }),
      401,
      'GATEWAY.BAD_SIGNATURE',
    ],
    [
      'signed for a URL without the query string',
      webhook(smsParams(), { signedUrl: WEBHOOK_URL.split('?')[0] }),
      401,
      'GATEWAY.BAD_SIGNATURE',
    ],
    [
      'signed for another port',
      webhook(smsParams(), { signedUrl: WEBHOOK_URL.replace('.com/', '.com:8443/') }),
      401,
      'GATEWAY.BAD_SIGNATURE',
    ],
    [
      'validly signed, but from another Twilio account',
      webhook(smsParams({ AccountSid: 'ACffffffffffffffffffffffffffffffff' })),
      403,
      'GATEWAY.WRONG_ACCOUNT',
    ],
    [
      'validly signed, without AccountSid',
      webhook(smsParamsWithout('AccountSid')),
      403,
      'GATEWAY.WRONG_ACCOUNT',
    ],
    [
      'validly signed, without MessageSid',
      webhook(smsParamsWithout('MessageSid')),
      400,
      'GATEWAY.INVALID_MESSAGE',
    ],
    [
      'validly signed, without From',
      webhook(smsParamsWithout('From')),
      400,
      'GATEWAY.INVALID_MESSAGE',
    ],
    [
      'validly signed, with an empty From',
      webhook(smsParams({ From: '' })),
      400,
      'GATEWAY.INVALID_MESSAGE',
    ],
    [
      'sent as JSON',
      webhook(smsParams(), { contentType: 'application/json' }),
      415,
      'GATEWAY.UNSUPPORTED_MEDIA_TYPE',
    ],
    [
      'sent without a content type',
      webhook(smsParams(), { contentType: '' }),
      415,
      'GATEWAY.UNSUPPORTED_MEDIA_TYPE',
    ],
  ])('rejects a request: %s', (_case, request, status, code) => {
    expect(rejectionOf(request)).toEqual({ status, code });
  });

  it('checks the signature before trusting AccountSid, so a forged account id is a 401', () => {
    const forged = webhook(smsParams({ AccountSid: 'ACffffffffffffffffffffffffffffffff' }), {
      token: 'guessed',
    });
    expect(rejectionOf(forged)).toEqual({ status: 401, code: 'GATEWAY.BAD_SIGNATURE' });
  });

  it.each([
    [
      'Twilio signed with :443, the Host header had none',
      'https://a.example.com:443/hook?x=1',
      'https://a.example.com/hook?x=1',
    ],
    [
      'Twilio signed without the port, a proxy added :443',
      'https://a.example.com/hook?x=1',
      'https://a.example.com:443/hook?x=1',
    ],
    ['plain http with :80', 'http://a.example.com:80/hook', 'http://a.example.com/hook'],
  ])('accepts the default port either way: %s', (_case, signedUrl, url) => {
    const result = adapter.receive(channel(), webhook(smsParams(), { signedUrl, url }), NOW);
    expect(result.kind).toBe('messages');
  });

  it('turns an MMS with two media into attachments by content type', () => {
    const params = smsParams({
      Body: '',
      NumMedia: '2',
      MediaUrl0: `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/MM1/Media/ME1`,
      MediaContentType0: 'image/jpeg',
      MediaUrl1: `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/MM1/Media/ME2`,
      MediaContentType1: 'audio/amr',
    });
    const result = adapter.receive(channel(), webhook(params), NOW);
    expect(result.kind === 'messages' && result.messages[0]).toMatchObject({
      text: '',
      attachments: [
        { kind: 'image', url: params.MediaUrl0, mimeType: 'image/jpeg' },
        { kind: 'voice', url: params.MediaUrl1, mimeType: 'audio/amr' },
      ],
    });
  });

  it.each([
    ['image/png', 'image'],
    ['audio/mpeg', 'voice'],
    ['video/mp4', 'file'],
    ['application/pdf', 'file'],
    ['text/vcard', 'file'],
  ])('files %s media as %s', (mimeType, kind) => {
    const params = new Map([
      ['NumMedia', ['1']],
      ['MediaUrl0', ['https://media.example/1']],
      ['MediaContentType0', [mimeType]],
    ]);
    expect(mediaAttachments(params)).toEqual([{ kind, url: 'https://media.example/1', mimeType }]);
  });

  it('ignores a NumMedia larger than the media it actually lists', () => {
    const params = new Map([
      ['NumMedia', ['999999999']],
      ['MediaUrl0', ['https://media.example/1']],
    ]);
    expect(mediaAttachments(params)).toEqual([{ kind: 'file', url: 'https://media.example/1' }]);
  });

  it.each([
    ['AGENT', {}, true],
    ['agent', {}, true],
    [' Human\n', {}, true],
    ['人工', {}, true],
    ['agent please', {}, false],
    ['I want a human', {}, false],
    ['', {}, false],
    ['staff', { humanKeywords: 'STAFF, 客服' }, true],
    ['客服', { humanKeywords: 'STAFF, 客服' }, true],
    ['agent', { humanKeywords: 'STAFF, 客服' }, false],
  ])('body %j with settings %j asks for a person: %s', (body, settings, asks) => {
    const result = adapter.receive(channel({}, settings), webhook(smsParams({ Body: body })), NOW);
    const message = result.kind === 'messages' ? result.messages[0] : undefined;
    expect(message?.action).toBe(asks ? 'request_human' : undefined);
    expect(message?.text).toBe(body);
  });

  it('does not claim a verified phone for an alphanumeric sender', () => {
    const result = adapter.receive(channel(), webhook(smsParams({ From: 'ACMEBANK' })), NOW);
    const message = result.kind === 'messages' ? result.messages[0] : undefined;
    expect(message).toMatchObject({ externalId: 'ACMEBANK' });
    expect(message?.verified).toBeUndefined();
  });

  it('answers a delivery-status callback without turning it into a customer message', () => {
    const status = {
      AccountSid: ACCOUNT_SID,
      MessageSid: 'SM0123456789abcdef0123456789abcdef',
      MessageStatus: 'delivered',
      SmsStatus: 'delivered',
      From: '+15005550006',
      To: '+8613812345678',
      ApiVersion: '2010-04-01',
    };
    expect(adapter.receive(channel(), webhook(status), NOW)).toEqual({
      kind: 'respond',
      reply: { status: 204, contentType: 'text/plain', body: '' },
    });
    // Still signed like any webhook: a forged one is refused, not quietly answered.
    expect(rejectionOf(webhook(status, { signature: 'forged' }))).toEqual({
      status: 401,
      code: 'GATEWAY.BAD_SIGNATURE',
    });
  });
});

describe('signedUrlVariants', () => {
  it.each([
    ['https://a.example/x?y=1', ['https://a.example/x?y=1', 'https://a.example:443/x?y=1']],
    ['https://a.example:443/x', ['https://a.example:443/x', 'https://a.example/x']],
    ['http://a.example:8080/x', ['http://a.example:8080/x']],
    ['https://[::1]:443/x', ['https://[::1]:443/x', 'https://[::1]/x']],
    ['not a url', ['not a url']],
  ])('%s', (url, variants) => {
    expect(signedUrlVariants(url)).toEqual(variants);
  });
});

describe('fitSmsBody', () => {
  const codePoints = (text: string) => [...text].length;

  it.each([
    ['1,600 ASCII characters: unchanged', 'a'.repeat(1600), 'a'.repeat(1600)],
    ['1,601 ASCII characters: 1,597 and an ellipsis', 'a'.repeat(1601), `${'a'.repeat(1597)}...`],
    ['1,600 Chinese characters: unchanged', '好'.repeat(1600), '好'.repeat(1600)],
    ['1,600 emoji (3,200 UTF-16 units): unchanged', '😀'.repeat(1600), '😀'.repeat(1600)],
    ['2,000 emoji: 1,597 whole emoji', '😀'.repeat(2000), `${'😀'.repeat(1597)}...`],
    [
      'a family emoji across the cut is dropped whole',
      `${'a'.repeat(1595)}👨‍👩‍👧${'b'.repeat(10)}`,
      `${'a'.repeat(1595)}...`,
    ],
  ])('%s', (_case, text, expected) => {
    const fitted = fitSmsBody(text);
    expect(fitted).toBe(expected);
    expect(codePoints(fitted)).toBeLessThanOrEqual(1600);
    expect(fitted).not.toMatch(
      /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/,
    );
  });
});

describe('messagesUrl', () => {
  it.each([
    [
      'https://api.twilio.com',
      `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`,
    ],
    [
      'http://127.0.0.1:4010/',
      `http://127.0.0.1:4010/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`,
    ],
    ['', `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`],
  ])('base %j', (base, url) => {
    expect(messagesUrl(base, ACCOUNT_SID)).toBe(url);
  });
});

describe('TwilioSmsAdapter.send against a fake Twilio', () => {
  const twilio = new FakeTwilioApi(ACCOUNT_SID, AUTH_TOKEN);
  const reply = (overrides: Partial<OutboundReply> = {}): OutboundReply => ({
    replyId: 'r1',
    conversationId: 'c1',
    to: '+8613800138000',
    from: { role: 'bot', name: 'Tandem' },
    text: 'Hello 你好 👋 & bye',
    sentAt: '2025-03-01T08:00:01Z',
    toneHint: 'short',
    ...overrides,
  });
  const sendTo = (overrides: Partial<ChannelConfig> = {}, settings: Record<string, string> = {}) =>
    channel({ callbackUrl: twilio.baseUrl, ...overrides }, settings);

  beforeAll(() => twilio.start());
  afterAll(() => twilio.stop());
  beforeEach(() => {
    twilio.sent.length = 0;
    twilio.requests.length = 0;
  });

  it('posts the form with Basic auth and returns the message sid', async () => {
    const result = await adapter.send(sendTo(), reply(), 2_000);
    expect(twilio.sent).toHaveLength(1);
    const [message] = twilio.sent;
    expect(result).toEqual({ ok: true, providerMessageId: message!.sid });
    expect(message!.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(message!.authorization).toBe(
      'Basic QUMwMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1Njc4OWFiY2RlZjp0ZXN0LWF1dGgtdG9rZW4=',
    );
    expect(message!.contentType).toBe('application/x-www-form-urlencoded');
    expect(message!.rawBody).toBe(
      'To=%2B8613800138000&From=%2B15005550006&Body=Hello+%E4%BD%A0%E5%A5%BD+%F0%9F%91%8B+%26+bye',
    );
  });

  it.each([
    [
      'an invalid To (Twilio 21211)',
      () => undefined,
      reply({ to: '12345' }),
      {},
      "twilio 400 21211: The 'To' number 12345 is not a valid phone number.",
      false,
    ],
    [
      'an unsubscribed recipient (Twilio 21610)',
      () =>
        twilio.failNext(400, twilioError(400, 21610, 'Attempt to send to unsubscribed recipient')),
      reply(),
      {},
      'twilio 400 21610: Attempt to send to unsubscribed recipient',
      false,
    ],
    [
      'a wrong auth token',
      () => undefined,
      reply(),
      { secret: 'rotated-away' },
      'twilio 401 20003: Authenticate',
      false,
    ],
    [
      'a forbidden request',
      () => twilio.failNext(403, twilioError(403, 20403, 'Forbidden')),
      reply(),
      {},
      'twilio 403 20403: Forbidden',
      false,
    ],
    [
      'an unknown account',
      () => twilio.failNext(404),
      reply(),
      {},
      'twilio 404 20404: The requested resource was not found',
      false,
    ],
    [
      'a rate limit',
      () => twilio.failNext(429),
      reply(),
      {},
      'twilio 429 20429: Too Many Requests',
      true,
    ],
    [
      'a server error',
      () => twilio.failNext(500),
      reply(),
      {},
      'twilio 500 20500: Internal Server Error',
      true,
    ],
    [
      'a proxy’s HTML 502',
      () => twilio.failNext(502, '<html>Bad Gateway</html>'),
      reply(),
      {},
      'twilio 502: <html>Bad Gateway</html>',
      true,
    ],
  ])('reports %s', async (_case, arrange, message, overrides, reason, retryable) => {
    arrange();
    const result = await adapter.send(sendTo(overrides), message, 2_000);
    // Only an address Twilio refuses for good says the customer is unreachable on SMS.
    const unreachable = reason.includes(' 21211:')
      ? 'INVALID_ADDRESS'
      : reason.includes(' 21610:')
        ? 'OPTED_OUT'
        : undefined;
    expect(result).toEqual({
      ok: false,
      retryable,
      reason,
      ...(unreachable ? { unreachable } : {}),
    });
    expect(twilio.requests).toHaveLength(1);
    expect(twilio.sent).toHaveLength(0);
  });

  it('reports a timeout as retryable', async () => {
    twilio.hangNext();
    const result = await adapter.send(sendTo(), reply(), 200);
    expect(result).toEqual({
      ok: false,
      retryable: true,
      reason: 'twilio did not answer in 200 ms',
    });
    expect(twilio.requests).toEqual([expect.objectContaining({ status: 'hang' })]);
  });

  it('reports an unreachable API as retryable, without throwing', async () => {
    const gone = new FakeTwilioApi(ACCOUNT_SID, AUTH_TOKEN);
    await gone.start();
    const baseUrl = gone.baseUrl;
    await gone.stop();
    const result = await adapter.send(channel({ callbackUrl: baseUrl }), reply(), 2_000);
    expect(result).toMatchObject({ ok: false, retryable: true });
    expect(result.ok || result.reason).toBe('twilio unreachable: fetch failed (ECONNREFUSED)');
  });

  it.each([
    [
      'no fromNumber',
      {},
      { fromNumber: '' },
      'sms channel needs settings.accountSid and settings.fromNumber',
    ],
    [
      'no accountSid',
      {},
      { accountSid: '' },
      'sms channel needs settings.accountSid and settings.fromNumber',
    ],
    [
      'a malformed API base URL',
      { callbackUrl: 'api.twilio.com' },
      {},
      `sms channel has an invalid API URL: api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`,
    ],
  ])(
    'fails for good, without calling Twilio, on %s',
    async (_case, overrides, settings, reason) => {
      const result = await adapter.send(sendTo(overrides, settings), reply(), 2_000);
      expect(result).toEqual({ ok: false, retryable: false, reason });
      expect(twilio.requests).toHaveLength(0);
    },
  );

  it('truncates a long Chinese reply on a code-point boundary, which Twilio then accepts', async () => {
    const text = `${'退款已处理'.repeat(400)}🙏`; // 2,001 code points
    const result = await adapter.send(sendTo(), reply({ text }), 2_000);
    expect(result.ok).toBe(true);
    const body = twilio.sent[0]!.form.Body!;
    expect([...body]).toHaveLength(1600);
    expect(body).toBe(`${text.slice(0, 1597)}...`);
  });
});

describe('fetching MMS media', () => {
  const twilio = new FakeTwilioApi(ACCOUNT_SID, AUTH_TOKEN);
  const limits = { maxBytes: 10_000, timeoutMs: 2_000 };
  beforeAll(() => twilio.start());
  afterAll(() => twilio.stop());

  it('downloads media from the account’s API with its Basic credentials', async () => {
    const url = twilio.addMedia('MM1', Buffer.from('jpeg bytes'), 'image/jpeg');
    const fetched = await adapter.fetchAttachment(
      channel({ callbackUrl: twilio.baseUrl }),
      { kind: 'image', url },
      limits,
    );
    expect(fetched).toEqual({
      ok: true,
      bytes: Buffer.from('jpeg bytes'),
      contentType: 'image/jpeg',
    });
  });

  it('never sends the credentials to another origin than the channel’s API', async () => {
    const url = twilio.addMedia('MM2', Buffer.from('x'), 'image/jpeg');
    // The same server under another name: a different origin, so no credentials, so 401.
    const elsewhere = url.replace('127.0.0.1', 'localhost');
    const fetched = await adapter.fetchAttachment(
      channel({ callbackUrl: twilio.baseUrl }),
      { kind: 'image', url: elsewhere },
      limits,
    );
    expect(fetched).toMatchObject({ ok: false, retryable: false, rejection: 'UNAVAILABLE' });
    expect(twilio.mediaRequests.at(-1)?.status).toBe(401);
  });

  it('a media URL that is not http(s) is unsupported', async () => {
    expect(
      await adapter.fetchAttachment(channel(), { kind: 'file', url: 'file:///etc/passwd' }, limits),
    ).toMatchObject({ ok: false, retryable: false, rejection: 'UNSUPPORTED' });
  });
});
