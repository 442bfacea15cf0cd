import {
  createEvent,
  deterministicUuid,
  type AnyEvent,
  type BotDeferralReason,
  type EmotionScore,
  type Sentiment,
} from '@tandem/contracts';
import {
  emptyState,
  foldEvent,
  type ConversationState,
} from '../apps/router/src/escalation/conversation-state';
import { decide } from '../apps/router/src/escalation/decide-escalation';
import { isDecisionPoint } from '../apps/router/src/escalation/decision-points';
import { DEFAULT_POLICY } from '../apps/router/src/escalation/policy';

/**
 * A generated conversation log for the router benchmark: seeded and deterministic, one tenant,
 * English and Chinese. Each conversation is 1–10 customer turns of `message.received`,
 * `message.analyzed` and `bot.replied` or `bot.deferred`; the escalations are placed the way
 * the live router places them (escalation.service.ts): the state is folded with `foldEvent`
 * and `decide` (DEFAULT_POLICY) is asked after each trigger event; when it escalates,
 * `escalation.decided` follows and the conversation ends there.
 */
export interface HistoryOptions {
  conversations: number;
  seed: number;
  tenantId: string;
  channelId: string;
}

export interface GeneratedConversation {
  conversationId: string;
  events: AnyEvent[];
  /** The customer turn the router escalated at (null: it never did), and why. */
  escalatedAt: { turn: number; reasons: string[] } | null;
  /**
   * The first customer turn at which `decide` would escalate after any event, triggers or
   * not (what a replay that asks after every event sees); null: never before the end.
   */
  decidesAfterAnyEventAt: number | null;
}

/** mulberry32: a small seeded PRNG, enough for a reproducible benchmark log. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const EN_QUESTIONS = [
  'Where is my order {n}?',
  'How do I reset the password of account {n}',
  'Can I change the delivery address for parcel {n}',
  'My {p} arrived broken, what now',
  'Do you ship the {p} to Canada',
  'Why was card ending {n} charged twice',
  'How long does a refund for the {p} take',
  'Is the {p} still under warranty',
  'Can I pay invoice {n} by bank transfer',
  'The app crashes when I open settings on my {p}',
  'What are your opening hours on holidays',
  'How can I cancel subscription {n}',
];
const ZH_QUESTIONS = [
  '我的订单{n}到哪里了',
  '怎么重置账号{n}的密码',
  '包裹{n}可以改收货地址吗',
  '我买的{p}坏了怎么办',
  '{p}能寄到香港吗',
  '尾号{n}的卡为什么扣了两次钱',
  '{p}退款要多久',
  '{p}还在保修期内吗',
  '发票{n}可以银行转账吗',
  '节假日客服几点上班',
  '怎么取消订阅{n}',
];
const EN_PRODUCTS = ['headphones', 'blender', 'laptop stand', 'kettle', 'router', 'desk lamp'];
const ZH_PRODUCTS = ['耳机', '搅拌机', '电脑支架', '水壶', '路由器', '台灯'];
const DEFERRALS: BotDeferralReason[] = [
  'LOW_CONFIDENCE',
  'NO_ANSWER_IN_LANGUAGE',
  'MISSING_CUSTOMER_FACT',
  'UNSUPPORTED_CONTENT',
];
const INTENTS = ['order_status', 'refund', 'billing', 'account', 'shipping', null];

/** How a conversation's mood goes: the share of conversations of each kind is in `moodOf`. */
type Mood = 'calm' | 'souring' | 'upset' | 'angry' | 'emotional';

const BASE_TIME = Date.parse('2026-01-01T00:00:00Z');

