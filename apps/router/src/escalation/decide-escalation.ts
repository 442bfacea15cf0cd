import type { EscalationReasonCode, Sentiment } from '@tandem/contracts';
import type { ConversationState } from './conversation-state';
import type { EscalationPolicy, Priority, TopicRule } from './policy';

export interface EscalationReason {
  code: EscalationReasonCode;
  /** For the agent and the decision log: what held, with the figures. */
  detail: string;
  /** The priority this reason asks for. */
  priority: Priority;
}

export type Decision =
  | { escalate: false }
  | {
      escalate: true;
      reasons: EscalationReason[];
      priority: Priority;
      queue: string;
      skills: string[];
      policyVersion: number;
    };

export const PRIORITY_RANK: Record<Priority, number> = { low: 0, normal: 1, high: 2, urgent: 3 };

/**
 * Pure: should a person take over now, and why. Every reason that holds is reported; the
 * priority is the highest any of them (or the VIP and topic rules) asks for. The clock is
 * the state's latest event, so a replay decides exactly as the live router did.
 */
export function decide(state: ConversationState, policy: EscalationPolicy): Decision {
  if (state.mode === 'escalated') return { escalate: false };
  const turns = state.episodeTurns ?? state.customerTurns;
  if (turns === 0) return { escalate: false };
  const vip = isVip(state, policy);
  const topicRules = matchingTopicRules(state, policy);
  const reasons: EscalationReason[] = [];
  const add = (code: EscalationReasonCode, priority: Priority, detail: string): void => {
    reasons.push({ code, priority, detail });
  };

  if (state.explicitRequest)
    add('EXPLICIT_REQUEST', policy.explicitRequest.priority, 'the customer asked for a person');

  if (vip && policy.vip.immediate)
    add('VIP', policy.vip.priority, `a ${state.tier} customer goes straight to people`);

  for (const rule of topicRules.filter((candidate) => candidate.immediate))
    add('TOPIC_RULE', rule.priority, `the topic ${topicOf(state, rule)} goes straight to people`);

  const latest = state.sentiments[state.sentiments.length - 1];
  const { negativeSentiment } = policy;
  if (negativeSentiment.enabled && latest) {
    const emotion = strongEmotion(state, negativeSentiment.emotionScore);
    if (latest.polarity === 'negative' && latest.intensity >= negativeSentiment.intensity)
      add(
        'NEGATIVE_SENTIMENT',
        negativeSentiment.priority,
        `negative sentiment at intensity ${latest.intensity} (threshold ${negativeSentiment.intensity})`,
      );
    else if (emotion)
      add(
        'NEGATIVE_SENTIMENT',
        negativeSentiment.priority,
        `${emotion.emotion} at ${emotion.score} (threshold ${negativeSentiment.emotionScore})`,
      );
  }

  const { sentimentWorsening } = policy;
  if (sentimentWorsening.enabled && turns >= sentimentWorsening.minTurns) {
    const average = movingAverage(state.sentiments, sentimentWorsening.smoothing);
    const drop = recentDrop(state.sentiments, sentimentWorsening.window);
    if (average !== null && average <= sentimentWorsening.averageAtMost)
      add(
        'SENTIMENT_WORSENING',
        sentimentWorsening.priority,
        `the moving average of sentiment is ${round(average)} (at most ${sentimentWorsening.averageAtMost})`,
      );
    else if (drop !== null && drop >= sentimentWorsening.drop)
      add(
        'SENTIMENT_WORSENING',
        sentimentWorsening.priority,
        `sentiment fell by ${round(drop)} over the last ${sentimentWorsening.window} messages (at least ${sentimentWorsening.drop})`,
      );
  }

  const { lowConfidence } = policy;
  const lowRun = trailingRun(state.confidences ?? [], (value) => value < lowConfidence.threshold);
  if (lowConfidence.enabled && lowRun >= lowConfidence.consecutive)
    add(
      'LOW_CONFIDENCE',
      lowConfidence.priority,
      `the bot answered below confidence ${lowConfidence.threshold} ${lowRun} times in a row`,
    );

  const { deferrals } = policy;
  if (deferrals.humanNeededAtOnce && state.humanNeeded === true)
    // The model itself said so: waiting for more deferrals would only make the customer wait.
    add('BOT_DEFERRED', deferrals.priority, 'the bot’s model judged that a person is needed');
  else if (state.consecutiveDeferrals >= deferrals.consecutive)
    add(
      'BOT_DEFERRED',
      deferrals.priority,
      `the bot could not answer ${state.consecutiveDeferrals} times in a row`,
    );

  const { looping } = policy;
  const repeats = (state.questionSimilarities ?? []).filter(
    (similarity) => similarity >= looping.similarity,
  ).length;
  if (looping.enabled && repeats >= looping.repeats)
    add(
      'LOOPING',
      looping.priority,
      `the customer asked the same thing again ${repeats} time${repeats === 1 ? '' : 's'}`,
    );

  if (policy.turns.enabled && turns >= policy.turns.max)
    add(
      'TOO_MANY_TURNS',
      policy.turns.priority,
      `${turns} customer messages without a resolution (at most ${policy.turns.max})`,
    );

  const minutes = minutesSinceStart(state);
  if (policy.duration.enabled && minutes !== null && minutes >= policy.duration.maxMinutes)
    add(
      'TOO_LONG',
      policy.duration.priority,
      `${Math.floor(minutes)} minutes since the first message (at most ${policy.duration.maxMinutes})`,
    );

  if (reasons.length === 0) return { escalate: false };
  const floors: Priority[] = [
    ...reasons.map((reason) => reason.priority),
    ...(vip ? [policy.vip.priority] : []),
    ...topicRules.map((rule) => rule.priority),
  ];
  const routed = topicRules.find((rule) => rule.queue !== undefined);
  return {
    escalate: true,
    reasons,
    priority: floors.reduce<Priority>(
      (top, priority) => (PRIORITY_RANK[priority] > PRIORITY_RANK[top] ? priority : top),
      'low',
    ),
    queue: routed?.queue ?? (vip ? policy.vip.queue : undefined) ?? policy.queue,
    skills: [
      ...new Set([
        ...(state.language === 'zh' || state.language === 'en' ? [`lang:${state.language}`] : []),
        ...topicRules.flatMap((rule) => rule.skills),
      ]),
    ],
    policyVersion: policy.version,
  };
}

