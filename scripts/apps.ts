import { GATEWAY_SCHEMA, gatewayEntities, gatewayMigrations } from '../apps/gateway/src/database';
import { BOT_SCHEMA, botEntities, botMigrations } from '../apps/bot/src/database';
import { ROUTER_SCHEMA, routerEntities, routerMigrations } from '../apps/router/src/database';
import { DESK_SCHEMA, deskEntities, deskMigrations } from '../apps/agent-desk/src/database';
import {
  KNOWLEDGE_SCHEMA,
  knowledgeEntities,
  knowledgeMigrations,
} from '../apps/knowledge/src/database';

/** Every app's schema, entities and migrations: for the migrate and seed scripts. */
export const APP_SCHEMAS = [
  {
    app: 'gateway',
    schema: GATEWAY_SCHEMA,
    entities: gatewayEntities,
    migrations: gatewayMigrations,
  },
  { app: 'bot', schema: BOT_SCHEMA, entities: botEntities, migrations: botMigrations },
  { app: 'router', schema: ROUTER_SCHEMA, entities: routerEntities, migrations: routerMigrations },
  { app: 'agent-desk', schema: DESK_SCHEMA, entities: deskEntities, migrations: deskMigrations },
  {
    app: 'knowledge',
    schema: KNOWLEDGE_SCHEMA,
    entities: knowledgeEntities,
    migrations: knowledgeMigrations,
  },
];
