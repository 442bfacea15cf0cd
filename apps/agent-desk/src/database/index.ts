import { OUTBOX_MIGRATIONS } from '@tandem/persistence';
import { Agent, Tenant } from '../agents/agent.entity';
import { ApiKey } from '../api-keys/api-key.entity';
import { DeskConversation, DeskMessage, Offer } from '../conversations/desk-conversation.entity';
import { DeskInitial1763800000500 } from './migrations/1763800000500-desk-initial';
import { DeskQueuePace1764800000520 } from './migrations/1764800000520-desk-queue-pace';
import { DeskSettings1764900000600 } from './migrations/1764900000600-desk-settings';
import { DeskRouting1764900000610 } from './migrations/1764900000610-desk-routing';
import { Queue } from '../queues/queue.entity';
import { Team } from '../teams/team.entity';
import { DeskSettingsRow } from '../settings/desk-settings.entity';

export const DESK_SCHEMA = 'desk';
export const deskEntities = [
  Tenant,
  Agent,
  ApiKey,
  DeskConversation,
  DeskMessage,
  Offer,
  DeskSettingsRow,
  Team,
  Queue,
];
export const deskMigrations = [
  ...OUTBOX_MIGRATIONS,
  DeskInitial1763800000500,
  DeskQueuePace1764800000520,
  DeskSettings1764900000600,
  DeskRouting1764900000610,
];
