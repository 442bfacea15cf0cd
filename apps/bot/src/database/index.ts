import { OUTBOX_MIGRATIONS } from '@tandem/persistence';
import { AnswerLogEntry } from '../answers/answer-log.entity';
import { ConversationModeRow } from '../conversations/conversation-mode.entity';
import { BotInitial1763800000200 } from './migrations/1763800000200-bot-initial';
import { BotModelUsage1764600000200 } from './migrations/1764600000200-bot-model-usage';
import { BotPersonas1764600000300 } from './migrations/1764600000300-bot-personas';
import { BotWaitingNotices1764800000220 } from './migrations/1764800000220-bot-waiting-notices';
import { BotConversationTurns1764900000200 } from './migrations/1764900000200-bot-conversation-turns';
import { BotNoAgentOnline1765100000200 } from './migrations/1765100000200-bot-no-agent-online';
import { BotTopics1765100000300 } from './migrations/1765100000300-bot-topics';
import { BotReopenWindow1764900000620 } from './migrations/1764900000620-bot-reopen-window';

export const BOT_SCHEMA = 'bot';
export const botEntities = [ConversationModeRow, AnswerLogEntry];
export const botMigrations = [
  ...OUTBOX_MIGRATIONS,
  BotInitial1763800000200,
  BotModelUsage1764600000200,
  BotPersonas1764600000300,
  BotWaitingNotices1764800000220,
  BotConversationTurns1764900000200,
  BotNoAgentOnline1765100000200,
  BotTopics1765100000300,
  BotReopenWindow1764900000620,
];
