// The shapes the supervisor view reads, as docs/openapi/agent-desk.json and
// docs/openapi/router.json describe them (only the fields used here).

export type Media = 'chat' | 'email' | 'call';
export type Presence = 'online' | 'away' | 'busy' | 'offline';

export interface QueueFigures {
  waiting: number;
  offered: number;
  longestWaitSeconds: number | null;
  slaAtRisk: number;
  slaBreached: number;
  open: boolean;
  opensAt: string | null;
}

export interface QueueView {
  name: string;
  slaSeconds: number;
  defined: boolean;
  figures: QueueFigures;
}

export interface DeskAgent {
  id: string;
  name: string;
  email: string;
  role: 'agent' | 'supervisor' | 'admin';
  capacity: Partial<Record<Media, number>>;
  presence: Presence;
  busyState: string | null;
  active: boolean;
  load: Record<Media, number>;
  presenceAt: string;
}

export type ConversationStatus = 'queued' | 'offered' | 'assigned' | 'resolved' | 'abandoned';

export interface ConversationSummary {
  id: string;
  status: ConversationStatus;
  queue: string;
  priority: 'low' | 'normal' | 'high' | 'urgent';
  agentId: string | null;
  customerName: string | null;
  channel: string;
  language: string;
  /** The customer's latest sentiment (their last analysed message, else the handoff's). */
  sentiment: { polarity: string; score: number } | null;
  lastCustomerMessageAt: string | null;
  queuedAt: string;
  assignedAt: string | null;
  resolvedAt: string | null;
}

export interface Rate {
  rate: number | null;
}

export interface KpiGroup {
  key: string | null;
  conversations: number;
  botContainment: { contained: number; rate: number | null };
  escalations: {
    count: number;
    rate: number | null;
    byReason: { reason: string; count: number; rate: number | null }[];
  };
  waitSeconds: { count: number; mean: number | null; p50: number | null; p90: number | null };
  firstReplySeconds: { count: number; mean: number | null; p90: number | null };
  handleSeconds: { count: number; mean: number | null };
  firstContactResolution: { resolved: number; firstContact: number; rate: number | null };
  csat: { count: number; average: number | null; satisfiedShare: number | null };
  nps: { count: number; promoters: number; detractors: number; score: number | null };
  sla: { judged: number; met: number; rate: number | null };
  abandonment: { queued: number; abandoned: number; rate: number | null };
  transfers: number;
}

export interface KpiResponse {
  from: string;
  to: string;
  groupBy: 'day' | 'queue' | 'agent' | 'none';
  groups: KpiGroup[];
}

export const REVIEW_REASONS = ['LOW_CONFIDENCE', 'SAMPLED', 'RATED_POORLY', 'POOR_CSAT'] as const;
export type ReviewReason = (typeof REVIEW_REASONS)[number];

export interface ReviewItem {
  id: string;
  conversationId: string;
  question: string;
  answer: string;
  language: 'zh' | 'en' | 'other';
  confidence: number;
  sources: { articleId: string; title: string; score: number }[];
  reasons: ReviewReason[];
  rating: 'helpful' | 'not_helpful' | null;
  answeredAt: string;
  flaggedAt: string;
  status: 'pending' | 'reviewed';
}

export interface ReviewPage {
  items: ReviewItem[];
  counts: Record<ReviewReason, number>;
  total: number;
  nextCursor: string | null;
}

export type ReplayStatus = 'queued' | 'running' | 'done' | 'failed';

export interface ReplaySummary {
  id: string;
  status: ReplayStatus;
  policyVersion: number;
  requestedBy: string;
  progress: { read: number; total: number };
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface EscalationPoint {
  turn: number;
  reasons: string[];
  eventId: string;
}

export interface ReplayOutcomes {
  escalated: number;
  rate: number;
  reasons: Record<string, number>;
}

export interface ReplayReport {
  conversations: number;
  events: number;
  actual: ReplayOutcomes;
  candidate: ReplayOutcomes;
  timing: {
    both: number;
    earlier: number;
    same: number;
    meanTurnsEarlier: number | null;
    medianTurnsEarlier: number | null;
  };
  changed: {
    newlyEscalated: number;
    notEscalated: number;
    examples: {
      conversationId: string;
      actual: EscalationPoint | null;
      candidate: EscalationPoint | null;
    }[];
  };
  policyVersion: number;
  recordsRead: number;
  durationMs: number;
}

export interface ReplayJob extends ReplaySummary {
  report: ReplayReport | null;
}

export interface PolicyVersion {
  version: number;
  isDefault: boolean;
  createdAt: string | null;
  createdBy: string | null;
}
