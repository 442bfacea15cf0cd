import { OUTBOX_MIGRATIONS } from '@tandem/persistence';
import { Agent, Tenant } from '../agents/agent.entity';
import { ApiKey } from '../api-keys/api-key.entity';
import { DeskConversation, DeskMessage, Offer } from '../conversations/desk-conversation.entity';
import { DeskInitial1763800000500 } from './migrations/1763800000500-desk-initial';
import { DeskQueuePace1764800000520 } from './migrations/1764800000520-desk-queue-pace';
import { DeskSettings1764900000600 } from './migrations/1764900000600-desk-settings';
import { DeskKpi1764900000650 } from './migrations/1764900000650-desk-kpi';
import { DeskRealtime1764900000660 } from './migrations/1764900000660-desk-realtime';
import { AgentSocket, RealtimeInstance } from '../realtime/realtime-connection.entity';
import { DeskRouting1764900000610 } from './migrations/1764900000610-desk-routing';
import { Queue } from '../queues/queue.entity';
import { Team } from '../teams/team.entity';
import { DeskSettingsRow } from '../settings/desk-settings.entity';
import { DeskReview1764900000640 } from './migrations/1764900000640-desk-review';
import { ReviewItem, ReviewQuestion } from '../review/review-item.entity';
import { AgentScheduleRow } from '../schedules/agent-schedule.entity';
import { DeskAgentSchedules1764900000670 } from './migrations/1764900000670-desk-agent-schedules';
import { DeskLiveSentiment1765100000680 } from './migrations/1765100000680-desk-live-sentiment';
import { DeskWork1764900000620 } from './migrations/1764900000620-desk-work';
import { DeskNote } from '../notes/note.entity';
import { Transfer } from '../transfers/transfer.entity';
import { CannedResponse } from '../canned-responses/canned-response.entity';
import { WrapUpCode } from '../wrap-up/wrap-up-code.entity';
import { AssistSuggestion } from '../conversations/assist-suggestion.entity';
import { DeskSurveys1764900000630 } from './migrations/1764900000630-desk-surveys';
import { Survey } from '../surveys/survey.entity';

export const DESK_SCHEMA = 'desk';
export const deskEntities = [
  Tenant,
  Agent,
  ApiKey,
  DeskConversation,
  DeskMessage,
  Offer,
  DeskSettingsRow,
  ReviewItem,
  ReviewQuestion,
  AgentScheduleRow,
  DeskNote,
  Transfer,
  CannedResponse,
  WrapUpCode,
  AssistSuggestion,
  Survey,
  AgentSocket,
  RealtimeInstance,
  Team,
  Queue,
];
export const deskMigrations = [
  ...OUTBOX_MIGRATIONS,
  DeskInitial1763800000500,
  DeskQueuePace1764800000520,
  DeskSettings1764900000600,
  DeskRouting1764900000610,
  DeskWork1764900000620,
  DeskSurveys1764900000630,
  DeskReview1764900000640,
  DeskKpi1764900000650,
  DeskRealtime1764900000660,
  DeskAgentSchedules1764900000670,
  DeskLiveSentiment1765100000680,
];
