import type { SearchHit } from '@tandem/contracts';
import { createLogger } from '@tandem/observability';
import { analyzeMessage } from '../analysis/analyze-message';
import { RulesAnalyzer, type Analyzer, type AnalyzerResult } from '../analysis/analyzer';
import {
  LocalProvider,
  Responder,
  type AnswerProvider,
  type ProviderDecision,
  type SearchKnowledge,
} from './responder';

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
    { threshold: 0.55 },
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

describe('the responder in a conversation', () => {
  const intl: SearchHit = {
    articleId: 'a2',
    title: 'International delivery',
    answer: 'Abroad, cards arrive in 7–10 working days.',
    locale: 'en',
    score: 0.8,
    matchedQuestion: 'how long does delivery abroad take',
  };
  /** Knowledge that finds `intl` only when the question mentions cards and abroad together. */
  const search = jest.fn<Promise<SearchHit[]>, Parameters<SearchKnowledge>>((_t, query) =>
    Promise.resolve(
      /card/i.test(query) && /abroad/i.test(query)
        ? [intl]
        : /card/i.test(query)
          ? [card]
          : [{ ...intl, score: 0.2 }],
    ),
  );
  beforeEach(() => search.mockClear());

  it('reads a follow-up together with the customer’s previous question', async () => {
    const decision = await responder(search).respond({
      ...input,
      text: 'And abroad?',
      history: [
        { role: 'customer', text: 'When will my card arrive?' },
        { role: 'bot', text: card.answer, articleId: 'a1' },
      ],
    });
    expect(decision.choice).toEqual({ kind: 'answer', text: intl.answer });
    expect(search.mock.calls.map(([, query]) => query)).toEqual([
      'And abroad?',
      'When will my card arrive?\nAnd abroad?',
    ]);
  });

  it('does not search again when the message finds a confident article alone', async () => {
    await responder(search).respond({
      ...input,
      text: 'When will my card arrive?',
      history: [{ role: 'customer', text: 'hello' }],
    });
    expect(search).toHaveBeenCalledTimes(1);
  });

  it('never answers a follow-up with the article it has just answered with', async () => {
    const decision = await responder(search).respond({
      ...input,
      text: 'That did not help at all',
      history: [
        { role: 'customer', text: 'When will my card arrive?' },
        { role: 'bot', text: card.answer, articleId: 'a1' },
      ],
    });
    expect(decision.choice).toEqual({ kind: 'defer', reason: 'LOW_CONFIDENCE' });
    expect(search).toHaveBeenCalledTimes(2);
  });

  it('without a previous question, defers what the message alone cannot answer', async () => {
    const decision = await responder(search).respond({ ...input, text: 'And abroad?' });
    expect(decision.choice).toEqual({ kind: 'defer', reason: 'LOW_CONFIDENCE' });
    expect(search).toHaveBeenCalledTimes(1);
  });
});

