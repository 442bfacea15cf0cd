import { randomUUID } from 'node:crypto';
import { createEvent, type AnyEvent } from '@tandem/contracts';
import { ReplayAccumulator, type ReplaySubject } from './replay-engine';

/** A toy router: counts turns; a candidate that escalates at the first negative message. */
interface Toy {
  turns: number;
  negative: boolean;
}
const toy: ReplaySubject<Toy> = {
  start: () => ({ turns: 0, negative: false }),
  fold: (state, event) =>
    event.type === 'message.received'
      ? { ...state, turns: state.turns + 1 }
      : event.type === 'message.analyzed'
        ? { ...state, negative: event.payload.sentiment.polarity === 'negative' }
        : state,
  // Like the router: decides after an analysis, never after the bare message.
  decidesAfter: (event) => event.type === 'message.analyzed',
  decide: (state) =>
    state.negative
      ? { escalate: true, reasons: [{ code: 'NEGATIVE_SENTIMENT' }] }
      : { escalate: false },
  turns: (state) => state.turns,
};

const tenantId = 't1';

/** One customer turn: the message and its analysis. */
function turn(conversationId: string, polarity: 'negative' | 'neutral'): AnyEvent[] {
  const messageId = randomUUID();
  return [
    createEvent('message.received', {
      tenantId,
      aggregateId: conversationId,
      payload: {
        messageId,
        channel: { id: 'ch', type: 'generic' },
        channelMessageId: messageId,
        customer: { id: 'cu' },
        text: 'hi',
        attachments: [],
        receivedAt: new Date().toISOString(),
      },
    }) as AnyEvent,
    createEvent('message.analyzed', {
      tenantId,
      aggregateId: conversationId,
      payload: {
        messageId,
        language: 'en',
        sentiment: { polarity, score: polarity === 'negative' ? -0.8 : 0, intensity: 0.8 },
        humanRequested: false,
        intent: null,
        emotions: [],
      },
    }) as AnyEvent,
  ];
}

function escalated(conversationId: string, code: 'EXPLICIT_REQUEST' | 'BOT_DEFERRED'): AnyEvent {
  return createEvent('escalation.decided', {
    tenantId,
    aggregateId: conversationId,
    payload: {
      decisionId: randomUUID(),
      triggeredBy: randomUUID(),
      reasons: [{ code, detail: '' }],
      priority: 'normal',
      skills: [],
      queue: 'general',
      policyVersion: 1,
      handoff: {
        summary: '',
        transcript: [],
        customerId: 'cu',
        channel: { id: 'ch', type: 'generic' },
        lastSentiment: null,
        language: 'en',
      },
    },
  }) as AnyEvent;
}

describe('replaying a candidate policy over the log', () => {
  it('compares the candidate with the escalations actually made, turn by turn', () => {
    const replay = new ReplayAccumulator(toy);
    const events = [
      // Escalated at turn 3 in the log; the candidate sees anger at turn 2: one turn earlier.
      ...turn('a', 'neutral'),
      ...turn('a', 'negative'),
      ...turn('a', 'neutral'),
      escalated('a', 'BOT_DEFERRED'),
      // Escalated in the log at turn 1, the candidate at the same turn.
      ...turn('b', 'negative'),
      escalated('b', 'EXPLICIT_REQUEST'),
      // Escalated in the log; the candidate would not have by then.
      ...turn('c', 'neutral'),
      escalated('c', 'EXPLICIT_REQUEST'),
      // Never escalated; the candidate would at turn 2.
      ...turn('d', 'neutral'),
      ...turn('d', 'negative'),
      // Happy: nobody escalates.
      ...turn('e', 'neutral'),
    ];
    for (const event of events) replay.add(event);
    const report = replay.report();
    expect(report).toMatchObject({
      conversations: 5,
      actual: { escalated: 3, rate: 0.6, reasons: { BOT_DEFERRED: 1, EXPLICIT_REQUEST: 2 } },
      candidate: { escalated: 3, rate: 0.6, reasons: { NEGATIVE_SENTIMENT: 3 } },
      timing: { both: 2, earlier: 1, same: 1, meanTurnsEarlier: 0.5, medianTurnsEarlier: 0.5 },
      changed: { newlyEscalated: 1, notEscalated: 1 },
    });
    expect(report.changed.examples).toEqual([
      {
        conversationId: 'c',
        actual: { turn: 1, reasons: ['EXPLICIT_REQUEST'], eventId: expect.any(String) },
        candidate: null,
      },
      {
        conversationId: 'd',
        actual: null,
        candidate: { turn: 2, reasons: ['NEGATIVE_SENTIMENT'], eventId: expect.any(String) },
      },
    ]);
  });

  it('stops reading a conversation at its first escalation: what followed says nothing of the bot', () => {
    const replay = new ReplayAccumulator(toy);
    for (const event of [
      ...turn('a', 'neutral'),
      escalated('a', 'EXPLICIT_REQUEST'),
      ...turn('a', 'negative'),
    ])
      replay.add(event);
    expect(replay.report()).toMatchObject({
      events: 3,
      candidate: { escalated: 0 },
      changed: { notEscalated: 1 },
    });
  });

  it('an empty log is an empty report, not a division by zero', () => {
    expect(new ReplayAccumulator(toy).report()).toMatchObject({
      conversations: 0,
      actual: { rate: 0 },
      timing: { meanTurnsEarlier: null, medianTurnsEarlier: null },
    });
  });
});