function isVip(state: ConversationState, policy: EscalationPolicy): boolean {
  const tier = state.tier?.toLowerCase();
  return (
    tier !== undefined && policy.vip.tiers.some((candidate) => candidate.toLowerCase() === tier)
  );
}

/** The topic rules that cover a topic detected since the conversation (last) went to the bot. */
function matchingTopicRules(state: ConversationState, policy: EscalationPolicy): TopicRule[] {
  const topics = new Set((state.topics ?? []).map((topic) => topic.toLowerCase()));
  if (topics.size === 0) return [];
  return policy.topics.filter((rule) =>
    rule.intents.some((intent) => topics.has(intent.toLowerCase())),
  );
}

function topicOf(state: ConversationState, rule: TopicRule): string {
  const intents = new Set(rule.intents.map((intent) => intent.toLowerCase()));
  return (state.topics ?? []).find((topic) => intents.has(topic.toLowerCase())) ?? rule.intents[0]!;
}

/** Anger or frustration in the latest message at or above the threshold, strongest first. */
function strongEmotion(state: ConversationState, threshold: number) {
  return (state.emotions ?? [])
    .filter((entry) => entry.emotion !== 'anxiety' && entry.score >= threshold)
    .sort((a, b) => b.score - a.score)[0];
}

/** The exponential moving average of the sentiment scores, oldest first; null without any. */
export function movingAverage(sentiments: readonly Sentiment[], smoothing: number): number | null {
  let average: number | null = null;
  for (const { score } of sentiments)
    average = average === null ? score : smoothing * score + (1 - smoothing) * average;
  return average;
}

/** How far the score fell from the start of the last `window` messages to the latest; null with fewer than two. */
export function recentDrop(sentiments: readonly Sentiment[], window: number): number | null {
  if (sentiments.length < 2) return null;
  const recent = sentiments.slice(-window);
  return recent[0]!.score - recent[recent.length - 1]!.score;
}

function trailingRun<T>(items: readonly T[], holds: (item: T) => boolean): number {
  let run = 0;
  for (let index = items.length - 1; index >= 0 && holds(items[index]!); index -= 1) run += 1;
  return run;
}

function minutesSinceStart(state: ConversationState): number | null {
  const start = state.episodeStartedAt === undefined ? state.startedAt : state.episodeStartedAt;
  if (!start || !state.lastEventAt) return null;
  return (Date.parse(state.lastEventAt) - Date.parse(start)) / 60_000;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
