import { OUTBOX_MIGRATIONS } from '@tandem/persistence';
import { ConversationStateRow, DecisionRow } from '../escalation/escalation.entities';
import { PolicyRow } from '../policies/policy.entity';
import { RouterInitial1763800000300 } from './migrations/1763800000300-router-initial';
import { RouterPolicies1765000000300 } from './migrations/1765000000300-router-policies';
import { RouterReplayJobs1765100000300 } from './migrations/1765100000300-router-replay-jobs';

export const ROUTER_SCHEMA = 'router';
export const routerEntities = [ConversationStateRow, DecisionRow, PolicyRow];
export const routerMigrations = [
  ...OUTBOX_MIGRATIONS,
  RouterInitial1763800000300,
  RouterPolicies1765000000300,
  RouterReplayJobs1765100000300,
];