/** Generates the conversations one at a time, so a large log never sits in memory. */
export function* generateHistory(options: HistoryOptions): Generator<GeneratedConversation> {
  const random = seededRandom(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const chance = (p: number) => random() < p;
  for (let index = 0; index < options.conversations; index++) {
    const conversationId = deterministicUuid('bench-router', String(options.seed), String(index));
    const customerId = `bench-customer-${Math.floor(random() * 20_000)}`;
    const chinese = chance(0.4);
    const vip = chance(0.05);
    const looping = chance(0.08);
    const long = chance(0.05);
    const mood: Mood = pick<Mood>([
      ...Array<Mood>(14).fill('calm'),
      'souring',
      'souring',
      'souring',
      'upset',
      'angry',
      'emotional',
      'emotional',
    ]);
    const plannedTurns = 1 + Math.min(9, Math.floor(-Math.log(1 - random()) * 3));
    // Conversations start a few seconds apart over the log; long ones wait minutes between turns.
    let clock = BASE_TIME + index * 3_000 + Math.floor(random() * 3_000);
    const gapMs = () => (long ? 4 * 60_000 + random() * 8 * 60_000 : 5_000 + random() * 40_000);

    let state: ConversationState = emptyState(conversationId, options.tenantId);
    const events: AnyEvent[] = [];
    let eventNumber = 0;
    let escalatedAt: GeneratedConversation['escalatedAt'] = null;
    let decidesAfterAnyEventAt: number | null = null;
    const asked: string[] = [];
    const questions = [...(chinese ? ZH_QUESTIONS : EN_QUESTIONS)];
    // An upset customer starts clearly negative (not intensely) and may calm down when answered.
    let score =
      mood === 'calm'
        ? 0.2 + random() * 0.6
        : mood === 'upset'
          ? -0.5 - random() * 0.25
          : 0.1 + random() * 0.3;

    /** Appends an event, folds it, and asks the router's question after a trigger. */
    const add = (event: AnyEvent): boolean => {
      events.push(event);
      state = foldEvent(state, event, DEFAULT_POLICY);
      if (decidesAfterAnyEventAt === null && decide(state, DEFAULT_POLICY).escalate)
        decidesAfterAnyEventAt = state.customerTurns;
      if (!isDecisionPoint(event, state) || !state.channel || !state.customerId) return false;
      const decision = decide(state, DEFAULT_POLICY);
      if (!decision.escalate) return false;
      const reasons = decision.reasons.map(({ code, detail }) => ({ code, detail }));
      const escalation = createEvent('escalation.decided', {
        id: nextId(),
        tenantId: options.tenantId,
        aggregateId: conversationId,
        customerId,
        cause: event,
        occurredAt: new Date(clock + 50),
        payload: {
          decisionId: deterministicUuid('bench-decision', event.id),
          triggeredBy: event.id,
          reasons,
          priority: decision.priority,
          skills: decision.skills,
          queue: decision.queue,
          policyVersion: decision.policyVersion,
          handoff: {
            summary: `${state.customerTurns} customer messages; ${reasons.map((r) => r.code).join(', ')}`,
            transcript: [],
            customerId,
            channel: state.channel,
            lastSentiment: state.sentiments[state.sentiments.length - 1] ?? null,
            language: state.language,
          },
        },
      });
      events.push(escalation);
      escalatedAt = { turn: state.customerTurns, reasons: reasons.map((r) => r.code) };
      return true;
    };
    const nextId = () =>
      deterministicUuid('bench-event', conversationId, String((eventNumber += 1)));

    for (let turn = 1; turn <= plannedTurns; turn++) {
      clock += turn === 1 ? 0 : Math.floor(gapMs());
      const messageId = nextId();
      // A looping customer asks an earlier question again; otherwise each turn is a new question.
      const text =
        looping && turn > 1 && chance(0.5)
          ? pick(asked)
          : questions
              .splice(Math.floor(random() * questions.length), 1)[0]!
              .replace('{n}', String(100_000 + Math.floor(random() * 900_000)))
              .replace('{p}', pick(chinese ? ZH_PRODUCTS : EN_PRODUCTS));
      asked.push(text);
      add(
        createEvent('message.received', {
          id: messageId,
          tenantId: options.tenantId,
          aggregateId: conversationId,
          customerId,
          occurredAt: new Date(clock),
          payload: {
            messageId,
            channel: { id: options.channelId, type: 'generic' },
            channelMessageId: messageId,
            customer: { id: customerId, tier: vip ? 'vip' : 'standard' },
            text,
            attachments: [],
            receivedAt: new Date(clock).toISOString(),
          },
        }),
      );

      score = nextScore(mood, score, turn, random);
      const sentiment = sentimentOf(score, mood === 'angry' && turn >= 2 && chance(0.5));
      const emotions: EmotionScore[] =
        mood === 'emotional' && turn >= 2
          ? [{ emotion: chance(0.5) ? 'anger' : 'frustration', score: 0.5 + random() * 0.45 }]
          : mood === 'souring' && chance(0.3)
            ? [{ emotion: 'anxiety', score: 0.4 + random() * 0.5 }]
            : [];
      clock += 300 + Math.floor(random() * 400);
      const analyzed = createEvent('message.analyzed', {
        id: nextId(),
        tenantId: options.tenantId,
        aggregateId: conversationId,
        customerId,
        cause: { id: messageId, correlationId: messageId, customerId },
        occurredAt: new Date(clock),
        payload: {
          messageId,
          language: chinese ? 'zh' : 'en',
          sentiment,
          humanRequested: chance(0.025),
          intent: pick(INTENTS),
          emotions,
        },
      });
      if (add(analyzed)) break;

      clock += 500 + Math.floor(random() * 1_500);
      const reply = chance(0.85)
        ? createEvent('bot.replied', {
            id: nextId(),
            tenantId: options.tenantId,
            aggregateId: conversationId,
            customerId,
            cause: { id: messageId, correlationId: messageId, customerId },
            occurredAt: new Date(clock),
            payload: {
              replyId: deterministicUuid('bench-reply', messageId),
              inReplyTo: messageId,
              text: chinese
                ? '您好，请查看帮助中心的相关文章。'
                : 'Here is what our help centre says.',
              language: chinese ? 'zh' : 'en',
              confidence: chance(0.2) ? 0.3 + random() * 0.2 : 0.55 + random() * 0.45,
              sources: [],
              provider: 'local',
              kind: 'answer',
            },
          })
        : createEvent('bot.deferred', {
            id: nextId(),
            tenantId: options.tenantId,
            aggregateId: conversationId,
            customerId,
            cause: { id: messageId, correlationId: messageId, customerId },
            occurredAt: new Date(clock),
            payload: {
              inReplyTo: messageId,
              reason: chance(0.1) ? 'HUMAN_NEEDED' : pick(DEFERRALS),
              confidence: random() * 0.5,
            },
          });
      if (add(reply)) break;
    }
    yield { conversationId, events, escalatedAt, decidesAfterAnyEventAt };
  }
}

/** The next message's sentiment score (-1..1) for a conversation of this mood. */
function nextScore(mood: Mood, previous: number, turn: number, random: () => number): number {
  const noise = (random() - 0.5) * 0.3;
  const next =
    mood === 'souring' && turn > 1
      ? previous - 0.2 - random() * 0.3
      : mood === 'calm'
        ? previous * 0.7 + 0.15 + noise
        : mood === 'upset' && turn > 1
          ? previous + 0.3 + random() * 0.4
          : previous + noise;
  return Math.max(-1, Math.min(1, Math.round(next * 1000) / 1000));
}

function sentimentOf(score: number, outburst: boolean): Sentiment {
  if (outburst) return { polarity: 'negative', score: -0.9, intensity: 0.9 };
  const polarity = score <= -0.2 ? 'negative' : score >= 0.2 ? 'positive' : 'neutral';
  return { polarity, score, intensity: Math.round(Math.abs(score) * 1000) / 1000 };
}
