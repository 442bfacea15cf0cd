import { TokenService } from '@tandem/auth';
import type { Attachment } from '@tandem/contracts';
import { eventually, uniqueId } from '@tandem/testing';
import { wechatSignature } from '../apps/gateway/src/channels/adapters/wechat.adapter';
import { FakeS3 } from '../scripts/harness/fake-s3';
import { FakeTwilioApi } from '../scripts/harness/fake-twilio';
import { FakeWeChatApi } from '../scripts/harness/fake-wechat';
import { PlatformUnderTest } from '../scripts/harness/platform';

/**
 * Attachments from every provider channel end up in the attachment store (here an
 * S3-compatible server) and travel in message.received by reference only; the desk reads
 * them back through GET /v1/attachments/{id}. Limits reject an attachment, never a message;
 * a provider that cannot serve the media right now gets a 503 and its retry succeeds.
 */
const MAX_BYTES = 64 * 1024;
const s3 = new FakeS3('tandem-e2e-attachments');

describe('attachments, end to end', () => {
  let platform: PlatformUnderTest;
  const twilio = new FakeTwilioApi();
  const wechat = new FakeWeChatApi();
  const password = 'webhook-password-456';
  let admin = '';
  const channels = { sms: '', email: '', wechat: '' };
  const wechatToken = 'wechatToken456';

  beforeAll(async () => {
    await Promise.all([s3.start(), twilio.start(), wechat.start()]);
    // Built once the fake S3 listens: its endpoint is part of the gateway's configuration.
    platform = new PlatformUnderTest(
      {
        ATTACHMENT_STORE: 's3',
        ATTACHMENT_S3_ENDPOINT: s3.endpoint,
        ATTACHMENT_S3_BUCKET: s3.bucket,
        ATTACHMENT_S3_REGION: s3.region,
        ATTACHMENT_S3_ACCESS_KEY_ID: s3.accessKeyId,
        ATTACHMENT_S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
        ATTACHMENT_MAX_BYTES: String(MAX_BYTES),
        ATTACHMENT_DOWNLOAD_TIMEOUT_MS: '3000',
      },
      ['gateway'],
    );
    await platform.start();
    admin = platform.adminToken();
    const create = async (body: Record<string, unknown>) => {
      const created = await platform.call<{ id: string }>(
        'gateway',
        'POST',
        '/v1/channels',
        admin,
        body,
      );
      expect(created.status).toBe(201);
      return created.body.id;
    };
    channels.sms = await create({
      type: 'sms',
      name: 'MMS number',
      secret: twilio.authToken,
      callbackUrl: twilio.baseUrl,
      settings: { accountSid: twilio.accountSid, fromNumber: '+15005550006' },
    });
    channels.email = await create({
      type: 'email',
      name: 'support@shop.example',
      secret: password,
      callbackUrl: 'http://127.0.0.1:9',
      settings: { serverToken: 'unused', fromEmail: 'support@shop.example' },
    });
    channels.wechat = await create({
      type: 'wechat',
      name: '演示公众号',
      secret: wechatToken,
      callbackUrl: wechat.baseUrl,
      settings: { appId: wechat.appId, appSecret: wechat.appSecret },
    });
  }, 120_000);
  afterAll(async () => {
    await platform?.stop();
    await Promise.all([s3.stop(), twilio.stop(), wechat.stop()]);
  });

  const webhook = (channelId: string) =>
    `${platform.url('gateway')}/v1/channels/${channelId}/webhook`;

  function download(id: string, token = admin): Promise<Response> {
    return fetch(`${platform.url('gateway')}/v1/attachments/${id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
  }

  function stored(attachment: Attachment | undefined) {
    expect(attachment?.status).toBe('stored');
    return attachment as Extract<Attachment, { status: 'stored' }>;
  }

  const png = Buffer.concat([
    Buffer.from('89504e470d0a1a0a', 'hex'),
    Buffer.from('a tiny picture, 你好'),
  ]);

  const postmark = (messageId: string, attachments: Record<string, unknown>[]) =>
    fetch(webhook(channels.email), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Basic ${Buffer.from(`postmark:${password}`).toString('base64')}`,
      },
      body: JSON.stringify({
        FromFull: { Email: 'li.na@example.cn', Name: '李娜' },
        Subject: '发票',
        MessageID: messageId,
        TextBody: '请看附件',
        Headers: [],
        Attachments: attachments,
      }),
    });

  it('an e-mail attachment is stored; the event carries a reference; the desk downloads the same bytes', async () => {
    const messageId = `${uniqueId('')}-mail`;
    const response = await postmark(messageId, [
      {
        Name: '截图 1.png',
        Content: png.toString('base64'),
        ContentType: 'image/png',
        ContentLength: png.length,
      },
    ]);
    expect(response.status).toBe(200);
    const received = await platform.received({ channelMessageId: messageId });
    const attachment = stored(received.payload.attachments[0]);
    expect(attachment).toEqual({
      status: 'stored',
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      kind: 'image',
      name: '截图 1.png',
      mimeType: 'image/png',
      sizeBytes: png.length,
    });
    // By reference only: no provider URL, no bytes.
    expect(JSON.stringify(received.payload)).not.toContain(png.toString('base64'));
    expect(JSON.stringify(received.payload)).not.toContain('postmark-attachment:');

    const file = await download(attachment.id);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(file.headers.get('content-disposition')).toBe(
      `attachment; filename="__ 1.png"; filename*=UTF-8''%E6%88%AA%E5%9B%BE%201.png`,
    );
    expect(Buffer.from(await file.arrayBuffer())).toEqual(png);
    // In the bucket under <tenant>/<customer>/<attachment id>, where erasure finds it.
    expect(
      s3.objects().has(`${platform.tenantId}/${received.payload.customer.id}/${attachment.id}`),
    ).toBe(true);
  });

  it('another tenant, an unknown id or no credentials cannot read an attachment', async () => {
    const messageId = `${uniqueId('')}-mail`;
    await postmark(messageId, [
      {
        Name: 'a.pdf',
        Content: Buffer.from('%PDF-1.4').toString('base64'),
        ContentType: 'application/pdf',
      },
    ]);
    const { id } = stored(
      (await platform.received({ channelMessageId: messageId })).payload.attachments[0],
    );
    const stranger = new TokenService({ secret: platform.jwtSecret, issuer: 'tandem' }).issueAccess(
      {
        subject: 'other-agent',
        tenantId: uniqueId('t'),
        role: 'admin',
        name: 'Other tenant',
      },
    );
    const foreign = await download(id, stranger);
    expect(foreign.status).toBe(404);
    expect(foreign.headers.get('content-type')).toContain('application/problem+json');
    expect(await foreign.json()).toMatchObject({ code: 'GATEWAY.ATTACHMENT_NOT_FOUND' });
    const unknown = await download('00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 'GATEWAY.ATTACHMENT_NOT_FOUND' });
    expect((await fetch(`${platform.url('gateway')}/v1/attachments/${id}`)).status).toBe(401);
  });

  it('an attachment over the limits is rejected with a reason; the message is still published', async () => {
    const messageId = `${uniqueId('')}-mail`;
    // 300 kB (400 kB in base64): over the attachment limit, and over the 256 kB body limit of
    // other routes, which provider webhooks raise so that such a mail still gets in.
    const big = Buffer.alloc(300 * 1024, 7);
    const before = new Set(s3.objects().keys());
    const response = await postmark(messageId, [
      { Name: 'huge.png', Content: big.toString('base64'), ContentType: 'image/png' },
      {
        Name: 'setup.exe',
        Content: Buffer.from('MZ').toString('base64'),
        ContentType: 'application/x-msdownload',
      },
      { Name: 'ok.png', Content: png.toString('base64'), ContentType: 'image/png' },
    ]);
    expect(response.status).toBe(200);
    const received = await platform.received({ channelMessageId: messageId });
    expect(received.payload.text).toContain('请看附件');
    const [huge, exe, ok] = received.payload.attachments;
    expect(huge).toEqual({
      status: 'rejected',
      reason: 'TOO_LARGE',
      kind: 'image',
      name: 'huge.png',
      mimeType: 'image/png',
      sizeBytes: big.length,
    });
    expect(exe).toMatchObject({ status: 'rejected', reason: 'TYPE_NOT_ALLOWED', kind: 'file' });
    expect(stored(ok).sizeBytes).toBe(png.length);
    // Nothing of the rejected ones reached the store: the one new object is the accepted one.
    const added = [...s3.objects().keys()].filter((key) => !before.has(key));
    expect(added).toEqual([
      `${platform.tenantId}/${received.payload.customer.id}/${stored(ok).id}`,
    ]);
  });

  describe('MMS (Twilio)', () => {
    const mms = (sid: string, mediaUrl: string) =>
      twilio.inboundWebhook(webhook(channels.sms), {
        MessageSid: sid,
        From: '+8613912345678',
        To: '+15005550006',
        Body: '',
        NumMedia: '1',
        MediaUrl0: mediaUrl,
        MediaContentType0: 'image/jpeg',
      });
    const post = (request: { headers: Record<string, string>; body: string }) =>
      fetch(webhook(channels.sms), {
        method: 'POST',
        headers: request.headers,
        body: request.body,
      });

    it('MMS media is downloaded with the account credentials and stored', async () => {
      const sid = `MM${uniqueId('').padEnd(32, '0')}`;
      const jpeg = Buffer.concat([Buffer.from('ffd8ffe0', 'hex'), Buffer.from('mms photo')]);
      const url = twilio.addMedia(sid, jpeg, 'image/jpeg');
      expect((await post(mms(sid, url))).status).toBe(200);
      const received = await platform.received({ channelMessageId: sid });
      const attachment = stored(received.payload.attachments[0]);
      expect(attachment).toMatchObject({
        kind: 'image',
        mimeType: 'image/jpeg',
        sizeBytes: jpeg.length,
      });
      expect(JSON.stringify(received.payload)).not.toContain(url);
      expect(Buffer.from(await (await download(attachment.id)).arrayBuffer())).toEqual(jpeg);
      expect(twilio.mediaRequests.filter((r) => url.endsWith(r.path))).toEqual([
        { path: new URL(url).pathname, status: 200 },
      ]);
    });

    it('media the provider cannot serve now answers 503; the retry succeeds with exactly one event', async () => {
      const sid = `MM${uniqueId('').padEnd(32, '1')}`;
      const jpeg = Buffer.concat([Buffer.from('ffd8ffe0', 'hex'), Buffer.from('retry photo')]);
      const url = twilio.addMedia(sid, jpeg, 'image/jpeg');
      twilio.failMediaNext(500);
      const first = await post(mms(sid, url));
      expect(first.status).toBe(503);
      expect(first.headers.get('retry-after')).toBe('5');
      expect(await first.json()).toMatchObject({ code: 'GATEWAY.ATTACHMENT_UNAVAILABLE' });

      const retry = await post(mms(sid, url));
      expect(retry.status).toBe(200);
      const received = await platform.received({ channelMessageId: sid });
      expect(stored(received.payload.attachments[0]).sizeBytes).toBe(jpeg.length);
      // Twilio retries once more (say its first answer got lost): still one event.
      expect((await post(mms(sid, url))).status).toBe(200);
      await eventually(() =>
        expect(twilio.mediaRequests.filter((r) => url.endsWith(r.path))).toHaveLength(2),
      );
      expect(
        platform.eventsOf('message.received').filter((e) => e.payload.channelMessageId === sid),
      ).toHaveLength(1);
    });
  });

  describe('WeChat', () => {
    const signed = () => {
      const timestamp = String(Math.floor(Date.now() / 1000));
      const nonce = uniqueId('n');
      return new URLSearchParams({
        signature: wechatSignature(wechatToken, timestamp, nonce),
        timestamp,
        nonce,
      }).toString();
    };
    const push = (fields: string) =>
      fetch(`${webhook(channels.wechat)}?${signed()}`, {
        method: 'POST',
        headers: { 'content-type': 'text/xml' },
        body: `<xml><ToUserName><![CDATA[gh_demo]]></ToUserName><FromUserName><![CDATA[oAttach1]]></FromUserName><CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime>${fields}</xml>`,
      });

    it('an image (PicUrl) is downloaded and stored', async () => {
      const msgId = String(Date.now());
      const jpeg = Buffer.concat([Buffer.from('ffd8ffe0', 'hex'), Buffer.from('wechat picture')]);
      const picUrl = wechat.addPicture(`${msgId}.jpg`, jpeg);
      const response = await push(
        `<MsgType><![CDATA[image]]></MsgType><PicUrl><![CDATA[${picUrl}]]></PicUrl><MediaId><![CDATA[m1]]></MediaId><MsgId>${msgId}</MsgId>`,
      );
      expect(response.status).toBe(200);
      const received = await platform.received({ channelMessageId: msgId });
      const attachment = stored(received.payload.attachments[0]);
      expect(attachment).toMatchObject({ kind: 'image', mimeType: 'image/jpeg' });
      expect(Buffer.from(await (await download(attachment.id)).arrayBuffer())).toEqual(jpeg);
    });

    it('a voice message (MediaId) is fetched through the media API with an access_token', async () => {
      const msgId = String(Date.now() + 1);
      const amr = Buffer.from('#!AMR\n voice bytes');
      wechat.addMedia(`voice-${msgId}`, amr, 'audio/amr');
      const response = await push(
        `<MsgType><![CDATA[voice]]></MsgType><MediaId><![CDATA[voice-${msgId}]]></MediaId><Format><![CDATA[amr]]></Format><MsgId>${msgId}</MsgId>`,
      );
      expect(response.status).toBe(200);
      const received = await platform.received({ channelMessageId: msgId });
      const attachment = stored(received.payload.attachments[0]);
      expect(attachment).toMatchObject({
        kind: 'voice',
        mimeType: 'audio/amr',
        sizeBytes: amr.length,
      });
      expect(Buffer.from(await (await download(attachment.id)).arrayBuffer())).toEqual(amr);
    });

    it('expired media (invalid media_id) is rejected as unavailable; the message is published', async () => {
      const msgId = String(Date.now() + 2);
      const response = await push(
        `<MsgType><![CDATA[voice]]></MsgType><MediaId><![CDATA[gone-${msgId}]]></MediaId><Format><![CDATA[amr]]></Format><Recognition><![CDATA[你好]]></Recognition><MsgId>${msgId}</MsgId>`,
      );
      expect(response.status).toBe(200);
      const received = await platform.received({ channelMessageId: msgId });
      expect(received.payload.text).toBe('你好');
      expect(received.payload.attachments).toEqual([
        { status: 'rejected', reason: 'UNAVAILABLE', kind: 'voice', mimeType: 'audio/amr' },
      ]);
    });
  });

  it('an attachment name is sealed on the log; erasing the customer deletes the bytes and the record', async () => {
    const messageId = `${uniqueId('')}-mail`;
    await postmark(messageId, [
      {
        Name: '身份证 李娜.png',
        Content: png.toString('base64'),
        ContentType: 'image/png',
        ContentLength: png.length,
      },
    ]);
    const received = await platform.received({ channelMessageId: messageId });
    const attachment = stored(received.payload.attachments[0]);
    expect(attachment.name).toBe('身份证 李娜.png');
    const raw = platform
      .rawRecords()
      .filter((record) => record.key === received.aggregateId)
      .map((record) => record.value ?? '');
    expect(raw.length).toBeGreaterThan(0);
    for (const value of raw) expect(value).not.toContain('身份证');

    const customerId = received.payload.customer.id;
    const prefix = `${platform.tenantId}/${customerId}/`;
    expect([...s3.objects().keys()].some((key) => key.startsWith(prefix))).toBe(true);
    const erased = await platform.call(
      'gateway',
      'POST',
      `/v1/customers/${customerId}/erasure`,
      admin,
    );
    expect(erased.status).toBe(200);
    expect([...s3.objects().keys()].filter((key) => key.startsWith(prefix))).toEqual([]);
    expect((await download(attachment.id)).status).toBe(404);
  });
});
