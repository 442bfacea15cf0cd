import type { PlaygroundResponse } from '@tandem/contracts';
import { eventually, uniqueId } from '@tandem/testing';
import { PlatformUnderTest } from '../scripts/harness/platform';

/** The tenant's brand voice on the local provider: greeting once, sign-off, words never to say. */
describe('the bot’s persona', () => {
  const platform = new PlatformUnderTest({}, ['gateway', 'knowledge', 'bot']);
  beforeAll(() => platform.start(), 120_000);
  afterAll(() => platform.stop());

  const persona = {
    name: 'Mia',
    channelTones: { sms: 'concise' },
    greeting: { en: 'Hi, I am Mia!', zh: '您好，我是小米！' },
    signOff: { en: 'Anything else?', zh: '还有其他问题吗？' },
    neverSay: ['PIN'],
  };

  it('a supervisor sets it; agents read it; bad personas are refused with a stable code', async () => {
    const saved = await platform.call<Record<string, unknown>>(
      'bot',
      'PUT',
      '/v1/persona',
      platform.tokenAs('supervisor'),
      persona,
    );
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ ...persona, tone: 'friendly' });
    const read = await platform.call('bot', 'GET', '/v1/persona', platform.tokenAs('agent'));
    expect(read.body).toEqual(saved.body);
    const asAgent = await platform.call('bot', 'PUT', '/v1/persona', platform.tokenAs('agent'), {});
    expect(asAgent.status).toBe(403);
    const bad = await platform.call<{ code: string }>(
      'bot',
      'PUT',
      '/v1/persona',
      platform.tokenAs('supervisor'),
      { greeting: { en: 'Forgot your PIN?' }, neverSay: ['PIN'] },
    );
    expect(bad).toMatchObject({ status: 400, body: { code: 'REQUEST.INVALID_BODY' } });
  });

  it('greets before the first answer of a conversation only, and signs off in the customer’s language', async () => {
    const customer = uniqueId('customer-');
    await platform.customerSays(customer, 'When will my card arrive?');
    await platform.customerSays(customer, '退款多久到账');
    const [first, second] = await eventually(() => {
      const texts = platform.deliveries
        .filter((delivery) => delivery.to.id === customer)
        .map((d) => d.text);
      expect(texts).toHaveLength(2);
      return texts;
    });
    expect(first).toMatch(/^Hi, I am Mia!\n\nCards are posted .*\n\nAnything else\?$/s);
    expect(second).toMatch(/^商家同意退款后.*\n\n还有其他问题吗？$/s);
  });

  it('never says a forbidden word: an article that contains one is deferred, as the playground shows', async () => {
    const asked = await platform.call<PlaygroundResponse>(
      'bot',
      'POST',
      '/v1/playground',
      platform.tokenAs('supervisor'),
      { question: 'How do I change my PIN?' },
    );
    expect(asked.body).toMatchObject({ decision: 'defer', reason: 'UNSAFE_OUTPUT', answer: null });
    const concise = await platform.call<PlaygroundResponse>(
      'bot',
      'POST',
      '/v1/playground',
      platform.tokenAs('supervisor'),
      { question: 'When will my card arrive?', channel: 'sms' },
    );
    expect(concise.body.answer).toMatch(/^Hi, I am Mia! Cards are posted .*Track delivery\.$/s);
  });

  describe('personal answers from the customer’s records', () => {
    const question = 'Which plan am I on?';
    beforeAll(async () => {
      const imported = await platform.call<{ created: number }>(
        'knowledge',
        'POST',
        '/v1/articles/import',
        platform.tokenAs('admin'),
        [
          {
            title: 'Which plan am I on?',
            body: '{{customer.name|Hello}}, you are on the {{customer.plan}} plan. Change it under Settings > Plan.',
            questions: [question, 'what is my current plan', 'what subscription do I have'],
            locale: 'en',
            status: 'published',
          },
        ],
      );
      expect(imported).toMatchObject({ status: 200, body: { created: 1 } });
    });

    /** A customer the gateway knows (their first message asks for a person: nothing is retrieved). */
    async function knownCustomer(): Promise<{ provider: string; customerId: string }> {
      const provider = uniqueId('customer-');
      const response = await platform.customerSays(provider, '转人工');
      const { messageId } = (await response.json()) as { messageId: string };
      return { provider, customerId: (await platform.received({ messageId })).customerId! };
    }

    it('answers with the plan on record, and defers when the records lack it', async () => {
      const ana = await knownCustomer();
      const patched = await platform.call(
        'gateway',
        'PATCH',
        `/v1/customers/${ana.customerId}`,
        platform.tokenAs('agent'),
        {
          displayName: 'Ana',
          attributes: { plan: 'Premium' },
        },
      );
      expect(patched.status).toBe(200);
      const response = await platform.customerSays(ana.provider, question);
      const { conversationId } = (await response.json()) as { conversationId: string };
      const reply = await eventually(() => {
        const [found] = platform.eventsOf('bot.replied', conversationId);
        if (!found) throw new Error('no reply yet');
        return found;
      });
      expect(reply.payload.text).toContain('Ana, you are on the Premium plan.');

      const bo = await knownCustomer();
      const asked = await platform.call<PlaygroundResponse>(
        'bot',
        'POST',
        '/v1/playground',
        platform.tokenAs('supervisor'),
        {
          question,
          customerId: bo.customerId,
        },
      );
      expect(asked.body).toMatchObject({
        decision: 'defer',
        reason: 'MISSING_CUSTOMER_FACT',
        answer: null,
      });
    });
  });
});