describe('the responder and attachments', () => {
  const image = {
    status: 'stored' as const,
    id: '8d0c7a52-4c1b-4d43-9a55-0f4f1f7d2a11',
    kind: 'image' as const,
    mimeType: 'image/png',
    sizeBytes: 2_048,
  };

  it('defers an image the local provider cannot see, without searching, even with text', async () => {
    const search = jest.fn<Promise<SearchHit[]>, Parameters<SearchKnowledge>>();
    const decision = await responder(search).respond({
      ...input,
      text: 'When will my card arrive?',
      attachments: [image],
    });
    expect(decision.choice).toEqual({ kind: 'defer', reason: 'UNSUPPORTED_CONTENT' });
    expect(search).not.toHaveBeenCalled();
  });

  it('defers a voice message and an attachment the gateway could not keep', async () => {
    const cases = [
      [{ ...image, kind: 'voice' as const, mimeType: 'audio/amr' }],
      [{ status: 'rejected' as const, reason: 'TOO_LARGE' as const, kind: 'file' as const }],
    ];
    for (const attachments of cases) {
      const decision = await responder(() => Promise.resolve([card])).respond({
        ...input,
        text: '',
        attachments,
      });
      expect(decision.choice).toEqual({ kind: 'defer', reason: 'UNSUPPORTED_CONTENT' });
    }
  });

  it('hands the images a provider can see to it, with the retrieved articles', async () => {
    const decide = jest.fn(() =>
      Promise.resolve({
        choice: { kind: 'answer' as const, text: 'That screen means your card is frozen.' },
        confidence: 0.9,
        sources: [{ articleId: 'a1', title: card.title, score: 0.9 }],
        provider: 'openai' as const,
      }),
    );
    const fetched: string[] = [];
    const seeing = new Responder(
      new RulesAnalyzer(),
      () => Promise.resolve([card]),
      { decide, canSee: (attachment) => attachment.kind === 'image' },
      'openai',
      {
        threshold: 0.55,
        fetchAttachment: (_tenant, attachment) => {
          fetched.push(attachment.id);
          return Promise.resolve(Buffer.from('png bytes'));
        },
      },
      createLogger('test', 'silent'),
    );
    const decision = await seeing.respond({
      ...input,
      text: 'What is this?',
      attachments: [image],
    });
    expect(decision.choice.kind).toBe('answer');
    expect(fetched).toEqual([image.id]);
    expect(decide).toHaveBeenCalledWith(
      expect.objectContaining({
        images: [{ mimeType: 'image/png', bytes: Buffer.from('png bytes') }],
        hits: [card],
      }),
    );
  });
});

/** An analyzer that says what the model would have: the rules' analysis with a verdict on top. */
class ScriptedAnalyzer implements Analyzer {
  readonly histories: unknown[] = [];
  constructor(
    private readonly verdict: (text: string) => Omit<AnalyzerResult, 'analysis'> & {
      humanRequested?: boolean;
    },
  ) {}

  analyze(text: string, history?: readonly unknown[]): Promise<AnalyzerResult> {
    this.histories.push(history);
    const { humanRequested, ...rest } = this.verdict(text);
    const rules = analyzeMessage(text);
    return Promise.resolve({
      analysis: { ...rules, humanRequested: humanRequested ?? rules.humanRequested },
      ...rest,
    });
  }
}

const usage = (requests: number) => ({
  model: 'm',
  promptTokens: 10 * requests,
  completionTokens: 5 * requests,
  requests,
});

/** A provider that answers with the article and the tokens one model request costs. */
const modelLike: AnswerProvider = {
  decide: (): Promise<ProviderDecision> =>
    Promise.resolve({
      choice: { kind: 'answer', text: 'Cards arrive in 3–5 working days.' },
      confidence: 0.9,
      sources: [{ articleId: 'a1', title: 'Card delivery', score: 0.9 }],
      provider: 'openai',
      usage: usage(1),
    }),
};

describe('the responder with an analyzer', () => {
  const build = (analyzer: Analyzer, search: SearchKnowledge) =>
    new Responder(
      analyzer,
      search,
      modelLike,
      'openai',
      { threshold: 0.55 },
      createLogger('test', 'silent'),
    );

  it("adds the analysis's tokens to the provider's and passes the history to the analyzer", async () => {
    const analyzer = new ScriptedAnalyzer(() => ({ source: 'model', usage: usage(2) }));
    const history = [{ role: 'customer' as const, text: 'Hi' }];
    const decision = await build(analyzer, () => Promise.resolve([card])).respond({
      ...input,
      text: 'When will my card arrive?',
      history,
    });
    expect(decision.choice.kind).toBe('answer');
    expect(decision.usage).toEqual({
      model: 'm',
      promptTokens: 30,
      completionTokens: 15,
      requests: 3,
    });
    expect(analyzer.histories).toEqual([history]);
  });

  it('defers a request for a person only the model saw, counting the analysis tokens', async () => {
    const search = jest.fn<Promise<SearchHit[]>, Parameters<SearchKnowledge>>();
    const analyzer = new ScriptedAnalyzer(() => ({
      source: 'model',
      usage: usage(1),
      humanRequested: true,
    }));
    const decision = await build(analyzer, search).respond({
      ...input,
      text: 'Could someone from your team look at this?',
    });
    expect(decision.choice).toEqual({ kind: 'defer', reason: 'HUMAN_REQUESTED' });
    expect(decision.usage).toEqual(usage(1));
    expect(search).not.toHaveBeenCalled();
  });

  it('carries no usage when neither the analysis nor the provider asked a model', async () => {
    const decision = await responder(() => Promise.resolve([card])).respond({
      ...input,
      text: 'When will my card arrive?',
    });
    expect(decision).not.toHaveProperty('usage');
  });
});

