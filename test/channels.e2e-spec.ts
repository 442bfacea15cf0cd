import { createEvent } from '@tandem/contracts';
import { EventPublisher } from '@tandem/messaging';
import { eventually, uniqueId } from '@tandem/testing';
import { wechatSignature } from '../apps/gateway/src/channels/adapters/wechat.adapter';
import { FakePostmarkApi } from '../scripts/harness/fake-postmark';
import { FakeWeChatApi } from '../scripts/harness/fake-wechat';
import { FakeTwilioApi, twilioError } from '../scripts/harness/fake-twilio';
import { PlatformUnderTest } from '../scripts/harness/platform';

/**
 * Every provider channel round-trips through the running gateway against real Kafka and a
 * fake provider speaking the provider's real wire format: a signed inbound webhook becomes
 * a message event, and a reply goes out through the provider's API.
 */
describe('provider channels, end to end', () => {
  const platform = new PlatformUnderTest({ DELIVERY_BACKOFF_MS: '100' }, ['gateway']);
  let admin = '';
  let publisher: EventPublisher;

  beforeAll(async () => {
    await platform.start();
    admin = platform.adminToken();
    publisher = await platform.publisher();
  }, 120_000);
  afterAll(async () => {
    await publisher?.disconnect();
    await platform.stop();
  });

  async function createChannel(body: Record<string, unknown>): Promise<string> {
    const created = await platform.call<{ id: string }>(
      'gateway',
      'POST',
      '/v1/channels',
      admin,
      body,
    );
    expect(created.status).toBe(201);
    return created.body.id;
  }

  function agentReply(conversationId: string, text: string) {
    return createEvent('agent.replied', {
      tenantId: platform.tenantId,
      aggregateId: conversationId,
      payload: { replyId: uniqueId('reply-'), agentId: 'agent-1', text },
    });
  }

  describe('SMS (Twilio format)', () => {
    const twilio = new FakeTwilioApi();
    let channelId = '';
    let webhookUrl = '';

    beforeAll(async () => {
      await twilio.start();
      channelId = await createChannel({
        type: 'sms',
        name: 'Support number',
        secret: twilio.authToken,
        callbackUrl: twilio.baseUrl,
        settings: { accountSid: twilio.accountSid, fromNumber: '+15005550006' },
      });
      webhookUrl = `${platform.url('gateway')}/v1/channels/${channelId}/webhook`;
    });
    afterAll(() => twilio.stop());

    const post = (request: { headers: Record<string, string>; body: string }) =>
      fetch(webhookUrl, { method: 'POST', headers: request.headers, body: request.body });

    it('an SMS in becomes a message event; the reply goes out through the Messages API', async () => {
      const sid = `SM${uniqueId('').padEnd(32, '0')}`;
      const response = await post(
        twilio.inboundWebhook(webhookUrl, {
          MessageSid: sid,
          From: '+8613812345678',
          To: '+15005550006',
          Body: '退款多久到账？😊',
          NumMedia: '0',
        }),
      );
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/xml');
      expect(await response.text()).toContain('<Response></Response>');
      const received = await platform.received({ channelMessageId: sid });
      expect(received.payload).toMatchObject({
        text: '退款多久到账？😊',
        channel: { id: channelId, type: 'sms' },
      });

      // Twilio retries the same webhook: stored once.
      expect(
        (
          await post(
            twilio.inboundWebhook(webhookUrl, {
              MessageSid: sid,
              From: '+8613812345678',
              To: '+15005550006',
              Body: '退款多久到账？😊',
              NumMedia: '0',
            }),
          )
        ).status,
      ).toBe(200);

      await publisher.publish([
        agentReply(received.aggregateId, '您好，退款会在3-5个工作日内原路退回。'),
      ]);
      await eventually(() =>
        expect(twilio.sent.map((m) => [m.form.To, m.form.Body])).toContainEqual([
          '+8613812345678',
          '您好，退款会在3-5个工作日内原路退回。',
        ]),
      );
      await eventually(() =>
        expect(platform.eventsOf('delivery.succeeded', received.aggregateId)).toHaveLength(1),
      );
      expect(
        platform.eventsOf('message.received').filter((e) => e.payload.channelMessageId === sid),
      ).toHaveLength(1);
    });

    it('a customer who texted STOP is reported unreachable on SMS, without retries', async () => {
      const sid = `SM${uniqueId('').padEnd(32, '1')}`;
      await post(
        twilio.inboundWebhook(webhookUrl, {
          MessageSid: sid,
          From: '+8613900000001',
          To: '+15005550006',
          Body: 'STOP',
          NumMedia: '0',
        }),
      );
      const received = await platform.received({ channelMessageId: sid });
      const before = twilio.requests.length;
      twilio.failNext(400, twilioError(400, 21610, 'Attempt to send to unsubscribed recipient'));
      await publisher.publish([agentReply(received.aggregateId, '您好')]);
      const [failed] = await eventually(() => {
        const events = platform.eventsOf('delivery.failed', received.aggregateId);
        expect(events).toHaveLength(1);
        return events;
      });
      expect(failed!.payload).toMatchObject({ attempts: 1, unreachable: 'OPTED_OUT' });
      expect(twilio.requests.length - before).toBe(1);
    });

    it('a forged webhook is refused with problem+json and nothing is stored', async () => {
      const forged = twilio.inboundWebhook(webhookUrl, {
        MessageSid: 'SMforged',
        From: '+8613800000000',
        Body: 'hi',
      });
      const response = await post({ ...forged, body: forged.body.replace('hi', 'bye') });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ code: 'GATEWAY.BAD_SIGNATURE' });
    });

    it('the same verified phone on another channel is the same customer', async () => {
      const sid = `SM${uniqueId('').padEnd(32, '1')}`;
      await post(
        twilio.inboundWebhook(webhookUrl, {
          MessageSid: sid,
          From: '+14155550123',
          To: '+15005550006',
          Body: 'hello by sms',
          NumMedia: '0',
        }),
      );
      const { messageId } = await platform.verifiedCustomerSays(
        { id: 'app-user-7', verifiedPhone: '+1 415 555 0123' },
        'hello from the app',
      );
      const sms = await platform.received({ channelMessageId: sid });
      const app = await platform.received({ messageId: messageId });
      expect(app.payload.customer.id).toBe(sms.payload.customer.id);
    });
  });

  describe('e-mail (Postmark inbound webhook and HTTP API)', () => {
    const postmark = new FakePostmarkApi();
    const password = 'webhook-password-123';
    let channelId = '';
    let webhookUrl = '';

    beforeAll(async () => {
      await postmark.start();
      channelId = await createChannel({
        type: 'email',
        name: 'support@shop.example',
        secret: password,
        callbackUrl: postmark.baseUrl,
        settings: {
          serverToken: postmark.serverToken,
          fromEmail: 'support@shop.example',
          fromName: 'Shop support',
        },
      });
      webhookUrl = `${platform.url('gateway')}/v1/channels/${channelId}/webhook`;
    });
    afterAll(() => postmark.stop());

    const inbound = (messageId: string, from: string, text: string, spf: boolean) => ({
      From: from,
      FromName: '王小明',
      FromFull: { Email: from, Name: '王小明', MailboxHash: '' },
      To: 'support@shop.example',
      Subject: '订单还没有发货',
      MessageID: messageId,
      Date: new Date().toUTCString(),
      TextBody: text,
      HtmlBody: '',
      StrippedTextReply: '',
      Headers: spf
        ? [
            {
              Name: 'Received-SPF',
              Value: `Pass (sender SPF authorized) identity=mailfrom; client-ip=203.0.113.7; helo=mail.example.cn; envelope-from=bounce@${from.split('@')[1]}; receiver=support@shop.example`,
            },
          ]
        : [],
      Attachments: [],
    });
    const post = (body: unknown, credentials = `postmark:${password}`) =>
      fetch(webhookUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Basic ${Buffer.from(credentials).toString('base64')}`,
        },
        body: JSON.stringify(body),
      });

    it('a mail in becomes a message event; the reply goes out through the e-mail API', async () => {
      const messageId = `${uniqueId('')}-mail`;
      const response = await post(
        inbound(
          messageId,
          'xiaoming.wang@example.cn',
          '我上周下的订单还没有发货，能帮我查一下吗？',
          true,
        ),
      );
      expect(response.status).toBe(200);
      const received = await platform.received({ channelMessageId: messageId });
      expect(received.payload.text).toContain('我上周下的订单还没有发货');
      expect(received.payload.channel.type).toBe('email');

      await publisher.publish([agentReply(received.aggregateId, '您好，您的订单已于今天发出。')]);
      await eventually(() =>
        expect(postmark.sent.map((mail) => [mail.body.To, mail.body.TextBody])).toContainEqual([
          'xiaoming.wang@example.cn',
          '您好，您的订单已于今天发出。',
        ]),
      );
      expect(postmark.sent.at(-1)?.token).toBe(postmark.serverToken);
    });

    it('wrong webhook credentials are refused and nothing is stored', async () => {
      const response = await post(
        inbound('forged-1', 'someone@example.cn', 'hi', true),
        `postmark:not-the-password`,
      );
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ code: 'GATEWAY.BAD_SIGNATURE' });
    });

    it('a sender whose SPF passed is the same customer as a verified e-mail on another channel', async () => {
      const messageId = `${uniqueId('')}-mail`;
      await post(inbound(messageId, 'Mei.Lin@Example.org', 'hello by mail', true));
      const { messageId: appMessage } = await platform.verifiedCustomerSays(
        { id: 'app-user-8', verifiedEmail: 'mei.lin@example.org' },
        'hello from the app',
      );
      const mail = await platform.received({ channelMessageId: messageId });
      const app = await platform.received({ messageId: appMessage });
      expect(app.payload.customer.id).toBe(mail.payload.customer.id);
    });

    it('an unverified mail from an address known on another channel does not join that customer', async () => {
      const { messageId: appMessage } = await platform.verifiedCustomerSays(
        { id: 'app-user-10', verifiedEmail: 'zhang.wei@example.net' },
        'logged in',
      );
      const mailId = `${uniqueId('')}-mail`;
      // No SPF or DKIM result: the From address is only a claim.
      await post(
        inbound(mailId, 'zhang.wei@example.net', 'please send me my account details', false),
      );
      const app = await platform.received({ messageId: appMessage });
      const mail = await platform.received({ channelMessageId: mailId });
      expect(mail.payload.customer.id).not.toBe(app.payload.customer.id);
    });
  });

  describe('WeChat Official Account (plain-text mode)', () => {
    const wechat = new FakeWeChatApi();
    const token = 'wechatToken123';
    let channelId = '';
    let base = '';

    beforeAll(async () => {
      await wechat.start();
      channelId = await createChannel({
        type: 'wechat',
        name: '演示公众号',
        secret: token,
        callbackUrl: wechat.baseUrl,
        settings: { appId: wechat.appId, appSecret: wechat.appSecret },
      });
      base = `${platform.url('gateway')}/v1/channels/${channelId}/webhook`;
    });
    afterAll(() => wechat.stop());

    const signed = (extra: Record<string, string> = {}) => {
      const timestamp = String(Math.floor(Date.now() / 1000));
      const nonce = uniqueId('n');
      return new URLSearchParams({
        signature: wechatSignature(token, timestamp, nonce),
        timestamp,
        nonce,
        ...extra,
      }).toString();
    };
    const push = (openid: string, msgId: string, content: string) =>
      `<xml><ToUserName><![CDATA[gh_demo]]></ToUserName><FromUserName><![CDATA[${openid}]]></FromUserName><CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content><MsgId>${msgId}</MsgId></xml>`;

    it('answers the URL verification with the echostr, and refuses a forged one', async () => {
      const ok = await fetch(`${base}?${signed({ echostr: 'echo-4711' })}`);
      expect(ok.status).toBe(200);
      expect(await ok.text()).toBe('echo-4711');
      const forged = await fetch(
        `${base}?signature=${'0'.repeat(40)}&timestamp=${Math.floor(Date.now() / 1000)}&nonce=1&echostr=x`,
      );
      expect(forged.status).toBe(401);
      expect(await forged.json()).toMatchObject({ code: 'GATEWAY.BAD_SIGNATURE' });
    });

    it('a pushed text message becomes an event; the reply goes out through the customer-service API', async () => {
      const openid = `o${uniqueId('')}`;
      const msgId = String(Date.now());
      const response = await fetch(`${base}?${signed()}`, {
        method: 'POST',
        headers: { 'content-type': 'text/xml' },
        body: push(openid, msgId, '转人工 🙏'),
      });
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('success');
      const received = await platform.received({ channelMessageId: msgId });
      expect(received.payload.text).toBe('转人工 🙏');

      await publisher.publish([agentReply(received.aggregateId, '您好，我是人工客服小王。')]);
      await eventually(() =>
        expect(wechat.sent.map((m) => m.body)).toContainEqual({
          touser: openid,
          msgtype: 'text',
          text: { content: '您好，我是人工客服小王。' },
        }),
      );
      expect(wechat.tokenRequests).toBe(1);
    });
  });
});
