import type {
  Attachment,
  ChannelType,
  PayloadOf,
  SearchHit,
  StoredAttachment,
} from '@tandem/contracts';
import type { Logger } from '@tandem/observability';
import type { MessageAnalysis } from '../analysis/analyze-message';
import type { Analyzer } from '../analysis/analyzer';
import type { TopicRule } from '../analysis/detect-topic';
import { fillPlaceholders, hasPlaceholders, type CustomerFacts } from '../customers/customer-facts';
import {
  DEFAULT_PERSONA,
  forbiddenIn,
  personaInstructions,
  voiced,
  type Persona,
} from '../persona/persona';
import { chooseAnswer } from './choose-answer';

/** One earlier turn of the conversation, oldest first. */
export interface Turn {
  role: 'customer' | 'bot' | 'agent';
  text: string;
  /** For the bot's answers: the article it answered with. */
  articleId?: string | null;
}

export interface ResponderInput {
  tenantId: string;
  text: string;
  channel: ChannelType;
  history?: readonly Turn[];
  /** The tenant's topics: the analysis reports the one the message is about as its intent. */
  topics?: readonly TopicRule[];
  /** What came with the message (images, voice, files), by reference. */
  attachments?: readonly Attachment[];
  /**
   * The customer's records (tier, name, attributes, history), when the gateway has them:
   * fetched only when something will use them (the model, or a placeholder to fill).
   */
  customer?: CustomerFacts | null | (() => Promise<CustomerFacts | null>);
  /** The tenant's voice; the default persona when absent. */
  persona?: Persona;
  /** Whether this would be the bot's first answer in the conversation (it greets). */
  firstReply?: boolean;
}

export type DeferReason = PayloadOf<'bot.deferred'>['reason'];

export type ResponderChoice =
  { kind: 'answer'; text: string } | { kind: 'defer'; reason: DeferReason };

export interface AnswerSource {
  articleId: string;
  title: string;
  score: number;
}

export interface ModelUsage {
  model: string;
  promptTokens: number;
  completionTokens: number;
  requests: number;
}

/** What the bot would do with one customer message, and why. */
export interface ResponderDecision {
  analysis: MessageAnalysis;
  choice: ResponderChoice;
  confidence: number;
  sources: AnswerSource[];
  provider: 'local' | 'openai';
  latencyMs: number;
  /** The model's tokens for this message: the analysis's and the provider's, added up. */
  usage?: ModelUsage;
}

/** What a provider decides from the retrieved articles (the analysis is the responder's). */
export type ProviderDecision = Omit<ResponderDecision, 'analysis' | 'latencyMs'>;

export interface ProviderInput {
  text: string;
  language: MessageAnalysis['language'];
  history: readonly Turn[];
  hits: readonly SearchHit[];
  /** What the model is told of the tenant's voice (the local provider has no use for it). */
  persona?: { instructions: string | null };
  /** The customer's images, for a provider that can see them. */
  images?: readonly ImageInput[];
  /** The customer's records, for a provider that writes its own words (the model). */
  customer?: CustomerFacts;
}

export interface ImageInput {
  mimeType: string;
  bytes: Buffer;
}

/** Something that turns a customer message and the retrieved articles into a decision. */
export interface AnswerProvider {
  decide(input: ProviderInput): Promise<ProviderDecision>;
  /** Whether it can take this attachment into account (a vision model and an image); never when absent. */
  canSee?(attachment: StoredAttachment): boolean;
}

export type SearchKnowledge = (
  tenantId: string,
  query: string,
  channel: ChannelType,
) => Promise<SearchHit[]>;

/** The bytes of a stored attachment (from the gateway's attachment store). */
export type FetchAttachment = (tenantId: string, attachment: StoredAttachment) => Promise<Buffer>;

export interface ResponderSettings {
  /** The confidence at which retrieved articles are taken to answer (the tenant's threshold). */
  threshold: number;
  /** Needed only when the provider can see attachments. */
  fetchAttachment?: FetchAttachment;
}

export interface ResponderOptions {
  /** Let a knowledge outage throw (the message will be retried) instead of deferring. */
  rethrowSearchErrors?: boolean;
}

