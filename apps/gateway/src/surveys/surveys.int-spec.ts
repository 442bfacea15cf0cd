import { randomBytes, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { SecretBox } from '@tandem/auth';
import { createEvent, signBody, type AnyEvent } from '@tandem/contracts';
import { createLogger } from '@tandem/observability';
import { appDataSourceOptions, migrate, UnitOfWork } from '@tandem/persistence';
import { createTestDatabase, dropTestDatabase, stackEnv, uniqueId } from '@tandem/testing';
import type { ChannelAdapters } from '../channels/adapters/channel-adapters';
import type { InboundMessage } from '../channels/adapters/channel-adapter';
import type { Channel } from '../channels/channel.entity';
import { ChannelsService } from '../channels/channels.service';
import type { GatewayConfig } from '../config';
import { Conversation } from '../conversations/conversation.entity';
import { ConversationsService } from '../conversations/conversations.service';
import { GATEWAY_SCHEMA, gatewayEntities, gatewayMigrations } from '../database';
import { PendingSurvey } from './pending-survey.entity';
import { SURVEY_ANSWER_WINDOW_MS, SurveysService } from './surveys.service';

const HOUR = 3_600_000;

/** Pending surveys and their answers (message, web chat, adapter API) on the real Postgres. */
describe('SurveysService (gateway)', () => {
  const redis = new Redis(stackEnv().REDIS_URL);
  let databaseUrl = '';
  let dataSource: DataSource;
  let surveys: SurveysService;
  let channel: Channel;
  const tenantId = uniqueId('t');
  const secret = 'a-channel-secret-of-some-length';
  const requestedAt = new Date('2026-12-01T10:00:00.000Z');

  /** A resolved conversation of a new customer on the channel, and its CSAT (or NPS) survey. */
  async function surveyed(kind: 'csat' | 'nps' = 'csat') {
    const conversation = await dataSource.getRepository(Conversation).save({
      id: randomUUID(),
      tenantId,
      channelId: channel.id,
      customerId: randomUUID(),
      externalId: uniqueId('+86138'),
      status: 'resolved',
    });
    const event = createEvent('survey.requested', {
      tenantId,
      aggregateId: conversation.id,
      customerId: conversation.customerId,
      occurredAt: requestedAt,
      payload: { surveyId: randomUUID(), kind, agentId: randomUUID(), language: 'zh' },
    });
    const { agentId } = event.payload;
    await surveys.open(event);
    await surveys.open(event); // redelivered: still one survey
    return { conversation, surveyId: event.payload.surveyId, agentId };
  }

  const message = (externalId: string, text: string, more: Partial<InboundMessage> = {}) => ({
    channelMessageId: uniqueId('m'),
    externalId,
    text,
    attachments: [],
    ...more,
  });

  async function answers(conversationId: string): Promise<AnyEvent[]> {
    const rows = await dataSource.query<{ event: AnyEvent }[]>(
      `SELECT event FROM outbox WHERE event->>'aggregateId' = $1 AND event->>'type' = 'survey.answered'`,
      [conversationId],
    );
    return rows.map((row) => row.event);
  }

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    dataSource = new DataSource(
      appDataSourceOptions({
        url: databaseUrl,
        schema: GATEWAY_SCHEMA,
        entities: gatewayEntities,
        migrations: gatewayMigrations,
      }),
    );
    await dataSource.initialize();
    await migrate(dataSource, GATEWAY_SCHEMA);
    const config = {
      KAFKA_TOPIC_PREFIX: uniqueId('surveys-'),
      WEBHOOK_MAX_SKEW_SECONDS: 300,
    } as GatewayConfig;
    // Only create() asks the adapters whether the type is supported.
    const adapters = { supports: () => true } as unknown as ChannelAdapters;
    const channels = new ChannelsService(
      dataSource,
      adapters,
      new SecretBox(randomBytes(32).toString('base64')),
    );
    channel = await channels.create(tenantId, {
      type: 'sms',
      name: 'SMS',
      secret,
      callbackUrl: 'http://127.0.0.1:9/sms',
      settings: {},
      enabled: true,
    });
    surveys = new SurveysService(
      dataSource,
      new UnitOfWork(dataSource, GATEWAY_SCHEMA, null),
      new ConversationsService(dataSource, redis, config),
      channels,
      config,
      createLogger('surveys-int', 'silent'),
    );
  });
  afterAll(async () => {
    await dataSource?.destroy();
    if (databaseUrl) await dropTestDatabase(databaseUrl);
    await redis.quit();
  });

  it('remembers a requested survey for the customer on the conversation’s channel, for 24 hours', async () => {
    const { conversation, surveyId } = await surveyed();
    expect(await dataSource.getRepository(PendingSurvey).findBy({ id: surveyId })).toEqual([
      expect.objectContaining({
        conversationId: conversation.id,
        customerId: conversation.customerId,
        channelId: channel.id,
        externalId: conversation.externalId,
        kind: 'csat',
        language: 'zh',
        status: 'pending',
        expiresAt: new Date(requestedAt.getTime() + SURVEY_ANSWER_WINDOW_MS),
      }),
    ]);
  });

  it('takes the customer’s next message starting with a score as the answer, once', async () => {
    const { conversation, surveyId, agentId } = await surveyed();
    const answer = message(conversation.externalId, '5 很好');
    const now = new Date(requestedAt.getTime() + HOUR);
    const taken = await surveys.answerFromMessage(channel, answer, 'msg-1', now);
    expect(taken).toMatchObject({ outcome: 'accepted', survey: { id: surveyId } });
    expect(await answers(conversation.id)).toEqual([
      expect.objectContaining({
        customerId: conversation.customerId,
        payload: {
          surveyId,
          kind: 'csat',
          score: 5,
          comment: '很好',
          source: 'message',
          agentId,
        },
      }),
    ]);
    // The same webhook again is a duplicate; another number later is a normal message.
    expect(await surveys.answerFromMessage(channel, answer, 'msg-1', now)).toMatchObject({
      outcome: 'duplicate',
    });
    expect(
      await surveys.answerFromMessage(channel, message(conversation.externalId, '1'), 'msg-2', now),
    ).toBeNull();
    expect(await answers(conversation.id)).toHaveLength(1);
  });

  it.each([
    ['a number out of the CSAT range', '10', {}, 1],
    ['a number that does not lead', 'I would give 4', {}, 1],
    ['a request for a person', '5', { action: 'request_human' as const }, 1],
    ['a score after the 24 hours', '4', {}, 25],
  ])('leaves %s as a normal message', async (_name, text, more, hoursLater) => {
    const { conversation, surveyId } = await surveyed();
    const now = new Date(requestedAt.getTime() + hoursLater * HOUR);
    expect(
      await surveys.answerFromMessage(
        channel,
        message(conversation.externalId, text, more),
        uniqueId('msg'),
        now,
      ),
    ).toBeNull();
    expect(await dataSource.getRepository(PendingSurvey).findOneBy({ id: surveyId })).toMatchObject(
      { status: 'pending' },
    );
  });

  it('reads NPS answers on their own scale', async () => {
    const { conversation } = await surveyed('nps');
    const taken = await surveys.answerFromMessage(
      channel,
      message(conversation.externalId, '１０ 推荐'),
      uniqueId('msg'),
      new Date(requestedAt.getTime() + HOUR),
    );
    expect(taken?.outcome).toBe('accepted');
    expect((await answers(conversation.id))[0]?.payload).toMatchObject({
      score: 10,
      comment: '推荐',
    });
  });

  it('checks a direct answer against the scale and the window; a second one is a duplicate', async () => {
    const { surveyId } = await surveyed();
    const survey = (await surveys.find(surveyId))!;
    const inTime = new Date(requestedAt.getTime() + HOUR);
    await expect(
      surveys.answer(survey, { score: 0, comment: null }, 'webchat', inTime),
    ).rejects.toMatchObject({ code: 'GATEWAY.SCORE_OUT_OF_RANGE' });
    await expect(
      surveys.answer(
        survey,
        { score: 3, comment: null },
        'webchat',
        new Date(requestedAt.getTime() + 25 * HOUR),
      ),
    ).rejects.toMatchObject({ code: 'GATEWAY.SURVEY_EXPIRED' });
    expect(await surveys.answer(survey, { score: 3, comment: null }, 'webchat', inTime)).toBe(
      'accepted',
    );
    expect(await surveys.answer(survey, { score: 4, comment: null }, 'webchat', inTime)).toBe(
      'duplicate',
    );
  });

  it('takes an adapter’s answer signed with the channel secret, and nothing unsigned or for another survey', async () => {
    const { conversation, surveyId } = await surveyed();
    const now = new Date(requestedAt.getTime() + HOUR);
    const seconds = Math.floor(now.getTime() / 1000);
    const request = (body: unknown, key = secret) => {
      const rawBody = Buffer.from(JSON.stringify(body));
      return {
        contentType: 'application/json',
        signature: signBody(key, rawBody, seconds),
        rawBody,
      };
    };
    await expect(
      surveys.answerFromAdapter(surveyId, request({ surveyId, score: 4 }, 'not-the-secret'), now),
    ).rejects.toMatchObject({ code: 'GATEWAY.BAD_SIGNATURE' });
    await expect(
      surveys.answerFromAdapter(surveyId, request({ surveyId: randomUUID(), score: 4 }), now),
    ).rejects.toMatchObject({ code: 'GATEWAY.INVALID_SURVEY_ANSWER' });
    await expect(
      surveys.answerFromAdapter(randomUUID(), request({ surveyId, score: 4 }), now),
    ).rejects.toMatchObject({ code: 'GATEWAY.SURVEY_NOT_FOUND' });
    expect(
      await surveys.answerFromAdapter(
        surveyId,
        request({ surveyId, score: 4, comment: 'ok' }),
        now,
      ),
    ).toEqual({ surveyId, status: 'accepted' });
    expect((await answers(conversation.id))[0]?.payload).toMatchObject({
      score: 4,
      comment: 'ok',
      source: 'api',
    });
  });

  it('forgets an erased customer’s surveys', async () => {
    const { conversation, surveyId } = await surveyed();
    await surveys.eraseCustomers(tenantId, [conversation.customerId]);
    expect(await surveys.find(surveyId)).toBeNull();
  });
});
