import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { SecretBox } from '@tandem/auth';
import { appDataSourceOptions, type EntityClass } from '@tandem/persistence';
import { Agent, Tenant } from '../apps/agent-desk/src/agents/agent.entity';
import { hashPassword } from '../apps/agent-desk/src/agents/passwords';
import { DESK_SCHEMA } from '../apps/agent-desk/src/database';
import { Channel } from '../apps/gateway/src/channels/channel.entity';
import { GATEWAY_SCHEMA } from '../apps/gateway/src/database';
import { ArticleVersion } from '../apps/knowledge/src/articles/article-version.entity';
import { Article } from '../apps/knowledge/src/articles/article.entity';
import { searchTextOf } from '../apps/knowledge/src/articles/articles.service';
import { KNOWLEDGE_SCHEMA } from '../apps/knowledge/src/database';
import { CannedResponse } from '../apps/agent-desk/src/canned-responses/canned-response.entity';
import { WrapUpCode } from '../apps/agent-desk/src/wrap-up/wrap-up-code.entity';
import {
  DEMO_AGENTS,
  DEMO_ARTICLES,
  DEMO_CANNED_RESPONSES,
  DEMO_CHANNEL,
  DEMO_PASSWORD,
  DEMO_TENANT,
  DEMO_WEBCHAT_CHANNEL,
  DEMO_WRAP_UP_CODES,
  demoWebchatOrigins,
} from './demo-data';

export interface SeedOptions {
  databaseUrl: string;
  tenantId?: string;
  callbackUrl: string;
  channelId?: string;
  /** The demo web chat channel's id (the demo tenant's fixed one by default). */
  webchatChannelId?: string;
  /** Pages allowed to open the web chat (its `allowedOrigins`); the local defaults otherwise. */
  webchatOrigins?: string[];
  /** The gateway's GATEWAY_ENCRYPTION_KEY: the channel secret is stored sealed with it. */
  encryptionKey?: string;
}

async function withSchema<T>(
  url: string,
  schema: string,
  entities: EntityClass[],
  work: (dataSource: DataSource) => Promise<T>,
): Promise<T> {
  const dataSource = new DataSource(
    appDataSourceOptions({ url, schema, entities, migrations: [], poolSize: 1 }),
  );
  await dataSource.initialize();
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/**
 * Loads the demo into each app's own schema (after migrations). Idempotent: running it
 * again resets the demo records to their known state.
 */
export async function seedDemo(
  options: SeedOptions,
): Promise<{ tenantId: string; channelId: string; webchatChannelId: string }> {
  const tenantId = options.tenantId ?? DEMO_TENANT.id;
  const channelId = options.channelId ?? DEMO_CHANNEL.id;
  const webchatChannelId = options.webchatChannelId ?? DEMO_WEBCHAT_CHANNEL.id;
  const seal = (secret: string) =>
    options.encryptionKey ? new SecretBox(options.encryptionKey).seal(secret) : secret;
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  await withSchema(
    options.databaseUrl,
    DESK_SCHEMA,
    [Tenant, Agent, WrapUpCode, CannedResponse],
    async (dataSource) => {
      await dataSource
        .getRepository(Tenant)
        .upsert({ id: tenantId, name: DEMO_TENANT.name }, ['id']);
      for (const agent of DEMO_AGENTS) {
        await dataSource.getRepository(Agent).upsert(
          {
            tenantId,
            ...agent,
            skills: { ...agent.skills },
            languages: [...agent.languages],
            capacity: { ...agent.capacity },
            teamId: null,
            passwordHash,
            presence: 'offline',
            busyState: null,
            active: true,
            presenceAt: new Date(),
            lastOfferedAt: null,
          },
          ['tenantId', 'email'],
        );
      }
      if (tenantId !== DEMO_TENANT.id) return;
      const now = new Date();
      for (const code of DEMO_WRAP_UP_CODES)
        await dataSource
          .getRepository(WrapUpCode)
          .upsert({ tenantId, ...code, active: true, updatedAt: now }, ['tenantId', 'code']);
      for (const response of DEMO_CANNED_RESPONSES)
        await dataSource
          .getRepository(CannedResponse)
          .upsert({ tenantId, ...response, updatedBy: 'seed', updatedAt: now }, ['id']);
    },
  );
  await withSchema(options.databaseUrl, GATEWAY_SCHEMA, [Channel], async (dataSource) => {
    await dataSource.getRepository(Channel).upsert(
      {
        id: channelId,
        tenantId,
        type: 'generic',
        name: DEMO_CHANNEL.name,
        secret: seal(DEMO_CHANNEL.secret),
        callbackUrl: options.callbackUrl,
        enabled: true,
      },
      ['id'],
    );
    // The widget's channel: replies go to the visitor's socket, so no callback is called.
    await dataSource.getRepository(Channel).upsert(
      {
        id: webchatChannelId,
        tenantId,
        type: 'webchat',
        name: DEMO_WEBCHAT_CHANNEL.name,
        secret: seal(DEMO_WEBCHAT_CHANNEL.secret),
        callbackUrl: options.callbackUrl,
        enabled: true,
        settings: { allowedOrigins: (options.webchatOrigins ?? demoWebchatOrigins()).join(',') },
      },
      ['id'],
    );
  });
  await withSchema(
    options.databaseUrl,
    KNOWLEDGE_SCHEMA,
    [Article, ArticleVersion],
    async (dataSource) => {
      for (const article of DEMO_ARTICLES) {
        // Articles get one id per tenant, so several demo tenants can share a database.
        const id = tenantId === DEMO_TENANT.id ? article.id : undefined;
        const row = {
          ...article,
          tenantId,
          status: 'published' as const,
          source: 'written' as const,
          sourceConversationId: null,
          searchText: searchTextOf(article.title, article.questions),
        };
        let saved: string;
        if (id) {
          await dataSource.getRepository(Article).upsert({ ...row, id }, ['id']);
          saved = id;
        } else {
          const inserted = await dataSource
            .getRepository(Article)
            .insert({ ...row, id: undefined });
          saved = inserted.identifiers[0]!.id as string;
        }
        // Version 1 in the history, so a demo article can be edited and rolled back like any other.
        await dataSource.getRepository(ArticleVersion).upsert(
          {
            articleId: saved,
            version: 1,
            tenantId,
            title: article.title,
            body: article.body,
            questions: article.questions,
            locale: article.locale,
            tags: [],
            topic: null,
            channelVariants: {},
            change: 'created',
            rolledBackFrom: null,
            actor: 'seed',
          },
          ['articleId', 'version'],
        );
      }
    },
  );
  return { tenantId, channelId, webchatChannelId };
}

if (require.main === module) {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    console.error('DATABASE_URL is not set (try: eval "$(bash scripts/stack.sh env)")');
    process.exit(1);
  }
  const encryptionKey = process.env.GATEWAY_ENCRYPTION_KEY;
  if (!encryptionKey)
    console.warn('GATEWAY_ENCRYPTION_KEY is not set: the demo channel secret is stored unsealed');
  seedDemo({
    databaseUrl,
    callbackUrl: process.env.DEMO_CALLBACK_URL ?? 'http://127.0.0.1:4100/callback',
    webchatOrigins: process.env.DEMO_WEBCHAT_ORIGINS
      ? process.env.DEMO_WEBCHAT_ORIGINS.split(',')
      : demoWebchatOrigins(process.env.GATEWAY_PORT ?? 3000),
    ...(encryptionKey ? { encryptionKey } : {}),
  })
    .then(({ tenantId }) => console.log(`demo tenant "${tenantId}" loaded`))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
