import { Client } from 'pg';
import { createEvent } from '@tandem/contracts';
import type { EventPublisher } from '@tandem/messaging';
import { eventually, FakeOpenAiServer, uniqueId, type ChatRequest } from '@tandem/testing';
import { groundedAnswer, promptData as dataOf, userContent } from '../scripts/harness/fake-model';
import { PlatformUnderTest } from '../scripts/harness/platform';

/**
 * The bot reads each message in its conversation: the turns so far (the customer's, its own
 * and the agents') reach the model, the customer's images reach a vision model, and an
 * erased customer's turns are gone from the bot's store.
 */
describe('the bot in a conversation', () => {
  const model = new FakeOpenAiServer(groundedAnswer);
  let platform: PlatformUnderTest;
  let publisher: EventPublisher;
  let db: Client;
  const password = 'webhook-password-789';

  beforeAll(async () => {
    await model.start();
    platform = new PlatformUnderTest(
      {
        BOT_LLM_BASE_URL: model.baseUrl,
        BOT_LLM_MODEL: 'fake-vision-model',
        BOT_LLM_VISION: 'true',
        // The model answers here; the analysis stays the rules' (test/bot-analyzer covers the model's).
        BOT_ANALYZER: 'rules',
        BOT_LLM_TIMEOUT_MS: '1000',
        BOT_LLM_BUDGET_MS: '1500',
      },
      ['knowledge', 'bot', 'gateway'],
    );
    await platform.start();
    publisher = await platform.publisher();
    db = new Client({ connectionString: platform.databaseUrl });
    await db.connect();
  }, 120_000);
  afterAll(async () => {
    await db?.end();
    await publisher?.disconnect();
    await platform?.stop();
    await model.stop();
  });

  function requestsFor(marker: string): ChatRequest[] {
    return model.requests
      .filter((request) => request.path === '/v1/chat/completions')
      .map((request) => request.body as ChatRequest)
      .filter((body) => dataOf(body).customerMessage.includes(marker));
  }

  function repliesIn(conversationId: string, count: number) {
    return eventually(() => {
      const replies = platform.eventsOf('bot.replied', conversationId);
      expect(replies).toHaveLength(count);
      return replies;
    });
  }

  it('shows the model the conversation so far: the customer’s turns, its own answers and an agent’s reply', async () => {
    const customer = uniqueId('customer-');
    const first = await platform.customerSays(customer, 'When will my card arrive?');
    const { conversationId, messageId } = (await first.json()) as {
      conversationId: string;
      messageId: string;
    };
    const [answer] = await repliesIn(conversationId, 1);

    const received = await platform.received({ messageId });
    await publisher.publish([
      createEvent('agent.replied', {
        tenantId: platform.tenantId,
        aggregateId: conversationId,
        customerId: received.customerId,
        payload: {
          replyId: uniqueId(''),
          agentId: 'agent-7',
          text: 'I also checked: it left our warehouse today.',
        },
      }),
    ]);
    // The agent's reply is on the log before the customer writes again.
    await eventually(async () => {
      const { rows } = await db.query(
        `SELECT 1 FROM bot.conversation_turns WHERE conversation_id = $1 AND role = 'agent'`,
        [conversationId],
      );
      expect(rows).toHaveLength(1);
    });

    expect(
      (await platform.customerSays(customer, 'Great, and how do I change my PIN? [turn-3]')).status,
    ).toBe(202);
    await repliesIn(conversationId, 2);
    const [request] = requestsFor('[turn-3]');
    expect(dataOf(request!).history).toEqual([
      { role: 'customer', text: 'When will my card arrive?' },
      { role: 'bot', text: answer!.payload.text },
      { role: 'agent', text: 'I also checked: it left our warehouse today.' },
    ]);
    // The customer's records from the gateway travel with it, for a personal answer.
    expect(dataOf(request!).customer).toMatchObject({ tier: 'standard', earlierConversations: 0 });
  });

  it('sends a customer’s image to a vision model with the question, fetched from the gateway', async () => {
    const created = await platform.call<{ id: string }>(
      'gateway',
      'POST',
      '/v1/channels',
      platform.adminToken(),
      {
        type: 'email',
        name: 'support@bank.example',
        secret: password,
        callbackUrl: 'http://127.0.0.1:9',
        settings: { serverToken: 'unused', fromEmail: 'support@bank.example' },
      },
    );
    expect(created.status).toBe(201);
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.from('card screen')]);
    const mail = await fetch(`${platform.url('gateway')}/v1/channels/${created.body.id}/webhook`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Basic ${Buffer.from(`postmark:${password}`).toString('base64')}`,
      },
      body: JSON.stringify({
        FromFull: { Email: 'ana@example.com', Name: 'Ana' },
        Subject: 'Card',
        MessageID: uniqueId('mail-'),
        TextBody: 'When will my card arrive? See the screenshot [with-image]',
        Headers: [],
        Attachments: [
          { Name: 'screen.png', Content: png.toString('base64'), ContentType: 'image/png' },
        ],
      }),
    });
    expect(mail.status).toBeLessThan(300);

    const request = await eventually(() => {
      const [found] = requestsFor('[with-image]');
      if (!found) throw new Error('the model was not asked yet');
      return found;
    });
    const content = userContent(request);
    expect(Array.isArray(content)).toBe(true);
    expect(content).toContainEqual({
      type: 'image_url',
      image_url: { url: `data:image/png;base64,${png.toString('base64')}`, detail: 'auto' },
    });
  });

  it('forgets an erased customer’s conversations', async () => {
    const customer = uniqueId('customer-');
    const response = await platform.customerSays(customer, 'How long does a refund take?');
    const { conversationId, messageId } = (await response.json()) as {
      conversationId: string;
      messageId: string;
    };
    await repliesIn(conversationId, 1);
    const turns = () =>
      db.query(`SELECT role FROM bot.conversation_turns WHERE conversation_id = $1`, [
        conversationId,
      ]);
    expect((await turns()).rows).toHaveLength(2);

    const { customerId } = await platform.received({ messageId });
    const erased = await platform.call(
      'gateway',
      'POST',
      `/v1/customers/${customerId}/erasure`,
      platform.tokenAs('supervisor'),
    );
    expect(erased.status).toBe(200);
    await eventually(async () => expect((await turns()).rows).toHaveLength(0));
  });
});