/** What a placeholder of a fact not on record reads as (the model is told; the local provider defers). */
const NOT_ON_RECORD = '[not on record]';

/** A greeting whose placeholder filled to nothing ("Hi !") reads cleanly. */
function tidy(text: string): string {
  return text.replace(/[ \t]{2,}/g, ' ').replace(/ +([,!?.，！？。])/g, '$1');
}

/** The local provider: the best article answers when its calibrated score clears the threshold. */
export class LocalProvider implements AnswerProvider {
  constructor(private readonly threshold: number) {}

  decide({ hits, language }: Pick<ProviderInput, 'hits' | 'language'>): Promise<ProviderDecision> {
    const choice = chooseAnswer(hits, this.threshold, language);
    return Promise.resolve(
      choice.kind === 'answer'
        ? {
            choice: { kind: 'answer', text: choice.hit.answer },
            confidence: choice.confidence,
            sources: [
              { articleId: choice.hit.articleId, title: choice.hit.title, score: choice.hit.score },
            ],
            provider: 'local',
          }
        : {
            choice: { kind: 'defer', reason: choice.reason },
            confidence: choice.confidence,
            sources: [],
            provider: 'local',
          },
    );
  }
}

/**
 * What the bot would do for one customer message in bot mode: analyse it, defer at once when
 * the customer asks for a person or sent something the provider cannot take in, otherwise
 * retrieve articles (reading a follow-up in the light of the conversation) and let the
 * provider decide. No events, no conversation state: the consumer and the playground both
 * call it.
 */
