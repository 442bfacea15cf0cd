import { io, type Socket } from 'socket.io-client';
import { eventually, uniqueId } from '@tandem/testing';
import { PlatformUnderTest } from '../scripts/harness/platform';

interface Usage {
  articleId: string;
  title: string | null;
  retrievals: number;
  answers: number;
  helpful: number;
  notHelpful: number;
}
interface Ack {
  status?: string;
  error?: { code: string };
}

/**
 * An article's use, end to end: the bot's search retrieves it, the bot answers a web chat
 * visitor with it, the visitor rates the answer, and the supervisor sees the counts.
 */
describe('article usage and customer ratings', () => {
  const platform = new PlatformUnderTest({}, ['knowledge', 'bot', 'gateway']);
  let socket: Socket;
  const replies: { id: string; role: string; text: string }[] = [];

  beforeAll(async () => {
    await platform.start();
    const admin = platform.adminToken();
    const created = await platform.call<{ id: string }>('gateway', 'POST', '/v1/channels', admin, {
      type: 'webchat',
      name: 'Widget',
      secret: `webchat-secret-${uniqueId()}`,
      callbackUrl: 'https://shop.example.com/',
    });
    expect(created.status).toBe(201);
    const session = await fetch(
      `${platform.url('gateway')}/v1/webchat/${created.body.id}/sessions`,
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' },
    );
    const { sessionToken } = (await session.json()) as { sessionToken: string };
    socket = io(`${platform.url('gateway')}/webchat`, {
      auth: { token: sessionToken },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    socket.on('message', (message: (typeof replies)[number]) => replies.push(message));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
  }, 120_000);
  afterAll(async () => {
    socket?.disconnect();
    await platform.stop();
  });

  const send = (event: string, payload: unknown) =>
    socket.timeout(20_000).emitWithAck(event, payload) as Promise<Ack>;

  async function usage(): Promise<Usage[]> {
    const answer = await platform.call<{ articles: Usage[] }>(
      'knowledge',
      'GET',
      '/v1/usage/articles',
      platform.tokenAs('supervisor'),
    );
    expect(answer.status).toBe(200);
    return answer.body.articles;
  }

  it('counts retrievals, answers and the visitor’s rating for the article the bot used', async () => {
    expect(
      await send('message', { clientMessageId: 'q-1', text: 'When will my card arrive?' }),
    ).toMatchObject({
      status: 'accepted',
    });
    const reply = await eventually(() => {
      const found = replies.find((message) => message.role === 'bot');
      if (!found) throw new Error('no answer yet');
      return found;
    });
    expect(await send('rate', { replyId: reply.id, rating: 'helpful' })).toMatchObject({
      status: 'accepted',
    });
    const [card] = await eventually(async () => {
      const articles = await usage();
      expect(articles[0]).toMatchObject({
        title: 'When will my card arrive?',
        answers: 1,
        helpful: 1,
      });
      // Retrievals are written in batches, once a second.
      expect(articles[0]!.retrievals).toBeGreaterThanOrEqual(1);
      return articles;
    });
    expect(card!.retrievals).toBeGreaterThanOrEqual(1);

    // A changed mind moves the rating; it is not counted twice.
    expect(await send('rate', { replyId: reply.id, rating: 'not_helpful' })).toMatchObject({
      status: 'accepted',
    });
    await eventually(async () =>
      expect((await usage())[0]).toMatchObject({ answers: 1, helpful: 0, notHelpful: 1 }),
    );
  });

  it('only the bot’s answers in the visitor’s own history can be rated', async () => {
    expect(
      await send('rate', { replyId: '00000000-0000-4000-8000-000000000000', rating: 'helpful' }),
    ).toMatchObject({ error: { code: 'WEBCHAT.UNKNOWN_REPLY' } });
    expect(await send('rate', { replyId: 'nope', rating: 'great' })).toMatchObject({
      error: { code: 'WEBCHAT.INVALID_RATING' },
    });
    const agent = await platform.call(
      'knowledge',
      'GET',
      '/v1/usage/articles',
      platform.tokenAs('agent'),
    );
    expect(agent.status).toBe(403);
  });
});
