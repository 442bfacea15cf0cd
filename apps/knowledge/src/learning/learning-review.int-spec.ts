import { DataSource } from 'typeorm';
import { createEvent, ERASED_TEXT, type AnyEvent, type PayloadOf } from '@tandem/contracts';
import { createLogger } from '@tandem/observability';
import { appDataSourceOptions, migrate, UnitOfWork } from '@tandem/persistence';
import { createTestDatabase, dropTestDatabase, uniqueId } from '@tandem/testing';
import { Article } from '../articles/article.entity';
import { ArticlesService } from '../articles/articles.service';
import type { KnowledgeConfig } from '../config';
import { KNOWLEDGE_SCHEMA, knowledgeEntities, knowledgeMigrations } from '../database';
import { GapsService } from '../gaps/gaps.service';
import { EmbeddingIndex } from '../search/embeddings/embedding-index';
import { SearchIndex } from '../search/search-index';
import { SearchService } from '../search/search.service';
import { SynonymsService } from '../search/synonyms/synonyms.service';
import { SuggestionsService } from '../suggestions/suggestions.service';
import { UsageService } from '../usage/usage.service';
import { LearningService } from './learning.service';
import { CaseSummarizer } from './summarize-case';

/** `answer.reviewed` through the learning loop's drafting path, on the real Postgres. */
describe('LearningService on reviewed answers', () => {
  let databaseUrl = '';
  let dataSource: DataSource;
  let learning: LearningService;
  let articles: ArticlesService;
  let usage: UsageService;
  const logger = createLogger('learning-review-int', 'silent');
  const config = {
    DEDUPE_THRESHOLD: 0.6,
    GAP_CONFIDENCE_THRESHOLD: 0.7,
    SEARCH_RANKER_MAX_ARTICLES: 1000,
    SEARCH_MODEL_MEMORY_MB: 64,
    SEARCH_TRAIN_WAIT_MS: 300,
  } as KnowledgeConfig;

  const refundArticle = {
    title: 'How long does a refund take?',
    body: 'Refunds go back to the original payment method within 5–7 working days.',
    questions: ['How long does a refund take?', 'When will I get my refund?'],
    locale: 'en',
  };
  const pinArticle = {
    title: 'How do I change my PIN?',
    body: 'Open the app, go to Card > Security > Change PIN.',
    questions: ['How do I change my PIN?', 'Where can I reset my card PIN?'],
    locale: 'en',
  };

  async function published(tenantId: string, content: typeof refundArticle): Promise<string> {
    const article = await articles.create(tenantId, {
      ...content,
      status: 'published',
      source: 'written',
    });
    return article.id;
  }

  function reviewed(
    tenantId: string,
    payload: Partial<PayloadOf<'answer.reviewed'>> & Pick<PayloadOf<'answer.reviewed'>, 'verdict'>,
  ) {
    return createEvent('answer.reviewed', {
      tenantId,
      aggregateId: uniqueId('c-'),
      customerId: 'cust-1',
      payload: {
        replyId: uniqueId('reply-'),
        question: 'How long does a refund to a gift card take?',
        answer: refundArticle.body,
        correction: null,
        locale: 'en',
        reviewerId: 'sup-1',
        ...payload,
      },
    });
  }

  async function outboxOf(tenantId: string): Promise<AnyEvent[]> {
    const rows: { event: AnyEvent }[] = await dataSource.query(
      `SELECT event FROM outbox WHERE event->>'tenantId' = $1 ORDER BY seq`,
      [tenantId],
    );
    return rows.map((row) => row.event);
  }

  async function usageOf(tenantId: string, articleId: string) {
    return (await usage.list(tenantId, 100)).find((row) => row.articleId === articleId);
  }

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
    const unitOfWork = new UnitOfWork(dataSource, KNOWLEDGE_SCHEMA, null);
    articles = new ArticlesService(dataSource, unitOfWork);
    const search = new SearchService(
      dataSource,
      new SearchIndex(dataSource, new SynonymsService(dataSource), config, logger),
      new EmbeddingIndex(dataSource, null, logger),
    );
    usage = new UsageService(dataSource, unitOfWork, logger);
    learning = new LearningService(
      unitOfWork,
      articles,
      new GapsService(dataSource, unitOfWork, config, logger),
      dataSource,
      new CaseSummarizer(null, { model: 'unused', timeoutMs: 1_000 }, logger),
      new SuggestionsService(dataSource, search, articles, config, logger),
      usage,
      logger,
    );
  });
  afterAll(async () => {
    await dataSource?.destroy();
    if (databaseUrl) await dropTestDatabase(databaseUrl);
  });

  it('a wrong answer with a correction becomes a review draft, not a suggestion for the article that answered wrongly', async () => {
    const tenantId = uniqueId('t');
    const refunds = await published(tenantId, refundArticle);
    const event = reviewed(tenantId, {
      verdict: 'wrong',
      correction: 'Refunds to a gift card are instant: the balance is back at once.',
      sourceArticleIds: [refunds],
    });
    await learning.onReviewed(event);
    await learning.onReviewed(event); // redelivered: one draft, counted once

    const drafts = await dataSource.getRepository(Article).findBy({ tenantId, source: 'review' });
    expect(drafts).toEqual([
      expect.objectContaining({
        status: 'draft',
        title: 'How long does a refund to a gift card take?',
        body: 'Refunds to a gift card are instant: the balance is back at once.',
        questions: ['How long does a refund to a gift card take?'],
        locale: 'en',
        sourceConversationId: event.aggregateId,
        sourceRef: event.payload.replyId,
      }),
    ]);
    const events = await outboxOf(tenantId);
    expect(events.map((drafted) => [drafted.type, drafted.payload])).toEqual([
      [
        'article.drafted',
        {
          articleId: drafts[0]!.id,
          title: 'How long does a refund to a gift card take?',
          locale: 'en',
          sourceConversationId: event.aggregateId,
        },
      ],
    ]);
    expect(await usageOf(tenantId, refunds)).toMatchObject({ reviewedRight: 0, reviewedWrong: 1 });
  });

  it('a correction another published article already answers becomes a suggestion for that article', async () => {
    const tenantId = uniqueId('t');
    const refunds = await published(tenantId, refundArticle);
    const pin = await published(tenantId, pinArticle);
    await learning.onReviewed(
      reviewed(tenantId, {
        verdict: 'wrong',
        question: 'Where can I reset my card PIN?',
        correction: 'Card > Security > Change PIN in the app.',
        sourceArticleIds: [refunds],
      }),
    );
    expect(await dataSource.getRepository(Article).countBy({ tenantId, source: 'review' })).toBe(0);
    const suggestions: { article_id: string; proposed_answer: string }[] = await dataSource.query(
      `SELECT article_id, proposed_answer FROM article_suggestions WHERE tenant_id = $1`,
      [tenantId],
    );
    expect(suggestions).toEqual([
      { article_id: pin, proposed_answer: 'Card > Security > Change PIN in the app.' },
    ]);
  });

  it('a right verdict, or wrong without a (readable) correction, drafts nothing and counts on the sources', async () => {
    const tenantId = uniqueId('t');
    const refunds = await published(tenantId, refundArticle);
    const pin = await published(tenantId, pinArticle);
    await learning.onReviewed(
      reviewed(tenantId, { verdict: 'right', sourceArticleIds: [refunds, pin] }),
    );
    await learning.onReviewed(
      reviewed(tenantId, { verdict: 'right', sourceArticleIds: [refunds] }),
    );
    await learning.onReviewed(reviewed(tenantId, { verdict: 'wrong', sourceArticleIds: [pin] }));
    // An older event without sources still works; it counts nowhere.
    await learning.onReviewed(reviewed(tenantId, { verdict: 'right' }));
    // The customer was erased before the knowledge service read the verdict: no draft of it.
    await learning.onReviewed(
      reviewed(tenantId, {
        verdict: 'wrong',
        question: ERASED_TEXT,
        answer: ERASED_TEXT,
        correction: ERASED_TEXT,
        sourceArticleIds: [pin],
      }),
    );

    expect(await dataSource.getRepository(Article).countBy({ tenantId, status: 'draft' })).toBe(0);
    expect(await outboxOf(tenantId)).toEqual([]);
    expect(await usageOf(tenantId, refunds)).toMatchObject({ reviewedRight: 2, reviewedWrong: 0 });
    expect(await usageOf(tenantId, pin)).toMatchObject({ reviewedRight: 1, reviewedWrong: 2 });
  });

  it('erasing the customer deletes the review draft nobody reviewed yet', async () => {
    const tenantId = uniqueId('t');
    const event = reviewed(tenantId, {
      verdict: 'wrong',
      question: 'Do you ship to Iceland?',
      correction: 'Yes, within 10 working days.',
    });
    await learning.onReviewed(event);
    expect(await dataSource.getRepository(Article).countBy({ tenantId, source: 'review' })).toBe(1);
    await learning.erase(
      createEvent('customer.erased', {
        tenantId,
        aggregateId: 'cust-1',
        payload: {
          customerId: 'cust-1',
          mergedCustomerIds: [],
          conversationIds: [event.aggregateId],
          reason: 'request',
          erasedAt: new Date().toISOString(),
        },
      }),
    );
    expect(await dataSource.getRepository(Article).countBy({ tenantId, source: 'review' })).toBe(0);
  });
});
