import { OUTBOX_MIGRATIONS } from '@tandem/persistence';
import { ConversationStateRow, DecisionRow } from '../escalation/escalation.entities';
import { RouterInitial1763800000300 } from './migrations/1763800000300-router-initial';

export const ROUTER_SCHEMA = 'router';
export const routerEntities = [ConversationStateRow, DecisionRow];
export const routerMigrations = [...OUTBOX_MIGRATIONS, RouterInitial1763800000300];
