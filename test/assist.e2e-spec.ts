import { randomUUID } from 'node:crypto';
import { createEvent } from '@tandem/contracts';
import type { EventPublisher } from '@tandem/messaging';
import { eventually } from '@tandem/testing';
import { PlatformUnderTest } from '../scripts/harness/platform';

/**
 * While a person handles a conversation the bot never answers the customer; for each of the
 * customer's messages it suggests articles and a drafted reply to the agent instead.
 */
describe('agent assist in human mode', () => {
  const platform = new PlatformUnderTest({}, ['knowledge', 'bot']);
  let publisher: EventPublisher;

  beforeAll(async () => {
    await platform.start();
    publisher = await platform.publisher();
  }, 120_000);
  afterAll(async () => {
    await publisher?.disconnect();
    await platform.stop();
  });

  async function customerWrites(conversationId: string, customerId: string, text: string) {
    const messageId = randomUUID();
    await publisher.publish([
      createEvent('message.received', {
        tenantId: platform.tenantId,
        aggregateId: conversationId,
        customerId,
        payload: {
          messageId,
          channel: { id: platform.channelId, type: 'sms' },
          channelMessageId: randomUUID(),
          customer: { id: customerId },
          text,
          attachments: [],
          receivedAt: new Date().toISOString(),
        },
      }),
    ]);
    return messageId;
  }

  it('suggests the article and drafts its answer for the agent, and says nothing to the customer', async () => {
    const conversationId = randomUUID();
    const customerId = randomUUID();
    await publisher.publish([
      createEvent('conversation.assigned', {
        tenantId: platform.tenantId,
        aggregateId: conversationId,
        customerId,
        payload: { offerId: randomUUID(), agentId: randomUUID(), agentName: 'Alice' },
      }),
    ]);
    // The mode change and the message are on the same conversation key: in order.
    const known = await customerWrites(conversationId, customerId, 'How long does a refund take?');
    const unknown = await customerWrites(conversationId, customerId, 'Is the shop open on Sunday?');
    const suggestions = await eventually(() => {
      const found = platform.eventsOf('assist.suggested', conversationId);
      expect(found.map((event) => event.payload.messageId)).toEqual([known, unknown]);
      return found;
    });
    expect(suggestions[0]!.payload.articles[0]).toMatchObject({
      title: 'How long does a refund take?',
      matchedQuestion: 'How long does a refund take?',
    });
    expect(suggestions[0]!.payload.draftReply).toContain('5–7 working days');
    expect(suggestions[1]!.payload.draftReply).toBeNull();
    await eventually(() =>
      expect(platform.eventsOf('message.analyzed', conversationId)).toHaveLength(2),
    );
    expect(platform.eventsOf('bot.replied', conversationId)).toEqual([]);
    expect(platform.eventsOf('bot.deferred', conversationId)).toEqual([]);
  });
});
