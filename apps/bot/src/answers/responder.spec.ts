import type { SearchHit } from '@tandem/contracts';
import { createLogger } from '@tandem/observability';
import { RulesAnalyzer } from '../analysis/analyzer';
import { LocalProvider, Responder, type SearchKnowledge } from './responder';

const card: SearchHit = {
  articleId: 'a1',
  title: 'Card delivery',
  answer: 'Cards arrive in 3–5 working days.',
  locale: 'en',
  score: 0.9,
  matchedQuestion: 'when will my card arrive',
};

function responder(search: SearchKnowledge): Responder {
  let clock = 1_000;
  return new Responder(
    new RulesAnalyzer(),
    search,
    new LocalProvider(0.55),
    'local',
    createLogger('test', 'silent'),
    () => (clock += 7),
  );
}

const input = { tenantId: 't1', channel: 'generic' as const };

describe('the responder with the local provider', () => {
  it('answers with the best article, its source and the time it took', async () => {
    const decision = await responder(() => Promise.resolve([card])).respond({
      ...input,
      text: 'When will my card arrive?',
    });
    expect(decision).toMatchObject({
      analysis: { language: 'en', humanRequested: false },
      choice: { kind: 'answer', text: 'Cards arrive in 3–5 working days.' },
      confidence: 0.9,
      sources: [{ articleId: 'a1', title: 'Card delivery', score: 0.9 }],
      provider: 'local',
      latencyMs: 7,
    });
  });

  it('defers a request for a person without searching', async () => {
    const search = jest.fn<Promise<SearchHit[]>, Parameters<SearchKnowledge>>();
    const decision = await responder(search).respond({ ...input, text: '转人工' });
    expect(decision.choice).toEqual({ kind: 'defer', reason: 'HUMAN_REQUESTED' });
    expect(search).not.toHaveBeenCalled();
  });

  it('defers a knowledge outage, or lets it throw when the message will be retried', async () => {
    const down = () => Promise.reject(new Error('knowledge down'));
    const decision = await responder(down).respond({ ...input, text: 'refund?' });
    expect(decision.choice).toEqual({ kind: 'defer', reason: 'PROVIDER_ERROR' });
    await expect(
      responder(down).respond({ ...input, text: 'refund?' }, { rethrowSearchErrors: true }),
    ).rejects.toThrow('knowledge down');
  });
});
