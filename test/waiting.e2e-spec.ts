import { createEvent, type AnyEvent, type ConversationWait } from '@tandem/contracts';
import type { EventPublisher } from '@tandem/messaging';
import { eventually, uniqueId } from '@tandem/testing';
import { PlatformUnderTest } from '../scripts/harness/platform';

/**
 * Queued mode through the five running apps: a customer who asks for a person, with nobody
 * online, is told their place in the queue (not answered); a second one is told they are
 * second; writing again within BOT_WAIT_NOTICE_INTERVAL_MS brings no second notice, writing
 * after it a fresh one from the desk's live view.
 */
describe('waiting for a person', () => {
  const platform = new PlatformUnderTest();
  let publisher: EventPublisher;
  const first = uniqueId('customer-');
  const second = uniqueId('customer-');
  let firstConversation = '';
  let secondConversation = '';

  beforeAll(async () => {
    await platform.start();
    publisher = await platform.publisher();
  }, 120_000);
  afterAll(async () => {
    await publisher?.disconnect();
    await platform.stop();
  });

  const notices = (conversationId: string) =>
    platform.eventsOf('bot.replied', conversationId).filter((e) => e.payload.kind === 'notice');

  async function asksForAPerson(customer: string, text: string): Promise<string> {
    const response = await platform.customerSays(customer, text);
    expect(response.status).toBe(202);
    const { conversationId } = (await response.json()) as { conversationId: string };
    await eventually(() =>
      expect(platform.eventsOf('conversation.queued', conversationId)).toHaveLength(1),
    );
    return conversationId;
  }

  it('the first customer is told they are next, in their language, and it reaches their channel', async () => {
    firstConversation = await asksForAPerson(first, 'Can I talk to a person please?');
    const [queued] = platform.eventsOf('conversation.queued', firstConversation);
    // Nobody online: the desk knows the place, and says it cannot estimate the wait.
    expect(queued!.payload).toMatchObject({
      position: 1,
      estimatedWaitSeconds: null,
      agentsOnline: 0,
    });
    const notice = await eventually(() => {
      const [found] = notices(firstConversation);
      expect(found).toBeDefined();
      return found!;
    });
    expect(notice.payload).toMatchObject({
      kind: 'notice',
      language: 'en',
      inReplyTo: queued!.id,
      sources: [],
    });
    expect(notice.payload.text).toContain("You're next in the queue");
    expect(notice.payload.text).toContain('No one from our team is online right now');
    await eventually(() =>
      expect(platform.deliveries).toContainEqual(
        expect.objectContaining({
          replyId: notice.payload.replyId,
          text: notice.payload.text,
          from: { role: 'bot', name: 'Tandem' },
          to: { id: first },
        }),
      ),
    );
  });

  it('a second customer is second, told in Chinese how many wait before them', async () => {
    secondConversation = await asksForAPerson(second, '转人工');
    expect(platform.eventsOf('conversation.queued', secondConversation)[0]!.payload).toMatchObject({
      position: 2,
      agentsOnline: 0,
    });
    const notice = await eventually(() => {
      const [found] = notices(secondConversation);
      expect(found).toBeDefined();
      return found!;
    });
    expect(notice.payload.language).toBe('zh');
    expect(notice.payload.text).toContain('您前面还有 1 位客户');
  });

  it('the desk says where each conversation stands, and 404 for one it does not know', async () => {
    const supervisor = platform.tokenAs('supervisor');
    const wait = await platform.call<ConversationWait>(
      'agent-desk',
      'GET',
      `/v1/conversations/${secondConversation}/wait`,
      supervisor,
    );
    expect(wait).toEqual({
      status: 200,
      body: {
        status: 'queued',
        queue: expect.any(String) as string,
        position: 2,
        estimatedWaitSeconds: null,
        agentsOnline: 0,
        // The queue is not defined for the tenant: its defaults.
        slaSeconds: 120,
      },
    });
    // The notice is in the transcript the agent will read, as the bot's.
    const [notice] = notices(secondConversation);
    await eventually(async () => {
      const view = await platform.call<{ messages: { id: string; role: string; text: string }[] }>(
        'agent-desk',
        'GET',
        `/v1/conversations/${secondConversation}`,
        supervisor,
      );
      expect(view.body.messages).toContainEqual(
        expect.objectContaining({
          id: notice!.payload.replyId,
          role: 'bot',
          text: notice!.payload.text,
        }),
      );
    });
    const unknown = await platform.call<{ code: string }>(
      'agent-desk',
      'GET',
      `/v1/conversations/${uniqueId('nope-')}/wait`,
      supervisor,
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('DESK.CONVERSATION_NOT_FOUND');
  });

  it('writing again within the interval brings no second notice; after it, a fresh one from the desk', async () => {
    const again = await platform.customerSays(first, 'Hello? Is anyone there?');
    const { messageId: soon } = (await again.json()) as { messageId: string };
    await eventually(() =>
      expect(
        platform.eventsOf('message.analyzed', firstConversation).map((e) => e.payload.messageId),
      ).toContain(soon),
    );
    // A message a minute and more after the first notice (its time is what the bot
    // throttles by), on the same conversation key, so it is handled after `soon`.
    const [received] = platform.eventsOf('message.received', firstConversation);
    const firstNotice = notices(firstConversation)[0]!;
    const later = new Date(new Date(firstNotice.occurredAt).getTime() + 61_000);
    const late = createEvent('message.received', {
      tenantId: platform.tenantId,
      aggregateId: firstConversation,
      customerId: received!.customerId ?? null,
      occurredAt: later,
      payload: {
        ...received!.payload,
        messageId: uniqueId('late-'),
        channelMessageId: uniqueId('late-'),
        text: 'Still waiting...',
        receivedAt: later.toISOString(),
      },
    });
    await publisher.publish([late]);
    const fresh = await eventually(() => {
      const found = notices(firstConversation).find(
        (e) => e.payload.inReplyTo === late.payload.messageId,
      );
      expect(found).toBeDefined();
      return found!;
    });
    // The desk's live view (the bot asked with its service token): still next, nobody online.
    expect(fresh.payload.text).toContain("You're next in the queue");
    expect(fresh.payload.text).toContain('No one from our team is online right now');
    expect(notices(firstConversation).map((e) => e.payload.inReplyTo)).not.toContain(soon);
    expect(notices(firstConversation)).toHaveLength(2);
  });

  it('while queued the bot never answers: every bot.replied after the hand-off is a notice', () => {
    for (const conversationId of [firstConversation, secondConversation]) {
      const events: AnyEvent[] = platform
        .events()
        .filter((event) => event.aggregateId === conversationId);
      const escalatedAt = events.findIndex((event) => event.type === 'escalation.decided');
      expect(escalatedAt).toBeGreaterThanOrEqual(0);
      const replies = events
        .slice(escalatedAt)
        .filter((event) => event.type === 'bot.replied')
        .map((event) => (event.type === 'bot.replied' ? event.payload.kind : null));
      expect(replies.length).toBeGreaterThan(0);
      expect(replies.every((kind) => kind === 'notice')).toBe(true);
      expect(
        platform.eventsOf('bot.replied', conversationId).map((e) => e.payload.kind),
      ).not.toContain('answer');
    }
  });

  it('with nobody online the tenant’s policy decides what else is offered: here a call back', async () => {
    const saved = await platform.call('router', 'PUT', '/v1/policies', platform.tokenAs('admin'), {
      noAgentOnline: 'callback',
    });
    expect(saved.status).toBe(200);
    const conversationId = await asksForAPerson(uniqueId('customer-'), 'I need a human agent');
    const [escalation] = platform.eventsOf('escalation.decided', conversationId);
    expect(escalation!.payload.noAgentOnline).toBe('callback');
    const notice = await eventually(() => {
      const [found] = notices(conversationId);
      expect(found).toBeDefined();
      return found!;
    });
    expect(notice.payload.text).toContain('No one from our team is online right now');
    expect(notice.payload.text).toContain('we will call you back');
    // Still queued: nothing is dropped.
    expect(platform.eventsOf('conversation.queued', conversationId)).toHaveLength(1);
  });
});
