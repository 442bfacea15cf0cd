import { createEvent, decodeEvent } from '@tandem/contracts';
import { analyzeMessage } from './analyze-message';

describe('the message.analyzed event', () => {
  it('carries the emotions of the analysis', () => {
    const event = createEvent('message.analyzed', {
      tenantId: 't1',
      aggregateId: 'c1',
      payload: { messageId: 'm1', ...analyzeMessage('WHERE IS MY MONEY???') },
    });
    expect(event.payload.emotions[0]?.emotion).toBe('anger');
  });

  it('still reads events written before emotions existed, as having none', () => {
    const old = {
      id: '7d6f1c2e-0b8a-4c1e-9f3a-2b5d8e4a1c90',
      type: 'message.analyzed',
      version: 1,
      tenantId: 't1',
      aggregateId: 'c1',
      occurredAt: '2026-11-30T10:00:00.000Z',
      correlationId: '7d6f1c2e-0b8a-4c1e-9f3a-2b5d8e4a1c90',
      causationId: null,
      customerId: null,
      payload: {
        messageId: 'm1',
        language: 'zh',
        sentiment: { polarity: 'negative', score: -0.5, intensity: 0.6 },
        humanRequested: false,
        intent: null,
      },
    };
    const decoded = decodeEvent(JSON.stringify(old));
    expect(decoded.ok && decoded.event.type).toBe('message.analyzed');
    expect(decoded.ok && decoded.event.payload).toMatchObject({ emotions: [] });
  });
});
