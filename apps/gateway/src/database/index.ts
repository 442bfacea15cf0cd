import { OUTBOX_MIGRATIONS } from '@tandem/persistence';
import { Channel } from '../channels/channel.entity';
import {
  Conversation,
  CustomerContact,
  CustomerIdentity,
} from '../conversations/conversation.entity';
import { Delivery } from '../delivery/delivery.entity';
import { GatewayInitial1763800000100 } from './migrations/1763800000100-gateway-initial';
import { ChannelSettingsAndContacts1763800000110 } from './migrations/1763800000110-channel-settings-and-contacts';
import { Customers1763800000120 } from './migrations/1763800000120-customers';
import { PersonalData1763800000150 } from './migrations/1763800000150-personal-data';
import { Attachments1763800000130 } from './migrations/1763800000130-attachments';
import { AttachmentRecord } from '../attachments/attachment.entity';
import { WebchatMessages1763800000140 } from './migrations/1763800000140-webchat-messages';
import { WebchatMessage } from '../webchat/webchat-message.entity';
import { Customer, CustomerAuditEntry } from '../customers/customer.entity';
import { GatewayReopenWindow1764900000620 } from './migrations/1764900000620-gateway-reopen-window';
import { PendingSurvey } from '../surveys/pending-survey.entity';
import { Surveys1764900000160 } from './migrations/1764900000160-surveys';
import { WebchatAuthorName1765100000170 } from './migrations/1765100000170-webchat-author-name';

export const GATEWAY_SCHEMA = 'gateway';
export const gatewayEntities = [
  Channel,
  Conversation,
  CustomerIdentity,
  CustomerContact,
  Customer,
  CustomerAuditEntry,
  Delivery,
  AttachmentRecord,
  WebchatMessage,
  PendingSurvey,
];
export const gatewayMigrations = [
  ...OUTBOX_MIGRATIONS,
  GatewayInitial1763800000100,
  ChannelSettingsAndContacts1763800000110,
  Customers1763800000120,
  Attachments1763800000130,
  WebchatMessages1763800000140,
  PersonalData1763800000150,
  Surveys1764900000160,
  GatewayReopenWindow1764900000620,
  WebchatAuthorName1765100000170,
];
