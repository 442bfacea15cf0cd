import { randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';
import { createEvent, signBody, SIGNATURE_HEADER, isSealedField } from '@tandem/contracts';
import { eventually, uniqueId } from '@tandem/testing';
import { PlatformUnderTest } from '../scripts/harness/platform';

/**
 * CSAT end to end through the running apps: an agent resolves, the question reaches the
 * customer's channel in their language, the customer answers with a plain message
 * ("5 谢谢") that never reaches the bot, and the agent sees the rating and the comment.
 */
describe('CSAT after a person resolved, end to end', () => {
  const platform = new PlatformUnderTest();
  const customer = uniqueId('customer-');

  beforeAll(() => platform.start(), 120_000);
  afterAll(() => platform.stop());

  let conversationId = '';
  let agentToken = '';
  let agentId = '';
  let surveyId = '';
  let answerMessageId = '';

  it('an agent takes the conversation the customer escalated, and resolves it', async () => {
    const first = await platform.customerSays(customer, '退款多久到账');
    conversationId = ((await first.json()) as { conversationId: string }).conversationId;
    await platform.customerSays(customer, '转人工');
    await eventually(() =>
      expect(platform.eventsOf('conversation.queued', conversationId)).toHaveLength(1),
    );
    ({ token: agentToken, agentId } = await platform.agentTakes('alice@demo.test', conversationId));
    const resolved = await platform.call(
      'agent-desk',
      'POST',
      `/v1/conversations/${conversationId}/resolve`,
      agentToken,
      { wrapUpCode: 'refund', note: '退款原路退回，3–5 个工作日到账。' },
    );
    expect(resolved.status).toBe(200);
  });

  it('the CSAT question reaches the channel in the customer’s language, marked as a survey', async () => {
    const requested = await eventually(() => {
      const events = platform.eventsOf('survey.requested', conversationId);
      expect(events).toHaveLength(1);
      return events[0]!;
    });
    expect(requested.payload).toMatchObject({ kind: 'csat', agentId, language: 'zh' });
    expect(requested.customerId).toBeTruthy();
    surveyId = requested.payload.surveyId;
    const question = await eventually(() => {
      const delivered = platform.deliveries.find((d) => d.replyId === surveyId);
      expect(delivered).toBeDefined();
      return delivered!;
    });
    expect(question).toMatchObject({
      conversationId,
      to: { id: customer },
      text: '请为本次服务打分：回复 1–5（5 = 非常满意），可附一句评价。',
      survey: { id: surveyId, kind: 'csat', min: 1, max: 5 },
    });
    const pending = await platform.call<{ status: string }>(
      'agent-desk',
      'GET',
      `/v1/conversations/${conversationId}/survey`,
      agentToken,
    );
    expect(pending).toMatchObject({ status: 200, body: { id: surveyId, status: 'pending' } });
  });

  it('the customer’s plain reply "5 谢谢" is the answer, never a message for the bot', async () => {
    const response = await platform.customerSays(customer, '5 谢谢');
    expect(response.status).toBe(202);
    const accepted = (await response.json()) as {
      status: string;
      messageId: string;
      conversationId: string;
      surveyId?: string;
    };
    expect(accepted).toMatchObject({ status: 'accepted', conversationId, surveyId });
    answerMessageId = accepted.messageId;

    const answered = await eventually(() => {
      const events = platform.eventsOf('survey.answered', conversationId);
      expect(events).toHaveLength(1);
      return events[0]!;
    });
    expect(answered.payload).toEqual({
      surveyId,
      kind: 'csat',
      score: 5,
      comment: '谢谢',
      source: 'message',
      agentId,
    });
    // The comment is personal: sealed on the log with the customer's key.
    const raw = platform
      .rawRecords()
      .map((record) => JSON.parse(record.value ?? 'null') as { id: string; payload: unknown })
      .find((event) => event?.id === answered.id);
    expect(isSealedField((raw?.payload as { comment?: unknown }).comment)).toBe(true);

    const csat = await eventually(async () => {
      const result = await platform.call<{
        agentId: string;
        csat: { count: number; average: number | null };
        recent: { id: string; score: number; comment: string | null }[];
      }>('agent-desk', 'GET', '/v1/agents/me/csat', agentToken);
      expect(result.body.csat.count).toBe(1);
      return result.body;
    });
    expect(csat).toMatchObject({
      agentId,
      csat: { count: 1, average: 5, satisfiedShare: 1 },
      recent: [
        expect.objectContaining({ id: surveyId, conversationId, score: 5, comment: '谢谢' }),
      ],
    });

    // Neither published as a message nor seen by the bot.
    expect(
      platform.eventsOf('message.received').map((event) => event.payload.messageId),
    ).not.toContain(accepted.messageId);
    expect(
      platform.eventsOf('message.analyzed').map((event) => event.payload.messageId),
    ).not.toContain(accepted.messageId);
    expect(platform.eventsOf('message.received').map((event) => event.payload.text)).not.toContain(
      '5 谢谢',
    );
  });

  it('a later answer is ignored: the adapter API says duplicate, a second number is a normal message', async () => {
    const body = JSON.stringify({ surveyId, score: 1, comment: 'changed my mind' });
    const response = await fetch(`${platform.url('gateway')}/v1/surveys/${surveyId}/answer`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: signBody(platform.secret, body, Math.floor(Date.now() / 1000)),
      },
      body,
    });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ surveyId, status: 'duplicate' });

    const unsigned = await fetch(`${platform.url('gateway')}/v1/surveys/${surveyId}/answer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(unsigned.status).toBe(401);

    const again = await platform.customerSays(customer, '1 太慢了');
    const message = (await again.json()) as { messageId: string; surveyId?: string };
    expect(message.surveyId).toBeUndefined();
    await platform.received({ messageId: message.messageId });
    // The bot analyses every message it gets: it analysed this one, never the answer.
    await eventually(() =>
      expect(
        platform.eventsOf('message.analyzed').map((event) => event.payload.messageId),
      ).toContain(message.messageId),
    );
    expect(
      platform.eventsOf('message.analyzed').map((event) => event.payload.messageId),
    ).not.toContain(answerMessageId);

    const supervisor = await platform.login('sam@demo.test');
    const list = await platform.call<{
      requested: number;
      answered: number;
      csat: { average: number | null };
      surveys: { id: string; score: number | null; comment: string | null }[];
    }>('agent-desk', 'GET', `/v1/surveys?agentId=${agentId}`, supervisor);
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ requested: 1, answered: 1, csat: { average: 5 } });
    expect(list.body.surveys).toEqual([
      expect.objectContaining({ id: surveyId, score: 5, comment: '谢谢' }),
    ]);
    const forAgents = await platform.call('agent-desk', 'GET', '/v1/surveys', agentToken);
    expect(forAgents.status).toBe(403);
  });

  it('on the web chat the question comes as a `survey` event, answered with `survey-answer`', async () => {
    const created = await platform.call<{ id: string }>(
      'gateway',
      'POST',
      '/v1/channels',
      platform.adminToken(),
      {
        type: 'webchat',
        name: 'Shop widget',
        secret: `webchat-secret-${uniqueId()}`,
        callbackUrl: 'https://shop.example.com/',
      },
    );
    expect(created.status).toBe(201);
    const sessionResponse = await fetch(
      `${platform.url('gateway')}/v1/webchat/${created.body.id}/sessions`,
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' },
    );
    const { sessionToken } = (await sessionResponse.json()) as { sessionToken: string };
    const shown: { id: string; kind: string; question: string; min: number; max: number }[] = [];
    const socket = io(`${platform.url('gateway')}/webchat`, {
      auth: { token: sessionToken },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    socket.on('survey', (survey: (typeof shown)[number]) => shown.push(survey));
    type Ack = { status?: string; messageId?: string; surveyId?: string; error?: { code: string } };
    const send = (event: string, payload: unknown) =>
      socket.timeout(20_000).emitWithAck(event, payload) as Promise<Ack>;
    try {
      const sent = await send('message', { clientMessageId: 'c-1', text: 'Thanks for the help' });
      const received = await platform.received({ messageId: sent.messageId! });
      const webSurveyId = randomUUID();
      const publisher = await platform.publisher();
      await publisher
        .publish([
          createEvent('survey.requested', {
            tenantId: platform.tenantId,
            aggregateId: received.aggregateId,
            customerId: received.customerId,
            payload: { surveyId: webSurveyId, kind: 'nps', agentId: null, language: 'en' },
          }),
        ])
        .finally(() => publisher.disconnect());
      await eventually(() =>
        expect(shown).toEqual([
          {
            id: webSurveyId,
            kind: 'nps',
            question: expect.stringContaining('from 0 to 10 (10 = very likely)'),
            min: 0,
            max: 10,
          },
        ]),
      );

      expect((await send('survey-answer', { surveyId: webSurveyId, score: 11 })).error?.code).toBe(
        'WEBCHAT.INVALID_SURVEY_ANSWER',
      );
      expect((await send('survey-answer', { surveyId: surveyId, score: 5 })).error?.code).toBe(
        'WEBCHAT.UNKNOWN_SURVEY',
      );
      expect(
        await send('survey-answer', { surveyId: webSurveyId, score: 9, comment: 'Quick' }),
      ).toEqual({ status: 'accepted', surveyId: webSurveyId });
      expect(await send('survey-answer', { surveyId: webSurveyId, score: 2 })).toEqual({
        status: 'duplicate',
        surveyId: webSurveyId,
      });
      const answered = await eventually(() => {
        const events = platform.eventsOf('survey.answered', received.aggregateId);
        expect(events).toHaveLength(1);
        return events[0]!;
      });
      expect(answered.payload).toEqual({
        surveyId: webSurveyId,
        kind: 'nps',
        score: 9,
        comment: 'Quick',
        source: 'webchat',
        agentId: null,
      });
    } finally {
      socket.disconnect();
    }
  });
});