describe('the responder and the customer’s records', () => {
  const plan: SearchHit = {
    ...card,
    articleId: 'p1',
    title: 'Your plan',
    answer: 'Hi {{customer.name|there}}, your plan is {{customer.plan}}.',
  };
  const facts = {
    name: 'Ana',
    tier: 'vip',
    tags: [],
    attributes: { plan: 'Premium' },
    conversations: 2,
  };

  it('fills the article with the customer’s facts', async () => {
    const decision = await responder(() => Promise.resolve([plan])).respond({
      ...input,
      text: 'What plan am I on?',
      customer: facts,
    });
    expect(decision.choice).toEqual({ kind: 'answer', text: 'Hi Ana, your plan is Premium.' });
  });

  it('asks for the records only when an article or the persona will use them', async () => {
    const records = jest.fn(() => Promise.resolve(facts));
    await responder(() => Promise.resolve([card])).respond({
      ...input,
      text: 'When will my card arrive?',
      customer: records,
    });
    expect(records).not.toHaveBeenCalled();
    const decision = await responder(() => Promise.resolve([plan])).respond({
      ...input,
      text: 'What plan am I on?',
      customer: records,
    });
    expect(records).toHaveBeenCalledTimes(1);
    expect(decision.choice).toEqual({ kind: 'answer', text: 'Hi Ana, your plan is Premium.' });
  });

  it('never answers with a fact that is not on record: the local provider defers', async () => {
    const decision = await responder(() => Promise.resolve([plan])).respond({
      ...input,
      text: 'What plan am I on?',
      customer: { ...facts, attributes: {} },
    });
    expect(decision.choice).toEqual({ kind: 'defer', reason: 'MISSING_CUSTOMER_FACT' });
  });

  it('greets by name when the persona asks for it, and cleanly without a name', async () => {
    const persona = {
      name: null,
      tone: 'friendly' as const,
      channelTones: {},
      greeting: { en: 'Hi {{customer.name}}!' },
      signOff: {},
      neverSay: [],
    };
    const ask = (customer: typeof facts | null) =>
      responder(() => Promise.resolve([card])).respond({
        ...input,
        text: 'When will my card arrive?',
        persona,
        firstReply: true,
        customer,
      });
    expect((await ask(facts)).choice).toEqual({
      kind: 'answer',
      text: `Hi Ana!\n\n${card.answer}`,
    });
    expect((await ask(null)).choice).toEqual({ kind: 'answer', text: `Hi!\n\n${card.answer}` });
  });

  it('gives a model the filled articles and the records, a missing fact marked as such', async () => {
    const decide = jest.fn((_input: Parameters<AnswerProvider['decide']>[0]) =>
      Promise.resolve<ProviderDecision>({
        choice: { kind: 'defer', reason: 'MODEL_UNSURE' },
        confidence: 0.2,
        sources: [],
        provider: 'openai',
      }),
    );
    await new Responder(
      new RulesAnalyzer(),
      () => Promise.resolve([plan]),
      { decide },
      'openai',
      { threshold: 0.55 },
      createLogger('test', 'silent'),
    ).respond({ ...input, text: 'What plan am I on?', customer: { ...facts, attributes: {} } });
    expect(decide.mock.calls[0]![0]).toMatchObject({
      hits: [{ answer: 'Hi Ana, your plan is [not on record].' }],
      customer: { name: 'Ana', tier: 'vip' },
    });
  });
});
