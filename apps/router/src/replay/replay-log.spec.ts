import { randomUUID } from 'node:crypto';
import { createEvent, type AnyEvent } from '@tandem/contracts';
import { DEFAULT_POLICY } from '../escalation/policy';
import { ReplayAccumulator } from './replay-engine';
import { routerSubject } from './replay-log';

const tenantId = 't1';
const conversationId = randomUUID();
let clock = Date.parse('2026-12-01T10:00:00Z');
const at = () => new Date((clock += 5_000));

function turn(score: number): AnyEvent[] {
  const messageId = randomUUID();
  const common = { tenantId, aggregateId: conversationId, customerId: 'cu' };
  return [
    createEvent('message.received', {
      ...common,
      occurredAt: at(),
      payload: {
        messageId,
        channel: { id: 'ch', type: 'generic' },
        channelMessageId: messageId,
        customer: { id: 'cu' },
        text: score < 0 ? 'this is not good' : 'ok thanks, that helps',
        attachments: [],
        receivedAt: new Date(clock).toISOString(),
      },
    }),
    createEvent('message.analyzed', {
      ...common,
      occurredAt: at(),
      payload: {
        messageId,
        language: 'en',
        sentiment: {
          polarity: score < 0 ? 'negative' : 'positive',
          score,
          intensity: Math.abs(score),
        },
        humanRequested: false,
        intent: null,
        emotions: [],
      },
    }),
    createEvent('bot.replied', {
      ...common,
      occurredAt: at(),
      payload: {
        replyId: randomUUID(),
        inReplyTo: messageId,
        text: 'Here is how.',
        language: 'en',
        confidence: 0.9,
        sources: [],
        provider: 'local',
        kind: 'answer',
      },
    }),
  ] as AnyEvent[];
}

describe('replaying the router itself', () => {
  it('decides only where the live router does: not between a message and its analysis', () => {
    // Upset, then calming: after turn 2's bare message the state still holds only turn 1's
    // sentiment at two turns, which a decision there would read as worsening.
    const replay = new ReplayAccumulator(routerSubject(DEFAULT_POLICY));
    for (const event of [...turn(-0.6), ...turn(0.4)]) replay.add(event);
    expect(replay.report()).toMatchObject({
      conversations: 1,
      candidate: { escalated: 0 },
      changed: { newlyEscalated: 0 },
    });
  });
});
