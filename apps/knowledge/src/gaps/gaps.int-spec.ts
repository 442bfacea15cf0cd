import { createEvent, type BotDeferralReason } from '@tandem/contracts';
import { createLogger } from '@tandem/observability';
import { appDataSourceOptions, migrate, UnitOfWork } from '@tandem/persistence';
import { createTestDatabase, dropTestDatabase, uniqueId } from '@tandem/testing';
import { DataSource } from 'typeorm';
import type { KnowledgeConfig } from '../config';
import { KNOWLEDGE_SCHEMA, knowledgeEntities, knowledgeMigrations } from '../database';
import { GapsService } from './gaps.service';

/** Which `bot.deferred` reasons become content gaps, through the service and real Postgres. */
describe('GapsService on bot deferrals', () => {
  let databaseUrl = '';
  let dataSource: DataSource;
  let gaps: GapsService;

  // Questions with no word in common, so each one that counts opens its own gap.
  const questions: Record<BotDeferralReason, string> = {
    LOW_CONFIDENCE: 'Which airports offer lounge access?',
    MODEL_UNSURE: 'Can invoices be split between departments?',
    UNGROUNDED: 'Does warranty cover water damage?',
    NO_ANSWER_IN_LANGUAGE: 'Quels sont vos horaires?',
    HUMAN_REQUESTED: 'Please connect me with somebody',
    HUMAN_NEEDED: 'My landlord threatens eviction tomorrow',
    PROVIDER_ERROR: 'Where is parcel tracking shown?',
    MODEL_ERROR: 'How are loyalty points converted?',
    UNSAFE_OUTPUT: 'Explain dangerous chemistry experiments',
    UNSUPPORTED_CONTENT: 'Voice memo transcript unavailable',
    MISSING_CUSTOMER_FACT: 'What is my current plan called?',
  };

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    dataSource = new DataSource(
      appDataSourceOptions({
        url: databaseUrl,
        schema: KNOWLEDGE_SCHEMA,
        entities: knowledgeEntities,
        migrations: knowledgeMigrations,
      }),
    );
    await dataSource.initialize();
    await migrate(dataSource, KNOWLEDGE_SCHEMA);
    const config = { GAP_CONFIDENCE_THRESHOLD: 0.7 } as KnowledgeConfig;
    gaps = new GapsService(
      dataSource,
      new UnitOfWork(dataSource, KNOWLEDGE_SCHEMA, null),
      config,
      createLogger('gaps-int', 'silent'),
    );
  });
  afterAll(async () => {
    await dataSource?.destroy();
    if (databaseUrl) await dropTestDatabase(databaseUrl);
  });

  it('counts low confidence, an unsure model, an ungrounded answer and a missing translation; not a wanted person, outages, unsafe output or unreadable content', async () => {
    const tenantId = uniqueId('t');
    for (const [reason, text] of Object.entries(questions) as [BotDeferralReason, string][]) {
      const messageId = `m-${reason}`;
      await dataSource.query(
        `INSERT INTO case_messages (message_id, tenant_id, conversation_id, role, text, at)
         VALUES ($1, $2, $3, 'customer', $4, now())`,
        [messageId, tenantId, `c-${reason}`, text],
      );
      await gaps.onDeferred(
        createEvent('bot.deferred', {
          tenantId,
          aggregateId: `c-${reason}`,
          payload: { inReplyTo: messageId, reason, confidence: 0.1 },
        }),
      );
    }

    const open = await gaps.list(tenantId, 'open', 50);
    expect(open.flatMap((gap) => gap.examples.map((example) => example.text)).sort()).toEqual(
      [
        questions.LOW_CONFIDENCE,
        questions.MODEL_UNSURE,
        questions.UNGROUNDED,
        questions.NO_ANSWER_IN_LANGUAGE,
      ].sort(),
    );
    expect(open.every((gap) => gap.occurrences === 1)).toBe(true);
    expect(open.flatMap((gap) => gap.examples.map((example) => example.reason))).toEqual([
      'deferred',
      'deferred',
      'deferred',
      'deferred',
    ]);
  });
});