export class Responder {
  constructor(
    private readonly analyzer: Analyzer,
    private readonly search: SearchKnowledge,
    private readonly provider: AnswerProvider,
    private readonly providerName: 'local' | 'openai',
    private readonly settings: ResponderSettings,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  async respond(input: ResponderInput, options: ResponderOptions = {}): Promise<ResponderDecision> {
    const started = this.now();
    const analyzed = await this.analyzer.analyze(input.text, input.history ?? [], {
      topics: input.topics ?? [],
    });
    const { analysis } = analyzed;
    const finish = (decision: ProviderDecision): ResponderDecision => {
      const usage = addUsage(analyzed.usage, decision.usage);
      return {
        analysis,
        ...decision,
        ...(usage ? { usage } : {}),
        latencyMs: Math.max(0, this.now() - started),
      };
    };
    const deferral = (reason: DeferReason): ResponderDecision =>
      finish({
        choice: { kind: 'defer', reason },
        confidence: 0,
        sources: [],
        provider: this.providerName,
      });

    if (analysis.humanRequested) return deferral('HUMAN_REQUESTED');
    // Never answer blindly: an image, voice message or file the provider cannot take in may
    // be the whole question.
    const attachments = input.attachments ?? [];
    const seen = attachments.filter(
      (attachment): attachment is StoredAttachment =>
        attachment.status === 'stored' && (this.provider.canSee?.(attachment) ?? false),
    );
    if (seen.length < attachments.length) return deferral('UNSUPPORTED_CONTENT');
    let images: ImageInput[];
    try {
      images = await this.fetchImages(input.tenantId, seen);
    } catch (error) {
      if (options.rethrowSearchErrors) throw error;
      this.logger.warn({ err: error }, 'attachment could not be fetched; deferring');
      return deferral('PROVIDER_ERROR');
    }

    const history = input.history ?? [];
    let hits: SearchHit[];
    try {
      hits = await this.retrieve(input, history);
    } catch (error) {
      if (options.rethrowSearchErrors) throw error;
      this.logger.warn({ err: error }, 'knowledge search failed; deferring');
      return deferral('PROVIDER_ERROR');
    }
    // Articles may speak to the customer with facts from their records ({{customer.name}}...):
    // filled here for both providers; a fact not on record is never made up.
    const persona = input.persona ?? DEFAULT_PERSONA;
    const customer = await this.customerFor(input, hits, persona);
    const lacking = new Set<string>();
    const personal = hits.map((hit) => {
      const filled = fillPlaceholders(hit.answer, customer, () => NOT_ON_RECORD);
      if (filled.missing.length > 0) lacking.add(hit.articleId);
      return filled.text === hit.answer ? hit : { ...hit, answer: filled.text };
    });
    const decided = await this.provider.decide({
      text: input.text,
      language: analysis.language,
      history,
      hits: personal,
      persona: { instructions: personaInstructions(persona, input.channel) },
      ...(images.length > 0 ? { images } : {}),
      ...(customer ? { customer } : {}),
    });
    if (decided.choice.kind !== 'answer') return finish(decided);
    // The tenant's words never to say are a hard rule: such an answer is never sent.
    if (forbiddenIn(decided.choice.text, persona.neverSay) !== null)
      return finish({ ...decided, choice: { kind: 'defer', reason: 'UNSAFE_OUTPUT' } });
    // The best article needs a fact about this customer the records lack: a person can look.
    if (
      this.providerName === 'local' &&
      decided.sources.some((source) => lacking.has(source.articleId))
    )
      return finish({ ...decided, choice: { kind: 'defer', reason: 'MISSING_CUSTOMER_FACT' } });
    const text = voiced(decided.choice.text, persona, {
      language: analysis.language,
      channel: input.channel,
      firstReply: input.firstReply ?? false,
    });
    // The persona's greeting may greet by name too ("Hi {{customer.name|there}}!").
    return finish({
      ...decided,
      choice: { kind: 'answer', text: tidy(fillPlaceholders(text, customer).text) },
    });
  }

  /**
   * The articles for this message. A follow-up ("and to Canada?", "那国际的呢") means little
   * alone: when the message by itself finds no confident article, it is searched again
   * together with the customer's previous message, and that result is used when it is
   * confident and is not the article the bot has just answered with (repeating an answer
   * the customer is following up on helps nobody).
   */
  private async retrieve(input: ResponderInput, history: readonly Turn[]): Promise<SearchHit[]> {
    const text = input.text.trim();
    const alone = text.length > 0 ? await this.search(input.tenantId, text, input.channel) : [];
    if (this.confident(alone)) return alone;
    const previous = [...history].reverse().find((turn) => turn.role === 'customer');
    if (!previous) return alone;
    const lastAnswer = [...history].reverse().find((turn) => turn.role === 'bot')?.articleId;
    const inContext = await this.search(
      input.tenantId,
      `${previous.text.slice(0, 1_000)}\n${text}`,
      input.channel,
    );
    return this.confident(inContext) && inContext[0]!.articleId !== lastAnswer ? inContext : alone;
  }

  /** The customer's records, asked for only when the model or a placeholder will use them. */
  private async customerFor(
    input: ResponderInput,
    hits: readonly SearchHit[],
    persona: Persona,
  ): Promise<CustomerFacts | null> {
    const source = input.customer;
    if (typeof source !== 'function') return source ?? null;
    const needed =
      this.providerName === 'openai' ||
      hits.some((hit) => hasPlaceholders(hit.answer)) ||
      Object.values(persona.greeting).some((text) => text !== undefined && hasPlaceholders(text)) ||
      Object.values(persona.signOff).some((text) => text !== undefined && hasPlaceholders(text));
    return needed ? source() : null;
  }

  private confident(hits: readonly SearchHit[]): boolean {
    return (hits[0]?.score ?? 0) >= this.settings.threshold;
  }

  private async fetchImages(
    tenantId: string,
    attachments: readonly StoredAttachment[],
  ): Promise<ImageInput[]> {
    if (attachments.length === 0) return [];
    const fetch = this.settings.fetchAttachment;
    if (!fetch) throw new Error('the provider sees attachments but nothing fetches them');
    return Promise.all(
      attachments.map(async (attachment) => ({
        mimeType: attachment.mimeType,
        bytes: await fetch(tenantId, attachment),
      })),
    );
  }
}

/**
 * Both uses of the model in one message, for one usage row: the analyzer and the provider are
 * built from the same BOT_LLM_MODEL (bot.module.ts), so their tokens belong to one model.
 */
export function addUsage(
  first: ModelUsage | undefined,
  second: ModelUsage | undefined,
): ModelUsage | undefined {
  if (!first) return second;
  if (!second) return first;
  return {
    model: second.model,
    promptTokens: first.promptTokens + second.promptTokens,
    completionTokens: first.completionTokens + second.completionTokens,
    requests: first.requests + second.requests,
  };
}
